import { defineEntity, p } from '@mikro-orm/core';

/** A logistics carrier; a cross-border one needs the buyer's cross-border consent for delivery data (P-23). */
export const Carrier = defineEntity({
  name: 'Carrier',
  tableName: 'logistics_carrier',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    crossBorder: p.boolean().default(false),
  },
});

/**
 * A parcel assigned to a carrier. Like a carrier's own system it keeps its own copy of the
 * delivery data (consignee, phone, address, customs id) and of the buyer's id; `orderId` is the
 * orders subgraph's Order id, a plain column. `createdAt` (shipped) orders the manifest; the
 * personal columns are nullable so the retention job can anonymize them (P-62, P-66).
 */
export const Shipment = defineEntity({
  name: 'Shipment',
  tableName: 'logistics_shipment',
  // P-22 counts the carrier's 30 days from the delivery: a delivered parcel without its date would
  // stay the carrier's forever (and escape the retention job), so the table refuses one.
  checks: [{ name: 'logistics_shipment_delivered_has_date', expression: "status <> 'delivered' or delivered_at is not null" }],
  properties: {
    id: p.string().primary(),
    orderId: p.string().index(),
    carrierId: p.string().index(),
    waybill: p.string().unique(),
    status: p.string(),
    createdAt: p.datetime().index(),
    deliveredAt: p.datetime().nullable(),
    crossBorder: p.boolean().default(false),
    buyerId: p.string().nullable().index(),
    consigneeName: p.string().nullable(),
    consigneePhone: p.string().nullable(),
    address: p.string().nullable(),
    customsId: p.string().nullable(),
  },
});
