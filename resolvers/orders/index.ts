import type { SubgraphModule } from '../subgraph-server.js';
import { ordersResolvers } from './resolvers.js';

/** orders: orders, their items and payments, and per-store aggregates. */
export const orders: SubgraphModule = { name: 'orders', resolvers: ordersResolvers };
