import type { EntityManager } from '@mikro-orm/core';
import type { RequestLoaders } from './request-loaders.js';

/**
 * What every subgraph resolver receives. `callerSub` is the member id the gateway verified and
 * forwarded (header `x-caller-sub`); subgraphs trust it because only the gateway reaches them.
 */
export interface SubgraphContext {
  em: EntityManager;
  loaders: RequestLoaders;
  callerSub: string | null;
  callerRole: string | null;
}
