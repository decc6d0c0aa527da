import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { SubgraphContext } from '../subgraph-context.js';
import { rowLimit } from '../request-loaders.js';
import { RECORD_LIST_READ } from '../../schema/record-lists.js';
import { cursorBinding, pageOf, pageRows } from '../page-cursor.js';
import { Order, OrderItem, Payment } from './order.entity.js';

/**
 * Newest first, everywhere orders are listed. RequestLoaders keys a loader by entity and field
 * only, so every `manyBy(Order, …)` must pass this same order (`firstBy` keys by its order too).
 */
const NEWEST_FIRST = { createdAt: 'desc', id: 'desc' } as const;
const ITEM_ORDER = { position: 'asc', id: 'asc' } as const;


/** Dates leave the subgraph as ISO strings. */
const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : value == null ? null : String(value));

/** Rows fetched by a plain query are primed into the by-id loader, so a later reference to them is free. */
function primeOrders(ctx: SubgraphContext, rows: any[]): any[] {
  const loader = ctx.loaders.byId(Order);
  for (const row of rows) loader.prime(row.id, row);
  return rows;
}

export const ordersResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    order: (_, { id }, ctx) => ctx.loaders.byId(Order).load(id),
    /** One statement: a store's newest orders. Subgraphs do not scope by caller; the gateway does (P-21). */
    storeOrders: async (_, { storeId, first }, ctx) =>
      primeOrders(ctx, await ctx.em.find(Order, { storeId }, { orderBy: NEWEST_FIRST, limit: rowLimit(first, 50) })),
    /** One statement per page: the store's orders after the cursor's (createdAt, id), newest first. */
    storeOrdersConnection: async (_, { storeId, first, after }, ctx) => {
      const size = rowLimit(first, 50);
      const binding = cursorBinding('storeOrders', storeId, ctx);
      const from = after ? ctx.cursors.open(binding, after) : null;
      const where = from ? { storeId, $or: [{ createdAt: { $lt: new Date(from.at) } }, { createdAt: new Date(from.at), id: { $lt: from.id } }] } : { storeId };
      const rows = primeOrders(ctx, await pageRows(size, () => ctx.em.find(Order, where as any, { orderBy: NEWEST_FIRST, limit: size })));
      return pageOf(rows, size, (row) => ({ at: iso(row.createdAt)!, id: row.id }), (position) => ctx.cursors.seal(binding, position));
    },
    /** One grouped statement: per store, distinct buyers (the k of P-52) with those no order links to any more, order count and revenue. */
    orderStats: async (_, __, ctx) => {
      const rows: any[] = await ctx.em.getConnection().execute(
        'select o.store_id as store_id, count(distinct o.buyer_id) + coalesce(max(u.buyers), 0) as buyers, count(*) as orders, coalesce(sum(o.total), 0) as revenue' +
          ' from orders_order o left join orders_unlinked_buyers u on u.store_id = o.store_id group by o.store_id order by o.store_id',
      );
      return rows.map((r) => ({
        storeId: r.store_id,
        buyers: Number(r.buyers),
        orders: Number(r.orders),
        revenue: Math.round(Number(r.revenue) * 100) / 100,
      }));
    },
  },
  Member: {
    // Members live in accounts; here a member is only the key its orders hang on.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    orders: (member: any, _: unknown, ctx: SubgraphContext) => ctx.loaders.firstBy(Order, 'buyerId', NEWEST_FIRST, RECORD_LIST_READ).load(member.id),
  } as any,
  Store: {
    // Stores live in catalog; here a store is only the key its orders hang on.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    orders: async (store: any, { first }: { first?: number | null }, ctx: SubgraphContext) =>
      primeOrders(ctx, await ctx.loaders.firstBy(Order, 'storeId', NEWEST_FIRST, rowLimit(first, 50)).load(store.id)),
  } as any,
  Order: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => ctx.loaders.byId(Order).load(ref.id),
    buyer: (order: any) => (order.buyerId ? { __typename: 'Member', id: order.buyerId } : null),
    store: (order: any) => (order.storeId ? { __typename: 'Store', id: order.storeId } : null),
    createdAt: (order: any) => iso(order.createdAt),
    completedAt: (order: any) => iso(order.completedAt),
    items: (order: any, { first }: { first?: number | null }, ctx: SubgraphContext) => ctx.loaders.firstBy(OrderItem, 'orderId', ITEM_ORDER, rowLimit(first, 20)).load(order.id),
    payment: (order: any, _: unknown, ctx: SubgraphContext) => ctx.loaders.byId(Payment, 'orderId').load(order.id),
  } as any,
  OrderItem: {
    product: (item: any) => (item.productId ? { __typename: 'Product', id: item.productId } : null),
  },
  Product: {
    // Products live in catalog; orders only names them.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  } as any,
};
