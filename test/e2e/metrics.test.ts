/**
 * `/metrics`: after the README's sample queries, the privacy layer's counters say what the
 * responses said (decisions by outcome, rule and role; P-82 blocks by cause; facts lookups per
 * owner; audit appends; plan cache hits), beside the runtime's request and subgraph metrics; no
 * label carries a seeded personal value, an id or a client-chosen operation name; and only the
 * metrics token reads them.
 */
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { SEEDED_PERSONAL_VALUES } from '../support/seeded-values.js';
import { readAuditEntries } from '../../gateway/audit/audit-log.js';
import { ORDER, shipmentId } from '../../resolvers/demo-ids.js';

const TOKEN = 'metrics-test-token';
let m: Marketplace;
beforeAll(async () => {
  // Facts are asked on every request, so the lookups counted are the ones these requests made.
  m = await Marketplace.start({ gateway: { factsCacheMs: 0, metricsAccess: { token: TOKEN, loopback: false } } });
});
afterAll(async () => {
  await m?.close();
});

// The README's sample queries (Quick start).
const PRODUCT_PAGE = `{ product(id: "p-trail-boots") { name reviews { text anonymous author { nickname } } } }`;
const STORE_ORDERS = `query ProbeOperationName { storeOrders(storeId: "deer-outfitters", first: 3) { id consigneeName consigneePhone } }`;
const SEARCH = `{ search(term: "lantern") { __typename ... on Product { name price } ... on Store { name } } hidden: search(term: "QuietShopper") { ... on Homepage { bio } } }`;
const CROSS_BORDER = `{ shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { waybill consigneeName consigneePhone address customsId } }`;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(token: string | null = TOKEN): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL('/metrics', m.gatewayUrl), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, text: await response.text() };
}

/** Prometheus text format, the sample lines only. */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    out.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return out;
}

function sum(all: Sample[], name: string, where: Record<string, string> = {}): number {
  return all.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
}

/** What a response's `extensions.privacy` says was decided, keyed `outcome|rule|role`. */
function explained(answers: GraphQLAnswer[], into = new Map<string, number>()): Map<string, number> {
  for (const a of answers) {
    const privacy = a.body.extensions?.privacy;
    for (const d of privacy?.decisions ?? []) {
      const key = `${d.outcome}|${d.rule}|${privacy.role}`;
      into.set(key, (into.get(key) ?? 0) + d.count);
    }
  }
  return into;
}

