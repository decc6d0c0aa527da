import type { SubgraphModule } from '../subgraph-server.js';
import { accountsResolvers } from './resolvers.js';
import { accountsFacts } from './facts.js';
import { accountsErase, accountsExport } from './rights.js';

export const accounts: SubgraphModule = {
  name: 'accounts',
  resolvers: accountsResolvers,
  privacy: { facts: accountsFacts, export: accountsExport, erase: accountsErase },
};
