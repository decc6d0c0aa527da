import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { BUILTIN_ROLES, type Binding, type Role } from './caller.js';
import type { KindName } from './categories.js';
import type { Generalization, Outcome } from './decision.js';
import { readPolicyRules } from './policy-rules.js';

/** The reviewed policy (directives/policy.json, shaped by directives/policy.schema.json): roles, purposes, consents, k, retention, outcomes. */
export interface PolicyConfig {
  version: string;
  purposes: string[];
  /** Every caller role: its name, binding and purposes (a token's role must be one of these). */
  roles: Record<Role, RoleSpec>;
  consents: Record<string, { governs: string[]; rule: string }>;
  publicRules: Record<string, string>;
  kAnonymity: number;
  deliveryWindowDays: number;
  minorAge: number;
  audiences: string[];
  retentionDays: Record<string, number>;
  /** Per role, what it sees of a row and of each field (directives/decide.ts evaluates it). */
  outcomes: Record<Role, RoleOutcomes>;
}

/** One caller role as the policy file declares it. */
export interface RoleSpec {
  /** Its human name, for documents partners read (contracts, the explorer). */
  name: string;
  /** Who holds it, in a few words. */
  who?: string;
  /** The scope its token must name (a store, a carrier, ...): a token without that claim is refused. */
  binding: Binding;
  /**
   * `member`: people using the marketplace's own clients (member budget, ad-hoc documents);
   * `partner` (the default when absent, the more protective): another company's code, with the
   * partner budget counted per organisation and only registered documents under TRUSTED_DOCUMENTS=enforce.
   */
  callerClass?: 'member' | 'partner';
  /** The purposes it may declare (x-purpose). */
  purposes: string[];
}

/** What relates a caller to a row: its subject, their guardian, the row's store, carrier or payment institution, a ticket assigned to them, nothing. */
export type Relation = 'none' | 'self' | 'ward' | 'store' | 'carrier' | 'institution' | 'assignedTicket' | 'boundProvider';
/** What a type's rows are about: a store's order, a carrier's shipment, a payment an institution processes, a purchase (P-52). */
export type TypeFact = 'store' | 'carrier' | 'institution' | 'purchases';

/** The conditions of one entry; every one given must hold. */
export interface Conditions {
  kinds?: KindName[];
  notKinds?: KindName[];
  leaf?: boolean;
  profile?: true;
  /** The field's type or return type. */
  record?: string;
  purpose?: string;
  typeHas?: TypeFact[];
  typeLacks?: TypeFact[];
  typeLacksConsent?: string;
  crossBorder?: true;
  pastDeliveryWindow?: true;
}

/** One entry of an ordered first-match list: its conditions, and the outcome with its rule. */
export interface OutcomeEntry {
  when?: Conditions;
  /** The entry decides only when the role's relation to the row does not hold. */
  requires?: 'relation';
  /** The entry decides only when the subject's consent is not on. */
  requiresConsent?: string;
  /** When the store that answers `requires`/`requiresConsent` did not answer (P-82). */
  unchecked?: { rule: string; reason: string };
  outcome: Outcome;
  rule: string;
  reason: string;
  consent?: string;
  /** false: the refusal does not name its consent (`extensions.consent`), where knowing which consent is off would tell the caller a relation it has not got. */
  namesConsent?: boolean;
  generalization?: Generalization;
}

/** Partners that receive de-identified data only: refused everything, or field by field under one rule. */
export interface DeidentifiedOutcomes {
  refuse?: { rule: string; reason: string };
  rule?: string;
  ruleForPurpose?: Record<string, string>;
  audience?: 'partner' | 'project';
  recordIds?: string;
  fields?: Array<Omit<OutcomeEntry, 'rule' | 'requires' | 'requiresConsent' | 'unchecked' | 'consent' | 'namesConsent'>>;
}

export interface RoleOutcomes {
  relation: Relation;
  seesPublicRows?: boolean;
  rows: OutcomeEntry[];
  fields?: OutcomeEntry[];
  deidentified?: DeidentifiedOutcomes;
}

