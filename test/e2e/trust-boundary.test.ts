/**
 * The trust boundary between the gateway and the subgraphs: a subgraph answers only what the
 * gateway signed for it. GraphQL requests carry the caller and the subgraph's name inside a signed
 * envelope (schema/caller-envelope.ts);
 * privacy-contract calls carry an HMAC over audience, method, path, timestamp, nonce and body
 * (schema/contract-signing.ts). Everything else — a direct call, a forged or altered signature,
 * forged `x-caller-*` headers, a replay after the signature's minute, a signed mutation or contract
 * call sent a second time, a request or call sent to another subgraph — gets 401 and no data. The
 * same holds for the gateway's own
 * contract route, `/audit/entries`, through which the privacy subgraph reads the access audit.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { CALLER_EXTENSION, MAX_SIGNATURE_AGE_MS, SIGNATURE_EXTENSION, signGraphQLRequest } from '../../schema/caller-envelope.js';
import { MAX_CONTRACT_SIGNATURE_AGE_MS, signContractCall } from '../../schema/contract-signing.js';
import { loadSigningSecret } from '../../schema/signing-secret.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { MAX_GRAPHQL_BODY_BYTES, startSubgraph } from '../../resolvers/subgraph-server.js';
import { subgraphModule } from '../../resolvers/modules.js';

let m: Marketplace;
let secret: string;
beforeAll(async () => {
  m = await Marketplace.start();
  secret = loadSigningSecret(); // the marketplace's, generated under its DATA_DIR
});
afterAll(async () => {
  await m?.close();
});

const OFFICER = { sub: 'u-officer', role: 'privacy_officer', purpose: 'essential.legal_obligation', caseRef: 'CASE-2026-001' };
const FORGED_HEADERS = { 'x-caller-sub': 'u-officer', 'x-caller-role': 'privacy_officer', 'x-caller-purpose': 'essential.legal_obligation', 'x-caller-case': 'CASE-1' };
const PII = '{ _entities(representations: [{ __typename: "Member", id: "m-buyer" }]) { ... on Member { name phone email } } }';
const AUDIT = '{ auditEntries(first: 5) { seq callerSub subject } }';

async function postSubgraph(name: string, body: unknown, headers: Record<string, string> = {}) {
  return postSubgraphText(name, JSON.stringify(body), headers);
}

/** A body sent as written, for bodies JSON.stringify cannot make (nested past its stack). */
async function postSubgraphText(name: string, body: BodyInit, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const response = await fetch(m.subgraph(name).url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, ...init });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { data?: any; errors?: any[] } };
}

function expectRefused(answer: { status: number; text: string; body: { data?: any } }) {
  expect(answer.status).toBe(401);
  expect(answer.body.data ?? null).toBeNull();
  // Nothing of the member's reaches the caller, not even in an error.
  expect(answer.text).not.toMatch(/alice@example|138\d{8}|m-buyer/);
}

