import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { Member } from '../resolvers/accounts/member.entity.js';
import { Order, OrderItem, Payment } from '../resolvers/orders/order.entity.js';
import { Shipment } from '../resolvers/logistics/shipment.entity.js';
import { BrowsingEvent } from '../resolvers/activity/activity.entity.js';
import { Review, Question, Answer } from '../resolvers/reviews/review.entity.js';
import { Consent, ConsentEvent, consentId } from '../resolvers/privacy/consent.entity.js';
import { policyVersionNow } from '../resolvers/privacy/policy-version.js';
import { CARRIER, MEMBER, PRODUCT, STORE, birthDateYearsAgo, daysAgo } from '../resolvers/demo-ids.js';
import { PAYMENT_INSTITUTION } from '../resolvers/demo-orders.js';

/**
 * The volume the benchmark needs, added on top of the demo seed (resolvers/DemoSeeder.ts), in
 * the benchmark's own database. Every row is deterministic (no randomness), so two runs measure
 * the same data.
 */
export const VOLUME = {
  /** Members who buy and browse; some are minors, half granted cross-border delivery. */
  members: 200,
  /** Extra orders of deer-outfitters (merchant-deer's store): 500 + the demo's own. */
  storeOrders: 500,
  /** Extra orders of m-buyer (the buyer persona's history). */
  buyerOrders: 17,
  /** Shipments of carrier swift, one per extra store order. */
  carrierShipments: 500,
  /** Browsing events of the bench members (the analyst's export reads the newest 1,000). */
  browsingEvents: 1200,
  /** Public reviews and questions on the storefront product. */
  productReviews: 12,
  productQuestions: 4,
} as const;

export const BENCH_PRODUCT = PRODUCT.trailBoots;
export const BENCH_STORE = STORE.deer;
export const BENCH_CARRIER = CARRIER.swift;

export const benchMemberId = (i: number) => `m-bench-${String(i).padStart(3, '0')}`;
const benchOrderId = (i: number) => `o-bench-${String(i).padStart(3, '0')}`;

const DEER_PRODUCTS: [string, number][] = [
  [PRODUCT.trailBoots, 129],
  [PRODUCT.campTent, 249],
  [PRODUCT.woolSocks, 19.5],
];

/** Adds the benchmark volume to a database that already holds the demo seed. Idempotent: skips when present. */
export async function seedVolume(orm: MikroORM): Promise<{ seeded: boolean }> {
  const em = orm.em.fork();
  if ((await em.count(Member, { id: benchMemberId(0) })) > 0) return { seeded: false };
  seedMembers(em);
  await em.flush();
  seedStoreOrders(em);
  seedBuyerOrders(em);
  await em.flush();
  seedBrowsing(em);
  seedProductPage(em);
  await em.flush();
  return { seeded: true };
}

function seedMembers(em: EntityManager): void {
  for (let i = 0; i < VOLUME.members; i++) {
    // Every 25th member is under 14 (P-70); the others are 18 to 67.
    seedMember(em, { id: benchMemberId(i), i, label: 'Bench', phone: `139${String(10_000_000 + i * 37).slice(0, 8)}`, age: i % 25 === 7 ? 12 : 18 + (i % 50), level: 'regular' });
  }
}

/**
 * One member of the benchmark's volume with its consents, granted 30 days ago: cross-border for
 * every other member, personalized recommendations for two in three.
 */
export function seedMember(em: EntityManager, m: { id: string; i: number; label: string; phone: string; age: number; level: string }): void {
  const { id, i } = m;
  em.create(Member, {
    id,
    nickname: `${m.label}${i}`,
    name: `${m.label} Person ${i}`,
    phone: m.phone,
    email: `${id}@example.com`,
    birthDate: birthDateYearsAgo(m.age),
    gender: i % 2 ? 'female' : 'male',
    avatar: `/static/avatars/${id}.png`,
    level: m.level,
  });
  const at = new Date(Date.now() - 86_400_000 * 30);
  const grant = (kind: string, granted: boolean) => {
    em.create(ConsentEvent, { memberId: id, kind, granted, at, policyVersion: policyVersionNow() });
    em.create(Consent, { id: consentId(id, kind), memberId: id, kind, granted, updatedAt: at, policyVersion: policyVersionNow() });
  };
  grant('cross_border', i % 2 === 0);
  grant('personalized_recommendation', i % 3 !== 0);
}

function consignee(i: number) {
  return {
    consigneeName: `Bench Person ${i % VOLUME.members}`,
    consigneePhone: `139${String(10_000_000 + (i % VOLUME.members) * 37).slice(0, 8)}`,
    address: `${1 + (i % 90)} Orchard Road, Riverside, ${String(40_000 + (i % 500)).padStart(5, '0')}, US`,
  };
}

