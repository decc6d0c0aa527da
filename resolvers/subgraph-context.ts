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
  /**
   * When the caller last authenticated (token `auth_time`, seconds since the epoch), forwarded by
   * the gateway as `x-caller-auth-time`: data-subject requests need a recent one (P-64).
   */
  callerAuthTime: number | null;
  /** The purpose the caller declared (`x-caller-purpose`), already checked by the gateway. */
  callerPurpose: string | null;
  /** The privacy officer's case reference (`x-caller-case`, P-81). */
  callerCase: string | null;
}