describe('GraphQL straight to a subgraph', () => {
  it('P-82 every subgraph refuses an unsigned request with 401', async () => {
    for (const s of m.subgraphs) expectRefused(await postSubgraph(s.name, { query: '{ __typename }' }));
    expectRefused(await postSubgraph('accounts', { query: PII }));
  });

  it('P-82 a GET to a subgraph\'s /graphql, whatever its parameters (variables that are no JSON too), is a 405 naming POST, never a 500; its /health answers', async () => {
    for (const s of m.subgraphs) {
      for (const search of ['?query=%7B__typename%7D', '?query=%7B__typename%7D&variables=%7Bx', '?query=%7B__typename%7D&extensions=%7Bx', '']) {
        const response = await fetch(s.url + search);
        expect(response.status, `${s.name} ${search}`).toBe(405);
        expect(response.headers.get('allow')).toBe('POST');
        expect((await response.json()).errors[0].message).toMatch(/POST only/);
      }
      // The health route the gateway's readiness probes stays a GET.
      expect((await fetch(new URL('/health', s.url))).status, s.name).toBe(200);
    }
  });

  it("P-82 a subgraph answers at /graphql spelled exactly: another spelling its server would also serve (`/graphql/`, `//graphql`, `/x/graphql`) is a 404, by GET or by a signed POST", async () => {
    for (const s of m.subgraphs) {
      for (const path of ['/graphql/', '//graphql', '/x/graphql', '/graphql//']) {
        const url = s.url.replace(/\/graphql$/, path);
        expect((await fetch(`${url}?query=%7B__typename%7D`)).status, `${s.name} GET ${path}`).toBe(404);
        const signed = signGraphQLRequest(secret, s.name, { query: '{ __typename }' }, { sub: 'm-buyer', role: 'customer' });
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signed) });
        expect(response.status, `${s.name} POST ${path}`).toBe(404);
        expect(JSON.stringify(await response.json())).not.toMatch(/__typename|Query/);
      }
    }
  });

  it('P-81 forged x-caller-* headers do not read the access audit: 401, unsigned or beside a valid signature', async () => {
    expectRefused(await postSubgraph('privacy', { query: AUDIT }, FORGED_HEADERS));
    for (const s of m.subgraphs) expectRefused(await postSubgraph(s.name, { query: '{ __typename }' }, FORGED_HEADERS));
    // A request the gateway would have signed, with forged headers added: refused, not read as the officer.
    expectRefused(await postSubgraph('privacy', signGraphQLRequest(secret, 'privacy', { query: AUDIT }, { sub: 'm-buyer', role: 'customer' }), FORGED_HEADERS));
  });

  it('P-82 a signature made with another secret, or not base64 at all, is refused', async () => {
    expectRefused(await postSubgraph('privacy', signGraphQLRequest('not-the-secret', 'privacy', { query: AUDIT }, OFFICER)));
    const signed = signGraphQLRequest(secret, 'privacy', { query: AUDIT }, OFFICER);
    expectRefused(await postSubgraph('privacy', { ...signed, extensions: { ...signed.extensions, [SIGNATURE_EXTENSION]: 'AAAA' } }));
    expectRefused(await postSubgraph('privacy', { ...signed, extensions: { [CALLER_EXTENSION]: signed.extensions[CALLER_EXTENSION] } }));
  });

  it('P-82 a valid signature of other content is refused: another query, other variables, another caller', async () => {
    const customer = signGraphQLRequest(secret, 'privacy', { query: '{ myConsents { kind granted } }' }, { sub: 'm-buyer', role: 'customer' });
    // The customer's signed request with the audit query in its place.
    expectRefused(await postSubgraph('privacy', { ...customer, query: AUDIT }));
    // The same query, the caller's envelope promoted to the privacy officer.
    const envelope = customer.extensions[CALLER_EXTENSION] as Record<string, unknown>;
    expectRefused(await postSubgraph('privacy', { ...customer, extensions: { ...customer.extensions, [CALLER_EXTENSION]: { ...envelope, ...OFFICER } } }));
    // Variables changed after signing.
    const byId = signGraphQLRequest(secret, 'accounts', { query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { email } } }', variables: { r: [{ __typename: 'Member', id: 'm-optout' }] } }, { sub: 'm-optout', role: 'customer' });
    expectRefused(await postSubgraph('accounts', { ...byId, variables: { r: [{ __typename: 'Member', id: 'm-buyer' }] } }));
  });

  it('P-82 a signed document of several operations is refused: the operation name, which the signature does not cover, cannot pick another of them', async () => {
    const two = signGraphQLRequest(secret, 'accounts', { query: 'query A { __typename } query B { me { email phone } }' }, { sub: 'm-buyer', role: 'customer' });
    for (const operationName of [undefined, 'A', 'B']) expectRefused(await postSubgraph('accounts', { ...two, ...(operationName ? { operationName } : {}) }));
    // One operation, named or not, runs.
    const one = signGraphQLRequest(secret, 'accounts', { query: 'query A { __typename }' }, { sub: 'm-buyer', role: 'customer' });
    expect((await postSubgraph('accounts', { ...one, operationName: 'A' })).body.data).toEqual({ __typename: 'Query' });
  });

  it('P-82 no subgraph answers a browser: no CORS headers for any origin, credentials or not', async () => {
    for (const s of m.subgraphs) {
      const preflight = await fetch(s.url, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
      await preflight.body?.cancel();
      expect(preflight.headers.get('access-control-allow-origin'), s.name).toBeNull();
      expect(preflight.headers.get('access-control-allow-credentials'), s.name).toBeNull();
    }
  });

  it('P-82 a signed request replayed after its minute is refused', async () => {
    const old = signGraphQLRequest(secret, 'privacy', { query: AUDIT }, OFFICER, Date.now() - MAX_SIGNATURE_AGE_MS - 5_000);
    expectRefused(await postSubgraph('privacy', old));
  });

  it('P-63 P-82 a signed mutation runs once: captured on the way and sent again within its minute, it is refused, so a withdrawn consent stays withdrawn', async () => {
    const buyer = { sub: 'm-buyer', role: 'customer', authTime: Math.floor(Date.now() / 1000) };
    const set = (granted: boolean) => signGraphQLRequest(secret, 'privacy', { query: `mutation { setConsent(kind: marketing_messages, granted: ${granted}) { granted } }` }, buyer);
    const grant = set(true);
    expect((await postSubgraph('privacy', grant)).body.data.setConsent).toEqual({ granted: true });
    expect((await postSubgraph('privacy', set(false))).body.data.setConsent).toEqual({ granted: false });
    const replayed = await postSubgraph('privacy', grant);
    expect(replayed.status).toBe(401);
    expect(replayed.body.errors?.[0]?.message).toMatch(/already received/);
    const consents = await postSubgraph('privacy', signGraphQLRequest(secret, 'privacy', { query: '{ myConsents { kind granted } }' }, buyer));
    expect(consents.body.data.myConsents.find((c: { kind: string }) => c.kind === 'marketing_messages')).toEqual({ kind: 'marketing_messages', granted: false });
    // A mutation signed without a nonce is not the gateway's: it would be replayable.
    expectRefused(await postSubgraph('privacy', signGraphQLRequest(secret, 'privacy', { query: 'mutation { setConsent(kind: marketing_messages, granted: true) { granted } }' }, { ...buyer, nonce: null })));
  });

  it('P-63 P-82 a restart forgets which signed mutations ran: one signed before the subgraph started is refused, so a grant replayed across a restart stays withdrawn', async () => {
    const buyer = { sub: 'm-buyer', role: 'customer', authTime: Math.floor(Date.now() / 1000) };
    const grant = signGraphQLRequest(secret, 'privacy', { query: 'mutation { setConsent(kind: location, granted: true) { granted } }' }, buyer);
    expect((await postSubgraph('privacy', grant)).body.data.setConsent).toEqual({ granted: true });
    expect((await postSubgraph('privacy', signGraphQLRequest(secret, 'privacy', { query: 'mutation { setConsent(kind: location, granted: false) { granted } }' }, buyer))).body.data.setConsent).toEqual({ granted: false });
    // The privacy subgraph started again (a new process over the same database), within the grant's minute.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const restarted = await startSubgraph(subgraphModule('privacy'), m.orm, 0, '127.0.0.1');
    try {
      const send = async (body: unknown) => {
        const response = await fetch(restarted.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, text: await response.text() };
      };
      const replayed = await send(grant);
      expect(replayed.status).toBe(401);
      expect(replayed.text).toMatch(/signed before this subgraph started/);
      // What the gateway signs from now on runs there.
      const read = await send(signGraphQLRequest(secret, 'privacy', { query: '{ myConsents { kind granted } }' }, buyer));
      expect(JSON.parse(read.text).data.myConsents.find((c: { kind: string }) => c.kind === 'location')).toEqual({ kind: 'location', granted: false });
      expect((await send(signGraphQLRequest(secret, 'privacy', { query: 'mutation { setConsent(kind: location, granted: false) { granted } }' }, buyer))).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('P-82 a request signed for one subgraph is refused by every other, even where its document is valid there', async () => {
    // `{ __typename }` (and `_entities`) validates on every subgraph: only the signed audience tells them apart.
    for (const s of m.subgraphs) {
      for (const other of m.subgraphs.filter((o) => o.name !== s.name)) {
        const answer = await postSubgraph(other.name, signGraphQLRequest(secret, s.name, { query: '{ __typename }' }, { sub: 'm-buyer', role: 'customer' }));
        expect(answer.status, `${s.name} → ${other.name}`).toBe(401);
      }
      expect((await postSubgraph(s.name, signGraphQLRequest(secret, s.name, { query: '{ __typename }' }))).status, s.name).toBe(200);
    }
  });

  it('P-63 a mutation through the gateway still runs, every time it is sent', async () => {
    for (const granted of [true, true, false, false]) {
      const answer = await m.ask('buyer', `mutation { setConsent(kind: marketing_messages, granted: ${granted}) { granted } }`);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.setConsent).toEqual({ granted });
    }
  });

  it('P-82 a body larger than any the gateway sends is refused with 413 before it is parsed: by its content-length, and a chunked one once it passes the limit', async () => {
    const tooLarge = { status: 413, code: 'REQUEST_TOO_LARGE', max: MAX_GRAPHQL_BODY_BYTES };
    const refusal = (answer: { status: number; body: { errors?: any[] } }) => ({ status: answer.status, code: answer.body.errors?.[0]?.extensions?.code, max: answer.body.errors?.[0]?.extensions?.max });
    // Unsigned, 20 MB: refused by its content-length, unread, like the gateway's own limit.
    const big = await postSubgraphText('accounts', JSON.stringify({ query: PII, variables: { padding: 'x'.repeat(20 * 1024 * 1024) } }));
    expect(refusal(big)).toEqual(tooLarge);
    expect(big.text).not.toMatch(/m-buyer|alice@example/);

    // No content-length: read up to the limit and no further.
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    const chunks = Math.ceil((20 * 1024 * 1024) / chunk.byteLength);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }"'));
        if (pulled++ < chunks) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('}'));
          controller.close();
        }
      },
    });
    const chunked = await postSubgraphText('accounts', stream, {}, { duplex: 'half' } as RequestInit);
    expect(refusal(chunked)).toEqual(tooLarge);
    expect(pulled).toBeLessThan(chunks);

    // A signed request of a size the gateway does send is still answered.
    const padded = await postSubgraph('accounts', signGraphQLRequest(secret, 'accounts', { query: '{ __typename }', variables: { padding: 'x'.repeat(1024 * 1024) } }));
    expect(padded.status).toBe(200);
    expect(padded.body.data).toEqual({ __typename: 'Query' });
  });

  it('P-82 variables nested 200,000 deep beside a well-formed envelope and a forged signature get 401, not a 500', async () => {
    const { extensions } = signGraphQLRequest('not-the-secret', 'privacy', { query: AUDIT }, OFFICER);
    const depth = 200_000;
    const body = `{"query":${JSON.stringify(AUDIT)},"variables":{"v":${'['.repeat(depth)}${']'.repeat(depth)}},"extensions":${JSON.stringify({ ...extensions, [SIGNATURE_EXTENSION]: 'x' })}}`;
    const answer = await postSubgraphText('privacy', body);
    expectRefused(answer);
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // The subgraph goes on answering what the gateway signs.
    expect((await postSubgraph('privacy', signGraphQLRequest(secret, 'privacy', { query: '{ __typename }' }))).status).toBe(200);
  });

  it('a request signed as the gateway signs it is answered, for the caller in the envelope', async () => {
    const answer = await postSubgraph('privacy', signGraphQLRequest(secret, 'privacy', { query: '{ myConsents { kind } }' }, { sub: 'm-buyer', role: 'customer' }));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.myConsents.length).toBeGreaterThan(0);
  });
});

