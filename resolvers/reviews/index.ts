import type { SubgraphModule } from '../subgraph-server.js';
import { reviewsResolvers } from './resolvers.js';

export const reviews: SubgraphModule = { name: 'reviews', resolvers: reviewsResolvers };
