import type { SubgraphModule } from '../subgraph-server.js';
import { reviewsResolvers } from './resolvers.js';
import { reviewsCorrect, reviewsErase, reviewsExport } from './rights.js';

export const reviews: SubgraphModule = { name: 'reviews', resolvers: reviewsResolvers, privacy: { export: reviewsExport, erase: reviewsErase, correct: reviewsCorrect } };
