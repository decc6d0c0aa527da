import type { SubgraphModule } from '../subgraph-server.js';
import { activityResolvers } from './resolvers.js';

export const activity: SubgraphModule = { name: 'activity', resolvers: activityResolvers };
