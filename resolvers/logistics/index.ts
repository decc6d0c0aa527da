import type { SubgraphModule } from '../subgraph-server.js';
import { logisticsResolvers } from './resolvers.js';

/** logistics: carriers and the shipments assigned to them, with their copy of the delivery data. */
export const logistics: SubgraphModule = { name: 'logistics', resolvers: logisticsResolvers };
