import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { Member } from '../resolvers/accounts/member.entity.js';
import { seedMember } from './seed-volume.js';
import { Order, OrderItem, Payment } from '../resolvers/orders/order.entity.js';
import { Carrier, Shipment } from '../resolvers/logistics/shipment.entity.js';
import { Product, Store } from '../resolvers/catalog/store.entity.js';
import { Review } from '../resolvers/reviews/review.entity.js';
import { daysAgo } from '../resolvers/demo-ids.js';
import { PAYMENT_INSTITUTION } from '../resolvers/demo-orders.js';
import { zipfPicker, seededRandom } from './zipf.js';

/**
 * The storefront's many callers, added to the benchmark's database beside the demo seed and the
 * volume: stores with their merchants and products, carriers, members who buy (with consents, some
 * minors), their orders and shipments, and reviews. Deterministic (a seeded generator), so two runs
 * load the same data; stores and products are chosen with Zipf popularity, as the load chooses them.
 */
export const CALLERS = {
  members: 400,
  stores: 30,
  productsPerStore: 4,
  carriers: 12,
  /** Analytics partners (the analyst role, each its own token). */
  partners: 3,
  ordersPerMember: 4,
  /** Reviews spread over the products, most on the popular ones. */
  reviews: 1500,
  /** Zipf exponent of store and product popularity. */
  zipfS: 1.0,
} as const;

const pad = (i: number, n = 3) => String(i).padStart(n, '0');
export const callerMemberId = (i: number) => `m-shop-${pad(i)}`;
export const callerStoreId = (i: number) => `s-shop-${pad(i, 2)}`;
export const callerMerchantId = (i: number) => `u-merchant-shop-${pad(i, 2)}`;
export const callerCarrierId = (i: number) => `c-shop-${pad(i, 2)}`;
export const callerPartnerSub = (i: number) => `u-analyst-shop-${i}`;
/** Products in popularity order: product 0 is the most viewed; each store holds `productsPerStore`. */
export const callerProductId = (i: number) => `p-shop-${pad(i)}`;
export const callerProducts = CALLERS.stores * CALLERS.productsPerStore;
/** The store of a product: products are dealt round-robin, so popular products spread over stores. */
const storeOfProduct = (p: number) => p % CALLERS.stores;

/** Adds the callers' world; idempotent (skips when present). */
export async function seedCallers(orm: MikroORM): Promise<{ seeded: boolean }> {
  const em = orm.em.fork();
  if ((await em.count(Member, { id: callerMemberId(0) })) > 0) return { seeded: false };
  seedCatalog(em);
  seedMembers(em);
  await em.flush();
  seedOrders(em);
  await em.flush();
  seedReviews(em);
  await em.flush();
  return { seeded: true };
}

function seedCatalog(em: EntityManager): void {
  for (let s = 0; s < CALLERS.stores; s++) em.create(Store, { id: callerStoreId(s), name: `Shop ${s}`, merchantId: callerMerchantId(s) });
  for (let p = 0; p < callerProducts; p++) em.create(Product, { id: callerProductId(p), storeId: callerStoreId(storeOfProduct(p)), name: `Item ${p}`, price: 5 + ((p * 7) % 200) });
  for (let c = 0; c < CALLERS.carriers; c++) em.create(Carrier, { id: callerCarrierId(c), name: `Carrier ${c}`, crossBorder: c % 3 === 0 });
}

function seedMembers(em: EntityManager): void {
  for (let i = 0; i < CALLERS.members; i++) {
    // One in 40 is under 14 (P-70); the rest 18 to 77.
    seedMember(em, { id: callerMemberId(i), i, label: 'Shopper', phone: `137${String(10_000_000 + i * 53).slice(0, 8)}`, age: i % 40 === 13 ? 12 : 18 + (i % 60), level: i % 10 === 0 ? 'gold' : 'regular' });
  }
}

