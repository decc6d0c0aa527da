/**
 * Who is asking: the caller identity the gateway derives from a verified token (POLICY.md,
 * "Callers"). Every policy decision downstream reads a `Caller`, never the raw token.
 */

/**
 * The roles the code itself names (the engine's shared precedence, data-subject rights, the
 * visitor without a token): every policy file must declare them. Every other role is data of
 * the policy file (policy.json `roles`).
 */
export const BUILTIN_ROLES = ['visitor', 'customer', 'guardian', 'support', 'privacy_officer'] as const;

export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** A caller role: any role the loaded policy file declares (policy.json `roles`), built-in or not. */
export type Role = string;

/**
 * The verified identity of one request.
 *
 * - `role`: a role the policy in force declares.
 * - `sub`: the subject of the token (a member id or a staff/partner user id); absent only for visitors.
 * - `store`, `carrier`, `partner`, `project`, `provider`, `institution`: the scope a role is bound to (the role's
 *   `binding` in the policy file); present only on the role it binds.
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
  institution?: string;
  authTime?: number;
};

/** The caller of a request without a token: public data only (P-02). */
export const VISITOR: Caller = Object.freeze({ role: 'visitor' }) as Caller;

/** The `Caller` fields that bind a role to one scope. */
export type BindingKey = 'store' | 'carrier' | 'partner' | 'project' | 'provider' | 'institution';

export const BINDING_KEYS: readonly BindingKey[] = ['store', 'carrier', 'partner', 'project', 'provider', 'institution'];

/** A role's binding as the policy file writes it: one of {@link BINDING_KEYS}, or `none`. */
export type Binding = BindingKey | 'none';

/** The binding claim a role's token must carry, or null when the role is bound to no scope. */
export const bindingKey = (binding: Binding | undefined): BindingKey | null => (binding === undefined || binding === 'none' ? null : binding);

/**
 * The token claims that are missing for a role bound by `binding`, named as token claims (`sub`,
 * `store`, ...): every role but visitor needs `sub`, and a bound role needs its binding (an
 * unscoped merchant must not mean "every store"). Empty when complete.
 */
export function missingClaims(role: Role, binding: Binding | undefined, claims: Partial<Record<'sub' | BindingKey, unknown>>): string[] {
  const missing: string[] = [];
  if (role !== 'visitor' && !isNonEmptyString(claims.sub)) missing.push('sub');
  const key = bindingKey(binding);
  if (key && !isNonEmptyString(claims[key])) missing.push(key);
  return missing;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
