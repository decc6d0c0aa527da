import type { EntityManager } from '@mikro-orm/core';
import type { EraseReport, ExportSection, RetentionInput, RetentionReport } from '../../schema/privacy-contract.js';
import { count, cutoff, plainRows } from '../rights-helpers.js';
import { Order, OrderItem, Payment } from './order.entity.js';

/**
 * P-62: completed orders are kept this long after completion (accounting and tax law), anonymized;
 * the retention job uses `retentionDays["orders.completed"]` of directives/policy.json, which says
 * the same three years.
 */
export const ORDER_KEEP_DAYS = 3 * 365;

/** The personal columns of an order, cleared when it is anonymized: consignee, invoice, ids, note, and the buyer link. */
const ANONYMOUS_ORDER = {
  buyerId: null,
  note: null,
  consigneeName: null,
  consigneePhone: null,
  deliveryAddress: null,
  invoiceHeader: null,
  taxpayerId: null,
  invoiceEmail: null,
  customsId: null,
} as const;
const ANONYMOUS_PAYMENT = { buyerId: null, method: null, cardLast4: null } as const;

/** P-60: the member's orders with their items and payments (cards as last four digits only, P-24). */
export async function ordersExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  const orders = await em.find(Order, { buyerId: memberId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const ids = orders.map((o) => o.id);
  const [items, payments] = ids.length
    ? await Promise.all([em.find(OrderItem, { orderId: { $in: ids } }, { orderBy: { orderId: 'asc', position: 'asc' } }), em.find(Payment, { orderId: { $in: ids } }, { orderBy: { orderId: 'asc' } })])
    : [[], []];
  return {
    orders: plainRows(orders),
    orderItems: plainRows(items),
    payments: plainRows(payments).map((p) => ({ ...p, cardLast4: p.cardLast4 ? `**** **** **** ${p.cardLast4}` : null })),
  };
}

/**
 * P-62: orders completed more than three years ago are deleted with their items and payment;
 * every other order of the member is kept for the merchant's books but anonymized: no consignee
 * data, no invoice data, no buyer link, and the payment without card or buyer. Idempotent.
 */
export async function ordersErase(em: EntityManager, memberId: string, now = Date.now()): Promise<EraseReport> {
  return em.transactional(async (tx) => {
    const expired = await tx.find(Order, { buyerId: memberId, completedAt: { $lt: cutoff(now, ORDER_KEEP_DAYS) } }, { fields: ['id'] });
    const expiredIds = expired.map((o) => o.id);
    const deleted: Record<string, number> = { orders_order_item: 0, orders_payment: 0, orders_order: 0 };
    if (expiredIds.length) {
      count(deleted, 'orders_order_item', await tx.nativeDelete(OrderItem, { orderId: { $in: expiredIds } }));
      count(deleted, 'orders_payment', await tx.nativeDelete(Payment, { orderId: { $in: expiredIds } }));
      count(deleted, 'orders_order', await tx.nativeDelete(Order, { id: { $in: expiredIds } }));
    }
    const kept = await tx.find(Order, { buyerId: memberId }, { fields: ['id'] });
    const keptIds = kept.map((o) => o.id);
    const anonymized: Record<string, number> = { orders_order: 0, orders_payment: 0 };
    // Payments first: they are found through the orders still linked to the member.
    count(anonymized, 'orders_payment', await tx.nativeUpdate(Payment, { $or: [{ buyerId: memberId }, ...(keptIds.length ? [{ orderId: { $in: keptIds } }] : [])] }, ANONYMOUS_PAYMENT));
    count(anonymized, 'orders_order', await tx.nativeUpdate(Order, { buyerId: memberId }, ANONYMOUS_ORDER));
    return { deleted, anonymized };
  });
}

/**
 * P-66: orders completed longer ago than `orders.completed` days are anonymized like a cancelled
 * member's (they stay in the store's books, linked to no one); order notes (`user.content.private`)
 * older than that category's period are cleared. Only rows that still hold personal data are
 * touched, so a second run changes nothing.
 */
export async function ordersRetain(em: EntityManager, input: RetentionInput): Promise<RetentionReport> {
  const report: RetentionReport = {};
  const completedDays = input.retentionDays['orders.completed'];
  const privateDays = input.retentionDays['user.content.private'];
  await em.transactional(async (tx) => {
    if (completedDays) {
      const old = await tx.find(
        Order,
        { completedAt: { $lt: cutoff(input.now, completedDays) }, $or: [{ buyerId: { $ne: null } }, { consigneeName: { $ne: null } }, { consigneePhone: { $ne: null } }, { deliveryAddress: { $ne: null } }, { invoiceHeader: { $ne: null } }, { taxpayerId: { $ne: null } }, { invoiceEmail: { $ne: null } }, { customsId: { $ne: null } }, { note: { $ne: null } }] },
        { fields: ['id'] },
      );
      const ids = old.map((o) => o.id);
      report['orders.completed'] = {
        orders_payment: ids.length ? await tx.nativeUpdate(Payment, { orderId: { $in: ids }, $or: [{ buyerId: { $ne: null } }, { cardLast4: { $ne: null } }, { method: { $ne: null } }] }, ANONYMOUS_PAYMENT) : 0,
        orders_order: ids.length ? await tx.nativeUpdate(Order, { id: { $in: ids } }, ANONYMOUS_ORDER) : 0,
      };
    }
    if (privateDays) {
      report['user.content.private'] = { orders_order: await tx.nativeUpdate(Order, { createdAt: { $lt: cutoff(input.now, privateDays) }, note: { $ne: null } }, { note: null }) };
    }
  });
  return report;
}
