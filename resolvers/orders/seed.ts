import type { EntityManager } from '@mikro-orm/core';
import { Order, OrderItem, Payment } from './order.entity.js';
import { CONSIGNEES, DEMO_ORDERS, PAYMENT_INSTITUTION, orderTotal } from '../demo-orders.js';
import { daysAgo } from '../demo-ids.js';

/** Demo data of the orders subgraph (see resolvers/demo-ids.ts for the shared ids, resolvers/demo-orders.ts for the orders). */
export async function seedOrders(em: EntityManager): Promise<void> {
  const now = Date.now();
  for (const o of DEMO_ORDERS) {
    const consignee = CONSIGNEES[o.buyerId];
    const institutionId = PAYMENT_INSTITUTION[o.payment.method];
    em.create(Order, {
      id: o.id,
      buyerId: o.buyerId,
      storeId: o.storeId,
      status: o.status,
      createdAt: daysAgo(o.createdDaysAgo, now),
      completedAt: o.completedDaysAgo === undefined ? null : daysAgo(o.completedDaysAgo, now),
      total: orderTotal(o),
      discount: o.discount ?? 0,
      note: o.note ?? null,
      consigneeName: consignee.name,
      consigneePhone: consignee.phone,
      deliveryAddress: consignee.address,
      invoiceHeader: o.invoice?.header ?? null,
      taxpayerId: o.invoice?.taxpayerId ?? null,
      invoiceEmail: o.invoice?.email ?? null,
      crossBorder: o.crossBorder ?? false,
      customsId: o.customsId ?? null,
      paymentInstitutionId: institutionId,
    });
    o.items.forEach(([productId, quantity, price], position) =>
      em.create(OrderItem, { id: `${o.id}-item-${position + 1}`, orderId: o.id, position, productId, quantity, price }),
    );
    em.create(Payment, {
      id: `pay-${o.id}`,
      orderId: o.id,
      buyerId: o.buyerId,
      method: o.payment.method,
      status: 'captured',
      institutionId,
      cardLast4: o.payment.cardLast4 ?? null,
    });
  }
  await em.flush();
}
