import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startSubgraph, type RunningSubgraph } from '../../resolvers/subgraph-server.js';
import { signGraphQLRequest } from '../../schema/caller-envelope.js';
import { catalog } from '../../resolvers/catalog/index.js';
import { orders } from '../../resolvers/orders/index.js';
import { logistics } from '../../resolvers/logistics/index.js';
import { Product, Store } from '../../resolvers/catalog/store.entity.js';
import { Order, OrderItem, Payment } from '../../resolvers/orders/order.entity.js';
import { Shipment } from '../../resolvers/logistics/shipment.entity.js';
import { CARRIER, MEMBER, ORDER, PRODUCT, STORE, TINY_STORE, daysAgo, shipmentId } from '../../resolvers/demo-ids.js';

/**
 * The catalog, orders and logistics subgraphs on their own (no gateway): their SDL is served as
 * written, the demo data exercises the policy's cases, and every list and reference is batched
 * so that 50 orders cost the same number of SQL statements as 5.
 */

/** The subgraphs answer only signed requests; these tests sign as the gateway would. */
const SIGNING_SECRET = 'subgraphs-commerce-test-secret';

let orm: MikroORM;
let database: TestDatabase;
let statements: string[] = [];
let counting = false;
const servers: Record<string, RunningSubgraph> = {};

const BULK_STORE = 'bulk-store';
const BULK_ORDERS = 60;
const bulkOrderId = (i: number) => `o-bulk-${String(i).padStart(3, '0')}`;
const bulkBuyerId = (i: number) => `m-bulk-${String(i).padStart(3, '0')}`;

beforeAll(async () => {
  database = await openTestDatabase({
    debug: ['query'],
    colors: false,
    logger: (message: string) => {
      if (counting && message.startsWith('[query]')) statements.push(message);
    },
  });
  orm = database.orm;

  // Extra orders for the batching checks: one store, 60 buyers, each order with 2 items, a payment and 2 shipments.
  const em = orm.em.fork();
  em.create(Store, { id: BULK_STORE, name: 'Bulk Store', merchantId: 'u-merchant-bulk' });
  em.create(Product, { id: 'p-bulk-a', storeId: BULK_STORE, name: 'Bulk A', price: 2 });
  em.create(Product, { id: 'p-bulk-b', storeId: BULK_STORE, name: 'Bulk B', price: 3 });
  for (let i = 0; i < BULK_ORDERS; i++) {
    const id = bulkOrderId(i);
    em.create(Order, {
      id, buyerId: bulkBuyerId(i), storeId: BULK_STORE, status: 'shipped', createdAt: daysAgo(100 - i), total: 8,
      consigneeName: `Bulk ${i}`, consigneePhone: '13000000000', deliveryAddress: '1 Bulk Way, Bulkton, 10000, US', paymentInstitutionId: 'cardpay',
    });
    em.create(OrderItem, { id: `${id}-1`, orderId: id, position: 0, productId: 'p-bulk-a', quantity: 1, price: 2 });
    em.create(OrderItem, { id: `${id}-2`, orderId: id, position: 1, productId: 'p-bulk-b', quantity: 2, price: 3 });
    em.create(Payment, { id: `pay-${id}`, orderId: id, buyerId: bulkBuyerId(i), method: 'card', status: 'captured', institutionId: 'cardpay', cardLast4: '9999' });
    for (const [n, carrierId] of [[1, CARRIER.swift], [2, CARRIER.oceanic]] as const) {
      em.create(Shipment, {
        id: `sh-${id}-${n}`, orderId: id, carrierId, waybill: `BULK-${i}-${n}`, status: 'in_transit', createdAt: daysAgo(99 - i),
        buyerId: bulkBuyerId(i), consigneeName: `Bulk ${i}`, consigneePhone: '13000000000', address: '1 Bulk Way, Bulkton, 10000, US',
      });
    }
  }
  await em.flush();

  for (const module of [catalog, orders, logistics]) servers[module.name] = await startSubgraph(module, orm, 0, '127.0.0.1', { signingSecret: SIGNING_SECRET });
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  await database?.drop();
});

/** POSTs a GraphQL operation to a subgraph and returns `data`, failing on any error. */
async function gql(subgraph: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(servers[subgraph].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signGraphQLRequest(SIGNING_SECRET, subgraph, { query, variables })),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  return body.data;
}

