import type { SubgraphModule } from '../subgraph-server.js';
import { privacyResolvers } from './resolvers.js';
import { privacyFacts } from './facts.js';
import { privacyErase, privacyExport, privacyRetain } from './rights.js';
import { privacyRequests } from './request-contract.js';

export const privacy: SubgraphModule = { name: 'privacy', resolvers: privacyResolvers, privacy: { facts: privacyFacts, export: privacyExport, erase: privacyErase, retain: privacyRetain, requests: privacyRequests } };
