import type { SubgraphModule } from '../subgraph-server.js';
import { logisticsResolvers } from './resolvers.js';
import { logisticsErase, logisticsExport, logisticsRetain } from './rights.js';

/** logistics: carriers and the shipments assigned to them, with their copy of the delivery data. */
export const logistics: SubgraphModule = {
  name: 'logistics',
  resolvers: logisticsResolvers,
  privacy: { export: logisticsExport, erase: logisticsErase, retain: logisticsRetain },
};
