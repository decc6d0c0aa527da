import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { SubgraphContext } from '../subgraph-context.js';
import { rowLimit } from '../request-loaders.js';
import { Product, Store } from './store.entity.js';

/** One order for product lists everywhere (a loader is shared per entity+field, so its order must be too). */
const PRODUCT_ORDER = { name: 'asc', id: 'asc' } as const;


export const catalogResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    product: (_, { id }, ctx) => ctx.loaders.byId(Product).load(id),
    /** One statement: the products of one store (or of all), limited by `first`. */
    products: (_, { storeId, first }, ctx) =>
      ctx.em.find(Product, storeId ? { storeId } : {}, { orderBy: PRODUCT_ORDER, limit: rowLimit(first, 20) }),
    store: (_, { id }, ctx) => ctx.loaders.byId(Store).load(id),
    stores: (_, { first }, ctx) => ctx.em.find(Store, {}, { orderBy: { id: 'asc' }, limit: rowLimit(first, 20) }),
  },
  Store: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => ctx.loaders.byId(Store).load(ref.id),
    products: (store: any, { first }: { first?: number | null }, ctx: SubgraphContext) => ctx.loaders.firstBy(Product, 'storeId', PRODUCT_ORDER, rowLimit(first, 20)).load(store.id),
  } as any,
  Product: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => ctx.loaders.byId(Product).load(ref.id),
    store: (product: any, _: unknown, ctx: SubgraphContext) => (product.storeId ? ctx.loaders.byId(Store).load(product.storeId) : null),
  } as any,
};
