import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';

/**
 * What a foreign page can make a browser send without a CORS preflight (a GET, a form, a
 * `text/plain` or `application/graphql` POST) changes nothing and reads nothing (P-82); only a
 * listed origin may read answers, and credentials are never allowed.
 */

const SHOP = 'https://shop.example';
const OPT_OUT = 'mutation { setConsent(kind: personalized_recommendation, granted: false) { kind granted } }';

describe('CORS and CSRF', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start({ gateway: { corsOrigins: [SHOP] } });
  });
  afterAll(async () => {
    await m?.close();
  });

  const consent = async () => (await m.ask('buyer', '{ myConsents { kind granted } }')).body.data.myConsents.find((c: any) => c.kind === 'personalized_recommendation');

  it('P-82 a mutation sent with GET is refused (405) and changes nothing, token or not', async () => {
    const token = await m.token('buyer');
    for (const headers of [{ authorization: `Bearer ${token}` }, {}] as Record<string, string>[]) {
      const url = new URL(m.gatewayUrl);
      url.searchParams.set('query', OPT_OUT);
      const response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
      expect(response.status).toBe(405);
      const body = (await response.json()) as any;
      expect(body.data ?? null).toBeNull();
      expect(body.errors[0].message).toMatch(/mutation.*POST/i);
    }
    expect(await consent()).toEqual({ kind: 'personalized_recommendation', granted: true });
    // The same query over GET runs.
    const read = await m.ask('buyer', '{ myConsents { kind granted } }', { method: 'GET' });
    expect(read.status).toBe(200);
  });

  it('P-82 the endpoint spelled otherwise (/graphql/, //graphql, /x/graphql, ?next=/graphql) is refused: a form post or a bad token reaches nothing there', async () => {
    const origin = new URL(m.gatewayUrl).origin;
    for (const path of ['/graphql/', '//graphql', '/x/graphql', '/healthcheck?next=/graphql', '/GRAPHQL/graphql/']) {
      const form = await fetch(origin + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: OPT_OUT }) });
      expect(form.status, path).toBe(404);
      expect(((await form.json()) as any).errors[0]).toEqual({ message: 'not found: the GraphQL endpoint is /graphql, spelled exactly', extensions: { code: 'NOT_FOUND' } });
      const badToken = await fetch(origin + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer garbage' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(badToken.status, path).toBe(404);
      const page = await fetch(origin + path, { headers: { accept: 'text/html' } });
      expect(page.status, path).toBe(404);
    }
    expect(await consent()).toEqual({ kind: 'personalized_recommendation', granted: true });
    expect((await fetch(origin + '/healthcheck')).status).toBe(200);
  });

  it("P-01 P-20 a signed-in caller's answers are never kept by a browser or a proxy (cache-control: no-store), over POST and GET", async () => {
    for (const method of ['POST', 'GET'] as const) {
      const own = await m.ask('buyer', '{ me { name phone email } }', { method });
      expect(own.body.data.me.phone, method).toBeTruthy();
      expect(own.cacheControl, method).toBe('no-store');
    }
    expect((await m.ask('visitor', '{ product(id: "p-trail-boots") { name } }')).cacheControl).toBeNull();
  });

  it("P-11 P-34 a visitor's answer decided from a person's consent or age is kept by no browser or proxy either: a change governs the very next request", async () => {
    for (const method of ['POST', 'GET'] as const) {
      const homepage = await m.ask('visitor', '{ homepage(nickname: "DeerFan") { bio } }', { method });
      expect(homepage.body.data.homepage, method).not.toBeNull();
      expect(homepage.cacheControl, method).toBe('no-store');
      const reviews = await m.ask('visitor', '{ product(id: "p-trail-boots") { name reviews { text author { nickname } } } }', { method });
      expect(reviews.cacheControl, method).toBe('no-store');
    }
  });

  it("P-70 P-80 P-62 a visitor's answer holding a person's content (a review's text, a child's among them) is kept by no proxy: each copy would be a read the audit never saw, and would outlive the author's erasure", async () => {
    for (const method of ['POST', 'GET'] as const) {
      for (const query of ['{ review(id: "r-2005") { text } }', '{ product(id: "p-trail-boots") { reviews { text } comments { text } questions { text answers { text } } } }', '{ node(id: "r-2005") { ... on Review { text pictures } } }', '{ sharedReviews { review { text } } }']) {
        const answer = await m.ask('visitor', query, { method });
        expect(answer.body.errors, query).toBeUndefined();
        expect(answer.cacheControl, `${method} ${query}`).toBe('no-store');
      }
    }
    // The catalog alone keeps the runtime's headers.
    expect((await m.ask('visitor', '{ product(id: "p-trail-boots") { name price store { name } } }')).cacheControl).toBeNull();
  });

  it('P-82 P-83 a catalog answer a proxy may keep names the request headers that change it: a copy is never served to another token, purpose, privacy mode or format', async () => {
    const url = `${m.gatewayUrl}?query=${encodeURIComponent('{ product(id: "p-trail-boots") { name price } }')}`;
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBeNull();
    const vary = (response.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);
    for (const header of ['accept', 'authorization', 'x-purpose', 'x-privacy-mode']) expect(vary, header).toContain(header);
  });

  it('P-82 an application/graphql POST is refused with 415 like a form: only application/json runs', async () => {
    const token = await m.token('buyer');
    const response = await fetch(m.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/graphql', authorization: `Bearer ${token}` }, body: OPT_OUT });
    expect(response.status).toBe(415);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await fetch(m.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(json.status).toBe(200);
    expect(await consent()).toEqual({ kind: 'personalized_recommendation', granted: true });
  });

  it('P-82 a preflight from a foreign origin is not granted; from a listed one it allows POST with authorization, never credentials', async () => {
    const preflight = (origin: string) =>
      fetch(m.gatewayUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-purpose' } });
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-methods')).toBeNull();
    const shop = await preflight(SHOP);
    expect(shop.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(shop.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(shop.headers.get('access-control-allow-credentials')).toBeNull();
    // An origin that only starts like a listed one is another origin.
    const lookalike = await preflight('https://shop.example.evil.example');
    expect(lookalike.headers.get('access-control-allow-origin')).toBeNull();
  });
});
