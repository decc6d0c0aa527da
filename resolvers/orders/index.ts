import type { SubgraphModule } from '../subgraph-server.js';
import { ordersResolvers } from './resolvers.js';
import { ordersErase, ordersExport, ordersRetain } from './rights.js';

/** orders: orders, their items and payments, and per-store aggregates. */
export const orders: SubgraphModule = {
  name: 'orders',
  resolvers: ordersResolvers,
  privacy: { export: ordersExport, erase: (em, memberId) => ordersErase(em, memberId), retain: ordersRetain },
};