describe('the privacy contract straight to a subgraph', () => {
  const OPERATIONS = [
    { operation: 'facts', method: 'POST', body: JSON.stringify({ subjects: ['m-buyer'] }) },
    { operation: 'export', method: 'POST', body: JSON.stringify({ memberId: 'm-buyer' }) },
    { operation: 'erase', method: 'POST', body: JSON.stringify({ memberId: 'm-buyer' }) },
    { operation: 'retain', method: 'POST', body: JSON.stringify({ retentionDays: { 'user.behavior.browsing_history': 0 } }) },
    { operation: 'requests', method: 'POST', body: JSON.stringify({ op: 'openCancellations' }) },
    { operation: 'changes', method: 'GET', body: '' },
  ] as const;

  const contractUrl = (name: string, operation: string) => m.subgraph(name).url.replace(/\/graphql$/, `/privacy/${operation}`);
  async function call(name: string, operation: string, method: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(contractUrl(name, operation), { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'GET' ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, text };
  }
  function expectContractRefused(answer: { status: number; text: string }) {
    expect(answer.status).toBe(401);
    expect(answer.text).not.toMatch(/alice@example|138\d{8}|"facts"|"data"|"report"|"requests?"/);
  }

  it('P-60 P-62 P-64 P-66 every contract route of every subgraph refuses unsigned, forged and altered calls with 401', async () => {
    for (const s of m.subgraphs) {
      for (const { operation, method, body } of OPERATIONS) {
        const path = `/privacy/${operation}`;
        const label = `${s.name} ${path}`;
        expectContractRefused(await call(s.name, operation, method, body));
        expectContractRefused(await call(s.name, operation, method, body, FORGED_HEADERS));
        expectContractRefused(await call(s.name, operation, method, body, signContractCall('not-the-secret', { audience: s.name, method, path, body })));
        // Signed for another body, another path, another method, or too long ago.
        if (method === 'POST') expectContractRefused(await call(s.name, operation, method, body, signContractCall(secret, { audience: s.name, method, path, body: JSON.stringify({ ...JSON.parse(body), memberId: 'm-nobody', subjects: ['m-nobody'] }) })));
        expectContractRefused(await call(s.name, operation, method, body, signContractCall(secret, { audience: s.name, method, path: '/privacy/facts-other', body })));
        expectContractRefused(await call(s.name, operation, method, body, signContractCall(secret, { audience: s.name, method: method === 'GET' ? 'POST' : 'GET', path, body })));
        const stale = await call(s.name, operation, method, body, signContractCall(secret, { audience: s.name, method, path, body }, Date.now() - MAX_CONTRACT_SIGNATURE_AGE_MS - 5_000));
        expect(stale.status, label).toBe(401);
      }
    }
  });

  it('P-60 P-62 a signed contract call is answered once and only by the subgraph it was signed for', async () => {
    const body = JSON.stringify({ subjects: ['m-buyer'] });
    const headers = signContractCall(secret, { audience: 'privacy', method: 'POST', path: '/privacy/facts', body });
    expect((await call('privacy', 'facts', 'POST', body, headers)).status).toBe(200);
    // The same call again (captured on the network): refused.
    const again = await call('privacy', 'facts', 'POST', body, headers);
    expectContractRefused(again);
    expect(again.text).toMatch(/already received/);
    // Signed for the privacy subgraph, sent to the others: refused by each.
    for (const other of m.subgraphs.filter((s) => s.name !== 'privacy')) {
      expectContractRefused(await call(other.name, 'facts', 'POST', body, signContractCall(secret, { audience: 'privacy', method: 'POST', path: '/privacy/facts', body })));
    }
  });

  it('P-82 a body larger than any contract call is refused before it is read whole', async () => {
    const huge = JSON.stringify({ subjects: Array.from({ length: 120_000 }, (_, i) => `m-${i}`) });
    const answer = await call('accounts', 'facts', 'POST', huge);
    expect(answer.status).toBe(413);
    expect(answer.text).not.toContain('"facts"');
  });

  it('P-62 after every refused erase the member is still there, through the gateway', async () => {
    const me = await m.ask('buyer', '{ me { id nickname } }');
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data.me).toMatchObject({ id: 'm-buyer' });
  });

  it('P-60 a signed facts call is answered', async () => {
    const body = JSON.stringify({ subjects: ['m-buyer'] });
    const answer = await call('privacy', 'facts', 'POST', body, signContractCall(secret, { audience: 'privacy', method: 'POST', path: '/privacy/facts', body }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).facts['m-buyer']).toBeDefined();
  });

  it('P-66 retention runs by the subgraph’s own clock: a `now` in the body does not move the cutoff', async () => {
    const retain = async (extra: Record<string, unknown>) => {
      const body = JSON.stringify({ retentionDays: { 'user.behavior.browsing_history': 365, 'user.behavior.search_history': 180 }, ...extra });
      const answer = await call('activity', 'retain', 'POST', body, signContractCall(secret, { audience: 'activity', method: 'POST', path: '/privacy/retain', body }));
      expect(answer.status).toBe(200);
      return JSON.parse(answer.text).report as Record<string, Record<string, number>>;
    };
    await retain({}); // whatever is due today
    const tenYearsOn = Date.now() + 10 * 365 * 86_400_000;
    const report = await retain({ now: tenYearsOn });
    const changed = Object.values(report).flatMap((byTable) => Object.values(byTable)).reduce((a, b) => a + b, 0);
    expect(changed).toBe(0);
    const history = await m.ask('buyer', '{ me { browsingHistory { id } } }');
    expect(history.body.data.me.browsingHistory.length).toBeGreaterThan(0);
  });
});