/** Runs one operation and returns its data and the SQL statements it cost. */
async function counted(subgraph: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data: any; sql: string[] }> {
  statements = [];
  counting = true;
  try {
    const data = await gql(subgraph, query, variables);
    return { data, sql: [...statements] };
  } finally {
    counting = false;
  }
}

const daysSince = (iso: string) => (Date.now() - Date.parse(iso)) / 86_400_000;

describe('catalog subgraph', () => {
  it('serves stores with their merchants and products', async () => {
    const data = await gql('catalog', `{ stores { id name merchantId products { id name price } } }`);
    const byId = Object.fromEntries(data.stores.map((s: any) => [s.id, s]));
    expect(byId[STORE.deer]).toMatchObject({ name: 'Deer Outfitters', merchantId: 'u-merchant-deer' });
    expect(byId[STORE.lantern]).toMatchObject({ name: 'Red Lantern', merchantId: 'u-merchant-lantern' });
    expect(byId[TINY_STORE.id]).toBeDefined();
    expect(byId[STORE.deer].products.map((p: any) => p.id).sort()).toEqual([PRODUCT.campTent, PRODUCT.trailBoots, PRODUCT.woolSocks].sort());
    expect(byId[STORE.lantern].products.map((p: any) => p.id).sort()).toEqual([PRODUCT.paperLantern, PRODUCT.silkFan, PRODUCT.teaSet].sort());
  });

  it('serves product, store and products(storeId, first)', async () => {
    const data = await gql(
      'catalog',
      `query($id: ID!, $store: ID!) { product(id: $id) { id name price store { id name } } store(id: $store) { id name }
        two: products(storeId: $store, first: 2) { id } all: products { id } missing: product(id: "nope") { id } }`,
      { id: PRODUCT.trailBoots, store: STORE.lantern },
    );
    expect(data.product).toEqual({ id: PRODUCT.trailBoots, name: 'Trail Boots', price: 129, store: { id: STORE.deer, name: 'Deer Outfitters' } });
    expect(data.store).toEqual({ id: STORE.lantern, name: 'Red Lantern' });
    expect(data.two).toHaveLength(2);
    expect(data.all).toHaveLength(10); // 8 demo products + 2 bulk products, under the default first: 20
    expect(data.missing).toBeNull();
  });

  it('resolves Store and Product references in one statement each', async () => {
    const { data, sql } = await counted(
      'catalog',
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Store { id name merchantId } ... on Product { id name store { id } } } }`,
      { r: [{ __typename: 'Store', id: STORE.deer }, { __typename: 'Product', id: PRODUCT.teaSet }, { __typename: 'Store', id: TINY_STORE.id }, { __typename: 'Product', id: PRODUCT.silkFan }] },
    );
    expect(data._entities).toEqual([
      { __typename: 'Store', id: STORE.deer, name: 'Deer Outfitters', merchantId: 'u-merchant-deer' },
      { __typename: 'Product', id: PRODUCT.teaSet, name: 'Tea Set', store: { id: STORE.lantern } },
      { __typename: 'Store', id: TINY_STORE.id, name: 'Tiny Kiosk', merchantId: TINY_STORE.merchantId },
      { __typename: 'Product', id: PRODUCT.silkFan, name: 'Silk Fan', store: { id: STORE.lantern } },
    ]);
    // stores by id (both references and Product.store share one loader, but Product.store runs a level later), products by id
    expect(sql).toHaveLength(3);
  });
});

const ORDER_FIELDS = `id buyerId buyer { id } storeId store { id } status createdAt completedAt
  items { productId product { id } quantity price } total discount note consigneeName consigneePhone deliveryAddress
  invoiceHeader taxpayerId invoiceEmail crossBorder customsId payment { id buyerId method status cardLast4 }`;

describe('orders subgraph', () => {
  it("serves the buyer's domestic order in full (the P-20/P-21/P-24 case)", async () => {
    const { order } = await gql('orders', `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: ORDER.buyerDomestic });
    expect(order).toMatchObject({
      id: ORDER.buyerDomestic, buyerId: MEMBER.buyer, buyer: { id: MEMBER.buyer }, storeId: STORE.deer, store: { id: STORE.deer },
      status: 'shipped', completedAt: null, consigneeName: 'Alice Walker', consigneePhone: '13812345678',
      deliveryAddress: '12 Harbour Road, Springfield, 94110, US', invoiceHeader: 'Alice Walker', taxpayerId: '91350100M000100Y3Q',
      invoiceEmail: 'alice@example.com', crossBorder: false, customsId: null, discount: 10, total: 158,
      payment: { id: `pay-${ORDER.buyerDomestic}`, buyerId: MEMBER.buyer, method: 'card', status: 'captured', cardLast4: '4242' },
    });
    expect(order.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(order.note).toMatch(/13812345678/);
    expect(order.note).toMatch(/alice@example\.com/);
    expect(order.items).toEqual([
      { productId: PRODUCT.trailBoots, product: { id: PRODUCT.trailBoots }, quantity: 1, price: 129 },
      { productId: PRODUCT.woolSocks, product: { id: PRODUCT.woolSocks }, quantity: 2, price: 19.5 },
    ]);
  });

  it('serves the cross-border orders with their customs ids (P-23)', async () => {
    const data = await gql('orders', `{ xb: order(id: "${ORDER.buyerCrossBorder}") { storeId crossBorder customsId status completedAt }
      recent: order(id: "${ORDER.buyerRecentCrossBorder}") { storeId crossBorder customsId status completedAt } }`);
    expect(data.xb).toMatchObject({ storeId: STORE.lantern, crossBorder: true, customsId: 'CN-CUS-5521-8890', status: 'completed' });
    expect(data.recent).toMatchObject({ storeId: STORE.deer, crossBorder: true, status: 'shipped', completedAt: null });
  });

  it('keeps an order of m-ava completed more than three years ago (P-62/P-66 retention)', async () => {
    const { order } = await gql('orders', `{ order(id: "${ORDER.avaOld}") { buyerId completedAt } }`);
    expect(order.buyerId).toBe('m-ava');
    expect(daysSince(order.completedAt)).toBeGreaterThan(3 * 366);
  });

  it('storeOrders: newest first, limited by first, in one statement', async () => {
    const { data, sql } = await counted('orders', `{ storeOrders(storeId: "${STORE.deer}", first: 3) { id createdAt storeId } }`);
    expect(data.storeOrders).toHaveLength(3);
    expect(data.storeOrders.every((o: any) => o.storeId === STORE.deer)).toBe(true);
    const times = data.storeOrders.map((o: any) => Date.parse(o.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(sql).toHaveLength(1);
  });

  it('orderStats: per store, distinct buyers, order count and revenue in one statement (P-52 needs a store under k = 5)', async () => {
    const { data, sql } = await counted('orders', `{ orderStats { storeId buyers orders revenue } }`);
    expect(sql).toHaveLength(1);
    const stats = Object.fromEntries(data.orderStats.map((s: any) => [s.storeId, s]));
    expect(stats[STORE.deer].buyers).toBeGreaterThanOrEqual(5);
    expect(stats[STORE.lantern].buyers).toBeGreaterThanOrEqual(5);
    expect(stats[TINY_STORE.id]).toEqual({ storeId: TINY_STORE.id, buyers: 2, orders: 2, revenue: 25 });
    expect(stats[BULK_STORE]).toEqual({ storeId: BULK_STORE, buyers: BULK_ORDERS, orders: BULK_ORDERS, revenue: 8 * BULK_ORDERS });
    // the same figures, computed the slow way
    const all = await orm.em.fork().find(Order, { storeId: STORE.lantern });
    expect(stats[STORE.lantern]).toEqual({
      storeId: STORE.lantern,
      buyers: new Set(all.map((o) => o.buyerId)).size,
      orders: all.length,
      revenue: Math.round(all.reduce((s, o) => s + o.total, 0) * 100) / 100,
    });
  });

  it('the persona orders are where the policy tests expect them', async () => {
    const { _entities } = await gql(
      'orders',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id orders { id storeId crossBorder } } } }`,
      { r: [MEMBER.buyer, MEMBER.optout, MEMBER.minor, ...MEMBER.others].map((id) => ({ __typename: 'Member', id })) },
    );
    const of = Object.fromEntries(_entities.map((m: any) => [m.id, m.orders]));
    expect(of[MEMBER.buyer].map((o: any) => o.id).sort()).toEqual([ORDER.buyerCrossBorder, ORDER.buyerDomestic, ORDER.buyerRecentCrossBorder].sort());
    expect(of[MEMBER.optout]).toEqual(
      expect.arrayContaining([{ id: ORDER.optoutDomestic, storeId: STORE.deer, crossBorder: false }, { id: ORDER.optoutCrossBorder, storeId: STORE.lantern, crossBorder: true }]),
    );
    expect(of[MEMBER.minor]).toEqual([{ id: ORDER.minor, storeId: STORE.deer, crossBorder: false }]);
    for (const other of MEMBER.others) expect(of[other].length).toBeGreaterThanOrEqual(1);
  });

  it('resolves Order, Store, Member and Product references', async () => {
    const { _entities } = await gql(
      'orders',
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename
        ... on Order { id total store { id } }
        ... on Store { id orders(first: 2) { id storeId } }
        ... on Member { id orders { id } }
        ... on Product { id } } }`,
      { r: [{ __typename: 'Order', id: ORDER.optoutDomestic }, { __typename: 'Store', id: TINY_STORE.id }, { __typename: 'Member', id: MEMBER.minor }, { __typename: 'Product', id: PRODUCT.teaSet }, { __typename: 'Order', id: 'o-missing' }] },
    );
    expect(_entities[0]).toEqual({ __typename: 'Order', id: ORDER.optoutDomestic, total: 129, store: { id: STORE.deer } });
    expect(_entities[1].orders.map((o: any) => o.id)).toEqual(['o-1055', 'o-1052']); // newest first
    expect(_entities[2]).toEqual({ __typename: 'Member', id: MEMBER.minor, orders: [{ id: ORDER.minor }] });
    expect(_entities[3]).toEqual({ __typename: 'Product', id: PRODUCT.teaSet });
    expect(_entities[4]).toBeNull();
  });
});

