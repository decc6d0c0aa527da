import type { EntityManager } from '@mikro-orm/core';
import { Carrier, Shipment } from './shipment.entity.js';
import { CARRIER, daysAgo, shipmentId } from '../demo-ids.js';
import { CONSIGNEES, DEMO_ORDERS } from '../demo-orders.js';

/**
 * Demo data of the logistics subgraph (see resolvers/demo-ids.ts for the shared ids). The
 * shipments are the carrier's copy of the demo orders' delivery data (resolvers/demo-orders.ts), as
 * handed over at shipping time: the seed reads the shared demo table, never the orders tables.
 */
export async function seedLogistics(em: EntityManager): Promise<void> {
  em.create(Carrier, { id: CARRIER.swift, name: 'Swift Couriers', crossBorder: false });
  em.create(Carrier, { id: CARRIER.oceanic, name: 'Oceanic Freight', crossBorder: true });
  const now = Date.now();
  for (const o of DEMO_ORDERS) {
    if (!o.shipping) continue;
    const consignee = CONSIGNEES[o.buyerId];
    const delivered = o.shipping.deliveredDaysAgo !== undefined;
    em.create(Shipment, {
      id: shipmentId(o.id),
      orderId: o.id,
      carrierId: o.shipping.carrierId,
      waybill: o.shipping.waybill,
      status: delivered ? 'delivered' : 'in_transit',
      createdAt: daysAgo(o.shipping.shippedDaysAgo, now),
      deliveredAt: delivered ? daysAgo(o.shipping.deliveredDaysAgo!, now) : null,
      crossBorder: o.crossBorder ?? false,
      buyerId: o.buyerId,
      consigneeName: consignee.name,
      consigneePhone: consignee.phone,
      address: consignee.address,
      customsId: o.customsId ?? null,
    });
  }
  await em.flush();
}
