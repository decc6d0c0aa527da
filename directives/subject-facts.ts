/**
 * What the policy knows about a data subject beyond the row: the facts each subgraph answers for
 * what it owns (accounts for age, guardians and cancellation, support for assigned agents, privacy
 * for consents). Missing facts are never guessed: what depends on them is blocked (P-82).
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
  /** The login partners the subject has a binding with (P-04: "that binding"). */
  loginProviders?: string[];
  /** The account was cancelled (P-62). */
  cancelled?: boolean;
}
