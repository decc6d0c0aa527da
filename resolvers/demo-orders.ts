import { CARRIER, MEMBER, ORDER, PRODUCT, STORE, TINY_STORE } from './demo-ids.js';

/**
 * The demo marketplace's orders, as data: orders seeds its rows from it and logistics seeds its
 * own copy of the delivery data (a carrier's system keeps one) from the `shipping` part. Times are
 * days before the seeding day.
 */
export interface DemoOrder {
  id: string;
  buyerId: string;
  storeId: string;
  status: 'paid' | 'shipped' | 'completed';
  createdDaysAgo: number;
  completedDaysAgo?: number;
  /** [productId, quantity, unit price] */
  items: Array<[string, number, number]>;
  discount?: number;
  note?: string;
  invoice?: { header: string; taxpayerId?: string; email?: string };
  crossBorder?: boolean;
  customsId?: string;
  payment: { method: 'card' | 'alipay' | 'wechat_pay'; cardLast4?: string };
  /** Absent while the order waits for a carrier. */
  shipping?: { carrierId: string; waybill: string; shippedDaysAgo: number; deliveredDaysAgo?: number };
}

/**
 * The payment institution that processes each payment method in the demo marketplace: choosing a
 * method is choosing the institution (reference/000 §3(I)5(1)A "the payment institution you choose").
 */
export const PAYMENT_INSTITUTION: Record<DemoOrder['payment']['method'], string> = { card: 'cardpay', alipay: 'alipay', wechat_pay: 'wechatpay' };

/** Who receives a member's parcels: the consignee data copied into orders and shipments. */
export interface Consignee {
  name: string;
  phone: string;
  address: string;
}

export const CONSIGNEES: Record<string, Consignee> = {
  [MEMBER.buyer]: { name: 'Alice Walker', phone: '13812345678', address: '12 Harbour Road, Springfield, 94110, US' },
  [MEMBER.optout]: { name: 'Bob Stone', phone: '13987654321', address: '88 Elm Street, Riverton, 30301, US' },
  [MEMBER.minor]: { name: 'Charlie Walker', phone: '13700001111', address: '7 Maple Lane, Springfield, 94110, US' },
  [MEMBER.guardian]: { name: 'Dana Walker', phone: '13600002222', address: '7 Maple Lane, Springfield, 94110, US' },
  ...Object.fromEntries(
    MEMBER.others.map((id, i) => [id, { name: `Other Person ${i + 1}`, phone: `1350000${String(1000 + i)}`, address: `${20 + i} Market Street, Lakeside, 6060${i}, US` }]),
  ),
};

const [ava, ben, chen, dina, eli, fay] = MEMBER.others;