describe('logistics subgraph', () => {
  it('serves the carriers', async () => {
    const data = await gql('logistics', `{ swift: carrier(id: "swift") { id name crossBorder } oceanic: carrier(id: "oceanic") { id name crossBorder } }`);
    expect(data.swift).toEqual({ id: 'swift', name: 'Swift Couriers', crossBorder: false });
    expect(data.oceanic).toEqual({ id: 'oceanic', name: 'Oceanic Freight', crossBorder: true });
  });

  it("keeps its own copy of the delivery data (the P-22/P-23 cases)", async () => {
    const fields = `id orderId order { id } carrierId carrier { id } waybill status deliveredAt crossBorder buyerId consigneeName consigneePhone address customsId`;
    const data = await gql(
      'logistics',
      `{ domestic: shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { ${fields} } xb: shipment(id: "${shipmentId(ORDER.buyerCrossBorder)}") { ${fields} }
        recent: shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { ${fields} } optout: shipment(id: "${shipmentId(ORDER.optoutDomestic)}") { ${fields} }
        optoutXb: shipment(id: "${shipmentId(ORDER.optoutCrossBorder)}") { ${fields} } }`,
    );
    expect(data.domestic).toEqual({
      id: 'sh-o-1041', orderId: ORDER.buyerDomestic, order: { id: ORDER.buyerDomestic }, carrierId: 'swift', carrier: { id: 'swift' },
      waybill: 'SW-1001', status: 'in_transit', deliveredAt: null, crossBorder: false, buyerId: MEMBER.buyer, consigneeName: 'Alice Walker',
      consigneePhone: '13812345678', address: '12 Harbour Road, Springfield, 94110, US', customsId: null,
    });
    expect(data.xb).toMatchObject({ carrierId: 'oceanic', waybill: 'OC-2001', status: 'delivered', crossBorder: true, customsId: 'CN-CUS-5521-8890', consigneeName: 'Alice Walker' });
    expect(daysSince(data.xb.deliveredAt)).toBeCloseTo(45, 0);
    expect(data.recent).toMatchObject({ carrierId: 'oceanic', crossBorder: true, deliveredAt: null });
    expect(data.optout).toMatchObject({ carrierId: 'swift', buyerId: MEMBER.optout, status: 'delivered' });
    expect(daysSince(data.optout.deliveredAt)).toBeCloseTo(3, 0);
    expect(data.optoutXb).toMatchObject({ carrierId: 'oceanic', crossBorder: true, deliveredAt: null, buyerId: MEMBER.optout });
  });

  it("shipments(carrierId, first): a carrier's manifest, newest first, in one statement", async () => {
    const { data, sql } = await counted('logistics', `{ shipments(carrierId: "oceanic", first: 200) { id carrierId waybill } }`);
    expect(sql).toHaveLength(1);
    const demo = data.shipments.filter((s: any) => !s.id.startsWith('sh-o-bulk'));
    expect(demo.map((s: any) => s.waybill).sort()).toEqual(['OC-2001', 'OC-2002', 'OC-2003', 'OC-2004']);
    expect(data.shipments.every((s: any) => s.carrierId === 'oceanic')).toBe(true);
    const few = await gql('logistics', `{ shipments(carrierId: "swift", first: 2) { id } }`);
    expect(few.shipments).toHaveLength(2);
  });

  it('resolves Order.shipments, Shipment and Carrier references', async () => {
    const { _entities } = await gql(
      'logistics',
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename
        ... on Order { id shipments { id waybill carrier { name } } }
        ... on Shipment { id waybill order { id } }
        ... on Carrier { id name manifest: shipments(first: 1) { id } } } }`,
      { r: [{ __typename: 'Order', id: ORDER.buyerDomestic }, { __typename: 'Order', id: 'o-1053' }, { __typename: 'Shipment', id: shipmentId(ORDER.minor) }, { __typename: 'Carrier', id: 'oceanic' }] },
    );
    expect(_entities[0]).toEqual({ __typename: 'Order', id: ORDER.buyerDomestic, shipments: [{ id: 'sh-o-1041', waybill: 'SW-1001', carrier: { name: 'Swift Couriers' } }] });
    expect(_entities[1]).toEqual({ __typename: 'Order', id: 'o-1053', shipments: [] }); // paid, not shipped yet
    expect(_entities[2]).toEqual({ __typename: 'Shipment', id: 'sh-o-1046', waybill: 'SW-1003', order: { id: ORDER.minor } });
    expect(_entities[3]).toMatchObject({ __typename: 'Carrier', id: 'oceanic', name: 'Oceanic Freight' });
    expect(_entities[3].manifest).toHaveLength(1); // aliased: Carrier.shipments is [Shipment!]!, Order.shipments is [Shipment!]
  });
});

describe('batching: 50 orders cost the same statements as 5', () => {
  const STORE_ORDERS = `query($first: Int) { storeOrders(storeId: "${BULK_STORE}", first: $first) {
    id buyer { id } store { id } createdAt total items { productId product { id } quantity price } payment { id method cardLast4 } } }`;

  it('orders: storeOrders with buyer, store, items and payment', async () => {
    const five = await counted('orders', STORE_ORDERS, { first: 5 });
    const fifty = await counted('orders', STORE_ORDERS, { first: 50 });
    expect(five.data.storeOrders).toHaveLength(5);
    expect(fifty.data.storeOrders).toHaveLength(50);
    expect(fifty.data.storeOrders.every((o: any) => o.items.length === 2 && o.payment.cardLast4 === '9999')).toBe(true);
    expect(fifty.sql).toHaveLength(five.sql.length);
    expect(five.sql).toHaveLength(3); // orders, items, payments
    console.log(`storeOrders: 5 orders → ${five.sql.length} statements, 50 orders → ${fifty.sql.length} statements`);
  });

  it('orders: _entities(Order) and _entities(Member).orders', async () => {
    const ORDER_REFS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id buyer { id } store { id } total items { product { id } quantity } payment { method } } } }`;
    const MEMBER_REFS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id orders { id items { productId } payment { status } } } } }`;
    const orderRefs = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Order', id: bulkOrderId(i) }));
    const memberRefs = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Member', id: bulkBuyerId(i) }));
    const [o5, o50] = [await counted('orders', ORDER_REFS, { r: orderRefs(5) }), await counted('orders', ORDER_REFS, { r: orderRefs(50) })];
    const [m5, m50] = [await counted('orders', MEMBER_REFS, { r: memberRefs(5) }), await counted('orders', MEMBER_REFS, { r: memberRefs(50) })];
    expect(o50.data._entities.filter(Boolean)).toHaveLength(50);
    expect(m50.data._entities.every((m: any) => m.orders.length === 1 && m.orders[0].items.length === 2)).toBe(true);
    expect(o5.sql).toHaveLength(3); // orders by id, items, payments
    expect(o50.sql).toHaveLength(o5.sql.length);
    expect(m5.sql).toHaveLength(3); // orders by buyer, items, payments
    expect(m50.sql).toHaveLength(m5.sql.length);
    console.log(`_entities(Order): 5 → ${o5.sql.length}, 50 → ${o50.sql.length}; _entities(Member){orders}: 5 → ${m5.sql.length}, 50 → ${m50.sql.length}`);
  });

  it('logistics: _entities(Order).shipments with carriers', async () => {
    const SHIPMENTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id shipments { id waybill deliveredAt carrier { id name crossBorder } order { id } } } } }`;
    const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Order', id: bulkOrderId(i) }));
    const five = await counted('logistics', SHIPMENTS, { r: refs(5) });
    const fifty = await counted('logistics', SHIPMENTS, { r: refs(50) });
    expect(fifty.data._entities.every((o: any) => o.shipments.length === 2)).toBe(true);
    expect(five.sql).toHaveLength(2); // shipments by order, carriers
    expect(fifty.sql).toHaveLength(five.sql.length);
    console.log(`_entities(Order){shipments{carrier}}: 5 → ${five.sql.length}, 50 → ${fifty.sql.length}`);
  });

  it('logistics: _entities(Shipment) and Carrier.shipments', async () => {
    const SHIPMENT_REFS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Shipment { id carrier { name } order { id } } } }`;
    const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Shipment', id: `sh-${bulkOrderId(i)}-1` }));
    const five = await counted('logistics', SHIPMENT_REFS, { r: refs(5) });
    const fifty = await counted('logistics', SHIPMENT_REFS, { r: refs(50) });
    expect(fifty.data._entities.every((s: any) => s.carrier.name === 'Swift Couriers')).toBe(true);
    expect(five.sql).toHaveLength(2); // shipments by id, carriers
    expect(fifty.sql).toHaveLength(five.sql.length);
    const manifest = `query($first: Int) { carrier(id: "swift") { shipments(first: $first) { id carrier { id } } } }`;
    const c5 = await counted('logistics', manifest, { first: 5 });
    const c50 = await counted('logistics', manifest, { first: 50 });
    expect(c50.data.carrier.shipments).toHaveLength(50);
    expect(c50.sql).toHaveLength(c5.sql.length);
    console.log(`_entities(Shipment): 5 → ${five.sql.length}, 50 → ${fifty.sql.length}; Carrier.shipments: 5 → ${c5.sql.length}, 50 → ${c50.sql.length}`);
  });

  it("a page of a store's orders or a carrier's shipments reads that page's rows, never the whole list to cut it (a visitor's `stores { orders(first: 1) }` read every order)", async () => {
    const storePage = await counted('orders', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { orders(first: 1) { id } } } }`, { r: [{ __typename: 'Store', id: BULK_STORE }] });
    expect(storePage.data._entities).toEqual([{ orders: [{ id: bulkOrderId(BULK_ORDERS - 1) }] }]); // the newest
    const manifestPage = await counted('logistics', '{ carrier(id: "swift") { shipments(first: 1) { id } } }');
    expect(manifestPage.data.carrier.shipments).toHaveLength(1);
    // MikroORM's query log ends with how many rows a statement returned: the page's one.
    const listReads = [...storePage.sql, ...manifestPage.sql].filter((line) => /from [`"]?(orders_order|logistics_shipment)[`"]?/.test(line));
    expect(listReads).toHaveLength(2);
    for (const sql of listReads) expect(sql, sql).toMatch(/\b1 result\b/);
  });

  it('catalog: products of many stores and their stores', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id store { id products { id } } } } }`;
    const ids = Object.values(PRODUCT);
    const few = await counted('catalog', q, { r: ids.slice(0, 2).map((id) => ({ __typename: 'Product', id })) });
    const all = await counted('catalog', q, { r: ids.map((id) => ({ __typename: 'Product', id })) });
    expect(all.sql).toHaveLength(few.sql.length);
    expect(few.sql).toHaveLength(3); // products by id, stores, products by store
    console.log(`catalog _entities(Product){store{products}}: 2 → ${few.sql.length}, 8 → ${all.sql.length}`);
  });
});