export class PolicyConfigError extends Error {
  constructor(readonly problems: string[], source: string) {
    super(`invalid policy configuration ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PolicyConfigError';
  }
}

const here = dirname(fileURLToPath(import.meta.url));
/** The purpose open only to the privacy officer with a case, under which every read is audited (P-81). */
export const LEGAL_OBLIGATION = 'essential.legal_obligation';

export const DEFAULT_POLICY_PATH = join(here, 'policy.json');
const validateShape = new Ajv({ allErrors: true, verbose: true }).compile(JSON.parse(readFileSync(join(here, 'policy.schema.json'), 'utf8')));

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

/** `/outcomes/merchant/fields/5/outcome` → `outcomes.merchant.fields[5].outcome`. */
const pathOf = (pointer: string) => pointer.slice(1).split('/').map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i ? '.' : ''}${part.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('') || '(the file)';

function shapeProblems(errors: ErrorObject[]): string[] {
  // if/then and oneOf restate the errors of their branches: keep the branch's own.
  const own = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'oneOf' && e.keyword !== 'propertyNames');
  const rule = (e: ErrorObject) => (typeof e.parentSchema?.description === 'string' && /^P-\d{2}$/.test(e.parentSchema.description) ? ` (${e.parentSchema.description})` : '');
  const named = (e: ErrorObject) => (e.propertyName === undefined ? '' : ` (the name '${e.propertyName}')`);
  return [...new Set((own.length ? own : errors).map((e) => `${pathOf(e.instancePath)}${named(e)}: ${e.message}${rule(e)}${e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : ''}${e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`))];
}

/**
 * Checks a parsed policy object; throws PolicyConfigError naming each problem by its path. The
 * shape is policy.schema.json's; below are the checks a schema cannot state: names that must
 * be declared elsewhere in the file (roles, purposes, consents), rule ids that must be rules of
 * docs/policy/POLICY.md, legal obligation for the privacy officer only (P-81), and lists that
 * always decide.
 */
export function validatePolicyConfig(raw: any, source = '(inline)'): PolicyConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicyConfigError(['the file must hold a JSON object'], source);
  if (!validateShape(raw)) {
    // The other checks read a well-shaped file: run where they can, so one fix-up round still sees every problem.
    let more: string[] = [];
    try {
      more = referenceProblems(raw);
    } catch {}
    throw new PolicyConfigError([...shapeProblems(validateShape.errors ?? []), ...more], source);
  }
  const problems = referenceProblems(raw);
  if (problems.length) throw new PolicyConfigError(problems, source);
  return raw as PolicyConfig;
}

/** What a schema cannot state (see {@link validatePolicyConfig}), for a file of the schema's shape. */
function referenceProblems(raw: any): string[] {
  const problems: string[] = [];
  const config = raw as PolicyConfig;
  const purposes = new Set(config.purposes);
  const rules = readPolicyRules();
  const knownRule = (rule: string, path: string) => {
    if (!rules.has(rule)) problems.push(`${path}: unknown rule '${rule}' (not a rule of docs/policy/POLICY.md)`);
  };
  const knownPurpose = (purpose: string, path: string) => {
    if (!purposes.has(purpose)) problems.push(`${path}: unknown purpose '${purpose}'`);
  };
  const knownConsent = (consent: string | undefined, path: string) => {
    if (consent !== undefined && !Object.hasOwn(config.consents, consent)) problems.push(`${path}: unknown consent '${consent}'`);
  };
  for (const role of BUILTIN_ROLES) {
    if (!Object.hasOwn(config.roles, role)) problems.push(`roles.${role} is missing: the code names this role, so every policy must declare it (built-in roles: ${BUILTIN_ROLES.join(', ')})`);
  }
  for (const role of Object.keys(config.roles)) if (!Object.hasOwn(config.outcomes, role)) problems.push(`outcomes.${role} is missing: role '${role}' is declared in roles, so it needs its outcomes (at least relation and rows)`);
  for (const role of Object.keys(config.outcomes)) if (!Object.hasOwn(config.roles, role)) problems.push(`outcomes.${role}: role '${role}' is not declared in roles (declare it with its name and binding)`);
  if (config.roles.visitor && config.roles.visitor.binding !== 'none') problems.push(`roles.visitor.binding: the visitor has no token, so it is bound to nothing ('none', not '${config.roles.visitor.binding}')`);
  if (config.roles.visitor?.callerClass) problems.push('roles.visitor.callerClass: the visitor is counted per client address and has no caller class');
  for (const [role, entry] of Object.entries(config.roles)) {
    for (const p of entry.purposes) knownPurpose(p, `roles.${role}`);
    if (role !== 'privacy_officer' && entry.purposes.includes(LEGAL_OBLIGATION)) problems.push(`roles.${role}: essential.legal_obligation is open only to the privacy officer (P-81)`);
  }
  if (config.roles.privacy_officer && !config.roles.privacy_officer.purposes.includes(LEGAL_OBLIGATION)) {
    problems.push('roles.privacy_officer must be allowed essential.legal_obligation (P-81)');
  }
  for (const [kind, c] of Object.entries(config.consents)) {
    for (const p of c.governs) knownPurpose(p, `consents.${kind}.governs`);
    knownRule(c.rule, `consents.${kind}.rule`);
  }
  for (const [type, rule] of Object.entries(config.publicRules)) knownRule(rule, `publicRules.${type}`);

  const checkEntries = (entries: OutcomeEntry[], path: string, relation: Relation, rows: boolean) => {
    entries.forEach((entry, i) => {
      const at = `${path}[${i}]`;
      knownRule(entry.rule, `${at}.rule`);
      if (entry.unchecked) knownRule(entry.unchecked.rule, `${at}.unchecked.rule`);
      knownConsent(entry.consent, `${at}.consent`);
      knownConsent(entry.requiresConsent, `${at}.requiresConsent`);
      checkConditions(entry.when, `${at}.when`, rows);
      checkOutcome(entry, at, rows);
      if (entry.requires && !['store', 'carrier', 'institution', 'assignedTicket', 'boundProvider'].includes(relation)) problems.push(`${at}.requires: the role's relation '${relation}' is not one a row is checked against (store, carrier, institution, assignedTicket, boundProvider)`);
      if ((entry.requires || entry.requiresConsent) && entry.reason.includes('{field}')) problems.push(`${at}.reason: a refusal by relation or consent cannot name {field}`);
      if (entry.outcome === 'pseudonymize') problems.push(`${at}.outcome: pseudonymize needs an audience: only a de-identified partner's fields are pseudonymized`);
    });
    const last = entries.at(-1);
    if (last && (last.when || last.requires || last.requiresConsent)) problems.push(`${path}[${entries.length - 1}]: the last entry must decide unconditionally (no when, requires or requiresConsent)`);
  };
  const checkConditions = (when: Conditions | undefined, at: string, rows: boolean) => {
    if (!when) return;
    if (when.purpose) knownPurpose(when.purpose, `${at}.purpose`);
    knownConsent(when.typeLacksConsent, `${at}.typeLacksConsent`);
    if (rows) for (const key of ['kinds', 'notKinds', 'leaf', 'profile', 'record'] as const) if (key in when) problems.push(`${at}.${key}: a row entry decides a whole row and cannot test a field`);
  };
  const checkOutcome = (entry: { outcome: Outcome; reason: string; generalization?: Generalization }, at: string, rows: boolean) => {
    if ((entry.outcome === 'generalize') !== Boolean(entry.generalization)) problems.push(`${at}: a generalize outcome, and only one, names its generalization`);
    for (const [, name] of entry.reason.matchAll(/\{(\w+)\}/g)) {
      if (!['role', 'field', 'deliveryWindowDays', 'kAnonymity'].includes(name!) || (rows && name === 'field')) problems.push(`${at}.reason: unknown placeholder {${name}}`);
    }
  };
  for (const [role, o] of Object.entries(config.outcomes)) {
    const at = `outcomes.${role}`;
    checkEntries(o.rows, `${at}.rows`, o.relation, true);
    if (o.fields) checkEntries(o.fields, `${at}.fields`, o.relation, false);
    const d = o.deidentified;
    if (!d) continue;
    if (d.refuse) knownRule(d.refuse.rule, `${at}.deidentified.refuse.rule`);
    if (d.rule) knownRule(d.rule, `${at}.deidentified.rule`);
    for (const [purpose, rule] of Object.entries(d.ruleForPurpose ?? {})) {
      knownPurpose(purpose, `${at}.deidentified.ruleForPurpose`);
      knownRule(rule, `${at}.deidentified.ruleForPurpose.${purpose}`);
    }
    d.fields?.forEach((entry, i) => {
      checkConditions(entry.when, `${at}.deidentified.fields[${i}].when`, false);
      checkOutcome(entry, `${at}.deidentified.fields[${i}]`, false);
    });
    if (d.fields?.at(-1)?.when) problems.push(`${at}.deidentified.fields[${d.fields.length - 1}]: the last entry must decide unconditionally (no when)`);
  }
  return problems;
}
