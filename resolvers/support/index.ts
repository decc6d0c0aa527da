import type { SubgraphModule } from '../subgraph-server.js';
import { supportResolvers } from './resolvers.js';
import { supportFacts } from './facts.js';
import { supportErase, supportExport, supportRetain } from './rights.js';

export const support: SubgraphModule = {
  name: 'support',
  resolvers: supportResolvers,
  privacy: { facts: supportFacts, export: supportExport, erase: supportErase, retain: supportRetain },
};
