import type { EntityManager } from '@mikro-orm/core';
import type { EraseReport, ExportSection, RetentionInput, RetentionReport } from '../../schema/privacy-contract.js';
import { cutoff, plainRows } from '../rights-helpers.js';
import { Shipment } from './shipment.entity.js';
import { anonymization, stillPersonal } from '../erasure.js';

/** The carrier's copy of the delivery data, cleared when a shipment is anonymized: every column behind a `user.*` field of Shipment, the buyer link included. */
const anonymousShipment = (em: EntityManager) => anonymization(em, 'logistics', Shipment);

/** P-60: the shipments of the member's orders, with the delivery data the carriers hold. */
export async function logisticsExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  return { shipments: plainRows(await em.find(Shipment, { buyerId: memberId }, { orderBy: { createdAt: 'asc', id: 'asc' } })) };
}

/** P-62: shipments stay (waybills, carrier accounting) without consignee, address, customs id or buyer link. Idempotent. */
export async function logisticsErase(em: EntityManager, memberId: string): Promise<EraseReport> {
  return { deleted: {}, anonymized: { logistics_shipment: await em.nativeUpdate(Shipment, { buyerId: memberId }, anonymousShipment(em)) } };
}

/**
 * P-66: shipments delivered longer ago than `orders.completed` days lose their delivery data, and
 * so do those never delivered (lost, returned; or dated to be delivered in the future) shipped
 * longer ago than that: no parcel is on its way for years, and this subgraph does not see when the
 * order was completed. Idempotent.
 */
export async function logisticsRetain(em: EntityManager, input: RetentionInput): Promise<RetentionReport> {
  const days = input.retentionDays['orders.completed'];
  if (!days) return {};
  const cleared = anonymousShipment(em);
  const before = cutoff(input.now, days);
  const changed = await em.nativeUpdate(
    Shipment,
    {
      $and: [
        // A delivery date in the future is no delivery yet (a bad date, an expected one): it goes by its shipping date too.
        { $or: [{ deliveredAt: { $lt: before } }, { createdAt: { $lt: before }, $or: [{ deliveredAt: null }, { deliveredAt: { $gt: new Date(input.now) } }] }] },
        { $or: stillPersonal(cleared) },
      ],
    },
    cleared,
  );
  return { 'orders.completed': { logistics_shipment: changed } };
}