describe("the gateway's access-audit contract", () => {
  const PATH = '/audit/entries';
  const SEARCH = '?afterSeq=0&first=5';
  const gatewayRoute = (search = SEARCH) => m.gatewayUrl.replace(/\/graphql$/, PATH + search);
  async function get(headers: Record<string, string> = {}, search = SEARCH) {
    const response = await fetch(gatewayRoute(search), { headers });
    return { status: response.status, text: await response.text() };
  }

  it('P-80 P-81 GET /audit/entries on the gateway refuses unsigned, forged and altered calls with 401', async () => {
    await m.ask('buyer', '{ me { realNameVerification { realName } } }'); // at least one entry exists
    const refusals = [
      await get(),
      await get(FORGED_HEADERS),
      await get(signContractCall('not-the-secret', { audience: 'gateway', method: 'GET', path: PATH + SEARCH, body: '' })),
      // Signed for another query string (another subject, more entries), another method, or too long ago.
      await get(signContractCall(secret, { audience: 'gateway', method: 'GET', path: PATH + SEARCH, body: '' }), '?afterSeq=0&first=1000&subject=m-buyer'),
      await get(signContractCall(secret, { audience: 'gateway', method: 'POST', path: PATH + SEARCH, body: '' })),
      await get(signContractCall(secret, { audience: 'gateway', method: 'GET', path: PATH + SEARCH, body: '' }, Date.now() - MAX_CONTRACT_SIGNATURE_AGE_MS - 5_000)),
    ];
    for (const answer of refusals) {
      expect(answer.status).toBe(401);
      expect(answer.text).not.toMatch(/"entries"|m-buyer|u-officer/);
    }
  });

  it('P-80 P-81 a signed audit read is answered once, and not when it was signed for a subgraph', async () => {
    const headers = signContractCall(secret, { audience: 'gateway', method: 'GET', path: PATH + SEARCH, body: '' });
    expect((await get(headers)).status).toBe(200);
    const again = await get(headers);
    expect(again.status).toBe(401);
    expect(again.text).not.toMatch(/"entries"/);
    expect((await get(signContractCall(secret, { audience: 'privacy', method: 'GET', path: PATH + SEARCH, body: '' }))).status).toBe(401);
  });

  it('P-80 a call signed as the privacy subgraph signs it is answered with the entries in chain order', async () => {
    const answer = await get(signContractCall(secret, { audience: 'gateway', method: 'GET', path: PATH + SEARCH, body: '' }));
    expect(answer.status).toBe(200);
    const seqs = (JSON.parse(answer.text).entries as { seq: number }[]).map((e) => e.seq);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('P-80 P-82 the officer gets an error, never an empty audit, when the privacy subgraph cannot reach the gateway', async () => {
    const privacy = await startSubgraph(subgraphModule('privacy'), m.orm, 0, '127.0.0.1', { peerUrl: () => 'http://127.0.0.1:1/graphql' });
    try {
      const response = await fetch(privacy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signGraphQLRequest(secret, 'privacy', { query: AUDIT }, OFFICER)) });
      const text = await response.text();
      const body = JSON.parse(text);
      expect(body.data?.auditEntries ?? null).toBeNull();
      expect(body.errors?.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
    } finally {
      await privacy.close();
    }
  });
});

describe('through the gateway', () => {
  it('P-81 the privacy officer reads the access audit through the gateway: the signed envelope carries role, purpose and case', async () => {
    await m.ask('buyer', '{ me { realNameVerification { realName } } }');
    const answer = await m.ask('officer', '{ auditEntries(first: 3) { seq role } }');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.auditEntries.length).toBeGreaterThan(0);
  });

  it('P-82 a subgraph that hangs gives the client a clean timeout error that names no host or port', async () => {
    const catalog = m.subgraph('catalog');
    const port = new URL(catalog.url).port;
    // Catalog stops answering GraphQL (its requests are held open) while this test runs.
    const held: ServerResponse[] = [];
    const handlers = catalog.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    catalog.server.removeAllListeners('request');
    catalog.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/privacy/')) return handlers.forEach((h) => h.call(catalog.server, req, res));
      held.push(res);
    });
    const gateway = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, upstreamTimeoutMs: 300 });
    const server: Server = createServer(gateway as any);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ product(id: "p-trail-boots") { name } }' }),
      });
      const text = await response.text();
      const body = JSON.parse(text);
      expect(body.errors?.length).toBeGreaterThan(0);
      expect(body.data?.product ?? null).toBeNull();
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toContain(`:${port}`);
      expect(text).not.toMatch(/localhost|http:\/\//);
    } finally {
      for (const res of held) res.destroy();
      catalog.server.removeAllListeners('request');
      for (const h of handlers) catalog.server.on('request', h);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await (gateway as any).dispose?.();
    }
  });
});
