import type { Role } from './caller.js';
import type { PolicyConfig } from './policy-config.js';

/** A role's human name and who holds it, as the policy file declares them, for documents partners read. */
export function roleNameOf(policy: PolicyConfig, role: Role): { name: string; who: string } {
  const spec = Object.hasOwn(policy.roles, role) ? policy.roles[role] : undefined;
  // A role the policy no longer declares (a diff against an older file) is named by its id.
  return { name: spec?.name ?? role, who: spec?.who ?? spec?.name ?? role };
}

/** The roles the policy declares, in the file's order. */
export const rolesOf = (policy: PolicyConfig): Role[] => Object.keys(policy.roles);

/**
 * A role as a dry run names it: the served policy's name and the role's key, so a proposal that
 * renames a role cannot pass one role's releases off as another's; a role only the proposal has
 * says so.
 */
export function diffRoleName(served: PolicyConfig, proposed: PolicyConfig, role: Role): string {
  if (Object.hasOwn(served.roles, role)) return `${roleNameOf(served, role).name} (${role})`;
  return `${roleNameOf(proposed, role).name} (${role}, new role)`;
}