export const DEMO_ORDERS: DemoOrder[] = [
  // m-buyer (Alice): the persona orders of P-20..P-24.
  {
    id: ORDER.buyerDomestic, buyerId: MEMBER.buyer, storeId: STORE.deer, status: 'shipped', createdDaysAgo: 5,
    items: [[PRODUCT.trailBoots, 1, 129], [PRODUCT.woolSocks, 2, 19.5]], discount: 10,
    note: 'Please call me on 13812345678 or write to alice@example.com before delivery; leave it with the concierge.',
    invoice: { header: 'Alice Walker', taxpayerId: '91350100M000100Y3Q', email: 'alice@example.com' },
    payment: { method: 'card', cardLast4: '4242' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1001', shippedDaysAgo: 3 },
  },
  {
    id: ORDER.buyerCrossBorder, buyerId: MEMBER.buyer, storeId: STORE.lantern, status: 'completed', createdDaysAgo: 60, completedDaysAgo: 44,
    items: [[PRODUCT.teaSet, 1, 89], [PRODUCT.paperLantern, 2, 24]],
    crossBorder: true, customsId: 'CN-CUS-5521-8890',
    invoice: { header: 'Alice Walker' },
    payment: { method: 'alipay' },
    shipping: { carrierId: CARRIER.oceanic, waybill: 'OC-2001', shippedDaysAgo: 55, deliveredDaysAgo: 45 },
  },
  {
    id: ORDER.buyerRecentCrossBorder, buyerId: MEMBER.buyer, storeId: STORE.deer, status: 'shipped', createdDaysAgo: 4,
    items: [[PRODUCT.campTent, 1, 249]],
    crossBorder: true, customsId: 'CN-CUS-5521-8891',
    payment: { method: 'card', cardLast4: '4242' },
    shipping: { carrierId: CARRIER.oceanic, waybill: 'OC-2002', shippedDaysAgo: 2 },
  },
  // m-optout (Bob)
  {
    id: ORDER.optoutDomestic, buyerId: MEMBER.optout, storeId: STORE.deer, status: 'completed', createdDaysAgo: 10, completedDaysAgo: 2,
    items: [[PRODUCT.trailBoots, 1, 129]],
    invoice: { header: 'Bob Stone', email: 'bob@example.com' },
    payment: { method: 'card', cardLast4: '1881' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1002', shippedDaysAgo: 6, deliveredDaysAgo: 3 },
  },
  {
    id: ORDER.optoutCrossBorder, buyerId: MEMBER.optout, storeId: STORE.lantern, status: 'shipped', createdDaysAgo: 7,
    items: [[PRODUCT.silkFan, 2, 35]], note: 'Gift wrap, please.',
    crossBorder: true, customsId: 'CN-CUS-7730-1204',
    invoice: { header: 'Bob Stone' },
    payment: { method: 'wechat_pay' },
    shipping: { carrierId: CARRIER.oceanic, waybill: 'OC-2003', shippedDaysAgo: 5 },
  },
  // m-minor (Charlie, under 14: P-70)
  {
    id: ORDER.minor, buyerId: MEMBER.minor, storeId: STORE.deer, status: 'completed', createdDaysAgo: 20, completedDaysAgo: 12,
    items: [[PRODUCT.woolSocks, 3, 19.5]],
    payment: { method: 'alipay' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1003', shippedDaysAgo: 18, deliveredDaysAgo: 14 },
  },
  // The other shoppers: every big store reaches k = 5 distinct buyers, tiny-kiosk has two (P-52).
  {
    id: ORDER.avaOld, buyerId: ava, storeId: STORE.deer, status: 'completed', createdDaysAgo: 1200, completedDaysAgo: 1190,
    items: [[PRODUCT.campTent, 1, 249]],
    invoice: { header: 'Other Person 1' },
    payment: { method: 'card', cardLast4: '1111' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1004', shippedDaysAgo: 1198, deliveredDaysAgo: 1193 },
  },
  {
    id: 'o-1048', buyerId: ava, storeId: STORE.lantern, status: 'completed', createdDaysAgo: 30, completedDaysAgo: 22,
    items: [[PRODUCT.paperLantern, 4, 24]],
    payment: { method: 'card', cardLast4: '1111' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1005', shippedDaysAgo: 28, deliveredDaysAgo: 25 },
  },
  {
    id: 'o-1049', buyerId: ben, storeId: STORE.deer, status: 'completed', createdDaysAgo: 40, completedDaysAgo: 33,
    items: [[PRODUCT.trailBoots, 1, 129], [PRODUCT.woolSocks, 1, 19.5]], discount: 5,
    invoice: { header: "Ben's Bikes LLC", taxpayerId: '91440300MA5F000X1K', email: 'billing@bensbikes.example' },
    payment: { method: 'card', cardLast4: '5100' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1006', shippedDaysAgo: 38, deliveredDaysAgo: 35 },
  },
  {
    id: 'o-1050', buyerId: ben, storeId: STORE.lantern, status: 'shipped', createdDaysAgo: 15,
    items: [[PRODUCT.teaSet, 1, 89]],
    crossBorder: true, customsId: 'CN-CUS-6101-3377',
    payment: { method: 'card', cardLast4: '5100' },
    shipping: { carrierId: CARRIER.oceanic, waybill: 'OC-2004', shippedDaysAgo: 12 },
  },
  {
    id: 'o-1051', buyerId: chen, storeId: STORE.lantern, status: 'completed', createdDaysAgo: 25, completedDaysAgo: 18,
    items: [[PRODUCT.silkFan, 1, 35], [PRODUCT.paperLantern, 1, 24]],
    payment: { method: 'wechat_pay' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1007', shippedDaysAgo: 23, deliveredDaysAgo: 20 },
  },
  {
    id: 'o-1052', buyerId: chen, storeId: TINY_STORE.id, status: 'completed', createdDaysAgo: 9, completedDaysAgo: 5,
    items: [[PRODUCT.postcards, 2, 3.5]],
    payment: { method: 'wechat_pay' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1008', shippedDaysAgo: 8, deliveredDaysAgo: 6 },
  },
  {
    id: 'o-1053', buyerId: dina, storeId: STORE.deer, status: 'paid', createdDaysAgo: 1,
    items: [[PRODUCT.campTent, 1, 249], [PRODUCT.woolSocks, 2, 19.5]],
    note: 'Deliver after 6pm.',
    payment: { method: 'card', cardLast4: '0004' },
  },
  {
    id: 'o-1054', buyerId: eli, storeId: STORE.lantern, status: 'completed', createdDaysAgo: 50, completedDaysAgo: 41,
    items: [[PRODUCT.teaSet, 1, 89]],
    payment: { method: 'alipay' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1009', shippedDaysAgo: 48, deliveredDaysAgo: 43 },
  },
  {
    id: 'o-1055', buyerId: eli, storeId: TINY_STORE.id, status: 'paid', createdDaysAgo: 3,
    items: [[PRODUCT.keychain, 3, 6]],
    payment: { method: 'alipay' },
  },
  {
    id: 'o-1056', buyerId: fay, storeId: STORE.lantern, status: 'completed', createdDaysAgo: 12, completedDaysAgo: 6,
    items: [[PRODUCT.paperLantern, 1, 24], [PRODUCT.silkFan, 1, 35]],
    payment: { method: 'card', cardLast4: '7777' },
    shipping: { carrierId: CARRIER.swift, waybill: 'SW-1010', shippedDaysAgo: 10, deliveredDaysAgo: 8 },
  },
];

/** An order's total: its lines less its discount, to the cent. */
export function orderTotal(order: Pick<DemoOrder, 'items' | 'discount'>): number {
  const lines = order.items.reduce((sum, [, quantity, price]) => sum + quantity * price, 0);
  return Math.round((lines - (order.discount ?? 0)) * 100) / 100;
}
