/**
 * Who is asking: the caller identity the gateway derives from a verified token (POLICY.md,
 * "Callers"). Every policy decision downstream reads a `Caller`, never the raw token.
 */

/** The caller roles of POLICY.md "Callers", plus `login_partner` (P-04: third-party login). */
export const ROLES = [
  'visitor',
  'customer',
  'guardian',
  'merchant',
  'logistics',
  'payment',
  'support',
  'analyst',
  'advertiser',
  'researcher',
  'privacy_officer',
  'login_partner',
] as const;

export type Role = (typeof ROLES)[number];

/**
 * The verified identity of one request.
 *
 * - `sub`: the subject of the token (a member id or a staff/partner user id); absent only for visitors.
 * - `store`, `carrier`, `partner`, `project`, `provider`: the scope a role is bound to (see
 *   {@link ROLE_BINDING}); present only on the role it binds.
 * - `caseRef`: the case reference a privacy officer works under (P-81), from the `case` claim.
 * - `authTime`: when the subject last authenticated (seconds since the epoch, `auth_time`);
 *   data-subject requests need a recent one (P-64).
 */
export type Caller = {
  role: Role;
  sub?: string;
  store?: string;
  carrier?: string;
  partner?: string;
  project?: string;
  caseRef?: string;
  provider?: string;
  authTime?: number;
};

/** The caller of a request without a token: public data only (P-02). */
export const VISITOR: Caller = Object.freeze({ role: 'visitor' }) as Caller;

/** The `Caller` fields that bind a role to one scope. */
export type BindingKey = 'store' | 'carrier' | 'partner' | 'project' | 'provider';

export const BINDING_KEYS: readonly BindingKey[] = ['store', 'carrier', 'partner', 'project', 'provider'];

/**
 * The scope each role must be bound to: a merchant to one store (P-21), a carrier to one carrier
 * (P-22), analysts and advertisers to their partner (P-51, P-50: pseudonyms are per partner), a
 * researcher to one project (P-52), a login partner to its provider (P-04). A token of such a role
 * without its binding claim is rejected: an unscoped merchant must not mean "every store".
 */
export const ROLE_BINDING: Readonly<Record<Role, BindingKey | null>> = Object.freeze({
  visitor: null,
  customer: null,
  guardian: null,
  merchant: 'store',
  logistics: 'carrier',
  payment: null,
  support: null,
  analyst: 'partner',
  advertiser: 'partner',
  researcher: 'project',
  privacy_officer: null,
  login_partner: 'provider',
});

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The token claims that are missing for `role`, named as token claims (`sub`, `store`, ...):
 * every role but visitor needs `sub`, and a bound role needs its binding. Empty when complete.
 */
export function missingClaims(role: Role, claims: Partial<Record<'sub' | BindingKey, unknown>>): string[] {
  const missing: string[] = [];
  if (role !== 'visitor' && !isNonEmptyString(claims.sub)) missing.push('sub');
  const binding = ROLE_BINDING[role];
  if (binding && !isNonEmptyString(claims[binding])) missing.push(binding);
  return missing;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
