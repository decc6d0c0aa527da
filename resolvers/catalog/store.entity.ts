import { defineEntity, p } from '@mikro-orm/core';

/** A store, owned by one merchant (its `merchantId`). A business, not a person. */
export const Store = defineEntity({
  name: 'Store',
  tableName: 'catalog_store',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    merchantId: p.string().index(),
  },
});

/** A product of one store. `storeId` is a plain column (the store is in this subgraph, but kept flat like the others). */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'catalog_product',
  properties: {
    id: p.string().primary(),
    storeId: p.string().index(),
    name: p.string(),
    price: p.double().$type<number>().runtimeType('number'),
  },
});
