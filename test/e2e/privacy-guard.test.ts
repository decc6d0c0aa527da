import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { createPlainGateway } from '../../gateway/create-gateway.js';
import { usePrivacyGuard } from '../../gateway/use-privacy-guard.js';

/** graphql-shield guards the annotated fields: without the privacy plan they never resolve. */
let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start({ gateway: { privacyGuard: true } });
});
afterAll(async () => {
  await m?.close();
});

it('P-82 with the privacy layer in place, the shield guard lets annotated fields through', async () => {
  const answer = await m.ask('buyer', '{ me { nickname phone } }');
  expect(answer.body.data.me).toEqual({ nickname: 'DeerFan', phone: '13812345678' });
  expect(answer.body.errors).toBeUndefined();
});

it('P-82 a gateway with the shield guard but without the privacy plan blocks every annotated field and leaves the rest', async () => {
  // A misconfigured gateway: the guard is there, the privacy plugin is not.
  const gateway = createPlainGateway({ supergraph: m.supergraph, plugins: [usePrivacyGuard()] });
  try {
    const response = await gateway.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ member(id: "m-buyer") { id level phone email } product(id: "p-trail-boots") { name } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.data.member).toEqual({ id: 'm-buyer', level: null, phone: null, email: null });
    expect(body.data.product.name).toBe('Trail Boots');
    const codes = body.errors.map((e: any) => [e.path.join('.'), e.extensions.code, e.extensions.rule]);
    expect(codes).toEqual(expect.arrayContaining([['member.level', 'PRIVACY_BLOCKED', 'P-82'], ['member.phone', 'PRIVACY_BLOCKED', 'P-82'], ['member.email', 'PRIVACY_BLOCKED', 'P-82']]));
  } finally {
    await gateway.dispose();
  }
});
