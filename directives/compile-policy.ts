import type { BindingKey, Caller } from './caller.js';
import type { FieldPolicy } from './annotations.js';
import { kindBits } from './categories.js';
import type { Decision } from './decision.js';
import type { Conditions, DeidentifiedOutcomes, OutcomeEntry, PolicyConfig, Relation, RoleOutcomes, TypeFact } from './policy-config.js';

/** What a step does when its conditions hold: decide, or decide only when the relation (or consent) fails. */
export const DECIDES = 0;
export const NEEDS_RELATION = 1;
export const NEEDS_CONSENT = 2;

/** `typeHas`/`typeLacks` as bits over a type's facts. */
export const TYPE_STORE = 1;
export const TYPE_CARRIER = 2;
export const TYPE_PURCHASES = 4;
export const TYPE_INSTITUTION = 8;
const TYPE_BITS: Record<TypeFact, number> = { store: TYPE_STORE, carrier: TYPE_CARRIER, institution: TYPE_INSTITUTION, purchases: TYPE_PURCHASES };

/**
 * One entry of the policy file, compiled: its conditions as numbers and nullable fields of one
 * shape (the engine's loop over steps sees a single hidden class), its outcome a frozen
 * {@link Decision} made once. `dynamic` builds the decision per call, only when it names the field
 * or a pseudonymization audience.
 */
export class Step {
  constructor(
    readonly anyKinds: number,
    readonly noKinds: number,
    /** Some condition beyond the kinds: the engine then calls {@link Step.holds}'s tests. */
    readonly more: boolean,
    /** Some condition only the request or the row answers (purpose, cross-border, delivery window). */
    readonly rowMore: boolean,
    /** -1: any; 0: not a leaf; 1: a leaf. */
    readonly leaf: number,
    readonly profile: boolean,
    readonly record: string | null,
    readonly purpose: string | null,
    readonly typeHas: number,
    readonly typeLacks: number,
    readonly typeLacksConsent: string | null,
    readonly crossBorder: boolean,
    readonly pastDeliveryWindow: boolean,
    readonly test: number,
    readonly consent: string | null,
    readonly decision: Decision | null,
    readonly dynamic: ((caller: Caller, field: FieldPolicy | null, purpose: string | null) => Decision) | null,
    readonly unchecked: Decision | null,
  ) {}
}

/** The de-identifying partner's field steps, one list per rule it may decide under (P-51, P-52, P-41 by purpose). */
export interface CompiledDeidentified {
  refuse: Decision | null;
  rule: string;
  ruleForPurpose: ReadonlyMap<string, string>;
  stepsByRule: ReadonlyMap<string, readonly Step[]>;
  audience: BindingKey;
  recordIds: string;
}

export interface CompiledRole {
  relation: Relation;
  /** The subject themself (self) or also their ward (ward) open the subject's own data (P-01, P-70). */
  dataSubject: boolean;
  ward: boolean;
  seesPublicRows: boolean;
  rows: readonly Step[];
  fields: readonly Step[];
  deidentified: CompiledDeidentified | null;
}

export interface CompiledPolicy {
  roles: ReadonlyMap<string, CompiledRole>;
}

const fixed = (decision: Decision): Decision => Object.freeze(decision);

/** A decision in the key order the hand-written ones had (outcome, rule, reason, consent, generalization, audience). */
function decisionOf(outcome: Decision['outcome'], rule: string, reason: string, extra: Pick<Decision, 'consent' | 'generalization' | 'audience'>): Decision {
  const d: Decision = { outcome, rule, reason };
  if (extra.consent) d.consent = extra.consent;
  if (extra.generalization) d.generalization = extra.generalization;
  if (extra.audience) d.audience = extra.audience;
  return d;
}

