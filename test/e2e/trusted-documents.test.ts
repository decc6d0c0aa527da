import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../../gateway/personas.js';
import { readDocumentManifest } from '../../gateway/document-manifest.js';
import { trustedDocumentsModeFromEnv } from '../../gateway/trusted-documents.js';
import { MEMBER, STORE } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';

/**
 * Trusted documents over HTTP, enforced: partner roles run only the documents registered for their
 * role (documents/<role>/*.graphql), sent by id; members and visitors still send ad-hoc queries.
 */
const manifest = readDocumentManifest();
const validResponse = new Ajv({ strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync('contracts/response.schema.json', 'utf8')));
const idOf = (role: string, name: string) => Object.entries(manifest.documents).find(([, d]) => d.role === role && d.name === name)![0];

describe('trusted documents for partner roles', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start({ gateway: { trustedDocuments: { mode: 'enforce' } } });
  });
  afterAll(async () => {
    await m?.close();
  });

  /** Sends a registered document by id as a persona, with its default purpose. */
  const run = async (persona: string, documentId: string, variables?: Record<string, unknown>) => {
    const token = await m.token(persona);
    const purpose = PERSONAS[persona]?.purpose;
    const response = await fetch(m.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'x-purpose': purpose } : {}) },
      body: JSON.stringify({ documentId, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any } };
  };

  it('a merchant’s unregistered document is refused, naming what to do', async () => {
    const answer = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}") { id consigneePhone } }`);
    expect(answer.status).toBe(403);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    expect(answer.body.errors?.[0]?.message).toMatch(/role merchant runs only registered documents.*documentId.*documents\/merchant\//);
    expect(validResponse(answer.body), 'contracts/response.schema.json').toBe(true);
  });

  it('P-21 the merchant’s registered StoreOrders runs by id, with the privacy outcomes: consignee phone masked', async () => {
    const answer = await run('merchant-deer', idOf('merchant', 'StoreOrders'), { storeId: STORE.deer });
    expect(answer.status).toBe(200);
    const orders: any[] = answer.body.data.storeOrdersConnection.nodes;
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(order.consigneePhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(answer.body.extensions.privacy.decisions).toContainEqual(expect.objectContaining({ field: 'Order.consigneePhone', outcome: 'mask', rule: 'P-21' }));
  });

  it('P-22 the carrier’s registered Manifest runs by id; the merchant’s document sent by the carrier is refused', async () => {
    const manifestRun = await run('carrier-swift', idOf('logistics', 'Manifest'), { carrierId: 'swift' });
    expect(manifestRun.status).toBe(200);
    expect(manifestRun.body.data.shipmentsConnection.nodes.length).toBeGreaterThan(0);
    const foreign = await run('carrier-swift', idOf('merchant', 'StoreOrders'), { storeId: STORE.deer });
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(foreign.body.errors?.[0]?.message).toMatch(/registered for role logistics/);
    expect(JSON.stringify(foreign.body)).not.toMatch(/consignee|13\d{9}/);
    expect(validResponse(foreign.body), 'contracts/response.schema.json').toBe(true);
  });

  it('P-52 P-50 the researcher and the advertiser have their view of purchases registered: the per-store aggregates, below k refused', async () => {
    for (const [persona, role] of [['researcher', 'researcher'], ['advertiser', 'advertiser'], ['analyst', 'analyst']] as const) {
      const answer = await run(persona, idOf(role, 'OrderStats'));
      const stats: any[] = answer.body.data.orderStats;
      expect(stats.find((s) => s.storeId === STORE.deer)?.buyers, persona).toBeGreaterThanOrEqual(5);
      expect(stats.find((s) => s.storeId === 'tiny-kiosk'), persona).toEqual({ storeId: 'tiny-kiosk', buyers: null, orders: null, revenue: null });
    }
  });

  it('P-22 a registered document also runs by GET, its id and variables in the query string', async () => {
    const token = await m.token('carrier-swift');
    const url = new URL(m.gatewayUrl);
    url.searchParams.set('documentId', idOf('logistics', 'Manifest'));
    url.searchParams.set('variables', JSON.stringify({ carrierId: 'swift', first: 2 }));
    const response = await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'x-purpose': PERSONAS['carrier-swift']!.purpose! } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.shipmentsConnection.nodes).toHaveLength(2);
  });

  it('P-01 a member’s ad-hoc query is still served, and a visitor’s', async () => {
    const member = await m.ask('buyer', '{ me { id nickname phone } }');
    expect(member.status).toBe(200);
    expect(member.body.data.me.id).toBe(MEMBER.buyer);
    const visitor = await m.ask('visitor', '{ stores { id } }');
    expect(visitor.status).toBe(200);
    expect(visitor.body.data.stores.length).toBeGreaterThan(0);
  });

  it('enforcement is on in production unless TRUSTED_DOCUMENTS says otherwise, off in the demo', () => {
    expect(trustedDocumentsModeFromEnv({ NODE_ENV: 'production' })).toBe('enforce');
    expect(trustedDocumentsModeFromEnv({ NODE_ENV: 'production', TRUSTED_DOCUMENTS: 'off' })).toBe('off');
    expect(trustedDocumentsModeFromEnv({ NODE_ENV: 'development' })).toBe('off');
    expect(trustedDocumentsModeFromEnv({ TRUSTED_DOCUMENTS: 'enforce' })).toBe('enforce');
    expect(() => trustedDocumentsModeFromEnv({ TRUSTED_DOCUMENTS: 'maybe' })).toThrow(/enforce' or 'off/);
  });
});
