import type { PolicyConfig } from '../directives/policy-config.js';

/** Roles whose callers read data of their own (a member's, a ward's) or only public data: a request without a purpose is theirs to send. */
const OWN_DATA_ROLES = new Set(['visitor', 'customer', 'guardian']);

/**
 * What a partner or staff caller that declared no purpose is told, whatever the answer holds: its
 * lists of other people's rows come back empty and their fields withheld (P-83), which would
 * otherwise read as "no orders". It depends on the role and the header only, so it tells nothing
 * about any row.
 */
export function purposeHint(role: string, purpose: string | null, policy: PolicyConfig): string | undefined {
  if (purpose !== null || OWN_DATA_ROLES.has(role)) return undefined;
  const purposes = policy.roles[role]?.purposes ?? [];
  if (!purposes.length) return undefined;
  return `no x-purpose header was declared: rows and fields about other people are withheld (P-83); this role may declare ${purposes.join(', ')}`;
}
