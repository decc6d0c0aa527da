import type { SubgraphModule } from './subgraph-server.js';
import { accounts } from './accounts/index.js';
import { catalog } from './catalog/index.js';
import { orders } from './orders/index.js';
import { logistics } from './logistics/index.js';
import { reviews } from './reviews/index.js';
import { activity } from './activity/index.js';
import { support } from './support/index.js';
import { privacy } from './privacy/index.js';

/** The marketplace's subgraphs, in the order of SUBGRAPH_NAMES (schema/subgraphs.ts). */
export const SUBGRAPH_MODULES: SubgraphModule[] = [accounts, catalog, orders, logistics, reviews, activity, support, privacy];

export function subgraphModule(name: string): SubgraphModule {
  const found = SUBGRAPH_MODULES.find((m) => m.name === name);
  if (!found) throw new Error(`unknown subgraph '${name}'; known: ${SUBGRAPH_MODULES.map((m) => m.name).join(', ')}`);
  return found;
}
