import { connect } from 'node:net';
import { generateKeyPair } from 'jose';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../gateway/sign-token.js';
import { MEMBER, ORDER, STORE } from '../../resolvers/demo-ids.js';
import { lintUnannotatedPersonalFields } from '../../schema/pii-lint.js';
import { PRIVACY_PREAMBLE, subgraphSdl } from '../../schema/subgraphs.js';
import { Marketplace } from '../support/marketplace.js';
import { blockedAt, expectBlocked, expectExplained, expectUntouched, recordSubgraphRequests, tokenFor } from '../support/privacy-assertions.js';

/**
 * Fail closed (P-82) and no purpose, no data (P-83), through the gateway over HTTP: bad tokens are
 * 401, purposes a role may not declare are 403 before anything runs, strict mode refuses whole.
 * The consent store going down has its own file (policy-consent-store-down.test.ts): it breaks
 * the marketplace it runs on.
 */
describe('fail closed: P-82, P-83, 401, 403, strict mode', () => {
  let m: Marketplace;
  let recorder: ReturnType<typeof recordSubgraphRequests>;
  beforeAll(async () => {
    m = await Marketplace.start();
    recorder = recordSubgraphRequests(m);
  });
  afterAll(async () => {
    recorder?.stop();
    await m?.close();
  });

  const ME = `{ me { id nickname phone } }`;
  const post = (token: string, query = ME, headers: Record<string, string> = {}) => m.post(query, { authorization: `Bearer ${token}`, ...headers });

  /** A refusal before execution: the status and code, no data, and not one subgraph asked. */
  async function expectRefusedBeforeExecution(send: () => Promise<Awaited<ReturnType<typeof m.post>>>, status: number, code: string) {
    recorder.clear();
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0].extensions.code).toBe(code);
    expect(recorder.graphql, JSON.stringify(recorder.graphql)).toEqual([]);
    expect(recorder.facts).toEqual([]);
    return answer;
  }

  it('P-83 a personal field that is not the caller’s own and not public needs a declared purpose: no purpose, no data', async () => {
    const query = `{ order(id: "${ORDER.buyerDomestic}") { total consigneeName consigneePhone deliveryAddress } }`;
    const withPurpose = await m.ask('merchant-deer', query);
    expect(withPurpose.body.data.order).toMatchObject({ total: 158, consigneeName: 'Alice Walker', consigneePhone: '138****5678' });
    // Without a purpose the order is not the merchant's to see at all: it comes back as nothing (P-82 default deny).
    const without = await m.ask('merchant-deer', query, { purpose: null });
    expect(without.body.data.order).toBeNull();
    expect(JSON.stringify(without.body)).not.toMatch(/158|Alice|5678/);
    // A personal field of a row the merchant does see (a public profile) says why.
    const profile = await m.ask('merchant-deer', `{ member(id: "${MEMBER.buyer}") { nickname phone } }`, { purpose: null });
    expectBlocked(profile, 'member.phone', 'P-83');
    expect(profile.body.errors![0].message).toContain('x-purpose');
    expect(profile.body.extensions!.privacy).toMatchObject({ purpose: null, role: 'merchant' });
  });

  it("P-83 the caller's own data and public data need no purpose", async () => {
    const own = await m.ask('buyer', ME, { purpose: null });
    expectUntouched(own);
    expect(own.body.data.me).toEqual({ id: MEMBER.buyer, nickname: 'DeerFan', phone: '13812345678' });
    const pub = await m.ask('carrier-swift', `{ member(id: "${MEMBER.optout}") { nickname avatar } }`, { purpose: null });
    expect(pub.body.errors).toBeUndefined();
    expect(pub.body.extensions!.privacy.decisions).toEqual([]);
    expect(pub.body.data.member.nickname).toBe('QuietShopper');
  });

  it('P-83 a partner or staff caller that declared no purpose is told so in every answer, with the purposes its role may declare: its lists of others\' rows come back empty, which would otherwise read as "no orders"', async () => {
    const orders = await m.ask('merchant-deer', '{ storeOrders(storeId: "deer-outfitters") { id } }', { purpose: null });
    expect(orders.body.data.storeOrders).toEqual([]);
    expect(orders.body.extensions!.privacy).toMatchObject({ purpose: null, role: 'merchant', hint: expect.stringContaining('essential.service.operations') });
    expect(orders.body.extensions!.privacy.hint).toMatch(/x-purpose.*P-83/);
    const shipments = await m.ask('carrier-swift', '{ shipments(carrierId: "swift") { id } }', { purpose: null });
    expect(shipments.body.extensions!.privacy.hint).toContain('essential.service.operations.delivery');
    // The same hint for another store's list as for its own: it tells nothing about any row.
    const other = await m.ask('merchant-deer', '{ storeOrders(storeId: "red-lantern") { id } }', { purpose: null });
    expect(other.body).toEqual(orders.body);
    // Members and visitors read their own and public data without a purpose: nothing to tell them.
    for (const persona of ['buyer', 'visitor']) expect((await m.ask(persona, ME, { purpose: null })).body.extensions?.privacy?.hint, persona).toBeUndefined();
    // With a purpose, no hint.
    expect((await m.ask('merchant-deer', '{ storeOrders(storeId: "deer-outfitters") { id } }')).body.extensions?.privacy?.hint).toBeUndefined();
  });

  it('P-83 a role may declare only the purposes its policy allows: anything else is HTTP 403 PURPOSE_NOT_ALLOWED before anything runs', async () => {
    for (const [persona, purpose] of [
      ['buyer', 'analytics.reporting'],
      ['merchant-deer', 'essential.service.operations.support'],
      ['analyst', 'marketing.advertising.third_party'],
      ['visitor', 'essential.service'],
      ['agent', 'essential.legal_obligation'],
    ] as const) {
      const answer = await expectRefusedBeforeExecution(() => m.ask(persona, ME, { purpose }), 403, 'PURPOSE_NOT_ALLOWED');
      expect(answer.body.errors![0].extensions).toMatchObject({ purpose });
    }
  });

  it('P-82 an unknown purpose cannot be evaluated: refused with HTTP 403 before any subgraph is asked', async () => {
    const answer = await expectRefusedBeforeExecution(() => m.ask('analyst', ME, { purpose: 'analytics.everything' }), 403, 'PURPOSE_NOT_ALLOWED');
    expect(answer.body.errors![0].message).toBe("unknown purpose 'analytics.everything'; role analyst may declare analytics.reporting, essential.fraud_detection, train_ai_system");
  });

  it('P-82 an unknown purpose is quoted back bounded and with its invisible characters written out: a token pasted into x-purpose, 7,000 characters, C1 controls', async () => {
    const token = await tokenFor(m, { sub: 'u-officer', role: 'privacy_officer', case: 'CASE-1' });
    for (const purpose of [token, 'a'.repeat(7000), 'essential.service\u0085\u00ad.exe']) {
      const answer = await expectRefusedBeforeExecution(() => m.ask('analyst', ME, { purpose }), 403, 'PURPOSE_NOT_ALLOWED');
      const [error] = answer.body.errors!;
      expect(error.message.length).toBeLessThan(700); // the role's purposes, and 64 characters of what was sent
      expect(String(error.extensions.purpose).length).toBeLessThan(100);
      expect(JSON.stringify(error)).not.toContain(token.split('.')[1]);
      expect(JSON.stringify(error)).not.toMatch(/[\u0085\u00ad]/);
    }
  });

  it('P-82 legal obligation without a case reference is refused (403), never read as the officer’s other purposes', async () => {
    const noCase = await tokenFor(m, { sub: 'u-officer-2', role: 'privacy_officer' });
    const answer = await expectRefusedBeforeExecution(() => post(noCase, ME, { 'x-purpose': 'essential.legal_obligation' }), 403, 'PURPOSE_NOT_ALLOWED');
    expect(answer.body.errors![0].message).toContain('case reference');
  });

  it('P-82 a malformed, expired, wrongly signed or wrongly addressed token is HTTP 401 UNAUTHENTICATED, never a silent visitor', async () => {
    const claims = { sub: MEMBER.buyer, role: 'customer' };
    const { privateKey: foreignKey } = await generateKeyPair('ES256');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: 'privacy-gateway-dev', aud: 'privacy-gateway', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`;
    const tokens: Record<string, string> = {
      malformed: 'abc.def.ghi',
      expired: await tokenFor(m, claims, { expiresIn: '-1h' }),
      'wrong signature': await signToken(claims, { privateKey: foreignKey, kid: m.keys.publicJwk.kid }),
      'alg none': unsigned,
      'wrong issuer': await tokenFor(m, claims, { issuer: 'someone-else' }),
      'wrong audience': await tokenFor(m, claims, { audience: 'another-api' }),
      'unknown role': await tokenFor(m, { sub: 'u-x', role: 'superuser' }),
      'merchant without its store': await tokenFor(m, { sub: 'u-merchant-deer', role: 'merchant' }),
    };
    for (const [kind, token] of Object.entries(tokens)) {
      const answer = await expectRefusedBeforeExecution(() => post(token), 401, 'UNAUTHENTICATED');
      expect(JSON.stringify(answer.body), kind).not.toMatch(/DeerFan|13812345678/);
    }
    // No Authorization header at all is a visitor: public data only, nothing of `me`.
    const visitor = await m.post(ME);
    expect(visitor.status).toBe(200);
    expect(visitor.body.data.me).toBeNull();
  });

  it('P-82 an unannotated personal field on a personal type never reaches the gateway: composition refuses it', () => {
    const allowList = JSON.parse(readFileSync(new URL('../../schema/pii-allowlist.json', import.meta.url), 'utf8'));
    const accounts = subgraphSdl('accounts');
    expect(lintUnannotatedPersonalFields('accounts', parse(PRIVACY_PREAMBLE + accounts), allowList)).toEqual([]);
    // A subgraph team drops Member.phone's annotations.
    const stripped = accounts.replace(/phone: String\s*@pii\([^)]*\)\s*@purpose\([^)]*\]\)/, 'phone: String');
    expect(stripped).not.toBe(accounts);
    const problems = lintUnannotatedPersonalFields('accounts', parse(PRIVACY_PREAMBLE + stripped), allowList);
    expect(problems).toEqual([expect.stringMatching(/Member\.phone looks personal but has no @pii/)]);
  });

  it('P-83 strict mode (x-privacy-mode: strict) refuses the whole request when a field is blocked before execution, asking no subgraph', async () => {
    recorder.clear();
    const answer = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { nickname phone } }`, { headers: { 'x-privacy-mode': 'strict' } });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PRIVACY_REFUSED' }) })]);
    expect(recorder.graphql).toEqual([]);
    // The refusal names the rule that blocked, the same one a lenient request is told.
    const lenient = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { nickname phone } }`);
    const rule = blockedAt(lenient, 'member.phone').extensions.rule;
    expect(answer.body.errors![0].extensions).toMatchObject({ rule, blocked: [expect.objectContaining({ field: 'Member.phone', rule })] });
    expect(JSON.stringify(answer.body)).not.toContain('DeerFan');
  });

  it('P-82 two Authorization headers are a 400 on every route (the GraphQL endpoint, the download, the explorer): Node would keep the first, a proxy might read the last', async () => {
    const [buyer, merchant, officer] = [(await m.token('buyer'))!, (await m.token('merchant-deer'))!, (await m.token('officer'))!];
    // Written on a socket: fetch and Node's client merge or refuse a repeated header.
    const send = (method: string, path: string, first: string, second: string, body = '') => {
      const url = new URL(m.gatewayUrl);
      return new Promise<{ status: number; text: string }>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            `${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\n${body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : ''}` +
              `Authorization: Bearer ${first}\r\nAuthorization: Bearer ${second}\r\nConnection: close\r\n\r\n${body}`,
          );
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve({ status: Number(text.split(' ')[1]), text }));
        socket.on('error', reject);
      });
    };
    const graphql = await send('POST', new URL(m.gatewayUrl).pathname, buyer, merchant, JSON.stringify({ query: '{ me { id } }' }));
    const download = await send('GET', '/privacy/my-data', buyer, merchant);
    const explorer = await send('GET', '/privacy/explorer/roles', officer, merchant);
    for (const [route, answer] of Object.entries({ graphql, download, explorer })) {
      expect(answer.status, route).toBe(400);
      const body = JSON.parse(answer.text.slice(answer.text.indexOf('{'), answer.text.lastIndexOf('}') + 1));
      expect(body.errors[0].extensions.code, route).toBe('BAD_REQUEST');
      expect(answer.text, route).not.toContain(MEMBER.buyer);
    }
  });

  it('P-82 two Host headers, or none (HTTP/1.0), are a 400: Node would keep the first or read `localhost`, and the Host decides who gets the development tokens, the explorer and /metrics', async () => {
    const url = new URL(m.gatewayUrl);
    const send = (request: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve({ status: Number(text.split(' ')[1]), text }));
        socket.on('error', reject);
      });
    for (const path of ['/graphql', '/privacy/explorer/roles', '/metrics']) {
      for (const request of [`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nAccept: text/html\r\nConnection: close\r\n\r\n`, `GET ${path} HTTP/1.0\r\nAccept: text/html\r\n\r\n`]) {
        const answer = await send(request);
        expect(answer.status, `${path} ${JSON.stringify(request)}`).toBe(400);
        expect(answer.text).not.toMatch(/Bearer ey|privacy_decisions_total|"roles"/);
      }
    }
  });

  it('P-83 an x-privacy-mode the gateway does not know (a misspelt strict) is a 400, never read as the lenient mode', async () => {
    recorder.clear();
    for (const mode of ['strikt', 'weird', 'strict,partial']) {
      const answer = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { nickname phone } }`, { headers: { 'x-privacy-mode': mode } });
      expect(answer.status, mode).toBe(400);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors![0].extensions.code).toBe('BAD_REQUEST');
    }
    expect(recorder.graphql).toEqual([]);
    const partial = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { nickname } }`, { headers: { 'x-privacy-mode': 'Partial' } });
    expect(partial.body.data.member.nickname).toBe('DeerFan');
  });

  it('P-23 strict mode refuses the whole request when a value is blocked after fetching, and explains which', async () => {
    // Both are red-lantern's cross-border orders; only m-buyer consented to cross-border transfer.
    const answer = await m.ask('merchant-lantern', `{ mine: order(id: "${ORDER.buyerCrossBorder}") { consigneeName } theirs: order(id: "${ORDER.optoutCrossBorder}") { consigneeName } }`, { headers: { 'x-privacy-mode': 'strict' } });
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors![0].extensions).toMatchObject({ code: 'PRIVACY_REFUSED', rule: 'P-23', blocked: [expect.objectContaining({ field: 'Order.consigneeName', rule: 'P-23', count: 1 })] });
    expectExplained(answer, 'theirs.consigneeName', 'block', 'P-23');
    expect(JSON.stringify(answer.body)).not.toMatch(/Alice|A\*|Bob/);
  });

  it('P-10 P-83 strict mode on a mutation whose answer would block a value says the change was applied: the answer is withheld, not the change', async () => {
    const mutation = 'mutation { updateMyProfile(input: { avatar: "/static/avatars/strict.png" }) { avatar recommendations { id } } }';
    const answer = await m.ask('buyer-optout', mutation, { headers: { 'x-privacy-mode': 'strict' } });
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors![0].message).toMatch(/mutation that was applied/);
    expect(answer.body.errors![0].extensions).toMatchObject({ code: 'PRIVACY_REFUSED', rule: 'P-10', mutationApplied: true });
    expect((await m.ask('buyer-optout', '{ me { avatar } }')).body.data.me.avatar).toBe('/static/avatars/strict.png');
  });

  it('P-21 strict mode answers in full when nothing is blocked: masks are not refusals', async () => {
    const answer = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}", first: 2) { id total consigneePhone } }`, { headers: { 'x-privacy-mode': 'strict' } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.storeOrders).toHaveLength(2);
    for (const order of answer.body.data.storeOrders) expect(order.consigneePhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expectExplained(answer, 'storeOrders.*.consigneePhone', 'mask', 'P-21');
  });
});