function compileSteps(entries: readonly (Omit<OutcomeEntry, 'rule'> & { rule?: string })[], config: PolicyConfig, role: string, ruleOverride: string | null, audience: BindingKey | null): Step[] {
  return entries.map((entry) => {
    const when: Conditions = entry.when ?? {};
    const rule = ruleOverride ?? entry.rule!;
    // {role} and the policy's numbers are known now; only {field} waits for the field.
    const reason = entry.reason.replaceAll('{role}', role).replaceAll('{deliveryWindowDays}', String(config.deliveryWindowDays)).replaceAll('{kAnonymity}', String(config.kAnonymity));
    const test = entry.requires ? NEEDS_RELATION : entry.requiresConsent ? NEEDS_CONSENT : DECIDES;
    const consent = entry.requiresConsent ?? entry.consent ?? null;
    // The refusal names its consent unless that would tell the caller a relation it has not got.
    const extra = { consent: entry.namesConsent === false ? undefined : (consent ?? undefined), generalization: entry.generalization };
    let decision: Decision | null = null;
    let dynamic: Step['dynamic'] = null;
    if (entry.outcome === 'pseudonymize' && audience) {
      dynamic = (caller, _field, purpose) => ({ outcome: 'pseudonymize', rule, reason, audience: audienceOf(audience, caller, purpose) });
    } else if (reason.includes('{field}')) {
      dynamic = (_caller, field) => decisionOf(entry.outcome, rule, reason.replaceAll('{field}', field?.coordinate ?? ''), extra);
    } else {
      decision = fixed(decisionOf(entry.outcome, rule, reason, extra));
    }
    const unchecked = test === DECIDES ? null : entry.unchecked ? fixed(decisionOf('block', entry.unchecked.rule, entry.unchecked.reason, { consent: entry.namesConsent === false ? undefined : entry.requiresConsent })) : decision;
    const typeHas = (when.typeHas ?? []).reduce((bits, f) => bits | TYPE_BITS[f], 0);
    const typeLacks = (when.typeLacks ?? []).reduce((bits, f) => bits | TYPE_BITS[f], 0);
    const more = when.leaf !== undefined || Boolean(when.profile || when.record || when.purpose || typeHas || typeLacks || when.typeLacksConsent || when.crossBorder || when.pastDeliveryWindow);
    return new Step(
      kindBits(when.kinds ?? []),
      kindBits(when.notKinds ?? []),
      more,
      Boolean(when.purpose || when.crossBorder || when.pastDeliveryWindow),
      when.leaf === undefined ? -1 : when.leaf ? 1 : 0,
      Boolean(when.profile),
      when.record ?? null,
      when.purpose ?? null,
      typeHas,
      typeLacks,
      when.typeLacksConsent ?? null,
      Boolean(when.crossBorder),
      Boolean(when.pastDeliveryWindow),
      test,
      consent,
      decision,
      dynamic,
      unchecked,
    );
  });
}

/**
 * The audience a de-identifying partner's pseudonyms are keyed by (gateway/audience-keys.ts):
 * `partner:<id>#<purpose>`, one key per partner (or project) and declared purpose. Records read
 * under one purpose never join another's on a person's token: a fraud-detection export, refused
 * the member id, would get it back from the same partner's reporting rows (P-51, P-41).
 */
export function audienceOf(binding: BindingKey, caller: Caller, purpose: string | null): string {
  return `${binding}:${caller[binding]}#${purpose ?? 'none'}`;
}

function compileDeidentified(d: DeidentifiedOutcomes, config: PolicyConfig, role: string): CompiledDeidentified {
  if (d.refuse) {
    const refuse = fixed(decisionOf('block', d.refuse.rule, d.refuse.reason, {}));
    return { refuse, rule: d.refuse.rule, ruleForPurpose: new Map(), stepsByRule: new Map(), audience: 'partner', recordIds: '' };
  }
  const rule = d.rule!;
  const ruleForPurpose = new Map(Object.entries(d.ruleForPurpose ?? {}));
  const stepsByRule = new Map([rule, ...ruleForPurpose.values()].map((r) => [r, compileSteps(d.fields!, config, role, r, d.audience!)]));
  return { refuse: null, rule, ruleForPurpose, stepsByRule, audience: d.audience!, recordIds: d.recordIds! };
}

function compileRole(role: string, o: RoleOutcomes, config: PolicyConfig): CompiledRole {
  return {
    relation: o.relation,
    dataSubject: o.relation === 'self' || o.relation === 'ward',
    ward: o.relation === 'ward',
    seesPublicRows: o.seesPublicRows !== false,
    rows: compileSteps(o.rows, config, role, null, null),
    fields: compileSteps(o.fields ?? [], config, role, null, null),
    deidentified: o.deidentified ? compileDeidentified(o.deidentified, config, role) : null,
  };
}

const compiled = new WeakMap<PolicyConfig, CompiledPolicy>();

/** The policy's outcomes compiled once per policy object (a reload is a new object, so it compiles anew). */
export function compilePolicy(config: PolicyConfig): CompiledPolicy {
  let policy = compiled.get(config);
  if (!policy) {
    policy = { roles: new Map(Object.entries(config.outcomes).map(([role, o]) => [role, compileRole(role, o, config)])) };
    compiled.set(config, policy);
  }
  return policy;
}