/** Each member's orders at Zipf-popular stores, each shipped by one of the carriers; one in six cross-border. */
function seedOrders(em: EntityManager): void {
  const random = seededRandom(7);
  const product = zipfPicker(callerProducts, CALLERS.zipfS, random);
  const now = Date.now();
  let n = 0;
  for (let m = 0; m < CALLERS.members; m++) {
    const buyerId = callerMemberId(m);
    for (let k = 0; k < CALLERS.ordersPerMember; k++, n++) {
      const id = `o-shop-${pad(n, 4)}`;
      const p = product();
      const storeId = callerStoreId(storeOfProduct(p));
      const price = 5 + ((p * 7) % 200);
      const quantity = 1 + (n % 3);
      const crossBorder = n % 6 === 5;
      const createdDaysAgo = 0.2 + random() * 60;
      const carrierId = callerCarrierId(crossBorder ? 3 * Math.floor(random() * (CALLERS.carriers / 3)) : Math.floor(random() * CALLERS.carriers));
      const consignee = { consigneeName: `Shopper Person ${m}`, consigneePhone: `137${String(10_000_000 + m * 53).slice(0, 8)}`, address: `${1 + (m % 80)} Market Street, Lakeside, ${String(50_000 + m).padStart(5, '0')}, US` };
      em.create(Order, {
        id,
        buyerId,
        storeId,
        status: createdDaysAgo < 2 ? 'paid' : createdDaysAgo < 7 ? 'shipped' : 'completed',
        createdAt: daysAgo(createdDaysAgo, now),
        completedAt: createdDaysAgo < 7 ? null : daysAgo(createdDaysAgo - 4, now),
        total: price * quantity,
        discount: n % 9 === 0 ? 2 : 0,
        note: n % 13 === 0 ? 'Ring twice, please.' : null,
        consigneeName: consignee.consigneeName,
        consigneePhone: consignee.consigneePhone,
        deliveryAddress: consignee.address,
        invoiceHeader: n % 5 === 0 ? consignee.consigneeName : null,
        taxpayerId: null,
        invoiceEmail: n % 5 === 0 ? `${buyerId}@example.com` : null,
        crossBorder,
        customsId: crossBorder ? `CN-CUS-S${pad(n, 4)}-0000` : null,
        paymentInstitutionId: PAYMENT_INSTITUTION.card,
      });
      em.create(OrderItem, { id: `${id}-item-1`, orderId: id, position: 0, productId: callerProductId(p), quantity, price });
      em.create(Payment, { id: `pay-${id}`, orderId: id, buyerId, method: 'card', status: 'captured', institutionId: PAYMENT_INSTITUTION.card, cardLast4: String(1000 + ((n * 31) % 9000)).slice(-4) });
      const shippedDaysAgo = createdDaysAgo - 0.1;
      const delivered = shippedDaysAgo > 3;
      em.create(Shipment, {
        id: `sh-${id}`,
        orderId: id,
        carrierId,
        waybill: `SH-${pad(n, 5)}`,
        status: delivered ? 'delivered' : 'in_transit',
        createdAt: daysAgo(Math.max(0.05, shippedDaysAgo), now),
        deliveredAt: delivered ? daysAgo(shippedDaysAgo - 2, now) : null,
        crossBorder,
        buyerId,
        consigneeName: consignee.consigneeName,
        consigneePhone: consignee.consigneePhone,
        address: consignee.address,
        customsId: crossBorder ? `CN-CUS-S${pad(n, 4)}-0000` : null,
      });
    }
  }
}

/** Reviews on Zipf-popular products by members; one in five anonymous (P-31). */
function seedReviews(em: EntityManager): void {
  const random = seededRandom(11);
  const product = zipfPicker(callerProducts, CALLERS.zipfS, random);
  for (let i = 0; i < CALLERS.reviews; i++) {
    em.create(Review, {
      id: `r-shop-${pad(i, 4)}`,
      productId: callerProductId(product()),
      authorId: callerMemberId(Math.floor(random() * CALLERS.members)),
      rating: 1 + (i % 5),
      text: `Review ${i}: does what it says, arrived in ${1 + (i % 6)} days.`,
      pictures: [],
      anonymous: i % 5 === 0,
      sharedPublicly: false,
      createdAt: daysAgo(1 + (i % 90)),
    });
  }
}
