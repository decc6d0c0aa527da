import type { EntityManager } from '@mikro-orm/core';
import type { EraseReport, ExportSection, RetentionInput, RetentionReport } from '../../schema/privacy-contract.js';
import { cutoff, plainRows } from '../rights-helpers.js';
import { Shipment } from './shipment.entity.js';

/** The carrier's copy of the delivery data, cleared when a shipment is anonymized. */
const ANONYMOUS_SHIPMENT = { buyerId: null, consigneeName: null, consigneePhone: null, address: null, customsId: null } as const;
const STILL_PERSONAL = [{ buyerId: { $ne: null } }, { consigneeName: { $ne: null } }, { consigneePhone: { $ne: null } }, { address: { $ne: null } }, { customsId: { $ne: null } }];

/** P-60: the shipments of the member's orders, with the delivery data the carriers hold. */
export async function logisticsExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  return { shipments: plainRows(await em.find(Shipment, { buyerId: memberId }, { orderBy: { createdAt: 'asc', id: 'asc' } })) };
}

/** P-62: shipments stay (waybills, carrier accounting) without consignee, address, customs id or buyer link. Idempotent. */
export async function logisticsErase(em: EntityManager, memberId: string): Promise<EraseReport> {
  return { deleted: {}, anonymized: { logistics_shipment: await em.nativeUpdate(Shipment, { buyerId: memberId }, ANONYMOUS_SHIPMENT) } };
}

/** P-66: shipments delivered longer ago than `orders.completed` days lose their delivery data. Idempotent. */
export async function logisticsRetain(em: EntityManager, input: RetentionInput): Promise<RetentionReport> {
  const days = input.retentionDays['orders.completed'];
  if (!days) return {};
  const changed = await em.nativeUpdate(Shipment, { deliveredAt: { $lt: cutoff(input.now, days) }, $or: STILL_PERSONAL }, ANONYMOUS_SHIPMENT);
  return { 'orders.completed': { logistics_shipment: changed } };
}
