import type { EntityManager } from '@mikro-orm/core';

/**
 * What a subgraph tells the gateway about data subjects so that policy can be evaluated
 * (a policy information point). Each subgraph answers for what it owns: accounts for age,
 * guardians and cancellation, support for assigned agents, privacy for consents. Missing facts
 * are never guessed: the gateway blocks what depends on them (P-82).
 */
export interface SubjectFacts {
  /** Consent kind → on/off; a kind never set is absent (and counts as off). */
  consents?: Record<string, boolean>;
  /** Under 14 by date of birth (P-70). */
  minor?: boolean;
  /** Member ids of the subject's guardians (P-70). */
  guardians?: string[];
  /** Support agents with a ticket of this subject assigned (P-40). */
  agents?: string[];
  /** The account was cancelled (P-62). */
  cancelled?: boolean;
}

/**
 * The privacy contract a subgraph serves beside its public graph, at `/privacy/<operation>`,
 * reachable by the gateway only. It is not composed into the supergraph, so clients never see it.
 */
export interface PrivacyContract {
  /** Facts for each requested subject id (ids it knows nothing about may be left out). */
  facts?(em: EntityManager, subjectIds: string[]): Promise<Record<string, SubjectFacts>>;
}
