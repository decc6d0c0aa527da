/** What the client receives for one field (POLICY.md "Outcomes"). */
export type Outcome = 'allow' | 'mask' | 'generalize' | 'pseudonymize' | 'scrub' | 'placeholder' | 'block';

/** How a `generalize` outcome coarsens its value. */
export type Generalization = 'city' | 'year' | 'age_band' | 'ip_network' | 'amount_range' | 'day';

/** One field's decision, with the rule that made it: every non-allow outcome names its rule. */
export interface Decision {
  outcome: Outcome;
  /** The POLICY.md rule id, e.g. `P-31`. */
  rule: string;
  /** Why, in one sentence a member or developer can read (P-65). */
  reason: string;
  /** The consent that decided it, when one did. */
  consent?: string;
  /** For `generalize`. */
  generalization?: Generalization;
  /** For `pseudonymize`: whose key (`partner:<id>` or `project:<id>`). */
  audience?: string;
}

export const allow = (rule: string, reason: string): Decision => ({ outcome: 'allow', rule, reason });
export const block = (rule: string, reason: string, consent?: string): Decision => (consent ? { outcome: 'block', rule, reason, consent } : { outcome: 'block', rule, reason });
