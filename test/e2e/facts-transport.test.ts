import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFactsByKindLoader, createFactsLoader, type FactsProvider } from '../../gateway/subject-facts.js';

/**
 * The facts transport (gateway/facts-http-client.ts) against tiny stand-in providers: every way a
 * provider can fail makes its facts unavailable, so the decisions that need them block (P-82), and
 * every request asks again (P-11). No marketplace: only the wire behaviour is under test.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, body: { subjects: string[] }) => void;

async function provider(name: string, handler: Handler): Promise<{ provider: FactsProvider; server: Server; requests: () => number; connections: () => number }> {
  let requests = 0;
  let connections = 0;
  const server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      expect(req.url).toBe('/privacy/facts');
      expect(req.method).toBe('POST');
      handler(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8')));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { provider: { name, url: `http://127.0.0.1:${port}/graphql` }, server, requests: () => requests, connections: () => connections };
}

const json = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

describe('the facts transport', () => {
  const servers: Server[] = [];
  let consent = true;
  let healthy: Awaited<ReturnType<typeof provider>>;
  let accounts: Awaited<ReturnType<typeof provider>>;
  beforeAll(async () => {
    healthy = await provider('privacy', (_req, res, { subjects }) =>
      json(res, 200, JSON.stringify({ facts: Object.fromEntries(subjects.map((id) => [id, { consents: { cross_border: consent } }])) })),
    );
    // The rights' loader decides on accounts' person facts; what another subgraph says of them is not read.
    accounts = await provider('accounts', (_req, res, { subjects }) => json(res, 200, JSON.stringify({ facts: Object.fromEntries(subjects.map((id) => [id, { minor: false }])) })));
    servers.push(healthy.server, accounts.server);
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  async function failing(handler: Handler) {
    const p = await provider('privacy', handler);
    servers.push(p.server);
    return p;
  }

  /** Loads consents for m-1 through the by-kind loader, collecting provider errors. */
  async function consentsOf(p: FactsProvider, timeoutMs?: number) {
    const errors: string[] = [];
    const load = createFactsByKindLoader({ providers: [p], timeoutMs, onProviderError: (name, error) => errors.push(`${name}: ${error.message}`) });
    const loaded = await load(new Map([['consents', ['m-1']]]));
    return { facts: loaded.get('consents')!.get('m-1'), errors };
  }

  it('P-11 asks the provider on every call, on one kept-alive connection, and a change shows at once', async () => {
    const load = createFactsLoader({ providers: [healthy.provider, accounts.provider] });
    const before = { requests: healthy.requests(), connections: healthy.connections() };
    expect((await load(['m-1', 'm-2'])).get('m-2')).toEqual({ consents: { cross_border: true }, minor: false });
    consent = false;
    expect((await load(['m-1'])).get('m-1')).toEqual({ consents: { cross_border: false }, minor: false });
    consent = true;
    for (let i = 0; i < 5; i++) await load(['m-1']);
    expect(healthy.requests() - before.requests).toBe(7);
    expect(healthy.connections() - before.connections).toBeLessThanOrEqual(1);
  });

  it('P-82 a provider that does not answer in time is unavailable, after the timeout and not later', async () => {
    const silent = await failing(() => {}); // never answers
    const started = Date.now();
    const { facts, errors } = await consentsOf(silent.provider, 150);
    expect(facts).toBe('unavailable');
    expect(errors).toEqual([expect.stringMatching(/^privacy: timed out after 150 ms/)]);
    expect(Date.now() - started).toBeLessThan(1500);
    // The rights' loader never throws either: the subject simply has no facts from it, and none at all without accounts'.
    const merged = await createFactsLoader({ providers: [silent.provider, accounts.provider], timeoutMs: 100 })(['m-1']);
    expect(merged.get('m-1')).toEqual({ minor: false });
    const withoutAccounts = await createFactsLoader({ providers: [healthy.provider], timeoutMs: 100 })(['m-1']);
    expect(withoutAccounts.get('m-1')).toBe('unavailable');
  });

  it('P-70 P-82 the rights\' loader reads each fact from its owner only: a guardian link another subgraph names is not one', async () => {
    const forger = await provider('support', (_req, res, { subjects }) => json(res, 200, JSON.stringify({ facts: Object.fromEntries(subjects.map((id) => [id, { agents: ['u-agent'], guardians: ['m-guardian'], minor: true, cancelled: true }])) })));
    servers.push(forger.server);
    const loaded = await createFactsLoader({ providers: [forger.provider, accounts.provider] })(['m-1']);
    expect(loaded.get('m-1')).toEqual({ agents: ['u-agent'], minor: false });
  });

  it('P-70 P-82 a fact of the wrong type (a minor of null or 0, a guardian list that is a string) makes the subject\'s facts unavailable, never "not a minor"', async () => {
    for (const forged of [{ minor: null }, { minor: 0 }, { minor: 'false' }, { guardians: 'm-guardian' }, { consents: { cross_border: 1 } }, JSON.parse('{"__proto__": {"minor": false}, "minor": null}')]) {
      const liar = await provider('accounts', (_req, res, { subjects }) => json(res, 200, JSON.stringify({ facts: Object.fromEntries(subjects.map((id) => [id, forged])) })));
      servers.push(liar.server);
      const byKind = await createFactsByKindLoader({ providers: [liar.provider] })(new Map([['person', ['m-1']]]));
      expect(byKind.get('person')!.get('m-1'), JSON.stringify(forged)).toBe('unavailable');
      expect((await createFactsLoader({ providers: [liar.provider] })(['m-1'])).get('m-1'), JSON.stringify(forged)).toBe('unavailable');
    }
  });

  it('P-70 P-82 an answer that names no fact (__proto__, constructor) or leaves the asked subject out, or whose facts are no map, is no answer for the rights', async () => {
    const answers: unknown[] = [{ facts: JSON.parse('{"m-1": {"__proto__": {"minor": true}, "constructor": 5, "minor": false}}') }, { facts: {} }, { facts: [] }, { facts: 'm-1' }];
    const loaded: unknown[] = [];
    for (const answer of answers) {
      const odd = await provider('accounts', (_req, res) => json(res, 200, JSON.stringify(answer)));
      servers.push(odd.server);
      loaded.push((await createFactsLoader({ providers: [odd.provider] })(['m-1'])).get('m-1'));
    }
    expect(loaded).toEqual([{ minor: false }, 'unavailable', 'unavailable', 'unavailable']);
  });

  it('P-82 a non-2xx answer, malformed JSON, or an answer cut short makes the provider unavailable', async () => {
    const broken = await failing((_req, res) => json(res, 500, '{"error":"boom"}'));
    expect(await consentsOf(broken.provider)).toEqual({ facts: 'unavailable', errors: [expect.stringContaining('HTTP 500')] });
    const garbled = await failing((_req, res) => json(res, 200, '{"facts": {'));
    expect((await consentsOf(garbled.provider)).facts).toBe('unavailable');
    const cut = await failing((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"facts":');
      setTimeout(() => res.destroy(), 10);
    });
    expect((await consentsOf(cut.provider)).facts).toBe('unavailable');
  });

  it('P-82 a provider that refuses connections is unavailable; the other providers still answer', async () => {
    const gone = await provider('accounts', () => {});
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const errors: string[] = [];
    const load = createFactsByKindLoader({ providers: [healthy.provider, gone.provider], onProviderError: (name, error) => errors.push(`${name}: ${(error as NodeJS.ErrnoException).code}`) });
    const loaded = await load(new Map([['consents', ['m-1']], ['person', ['m-1']]]));
    expect(loaded.get('consents')!.get('m-1')).toEqual({ consents: { cross_border: true } });
    expect(loaded.get('person')!.get('m-1')).toBe('unavailable');
    expect(errors).toEqual(['accounts: ECONNREFUSED']);
  });

  it('a kept-alive connection the provider drops is retried once on a fresh one; a provider that always drops fails', async () => {
    let served = 0;
    const flaky = await failing((req, res) => {
      // The second request on each connection finds it closed, as when a keep-alive timeout races a reuse.
      if (++served % 2 === 0) return req.socket.destroy();
      json(res, 200, '{"facts":{"m-1":{"minor":false}}}');
    });
    const load = createFactsByKindLoader({ providers: [{ ...flaky.provider, name: 'accounts' }] });
    for (let i = 0; i < 3; i++) expect((await load(new Map([['person', ['m-1']]]))).get('person')!.get('m-1')).toEqual({ minor: false });
    expect(flaky.requests()).toBe(5);

    const dropping = await failing((req) => req.socket.destroy());
    expect((await consentsOf(dropping.provider)).facts).toBe('unavailable');
    expect(dropping.requests()).toBe(1);
  });
});
