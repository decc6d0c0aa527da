import type { SubgraphModule } from '../subgraph-server.js';
import { catalogResolvers } from './resolvers.js';

/** catalog: stores and products. Not personal data, so no privacy contract. */
export const catalog: SubgraphModule = { name: 'catalog', resolvers: catalogResolvers };
