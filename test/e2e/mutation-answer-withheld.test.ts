/**
 * A mutation's answer whose row the pass removes (the guardian's link to the ward could not be
 * checked: the accounts store did not answer, P-82) comes back null, as a query's would; but the
 * change was made, and a bare null hid it. The answer says so.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { gatewayWithAccountsProxy, type ProxiedGateway } from '../support/accounts-facts-proxy.js';
import { ConsentEvent } from '../../resolvers/privacy/consent.entity.js';
import { MEMBER } from '../../resolvers/demo-ids.js';

let m: Marketplace;
let proxied: ProxiedGateway;
let url: string;

beforeAll(async () => {
  m = await Marketplace.start();
  // The accounts subgraph's facts contract fails; its graph still answers.
  proxied = await gatewayWithAccountsProxy(m, () => true);
  url = proxied.url;
});
afterAll(async () => {
  await proxied?.close();
  await m?.close();
});

it("P-82 P-70 a guardian's change for the ward that was made, whose answer cannot be released, says it was made: not a bare null", async () => {
  const token = (await m.token('guardian'))!;
  const before = await m.orm.em.fork().count(ConsentEvent, { memberId: MEMBER.minor });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `mutation { setConsent(kind: marketing_messages, granted: false, memberId: "${MEMBER.minor}") { kind granted } }` }),
  });
  const body = (await response.json()) as any;
  expect(await m.orm.em.fork().count(ConsentEvent, { memberId: MEMBER.minor })).toBe(before + 1);
  expect(body.data?.setConsent ?? null).toBeNull();
  expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/^the change was made; its answer is withheld/), path: ['setConsent'], extensions: expect.objectContaining({ code: 'PRIVACY_BLOCKED', rule: 'P-82', mutationApplied: true }) })]));
});
