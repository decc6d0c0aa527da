import type { SubgraphModule } from '../subgraph-server.js';
import { privacyResolvers } from './resolvers.js';
import { privacyFacts } from './facts.js';

export const privacy: SubgraphModule = { name: 'privacy', resolvers: privacyResolvers, privacy: { facts: privacyFacts } };
