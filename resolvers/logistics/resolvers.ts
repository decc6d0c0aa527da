import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { SubgraphContext } from '../subgraph-context.js';
import { rowLimit } from '../request-loaders.js';
import { RECORD_LIST_READ } from '../../schema/record-lists.js';
import { cursorBinding, pageOf, pageRows } from '../page-cursor.js';
import { Carrier, Shipment } from './shipment.entity.js';

/**
 * Newest first, everywhere shipments are listed. RequestLoaders keys a loader by entity and field
 * only, so every `manyBy(Shipment, …)` passes this same order (`firstBy` keys by its order too).
 */
const NEWEST_FIRST = { createdAt: 'desc', id: 'desc' } as const;


/** Dates leave the subgraph as ISO strings. */
const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : value == null ? null : String(value));

export const logisticsResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    carrier: (_, { id }, ctx) => ctx.loaders.byId(Carrier).load(id),
    shipment: (_, { id }, ctx) => ctx.loaders.byId(Shipment).load(id),
    /** One statement: a carrier's manifest. Subgraphs do not scope by caller; the gateway does (P-22). */
    shipments: async (_, { carrierId, first }, ctx) => {
      const rows = await ctx.em.find(Shipment, { carrierId }, { orderBy: NEWEST_FIRST, limit: rowLimit(first, 100) });
      const byId = ctx.loaders.byId(Shipment);
      for (const row of rows) byId.prime(row.id, row);
      return rows;
    },
    /** One statement per page: the carrier's shipments after the cursor's (createdAt, id), newest first. */
    shipmentsConnection: async (_, { carrierId, first, after }, ctx) => {
      const size = rowLimit(first, 100);
      const binding = cursorBinding('shipments', carrierId, ctx);
      const from = after ? ctx.cursors.open(binding, after) : null;
      const where = from ? { carrierId, $or: [{ createdAt: { $lt: new Date(from.at) } }, { createdAt: new Date(from.at), id: { $lt: from.id } }] } : { carrierId };
      const rows = await pageRows(size, () => ctx.em.find(Shipment, where as any, { orderBy: NEWEST_FIRST, limit: size }));
      const byId = ctx.loaders.byId(Shipment);
      for (const row of rows) byId.prime(row.id, row);
      return pageOf(rows, size, (row: any) => ({ at: iso(row.createdAt)!, id: row.id }), (position) => ctx.cursors.seal(binding, position));
    },
  },
  Carrier: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => ctx.loaders.byId(Carrier).load(ref.id),
    shipments: async (carrier: any, { first }: { first?: number | null }, ctx: SubgraphContext) => {
      const rows = await ctx.loaders.firstBy(Shipment, 'carrierId', NEWEST_FIRST, rowLimit(first, 100)).load(carrier.id);
      const byId = ctx.loaders.byId(Shipment);
      for (const row of rows) byId.prime((row as any).id, row);
      return rows;
    },
  } as any,
  Order: {
    // Orders live in the orders subgraph; here an order is only the key its shipments hang on.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    shipments: (order: any, _: unknown, ctx: SubgraphContext) => ctx.loaders.firstBy(Shipment, 'orderId', NEWEST_FIRST, RECORD_LIST_READ).load(order.id),
  } as any,
  Shipment: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => ctx.loaders.byId(Shipment).load(ref.id),
    order: (shipment: any) => (shipment.orderId ? { __typename: 'Order', id: shipment.orderId } : null),
    carrier: (shipment: any, _: unknown, ctx: SubgraphContext) => (shipment.carrierId ? ctx.loaders.byId(Carrier).load(shipment.carrierId) : null),
    deliveredAt: (shipment: any) => iso(shipment.deliveredAt),
    // P-23: a shipment an overseas carrier delivers is cross-border whatever its own flag says
    // (a row written without it handed an overseas carrier the consignee with no consent asked).
    crossBorder: async (shipment: any, _: unknown, ctx: SubgraphContext) =>
      Boolean(shipment.crossBorder) || Boolean(shipment.carrierId && (await ctx.loaders.byId(Carrier).load(shipment.carrierId))?.crossBorder),
  } as any,
};
