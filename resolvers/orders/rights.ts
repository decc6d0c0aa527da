import type { EntityManager } from '@mikro-orm/core';
import type { EraseReport, ExportSection, RetentionInput, RetentionReport } from '../../schema/privacy-contract.js';
import { count, cutoff, plainRows } from '../rights-helpers.js';
import { Order, OrderItem, Payment } from './order.entity.js';
import { anonymization, stillPersonal } from '../erasure.js';
import { maskCard } from '../../directives/transforms/mask.js';

/**
 * P-62: completed orders are kept this long after completion (accounting and tax law), anonymized;
 * the retention job uses `retentionDays["orders.completed"]` of directives/policy.json, which says
 * the same three years.
 */
export const ORDER_KEEP_DAYS = 3 * 365;

/** What an anonymized order keeps of its personal columns: the amounts the merchant's books need. */
const ORDER_KEEPS = { total: "the store's books (accounting and tax law)", discount: "the store's books (accounting and tax law)" };

/** An order's personal columns cleared (consignee, invoice, ids, note, the buyer link): every `user.*` field of Order but the amounts. */
const anonymousOrder = (em: EntityManager) => anonymization(em, 'orders', Order, { keep: ORDER_KEEPS });
/** A payment without buyer, method or card: every `user.*` field of Payment. */
const anonymousPayment = (em: EntityManager) => anonymization(em, 'orders', Payment);

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
    payments: plainRows(payments).map((p) => ({ ...p, cardLast4: p.cardLast4 ? maskCard(String(p.cardLast4)) : null })),
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
    const kept = await tx.find(Order, { buyerId: memberId }, { fields: ['id', 'storeId'] });
    const keptIds = kept.map((o) => o.id);
    const anonymized: Record<string, number> = { orders_order: 0, orders_payment: 0 };
    // Payments first: they are found through the orders still linked to the member.
    count(anonymized, 'orders_payment', await tx.nativeUpdate(Payment, { $or: [{ buyerId: memberId }, ...(keptIds.length ? [{ orderId: { $in: keptIds } }] : [])] }, anonymousPayment(tx)));
    // Store by store, counting a store only where this run unlinked the member: a second erasure
    // running at once (PostgreSQL) waits for the first's rows and then finds none to count.
    const unlinked: string[] = [];
    for (const storeId of new Set(kept.map((o) => o.storeId))) {
      const changed = await tx.nativeUpdate(Order, { buyerId: memberId, storeId }, anonymousOrder(tx));
      count(anonymized, 'orders_order', changed);
      if (changed) unlinked.push(storeId);
    }
    await countUnlinked(tx, unlinked);
    return { deleted, anonymized };
  });
}

/**
 * Counts a cancelled member once among the buyers of each of `stores`, so that `orderStats` still
 * counts them (P-62, P-52). Only at cancellation: the account is gone, and no order of theirs will
 * be linked again to be counted twice.
 */
async function countUnlinked(tx: EntityManager, stores: string[]): Promise<void> {
  // One statement per store, atomic on both databases: two erasures at once add up, neither fails on the key.
  for (const storeId of new Set(stores)) {
    await tx.getConnection().execute('insert into orders_unlinked_buyers (store_id, buyers) values (?, 1) on conflict (store_id) do update set buyers = orders_unlinked_buyers.buyers + 1', [storeId], 'run', tx.getTransactionContext());
  }
}

/**
 * P-66: orders completed longer ago than `orders.completed` days (never completed: placed longer
 * ago) are anonymized like a cancelled member's (they stay in the store's books, linked to no
 * one); order notes (`user.content.private`) older than that category's period are cleared. Only
 * rows that still hold personal data are touched, so a second run changes nothing.
 */
export async function ordersRetain(em: EntityManager, input: RetentionInput): Promise<RetentionReport> {
  const report: RetentionReport = {};
  const completedDays = input.retentionDays['orders.completed'];
  const privateDays = input.retentionDays['user.content.private'];
  await em.transactional(async (tx) => {
    if (completedDays) {
      const order = anonymousOrder(tx);
      const payment = anonymousPayment(tx);
      // The buyer leaves the store's count (orderStats) unless an order of theirs there is still
      // linked: the member may buy there again, and counted as unlinked too they would count twice (P-52).
      // An order never completed (cancelled, lost, stuck) counts from when it was placed: else it would keep its buyer forever.
      const before = cutoff(input.now, completedDays);
      const old = await tx.find(Order, { $and: [{ $or: [{ completedAt: { $lt: before } }, { completedAt: null, createdAt: { $lt: before } }] }, { $or: stillPersonal(order) }] }, { fields: ['id'] });
      const ids = old.map((o) => o.id);
      report['orders.completed'] = {
        orders_payment: ids.length ? await tx.nativeUpdate(Payment, { orderId: { $in: ids }, $or: stillPersonal(payment) }, payment) : 0,
        orders_order: ids.length ? await tx.nativeUpdate(Order, { id: { $in: ids } }, order) : 0,
      };
    }
    if (privateDays) {
      report['user.content.private'] = { orders_order: await tx.nativeUpdate(Order, { createdAt: { $lt: cutoff(input.now, privateDays) }, note: { $ne: null } }, { note: null }) };
    }
  });
  return report;
}
