import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';

/** The federated marketplace works end to end: real subgraphs over HTTP, composed, behind the gateway. */
describe('federated marketplace', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  it('serves a storefront product page: product, store and reviews with their authors', async () => {
    const { status, body } = await m.ask(
      'visitor',
      `{ product(id: "p-paper-lantern") { name price store { id name } reviews { rating text author { nickname avatar } } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.product).toMatchObject({ name: expect.any(String), store: { id: 'red-lantern', name: expect.any(String) } });
    expect(body.data.product.reviews.length).toBeGreaterThan(0);
    for (const review of body.data.product.reviews) expect(review.author.nickname).toMatch(/^Shopper\d$/);
  });

  it("serves a member's order history with shipments (orders → logistics → catalog)", async () => {
    const { body } = await m.ask('buyer', `{ me { nickname orders { id store { name } items { product { name } quantity } shipments { waybill status carrier { name } } } } }`);
    expect(body.errors).toBeUndefined();
    const orders = body.data.me.orders;
    expect(orders.map((o: any) => o.id)).toEqual(expect.arrayContaining(['o-1041', 'o-1042']));
    const domestic = orders.find((o: any) => o.id === 'o-1041');
    expect(domestic.shipments[0]).toMatchObject({ waybill: 'SW-1001', carrier: { name: 'Swift Couriers' } });
    expect(domestic.items[0].product.name).toEqual(expect.any(String));
  });

  it('resolves one entity across at least three subgraphs (Member: accounts, orders, reviews, activity, privacy)', async () => {
    const { body } = await m.ask('buyer', `{ me { id nickname orders { id } reviews { id } browsingHistory { productId } consents { kind granted } } }`);
    expect(body.errors).toBeUndefined();
    const me = body.data.me;
    expect(me.id).toBe('m-buyer');
    expect(me.orders.length).toBeGreaterThan(0);
    expect(me.reviews.length).toBeGreaterThan(0);
    expect(me.browsingHistory.length).toBeGreaterThan(0);
    expect(me.consents.find((c: any) => c.kind === 'personalized_recommendation')?.granted).toBe(true);
  });

  it('serves GraphiQL to a browser, and health and readiness checks', async () => {
    const base = m.gatewayUrl.replace(/\/graphql$/, '');
    const page = await fetch(m.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/graphiql/i);
    expect((await fetch(`${base}/healthcheck`)).status).toBe(200);
    expect((await fetch(`${base}/readiness`)).status).toBe(200);
  });

  it('answers a malformed query with a clear syntax error (HTTP 400 for graphql-response+json, per GraphQL over HTTP)', async () => {
    const response = await fetch(m.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ product(id: "p-trail-boots") { name ' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.errors[0].message).toMatch(/Syntax Error/);
  });
});
