import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStoreOrders } from '../../clients/merchant-export/export-store-orders.js';
import { fetchManifest } from '../../clients/carrier-manifest/fetch-manifest.js';
import { PartnerRequestError } from '../../clients/partner-request.js';
import { Shipment } from '../../resolvers/logistics/shipment.entity.js';
import { Order } from '../../resolvers/orders/order.entity.js';
import { CARRIER, ORDER, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';

/**
 * The example partner clients (clients/) against the whole marketplace, trusted documents
 * enforced: what the merchant's CSV export and the carrier's manifest receive.
 */
describe('example partner clients', () => {
  let m: Marketplace;
  const waits: number[] = [];
  /** Records the client's waits on 429 and really waits, so the retry lands in the next window. */
  const sleep = (ms: number) => (waits.push(ms), new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const connect = async (persona: string) => ({ endpoint: m.gatewayUrl, token: (await m.token(persona))!, sleep });

  beforeAll(async () => {
    // A partner budget of 4 requests per 1 s window: paging two rows at a time runs into 429s.
    m = await Marketplace.start({ gateway: { trustedDocuments: { mode: 'enforce' }, rateLimit: { limits: { windowSeconds: 1, partner: 4 } } } });
  });
  afterAll(async () => {
    await m?.close();
  });

  it('P-21 the merchant’s CSV export has every order of its store exactly once, by cursor, phones masked, no other store’s order', async () => {
    const expected = (await m.orm.em.fork().find(Order, { storeId: STORE.deer })).map((o) => o.id).sort();
    expect(expected.length).toBeGreaterThan(2);
    const result = await exportStoreOrders({ ...(await connect('merchant-deer')), storeId: STORE.deer, pageSize: 2 });
    // Every full page says another may follow: the last holds what is left, possibly nothing.
    expect(result.pages).toBe(Math.floor(expected.length / 2) + 1);

    const [header, ...rows] = result.csv.trimEnd().split('\r\n');
    expect(header).toBe('id,status,createdAt,total,items,consigneeName,consigneePhone,deliveryAddress,invoiceHeader,taxpayerId');
    const ids = rows.map((row) => row.split(',')[0]);
    expect(ids).toHaveLength(expected.length);
    expect([...ids].sort()).toEqual(expected);

    const lantern = (await m.orm.em.fork().find(Order, { storeId: STORE.lantern })).map((o) => o.id);
    for (const id of lantern) expect(result.csv).not.toContain(id);
    for (const order of result.orders) if (order.consigneePhone !== null) expect(order.consigneePhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(result.orders.some((o) => o.consigneePhone !== null)).toBe(true);
    expect(result.csv).not.toMatch(/\b1\d{10}\b/);
  });

  it('P-23 a field the gateway withholds is an empty cell of the CSV, and listed: the overseas store without the buyer’s cross-border consent', async () => {
    const result = await exportStoreOrders({ ...(await connect('merchant-lantern')), storeId: STORE.lantern, pageSize: 3 });
    expect(result.blocked).toEqual(expect.arrayContaining(['Order.consigneeName', 'Order.consigneePhone', 'Order.deliveryAddress']));
    const row = result.csv.split('\r\n').find((line) => line.startsWith(`${ORDER.optoutCrossBorder},`))!;
    // id,status,createdAt,total,items are served; the consignee's cells are empty.
    expect(row.split(',').slice(5, 8)).toEqual(['', '', '']);
    const withConsent = result.orders.find((o) => o.id === ORDER.buyerCrossBorder)!;
    expect(withConsent.consigneePhone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('P-22 the carrier’s manifest has each of its shipments exactly once, with the consignee’s delivery data; no other carrier’s', async () => {
    const expected = (await m.orm.em.fork().find(Shipment, { carrierId: CARRIER.swift })).map((s) => s.id).sort();
    const manifest = await fetchManifest({ ...(await connect('carrier-swift')), carrierId: CARRIER.swift, pageSize: 2 });
    expect(manifest.rows.map((r) => r.id).sort()).toEqual(expected);
    expect(manifest.pages).toBe(Math.floor(expected.length / 2) + 1);
    const own = manifest.rows.find((r) => r.id === shipmentId(ORDER.buyerDomestic))!;
    expect(own.consigneeName).toBeTruthy();
    expect(own.consigneePhone).toMatch(/^1\d{10}$/);
    expect(own.address).toBeTruthy();
    expect(own.withheld).toEqual([]);
    const oceanic = (await m.orm.em.fork().find(Shipment, { carrierId: CARRIER.oceanic })).map((s) => s.id);
    for (const id of oceanic) expect(manifest.rows.map((r) => r.id)).not.toContain(id);
  });

  it('P-22 P-23 the cross-border carrier’s manifest: rows withheld per rule, and the outcomes it was told', async () => {
    const manifest = await fetchManifest({ ...(await connect('carrier-oceanic')), carrierId: CARRIER.oceanic, pageSize: 2 });
    const row = (orderId: string) => manifest.rows.find((r) => r.id === shipmentId(orderId))!;
    const delivery = ['consigneeName', 'consigneePhone', 'address'];
    // Delivered 45 days ago: the 30-day window is closed (P-22).
    expect(row(ORDER.buyerCrossBorder).withheld).toEqual(delivery.map((field) => ({ field, rule: 'P-22' })));
    expect(row(ORDER.buyerCrossBorder).consigneePhone).toBeNull();
    // No cross-border consent: nothing of the delivery data (P-23).
    expect(row(ORDER.optoutCrossBorder).withheld).toEqual(delivery.map((field) => ({ field, rule: 'P-23' })));
    // Consent given: name and phone masked on the cross-border waybill (P-23).
    expect(row(ORDER.buyerRecentCrossBorder).withheld).toEqual([]);
    expect(row(ORDER.buyerRecentCrossBorder).consigneePhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(manifest.outcomes).toEqual(
      expect.arrayContaining([
        { field: 'Shipment.consigneePhone', outcome: 'block', rule: 'P-22' },
        { field: 'Shipment.consigneePhone', outcome: 'block', rule: 'P-23' },
        { field: 'Shipment.consigneePhone', outcome: 'mask', rule: 'P-23' },
      ]),
    );
  });

  it('RATE_LIMITED: the clients wait out the 429 for its retry-after seconds and still get every page', () => {
    expect(waits.length).toBeGreaterThan(0);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(1000);
  });

  it('P-21 a merchant client pointed at another store gets none of its orders', async () => {
    const result = await exportStoreOrders({ ...(await connect('merchant-deer')), storeId: STORE.lantern, pageSize: 2 });
    expect(result.orders).toEqual([]);
    expect(result.csv).toBe('id,status,createdAt,total,items,consigneeName,consigneePhone,deliveryAddress,invoiceHeader,taxpayerId\r\n');
  });

  it('a document the gateway does not serve fails the export with the code of contracts/response.schema.json', async () => {
    const error = await exportStoreOrders({ ...(await connect('carrier-swift')), purpose: 'essential.service.operations.delivery', storeId: STORE.deer }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerRequestError);
    expect((error as PartnerRequestError).code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('the command-line clients say what failed in one line, without a stack trace, and exit 1: a refused token, a gateway that cannot be reached', async () => {
    // Asynchronous: the gateway answering the client runs in this process.
    const cli = (...args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'clients/merchant-export/cli.ts', '--store', STORE.deer, ...args]);
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const refused = await cli('--endpoint', m.gatewayUrl, '--token', 'not-a-token');
    expect(refused).toEqual({ code: 1, stderr: expect.stringMatching(/^error: \S+: .+\n$/) });
    // A port just freed: nothing listens there.
    const free = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const unreachable = await cli('--endpoint', `http://127.0.0.1:${free}/graphql`, '--token', (await m.token('merchant-deer'))!);
    expect(unreachable).toEqual({ code: 1, stderr: 'error: the gateway could not be reached (ECONNREFUSED): check --endpoint, a full URL such as http://127.0.0.1:4000/graphql\n' });
  }, 60_000);
});