describe('/metrics', () => {
  const answers: GraphQLAnswer[] = [];

  it('P-82 /metrics answers only the metrics bearer token', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('wrong')).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('privacy_decisions_total');
  });

  it('P-65 the privacy metrics count what the README sample queries decided, and the runtime counts the requests', async () => {
    const before = samples((await scrape()).text);
    answers.push(await m.ask('visitor', PRODUCT_PAGE));
    answers.push(await m.ask('merchant-deer', STORE_ORDERS));
    answers.push(await m.ask('merchant-deer', STORE_ORDERS));
    answers.push(await m.ask('visitor', SEARCH));
    // A GET carries the document in its URL, which no label may take.
    answers.push(await m.ask('visitor', PRODUCT_PAGE, { method: 'GET' }));
    for (const a of answers) expect(a.status).toBe(200);
    const merchantMasks = answers[1]!.body.extensions.privacy.decisions.filter((d: any) => d.outcome === 'mask' && d.rule === 'P-21');
    expect(merchantMasks.length).toBeGreaterThan(0);

    const after = samples((await scrape()).text);
    const counted = new Map<string, number>();
    for (const s of after.filter((s) => s.name === 'privacy_decisions_total' && s.value > 0)) {
      counted.set(`${s.labels.outcome}|${s.labels.rule}|${s.labels.role}`, s.value);
    }
    expect(counted).toEqual(explained(answers));
    // The merchant's query, asked twice: its P-21 masks, twice.
    const masks = merchantMasks.reduce((n: number, d: any) => n + d.count, 0);
    expect(sum(after, 'privacy_decisions_total', { outcome: 'mask', rule: 'P-21', role: 'merchant' })).toBe(2 * masks);

    // The second merchant request found the plan the first one compiled.
    expect(sum(after, 'privacy_plan_cache_total', { result: 'hit' }) - sum(before, 'privacy_plan_cache_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sum(after, 'privacy_plan_cache_total') - sum(before, 'privacy_plan_cache_total')).toBe(answers.length);

    // The runtime's own: the GraphQL requests and the subgraph calls they made.
    expect(sum(after, 'graphql_envelop_request') - sum(before, 'graphql_envelop_request')).toBe(answers.length);
    const subgraphCalls = after.filter((s) => s.name === 'graphql_gateway_subgraph_execute_duration_count');
    expect(new Set(subgraphCalls.map((s) => s.labels.subgraphName))).toContain('orders');
    expect(sum(after, 'graphql_gateway_subgraph_execute_duration_count', { subgraphName: 'orders' })).toBeGreaterThanOrEqual(2);
  });

  it("an introspection between two asks of one document leaves that document's plan cached: plans are kept per schema, not emptied by a role contract's", async () => {
    await m.ask('merchant-deer', STORE_ORDERS);
    const before = samples((await scrape()).text);
    for (let i = 0; i < 3; i++) {
      expect((await m.ask('visitor', '{ __schema { queryType { name } } }')).status).toBe(200);
      expect((await m.ask('merchant-deer', STORE_ORDERS)).status).toBe(200);
    }
    const after = samples((await scrape()).text);
    expect(sum(after, 'privacy_plan_cache_total', { result: 'miss' }) - sum(before, 'privacy_plan_cache_total', { result: 'miss' })).toBeLessThanOrEqual(1);
    expect(sum(after, 'privacy_plan_cache_total', { result: 'hit' }) - sum(before, 'privacy_plan_cache_total', { result: 'hit' })).toBeGreaterThanOrEqual(3);
  });

  it('P-80 one audit append per audited request, its entries the batch sizes', async () => {
    const all = samples((await scrape()).text);
    const entries = await readAuditEntries(m.orm.em, {});
    const requests = new Set(entries.map((e) => e.requestId));
    expect(requests.size).toBeGreaterThan(0);
    expect(sum(all, 'privacy_audit_appends_total', { result: 'ok' })).toBe(requests.size);
    expect(sum(all, 'privacy_audit_appends_total', { result: 'failed' })).toBe(0);
    expect(sum(all, 'privacy_audit_batch_entries_sum')).toBe(entries.length);
    expect(sum(all, 'privacy_audit_batch_entries_count')).toBe(requests.size);
  });

  it('P-82 a stopped consent store: one failed lookup of its owner, and its blocks counted by cause', async () => {
    const before = samples((await scrape()).text);
    await m.subgraph('privacy').close();
    const answer = await m.ask('carrier-oceanic', CROSS_BORDER);
    const blocked = answer.body.extensions.privacy.decisions.filter((d: any) => d.rule === 'P-82').reduce((n: number, d: any) => n + d.count, 0);
    expect(blocked).toBe(4);

    const after = samples((await scrape()).text);
    const delta = (name: string, where: Record<string, string>) => sum(after, name, where) - sum(before, name, where);
    expect(delta('privacy_facts_lookups_total', { owner: 'privacy', result: 'failed' })).toBe(1);
    expect(delta('privacy_facts_lookup_duration_seconds_count', { owner: 'privacy' })).toBe(1);
    expect(delta('privacy_p82_blocks_total', { cause: 'facts_unavailable' })).toBe(blocked);
    expect(delta('privacy_decisions_total', { outcome: 'block', rule: 'P-82', role: 'logistics' })).toBe(blocked);
    // Lookups the other requests made answered, and are counted per owner.
    expect(sum(after, 'privacy_facts_lookups_total', { result: 'ok' })).toBeGreaterThan(0);
  });

  it('P-82 no label carries a seeded personal value, an id or the client operation name', async () => {
    const all = samples((await scrape()).text);
    const values = new Set(all.flatMap((s) => Object.values(s.labels)));
    for (const value of values) {
      for (const seeded of SEEDED_PERSONAL_VALUES) expect(value, `label value ${value}`).not.toContain(seeded);
      expect(value).not.toMatch(/ProbeOperationName|p-trail-boots|deer-outfitters|lantern|QuietShopper|u-merchant|http:|127\.0\.0\.1/);
    }
    const owners = new Set(all.filter((s) => s.name === 'privacy_facts_lookups_total').map((s) => s.labels.owner));
    for (const owner of owners) expect(['accounts', 'support', 'privacy']).toContain(owner);
  });
});

describe('/metrics without a token (development)', () => {
  let dev: Marketplace;
  beforeAll(async () => {
    dev = await Marketplace.start({ gateway: { metricsAccess: { loopback: true } } });
  });
  afterAll(async () => {
    await dev?.close();
  });

  /** GET /metrics from this host, with the Host header a browser would send for `host`. */
  const scrapeAs = (host: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL('/metrics', dev.gatewayUrl);
      get({ hostname: url.hostname, port: url.port, path: url.pathname, headers: { host, ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });

  it('P-82 answers loopback callers that name a loopback host, and not a page on another site resolved to 127.0.0.1 (DNS rebinding)', async () => {
    const port = new URL(dev.gatewayUrl).port;
    expect(await scrapeAs(`127.0.0.1:${port}`)).toBe(200);
    expect(await scrapeAs(`localhost:${port}`)).toBe(200);
    expect(await scrapeAs(`evil.example:${port}`)).toBe(404);
    expect(await scrapeAs('evil.example')).toBe(404);
  });

  it('P-82 a script of a page on another origin gets no metrics, even on loopback (CORS_ORIGINS would let it read them): a scraper sends no Origin', async () => {
    const port = new URL(dev.gatewayUrl).port;
    expect(await scrapeAs(`127.0.0.1:${port}`, { origin: 'http://localhost:4619' })).toBe(404);
    expect(await scrapeAs(`127.0.0.1:${port}`, { origin: 'https://evil.example' })).toBe(404);
  });
});
