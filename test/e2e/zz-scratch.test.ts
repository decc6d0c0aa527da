import { it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
it('scratch', async () => {
  const m = await Marketplace.start({ plain: true });
  try {
    const cases: [string, string, any?][] = [
      ['agent', `{ member(id: "m-buyer") { realNameVerification { realName } } }`],
      ['agent', `query ($y: Boolean!) { member(id: "m-buyer") { realNameVerification @skip(if: $y) { realName } realNameVerification { realName } } }`, { y: true }],
      ['agent', `query ($y: Boolean!) { member(id: "m-buyer") { realNameVerification { realName @skip(if: $y) realName } } }`, { y: true }],
      ['agent', `{ member(id: "m-buyer") { realNameVerification { realName @skip(if: true) realName } } }`],
      ['agent', `{ member(id: "m-buyer") { phone @skip(if: true) phone } }`],
      ['merchant-deer', `{ orderStats { storeId @skip(if: true) storeId } }`],
      ['merchant-deer', `{ orderStats { storeId @include(if: false) storeId } }`],
      ['merchant-deer', `{ order(id: "o-buyer-domestic") { consigneePhone @skip(if: true) consigneePhone } }`],
      ['merchant-deer', `{ order(id: "o-optout-xb") { total @skip(if: true) total } }`],
      ['merchant-deer', `query A { __typename } query B { order(id: "o-optout-xb") { total } }`, undefined],
      ['buyer', `{ me { orders { items { productId @include(if: false) productId } } } }`],
    ];
    for (const [persona, query, variables] of cases) {
      const opName = query.startsWith('query A') ? 'B' : undefined;
      const a = await m.ask(persona, query, { variables, operationName: opName });
      console.log(`\n### ${persona}: ${query}\n${JSON.stringify(a.body).slice(0, 900)}`);
    }
  } finally { await m.close(); }
}, 120000);
