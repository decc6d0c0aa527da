import type { SubgraphModule } from '../subgraph-server.js';
import { activityResolvers } from './resolvers.js';
import { activityErase, activityExport, activityRetain } from './rights.js';

export const activity: SubgraphModule = {
  name: 'activity',
  resolvers: activityResolvers,
  privacy: { export: activityExport, erase: activityErase, retain: activityRetain },
};
