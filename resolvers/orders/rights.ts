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
 * Counts a buyer no order links to any more at each of `stores` (once per store unless `distinct`
 * is false: then once per entry), so that `orderStats` still counts them (P-62, P-52).
 */
async function countUnlinked(tx: EntityManager, stores: string[], distinct = true): Promise<void> {
  const counts = new Map<string, number>();
  for (const store of distinct ? new Set(stores) : stores) counts.set(store, (counts.get(store) ?? 0) + 1);
  // One statement per store, atomic on both databases: two erasures at once add up, neither fails on the key.
  for (const [storeId, n] of counts) {
    await tx.getConnection().execute('insert into orders_unlinked_buyers (store_id, buyers) values (?, ?) on conflict (store_id) do update set buyers = orders_unlinked_buyers.buyers + excluded.buyers', [storeId, n], 'run', tx.getTransactionContext());
  }
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
      const order = anonymousOrder(tx);
      const payment = anonymousPayment(tx);
      const old = await tx.find(Order, { completedAt: { $lt: cutoff(input.now, completedDays) }, $or: stillPersonal(order) }, { fields: ['id', 'storeId', 'buyerId'] });
      const ids = old.map((o) => o.id);
      const orders = { count: ids.length ? await tx.nativeUpdate(Order, { id: { $in: ids }, buyerId: null }, order) : 0 };
      // A buyer none of whose orders at a store is linked any more is counted there as one
      // (orderStats), where this run unlinked them: a run at once finds their rows changed.
      const byBuyer = new Map<string, { storeId: string; buyerId: string; ids: string[] }>();
      for (const o of old) {
        if (!o.buyerId) continue;
        const key = JSON.stringify([o.storeId, o.buyerId]);
        const pair = byBuyer.get(key) ?? { storeId: o.storeId, buyerId: o.buyerId, ids: [] };
        pair.ids.push(o.id);
        byBuyer.set(key, pair);
      }
      const unlinked: string[] = [];
      for (const pair of byBuyer.values()) {
        const changed = await tx.nativeUpdate(Order, { id: { $in: pair.ids }, buyerId: pair.buyerId }, order);
        orders.count += changed;
        if (changed && (await tx.count(Order, { storeId: pair.storeId, buyerId: pair.buyerId })) === 0) unlinked.push(pair.storeId);
      }
      await countUnlinked(tx, unlinked, false);
      report['orders.completed'] = {
        orders_payment: ids.length ? await tx.nativeUpdate(Payment, { orderId: { $in: ids }, $or: stillPersonal(payment) }, payment) : 0,
        orders_order: orders.count,
      };
    }
    if (privateDays) {
      report['user.content.private'] = { orders_order: await tx.nativeUpdate(Order, { createdAt: { $lt: cutoff(input.now, privateDays) }, note: { $ne: null } }, { note: null }) };
    }
  });
  return report;
}
