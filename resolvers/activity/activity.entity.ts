import { defineEntity, p } from '@mikro-orm/core';

/**
 * A member viewed a product. `memberId` and `productId` are ids owned by the accounts and
 * catalog subgraphs: plain columns, never ORM relations across subgraphs. The IP address and
 * device id are personal data (P-10, P-51).
 */
export const BrowsingEvent = defineEntity({
  name: 'BrowsingEvent',
  tableName: 'activity_browsing_event',
  properties: {
    id: p.string().primary(),
    memberId: p.string().index(),
    productId: p.string(),
    at: p.datetime().index(),
    ip: p.string().nullable(),
    deviceId: p.string().nullable(),
  },
});

/** A member searched the catalog (P-10). */
export const SearchEvent = defineEntity({
  name: 'SearchEvent',
  tableName: 'activity_search_event',
  properties: {
    id: p.string().primary(),
    memberId: p.string().index(),
    query: p.string(),
    at: p.datetime(),
  },
});
