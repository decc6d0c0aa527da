import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { createPrivacyGateway, type PrivacyGatewayOptions } from '../../gateway/privacy-gateway.js';
import { PERSONAS } from '../../gateway/personas.js';
import { DEFAULT_RATE_LIMITS } from '../../gateway/rate-limits.js';
import { createGatewayLogger } from '../../gateway/gateway-logger.js';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

/**
 * Rate limits per caller (P-82: what cannot be served safely is refused, with a clear error):
 * partners per organisation, members per subject, visitors per address; counted in memory on one
 * instance, in Redis when replicas share REDIS_URL.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUERY = '{ __typename }';

interface Served {
  url: string;
  close: () => Promise<void>;
}

async function serve(market: Marketplace, options: Partial<PrivacyGatewayOptions>): Promise<Served> {
  const gateway = createPrivacyGateway({ supergraph: market.supergraph, identity: { publicKey: market.keys.publicJwk }, graphiql: false, ...options });
  const server: Server = createServer(gateway as any);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.dispose();
    },
  };
}

describe('rate limits', () => {
  let market: Marketplace;
  const tokens: Record<string, string | null> = {};

  beforeAll(async () => {
    market = await Marketplace.start();
    for (const persona of ['visitor', 'buyer', 'guardian', 'merchant-deer', 'merchant-lantern', 'analyst']) tokens[persona] = await market.token(persona);
  });

  afterAll(async () => {
    await market?.close();
  });

  async function ask(gateway: Served, persona: string, query = QUERY) {
    const token = tokens[persona];
    const purpose = PERSONAS[persona]?.purpose;
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(purpose ? { 'x-purpose': purpose } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  }

  it('P-82 a partner over its budget gets 429 with retry-after and an error naming the limit; other callers go on', async () => {
    const gateway = await serve(market, { rateLimit: { limits: { partner: 3, member: 5, visitor: 4, windowSeconds: 60 } } });
    try {
      for (let i = 0; i < 3; i++) expect((await ask(gateway, 'merchant-deer')).status).toBe(200);
      const refused = await ask(gateway, 'merchant-deer', '{ storeOrders(storeId: "deer-outfitters", first: 1) { id } }');
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      expect(refused.body.data ?? null).toBeNull();
      expect(refused.body.errors).toHaveLength(1);
      expect(refused.body.errors[0].message).toMatch(/^rate limit exceeded: a partner may send 3 requests per 60 s; retry after \d+ s$/);
      expect(refused.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', limit: 'partnerRequests', max: 3, windowSeconds: 60, retryAfter: Number(refused.retryAfter) });
      // The refusal is one a partner can type from contracts/response.schema.json.
      const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync('contracts/response.schema.json', 'utf8')));
      expect(validate(refused.body) ? [] : validate.errors).toEqual([]);
      // Another partner, a member and a visitor each have their own budget.
      expect((await ask(gateway, 'merchant-lantern')).status).toBe(200);
      expect((await ask(gateway, 'analyst')).status).toBe(200);
      expect((await ask(gateway, 'buyer')).status).toBe(200);
      expect((await ask(gateway, 'visitor')).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('P-82 a listed browser origin can read the 429 and its retry-after', async () => {
    const shop = 'https://shop.example';
    const gateway = await serve(market, { rateLimit: { limits: { visitor: 1 } }, corsOrigins: [shop] });
    try {
      const post = () => fetch(gateway.url, { method: 'POST', headers: { origin: shop, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: QUERY }) });
      expect((await post()).status).toBe(200);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('access-control-allow-origin')).toBe(shop);
      expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
      expect(refused.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await gateway.close();
    }
  });

  it('P-60 P-82 the rights routes count against the same budget: a member downloading their data over and over gets 429', async () => {
    const gateway = await serve(market, { orm: market.orm, rateLimit: { limits: { member: 2, visitor: 1 } } });
    const route = async (path: string, token: string | null) => {
      const response = await fetch(new URL(path, gateway.url), { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
    };
    try {
      const token = await market.token('buyer');
      expect((await route('/privacy/my-data', token)).status).toBe(200);
      expect((await route('/privacy/my-data', token)).status).toBe(200);
      const refused = await route('/privacy/my-data', token);
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toMatch(/^\d+$/);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'memberRequests', max: 2 });
      expect(JSON.stringify(refused.body)).not.toContain('m-buyer');
      // A forged token is no way around it: it counts as a visitor by address, refused as unauthenticated, then limited.
      expect((await route('/privacy/my-data', 'forged.token.value')).status).toBe(401);
      expect((await route('/privacy/my-data', 'forged.token.value')).status).toBe(429);
      // The budgets are per caller: another member still downloads.
      expect((await route('/privacy/my-data', await market.token('guardian'))).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('P-82 members count per subject and visitors per address, each with its own limit', async () => {
    const gateway = await serve(market, { rateLimit: { limits: { partner: 100, member: 2, visitor: 3 } } });
    try {
      const statuses = async (persona: string, n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await ask(gateway, persona)).status);
        return out;
      };
      expect(await statuses('buyer', 3)).toEqual([200, 200, 429]);
      expect(await statuses('guardian', 2)).toEqual([200, 200]);
      expect(await statuses('visitor', 4)).toEqual([200, 200, 200, 429]);
      const refused = await ask(gateway, 'visitor');
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'visitorRequests', max: 3 });
      // A refused request was not executed and reads nothing.
      expect((await ask(gateway, 'buyer', '{ me { nickname } }')).body.data ?? null).toBeNull();
    } finally {
      await gateway.close();
    }
  });

  it('P-82 a refused token or purpose counts too: bad tokens as a visitor by address, a refused purpose as its caller', async () => {
    const gateway = await serve(market, { rateLimit: { limits: { partner: 100, member: 2, visitor: 2 } } });
    try {
      const post = (headers: Record<string, string>) =>
        fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify({ query: QUERY }) }).then((r) => r.status);
      const bad = { authorization: 'Bearer a.b.c' };
      expect([await post(bad), await post(bad), await post(bad)]).toEqual([401, 401, 429]);
      // The address's budget is spent for a visitor without a token as well.
      expect(await post({})).toBe(429);
      const wrongPurpose = { authorization: `Bearer ${tokens.buyer}`, 'x-purpose': 'analytics.reporting' };
      expect([await post(wrongPurpose), await post(wrongPurpose), await post(wrongPurpose)]).toEqual([403, 403, 429]);
      // So is the explorer's route, which answers before the GraphQL plugins.
      const explorer = new URL('/privacy/explorer/roles', gateway.url);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(explorer, { headers: { authorization: `Bearer ${tokens.guardian}` } })).status);
      expect(statuses).toEqual([403, 403, 429]);
    } finally {
      await gateway.close();
    }
  });

  it('P-82 a visitor cannot dodge its budget with x-forwarded-for, unless a trusted proxy put the address there', async () => {
    const send = (gateway: Served, forwardedFor: string) =>
      fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ query: QUERY }) }).then((r) => r.status);
    const direct = await serve(market, { rateLimit: { limits: { visitor: 2 } } });
    try {
      expect([await send(direct, '203.0.113.1'), await send(direct, '203.0.113.2'), await send(direct, '203.0.113.3')]).toEqual([200, 200, 429]);
    } finally {
      await direct.close();
    }
    const proxied = await serve(market, { rateLimit: { limits: { visitor: 2 }, trustedProxies: 1 } });
    try {
      // The proxy appends the address it saw: the client's own entries to the left count for nothing.
      expect([await send(proxied, '198.51.100.7, 203.0.113.1'), await send(proxied, '198.51.100.8, 203.0.113.1'), await send(proxied, '203.0.113.1')]).toEqual([200, 200, 429]);
      expect(await send(proxied, '203.0.113.2')).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('P-82 the defaults leave a storefront and a partner room: a hundred back-to-back requests pass', async () => {
    expect(DEFAULT_RATE_LIMITS.partner).toBeLessThan(DEFAULT_RATE_LIMITS.member);
    const gateway = await serve(market, {});
    try {
      for (let i = 0; i < 100; i++) expect((await ask(gateway, 'merchant-deer')).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('P-82 two gateways sharing REDIS_URL share one count; keys hold no caller id or address', async () => {
    const keyPrefix = `test-rate-${randomUUID()}:`;
    const a = await serve(market, { rateLimit: { limits: { partner: 4 }, keyPrefix, redisUrl: REDIS_URL } });
    const b = await serve(market, { rateLimit: { limits: { partner: 4 }, keyPrefix, redisUrl: REDIS_URL } });
    const redis = new Redis(REDIS_URL);
    try {
      expect((await ask(a, 'merchant-deer')).status).toBe(200);
      expect((await ask(b, 'merchant-deer')).status).toBe(200);
      expect((await ask(a, 'merchant-deer')).status).toBe(200);
      expect((await ask(b, 'merchant-deer')).status).toBe(200);
      const refusedOnA = await ask(a, 'merchant-deer');
      expect(refusedOnA.status).toBe(429);
      expect(refusedOnA.retryAfter).toMatch(/^\d+$/);
      expect((await ask(b, 'merchant-deer')).status).toBe(429);
      // The other store's merchant has its own count, on either replica.
      expect((await ask(b, 'merchant-lantern')).status).toBe(200);
      const keys = await redis.keys(`${keyPrefix}*`);
      expect(keys.length).toBe(2);
      for (const key of keys) expect(key).toMatch(new RegExp(`^${keyPrefix}partner:[A-Za-z0-9_-]{32}$`));
      expect(keys.join(' ')).not.toMatch(/deer|lantern|merchant|127\.0\.0\.1/);
    } finally {
      await a.close();
      await b.close();
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('P-82 with Redis unreachable each instance counts on its own and says so once in its log, without the address', async () => {
    const lines: string[] = [];
    // Nothing listens on port 1: every count fails and falls back to memory.
    const logging = createGatewayLogger({ level: 'warn', writer: { write: (_level, _attrs, msg) => void lines.push(String(msg)) } });
    const gateway = await serve(market, { rateLimit: { limits: { partner: 2 }, redisUrl: 'redis://127.0.0.1:1' }, logging });
    try {
      expect((await ask(gateway, 'merchant-deer')).status).toBe(200);
      expect((await ask(gateway, 'merchant-deer')).status).toBe(200);
      expect((await ask(gateway, 'merchant-deer')).status).toBe(429);
      expect(lines.filter((l) => l.includes('unreachable'))).toHaveLength(1);
      expect(lines.join('\n')).not.toMatch(/127\.0\.0\.1|:1\b/);
    } finally {
      await gateway.close();
    }
  });
  it('P-82 one caller\'s burst runs a few at once and waits its turn, a full line gets 429 naming the limit, and another caller runs beside it', async () => {
    // Every call to the catalog takes 300 ms behind a proxy that counts the calls in flight per role.
    const catalog = market.subgraphs.find((s) => s.name === 'catalog')!.url;
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    const proxy = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        const role = String(JSON.parse(body).extensions?.caller?.role ?? 'visitor');
        inFlight.set(role, (inFlight.get(role) ?? 0) + 1);
        most.set(role, Math.max(most.get(role) ?? 0, inFlight.get(role)!));
        await new Promise((resolve) => setTimeout(resolve, 300));
        const answer = await fetch(catalog, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
        inFlight.set(role, inFlight.get(role)! - 1);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const slowCatalog = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
    const gateway = await serve(market, { supergraph: market.supergraph.replaceAll(catalog, slowCatalog), rateLimit: { limits: { partnerAtOnce: 2 } } });
    try {
      // Distinct documents: the runtime would otherwise send identical calls to the catalog once.
      const products = (n: number) => `{ products(first: ${n}) { id } }`;
      const burst = Array.from({ length: 20 }, (_, i) => ask(gateway, 'merchant-deer', products(i + 1)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const visitor = await ask(gateway, 'visitor', products(1));
      const visitorTook = Date.now() - started;
      const answers = await Promise.all(burst);
      // Two run, sixteen wait their turn, two are refused.
      expect(answers.filter((a) => a.status === 200).length).toBe(18);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBe(2);
      for (const answer of refused) {
        expect(answer.retryAfter).toBe('1');
        expect(answer.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'partnerAtOnce', max: 2 });
        expect(answer.body.data ?? null).toBeNull();
      }
      expect(most.get('merchant')).toBe(2);
      // The visitor did not wait behind the merchant's line (nine turns of 300 ms).
      expect(visitor.status).toBe(200);
      expect(visitor.body.data.products).toHaveLength(1);
      expect(visitorTook).toBeLessThan(2_000);
      // Every slot came back: the merchant runs again at once.
      expect((await ask(gateway, 'merchant-deer', products(3))).status).toBe(200);
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
  it('P-82 a request whose body is still arriving holds no slot: the caller\'s next request runs meanwhile', async () => {
    const gateway = await serve(market, { rateLimit: { limits: { partnerAtOnce: 1 } } });
    const { hostname, port } = new URL(gateway.url);
    const token = tokens['merchant-deer']!;
    // Headers and half a body, the rest never sent (until the socket is closed).
    const slow = connect(Number(port), hostname);
    await new Promise<void>((resolve) => slow.on('connect', () => resolve()));
    slow.write(`POST /graphql HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\naccept: application/json\r\nauthorization: Bearer ${token}\r\nx-purpose: essential.service.operations\r\ncontent-length: 200\r\n\r\n{"query":`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const started = Date.now();
      const next = await ask(gateway, 'merchant-deer');
      expect(next.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      slow.destroy();
      await gateway.close();
    }
  });
});
