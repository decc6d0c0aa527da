import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, type Role } from './caller.js';

/** The reviewed policy configuration (directives/policy.json): roles, purposes, consents, k, retention. */
export interface PolicyConfig {
  version: string;
  purposes: string[];
  roles: Record<Role, { purposes: string[] }>;
  consents: Record<string, { governs: string[]; rule: string }>;
  publicRules: Record<string, string>;
  kAnonymity: number;
  deliveryWindowDays: number;
  minorAge: number;
  audiences: string[];
  retentionDays: Record<string, number>;
}

export class PolicyConfigError extends Error {
  constructor(readonly problems: string[], source: string) {
    super(`invalid policy configuration ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PolicyConfigError';
  }
}

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_POLICY_PATH = join(here, 'policy.json');

/** Loads and validates the policy file; every problem is listed at once, so one fix-up round suffices. */
export function loadPolicyConfig(path = process.env.POLICY_FILE ?? DEFAULT_POLICY_PATH): PolicyConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PolicyConfigError([`cannot read it: ${(error as Error).message}`], path);
  }
  return validatePolicyConfig(raw, path);
}

/** Checks a parsed policy object; throws PolicyConfigError naming each problem. */
export function validatePolicyConfig(raw: any, source = '(inline)'): PolicyConfig {
  const problems: string[] = [];
  const isStringList = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (!raw || typeof raw !== 'object') throw new PolicyConfigError(['the file must hold a JSON object'], source);
  if (typeof raw.version !== 'string') problems.push('"version" must be a string');
  if (!isStringList(raw.purposes) || raw.purposes.length === 0) problems.push('"purposes" must be a non-empty list of purpose keys');
  const purposes = new Set<string>(isStringList(raw.purposes) ? raw.purposes : []);
  for (const role of ROLES) {
    const entry = raw.roles?.[role];
    if (!entry || !isStringList(entry.purposes)) {
      problems.push(`roles.${role}.purposes is missing (every role must be listed, even with no purposes)`);
      continue;
    }
    for (const p of entry.purposes) if (!purposes.has(p)) problems.push(`roles.${role} declares unknown purpose '${p}'`);
  }
  for (const role of Object.keys(raw.roles ?? {})) if (!(ROLES as readonly string[]).includes(role)) problems.push(`roles.${role}: unknown role`);
  if (raw.roles?.privacy_officer?.purposes && !raw.roles.privacy_officer.purposes.includes('essential.legal_obligation')) {
    problems.push('roles.privacy_officer must be allowed essential.legal_obligation (P-81)');
  }
  for (const [role, entry] of Object.entries<any>(raw.roles ?? {})) {
    if (role !== 'privacy_officer' && entry?.purposes?.includes('essential.legal_obligation')) problems.push(`roles.${role}: essential.legal_obligation is open only to the privacy officer (P-81)`);
  }
  for (const [kind, c] of Object.entries<any>(raw.consents ?? {})) {
    if (!isStringList(c?.governs) || typeof c?.rule !== 'string') problems.push(`consents.${kind} needs "governs" (purposes) and "rule"`);
    else for (const p of c.governs) if (!purposes.has(p)) problems.push(`consents.${kind} governs unknown purpose '${p}'`);
  }
  if (!Number.isInteger(raw.kAnonymity) || raw.kAnonymity < 2) problems.push('"kAnonymity" must be an integer ≥ 2 (P-52)');
  if (!Number.isInteger(raw.deliveryWindowDays) || raw.deliveryWindowDays < 0) problems.push('"deliveryWindowDays" must be a non-negative integer (P-22)');
  if (!Number.isInteger(raw.minorAge)) problems.push('"minorAge" must be an integer (P-70)');
  if (!isStringList(raw.audiences)) problems.push('"audiences" must list the pseudonymization audiences (partner:<id>, project:<id>)');
  if (typeof raw.publicRules !== 'object') problems.push('"publicRules" must map type names to rule ids');
  for (const [category, days] of Object.entries(raw.retentionDays ?? {})) {
    if (typeof days !== 'number' || days <= 0) problems.push(`retentionDays.${category} must be a positive number of days`);
  }
  if (problems.length) throw new PolicyConfigError(problems, source);
  return raw as PolicyConfig;
}
