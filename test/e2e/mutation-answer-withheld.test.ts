/**
 * A mutation's answer whose row the pass removes (the guardian's link to the ward could not be
 * checked: the accounts store did not answer, P-82) comes back null, as a query's would; but the
 * change was made, and a bare null hid it. The answer says so.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { ConsentEvent } from '../../resolvers/privacy/consent.entity.js';
import { MEMBER } from '../../resolvers/demo-ids.js';

let m: Marketplace;
let server: Server;
let gateway: ReturnType<typeof createPrivacyGateway>;
let url: string;

beforeAll(async () => {
  m = await Marketplace.start();
  // The accounts subgraph behind a proxy whose facts contract fails: its graph still answers.
  const accounts = m.subgraphs.find((s) => s.name === 'accounts')!.url;
  const proxy = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      if (req.url!.startsWith('/privacy/facts')) {
        res.writeHead(503).end();
        return;
      }
      const answer = await fetch(new URL(req.url!, accounts), { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'POST' ? body : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const viaProxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${new URL(accounts).pathname}`;
  gateway = createPrivacyGateway({ supergraph: m.supergraph.replaceAll(accounts, viaProxy), identity: { publicKey: m.keys.publicJwk }, graphiql: false, orm: m.orm, factsCacheMs: 0 });
  server = createServer(gateway as any);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  server.on('close', () => proxy.close());
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await (gateway as any)?.dispose?.();
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