/** 500 orders of deer-outfitters, one every ~5 hours; one in five cross-border; each shipped by swift. */
function seedStoreOrders(em: EntityManager): void {
  const now = Date.now();
  for (let i = 0; i < VOLUME.storeOrders; i++) {
    const id = benchOrderId(i);
    const buyerId = benchMemberId(i % VOLUME.members);
    // One in five is cross-border; the buyer of an even-numbered one granted cross-border delivery (P-23).
    const crossBorder = i % 10 === 3 || i % 10 === 8;
    const createdDaysAgo = 0.5 + i * 0.2;
    const lines = DEER_PRODUCTS.slice(0, 1 + (i % 3));
    const total = Math.round(lines.reduce((sum, [, price], n) => sum + price * (1 + ((i + n) % 2)), 0) * 100) / 100;
    const c = consignee(i);
    em.create(Order, {
      id,
      buyerId,
      storeId: BENCH_STORE,
      status: i < 20 ? 'paid' : i < 100 ? 'shipped' : 'completed',
      createdAt: daysAgo(createdDaysAgo, now),
      completedAt: i < 100 ? null : daysAgo(createdDaysAgo - 3, now),
      total,
      discount: i % 7 === 0 ? 5 : 0,
      note: i % 11 === 0 ? 'Leave it with the neighbour, please.' : null,
      consigneeName: c.consigneeName,
      consigneePhone: c.consigneePhone,
      deliveryAddress: c.address,
      invoiceHeader: i % 5 === 0 ? c.consigneeName : null,
      taxpayerId: i % 10 === 0 ? `91350100M${String(100_000 + i)}Y3Q` : null,
      invoiceEmail: i % 5 === 0 ? `${buyerId}@example.com` : null,
      crossBorder,
      customsId: crossBorder ? `CN-CUS-${String(1000 + i)}-0000` : null,
      paymentInstitutionId: PAYMENT_INSTITUTION.card,
    });
    lines.forEach(([productId, price], n) =>
      em.create(OrderItem, { id: `${id}-item-${n + 1}`, orderId: id, position: n, productId, quantity: 1 + ((i + n) % 2), price }),
    );
    em.create(Payment, { id: `pay-${id}`, orderId: id, buyerId, method: 'card', status: 'captured', institutionId: PAYMENT_INSTITUTION.card, cardLast4: String(1000 + (i % 9000)).slice(-4) });
    if (i < VOLUME.carrierShipments) {
      const shippedDaysAgo = createdDaysAgo - 0.25;
      const delivered = shippedDaysAgo > 2;
      em.create(Shipment, {
        id: `sh-${id}`,
        orderId: id,
        carrierId: BENCH_CARRIER,
        waybill: `SW-B${String(10_000 + i)}`,
        status: delivered ? 'delivered' : 'in_transit',
        createdAt: daysAgo(shippedDaysAgo, now),
        deliveredAt: delivered ? daysAgo(shippedDaysAgo - 2, now) : null,
        crossBorder,
        buyerId,
        consigneeName: c.consigneeName,
        consigneePhone: c.consigneePhone,
        address: c.address,
        customsId: crossBorder ? `CN-CUS-${String(1000 + i)}-0000` : null,
      });
    }
  }
}

/** m-buyer's longer history: 17 more orders over the last year. */
function seedBuyerOrders(em: EntityManager): void {
  const now = Date.now();
  for (let i = 0; i < VOLUME.buyerOrders; i++) {
    const id = `o-bench-buyer-${String(i).padStart(2, '0')}`;
    const [productId, price] = DEER_PRODUCTS[i % DEER_PRODUCTS.length]!;
    em.create(Order, {
      id,
      buyerId: MEMBER.buyer,
      storeId: BENCH_STORE,
      status: 'completed',
      createdAt: daysAgo(30 + i * 20, now),
      completedAt: daysAgo(25 + i * 20, now),
      total: price,
      discount: 0,
      consigneeName: 'Alice Walker',
      consigneePhone: '13812345678',
      deliveryAddress: '12 Harbour Road, Springfield, 94110, US',
      crossBorder: false,
      paymentInstitutionId: PAYMENT_INSTITUTION.card,
    });
    em.create(OrderItem, { id: `${id}-item-1`, orderId: id, position: 0, productId, quantity: 1, price });
    em.create(Payment, { id: `pay-${id}`, orderId: id, buyerId: MEMBER.buyer, method: 'card', status: 'captured', institutionId: PAYMENT_INSTITUTION.card, cardLast4: '4242' });
  }
}

/** 1,200 browsing events, newest about every 15 minutes, from the bench members' phones. */
function seedBrowsing(em: EntityManager): void {
  const now = Date.now();
  const products = Object.values(PRODUCT);
  for (let i = 0; i < VOLUME.browsingEvents; i++) {
    const m = i % VOLUME.members;
    em.create(BrowsingEvent, {
      id: `be-bench-${String(i).padStart(4, '0')}`,
      memberId: benchMemberId(m),
      productId: products[i % products.length]!,
      at: new Date(now - 60_000 * 15 * (i + 1)),
      ip: `198.51.100.${1 + (m % 250)}`,
      deviceId: `dev-bench-${m}-phone`,
    });
  }
}

/** Public reviews and Q&A on the storefront product: content a visitor reads. */
function seedProductPage(em: EntityManager): void {
  const now = Date.now();
  for (let i = 0; i < VOLUME.productReviews; i++) {
    em.create(Review, {
      id: `r-bench-${i}`,
      productId: BENCH_PRODUCT,
      authorId: benchMemberId(i + 1),
      rating: 1 + ((i * 3) % 5),
      text: `Bench review ${i}: sturdy soles, laces could be longer, worth the price after ${i + 2} hikes.`,
      pictures: [`/static/reviews/r-bench-${i}.jpg`],
      anonymous: i % 4 === 0,
      sharedPublicly: false,
      createdAt: daysAgo(1 + i, now),
    });
  }
  for (let i = 0; i < VOLUME.productQuestions; i++) {
    em.create(Question, { id: `q-bench-${i}`, productId: BENCH_PRODUCT, authorId: benchMemberId(i + 20), text: `Bench question ${i}: how do they fit with thick socks?`, createdAt: daysAgo(3 + i, now) });
    em.create(Answer, { id: `a-bench-${i}`, questionId: `q-bench-${i}`, authorId: benchMemberId(i + 30), text: `Half a size up works for me (${i}).`, createdAt: daysAgo(2 + i, now) });
  }
}

/** Ids the operations and checks refer to. */
export const BENCH_IDS = { product: BENCH_PRODUCT, store: BENCH_STORE, carrier: BENCH_CARRIER, buyer: MEMBER.buyer } as const;
