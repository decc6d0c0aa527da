import { buildASTSchema, parse } from 'graphql';
import { readPrivacyIndex, type FieldPolicy, type SubjectSpec, type TypePolicy } from '../directives/annotations.js';
import { NeedsRow, decide, rowAccess, type DecisionContext, type RowContext } from '../directives/decide.js';
import type { Decision } from '../directives/decision.js';
import type { SubjectFacts } from '../directives/subject-facts.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import type { Caller, Role } from '../directives/caller.js';
import { representativeCaller } from './privacy-inventory.js';

/**
 * Every outcome a policy gives, before any data exists: per role, purpose (or none), field, and
 * situation of the row (whose it is, consent on or off, cross-border, past the delivery window,
 * anonymous, a minor's, an aggregate below k, an owner of facts down). The static half of a
 * policy's dry run (`npm run policy:diff`) and what the privacy explorer colours the schema by.
 */
export interface OutcomeCell {
  role: Role;
  purpose: string | null;
  /** `Type.field`, or `Type` for whether a row of the type is seen at all. */
  coordinate: string;
  /** A {@link SITUATIONS} key, one consent withdrawn alone, or `any` when no row data changes the outcome. */
  situation: SituationKey;
  outcome: string;
  rule: string;
  reason: string;
  /** The consent the decision's explanation names: a caller told it learns the subject's consent is off. */
  consent?: string;  /** How coarse a generalized value is (`year`, `day`, ...): a finer one discloses more. */
  generalization?: string;
}

/**
 * A related row, or the caller's own, whose subject withdrew one consent and kept the others: a
 * rule tied to one consent among several (a proposal swapping `cross_border` for
 * `marketing_messages`) differs only there.
 */
export type OneConsentKey = `consentOff:${string}` | `ownConsentOff:${string}`;
export type SituationKey = keyof typeof SITUATIONS | OneConsentKey | 'any';

/**
 * The situations a row can be in, as a reviewer names them. Each builds the row the policy reads:
 * the caller's relation to it (its own store, shipment, ticket, ward), the subject's consents, and
 * the conditions rules test. "related" means whatever relation the caller's role has to rows.
 */
export const SITUATIONS = {
  own: 'the caller is the data subject',
  ownConsentOff: 'the caller is the data subject and has withdrawn every consent',
  ward: "the data subject is the caller's ward",
  related: 'a row related to the caller (its store, shipment, assigned ticket, login binding), consents on',
  consentOff: 'a related row, the subject has withdrawn every consent',
  crossBorder: 'a related cross-border row, consents on',
  crossBorderNoConsent: 'a related cross-border row, no cross-border consent',
  pastDelivery: 'a related row delivered longer ago than the delivery window',
  crossBorderPastDelivery: 'a related cross-border row delivered longer ago than the delivery window, consents on',
  unrelated: "a row not related to the caller (another store's, another carrier's, another payment institution's, not assigned, bound to another login partner)",
  unrelatedCrossBorder: 'an unrelated cross-border row, consents on',
  unrelatedPastDelivery: 'an unrelated row delivered longer ago than the delivery window',
  unrelatedCrossBorderPastDelivery: 'an unrelated cross-border row delivered longer ago than the delivery window, consents on',
  unrelatedAnonymous: 'an unrelated row its author made anonymous',
  unrelatedMinor: "an unrelated row of a minor's",
  anonymous: 'a related row its author made anonymous',
  minor: "a related row of a minor's",
  belowK: 'an aggregate over fewer than k subjects',
  factsDown: 'a related row whose facts owner does not answer',
} as const satisfies Record<string, string>;

export const SITUATION_TEXT: Readonly<Record<keyof typeof SITUATIONS | 'any', string>> = { ...SITUATIONS, any: 'any row' };

/**
 * The consent a one-consent situation withdraws, the situation it is withdrawn from, and whether the
 * row is the caller's own; null for any other situation. Keys: `consentOff:<consent>` (a related
 * row), `ownConsentOff:<consent>` (the caller's own), `consentOff:<consent>@<situation>` (any other
 * row whose consents are on: a cross-border one, another store's).
 */
export function oneConsentOf(key: SituationKey): { own: boolean; consent: string; base: keyof typeof SITUATIONS } | null {
  const at = key.indexOf(':');
  if (at < 0) return null;
  const own = key.startsWith('ownConsentOff:');
  const rest = key.slice(at + 1);
  const on = rest.indexOf('@');
  return on < 0 ? { own, consent: rest, base: own ? 'own' : 'related' } : { own, consent: rest.slice(0, on), base: rest.slice(on + 1) as keyof typeof SITUATIONS };
}

/** The sentence behind a situation, one consent withdrawn alone included. */
export function situationText(key: SituationKey): string {
  const one = oneConsentOf(key);
  if (!one) return SITUATION_TEXT[key as keyof typeof SITUATION_TEXT];
  if (one.own) return `the caller is the data subject and has withdrawn ${one.consent} only`;
  return one.base === 'related' ? `a related row, the subject has withdrawn ${one.consent} only` : `${SITUATIONS[one.base].replace(/, consents on$/, '')}, the subject has withdrawn ${one.consent} only`;
}

const NOW = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function situationRow(key: keyof typeof SITUATIONS, caller: Caller, config: PolicyConfig): RowContext {
  const consents = (on: boolean) => Object.fromEntries(Object.keys(config.consents).map((c) => [c, on]));
  // A ticket is related to whoever the role's relation says holds it (`assignedTicket`), whatever the role's name.
  const assigned = config.outcomes[caller.role]?.relation === 'assignedTicket';
  const related = {
    subjectId: 'u-subject',
    store: caller.store ?? 'store-of-the-row',
    carrier: caller.carrier ?? 'carrier-of-the-row',
    agent: assigned ? (caller.sub ?? null) : null,
    deliveredAt: new Date(NOW - DAY).toISOString(),
    anonymous: false,
    crossBorder: false,
    count: config.kAnonymity,
    provider: caller.provider ?? 'provider-of-the-row',
    institution: caller.institution ?? 'institution-of-the-row',
    now: NOW,
  };
  const facts = {
    consents: consents(true),
    minor: false,
    guardians: [] as string[],
    agents: assigned && caller.sub ? [caller.sub] : [],
    loginProviders: [caller.provider ?? 'provider-of-the-row'],
  };
  // Another store's, carrier's, institution's, agent's or login partner's row: combined with each
  // condition a rule may test, since a rule may hold only there (another store's cross-border orders).
  const unrelated: RowContext = { ...related, store: 'another-store', carrier: 'another-carrier', institution: 'another-institution', agent: null, provider: 'another-provider', facts: { ...facts, agents: [], loginProviders: ['another-provider'] } };
  const past = new Date(NOW - (config.deliveryWindowDays + 1) * DAY).toISOString();
  switch (key) {
    case 'own':
      return { ...related, subjectId: caller.sub ?? 'u-subject', facts };
    case 'ownConsentOff':
      return { ...related, subjectId: caller.sub ?? 'u-subject', facts: { ...facts, consents: consents(false) } };
    case 'ward':
      return { ...related, subjectId: 'u-ward', facts: { ...facts, minor: true, guardians: caller.sub ? [caller.sub] : [] } };
    case 'related':
      return { ...related, facts };
    case 'consentOff':
      return { ...related, facts: { ...facts, consents: consents(false) } };
    case 'crossBorder':
      return { ...related, crossBorder: true, facts };
    case 'crossBorderNoConsent':
      return { ...related, crossBorder: true, facts: { ...facts, consents: { ...consents(true), cross_border: false } } };
    case 'pastDelivery':
      return { ...related, deliveredAt: new Date(NOW - (config.deliveryWindowDays + 1) * DAY).toISOString(), facts };
    case 'crossBorderPastDelivery':
      return { ...related, crossBorder: true, deliveredAt: new Date(NOW - (config.deliveryWindowDays + 1) * DAY).toISOString(), facts };
    case 'unrelated':
      return unrelated;
    case 'unrelatedCrossBorder':
      return { ...unrelated, crossBorder: true };
    case 'unrelatedPastDelivery':
      return { ...unrelated, deliveredAt: past };
    case 'unrelatedCrossBorderPastDelivery':
      return { ...unrelated, crossBorder: true, deliveredAt: past };
    case 'unrelatedAnonymous':
      return { ...unrelated, anonymous: true };
    case 'unrelatedMinor':
      return { ...unrelated, facts: { ...facts, agents: [], loginProviders: ['another-provider'], minor: true } };
    case 'anonymous':
      return { ...related, anonymous: true, facts };
    case 'minor':
      return { ...related, facts: { ...facts, minor: true } };
    case 'belowK':
      return { ...related, count: config.kAnonymity - 1, facts };
    case 'factsDown':
      return { ...related, facts: 'unavailable' };
  }
}

/** `row` with its subject's consents read through a recorder of the kinds read. */
function readingConsents(row: RowContext, read: Set<string>): RowContext {
  const facts = row.facts as SubjectFacts;
  const consents = new Proxy(facts.consents!, {
    get: (target, kind) => {
      if (typeof kind === 'string') read.add(kind);
      return Reflect.get(target, kind);
    },
    ownKeys: (target) => {
      for (const kind of Object.keys(target)) read.add(kind);
      return Reflect.ownKeys(target);
    },
  });
  return { ...row, facts: { ...facts, consents } };
}

/** The situation a one-consent situation withdraws it from. */
function baseOf(key: SituationKey): SituationKey {
  return oneConsentOf(key)?.base ?? key;
}

/** Situations whose subject has every consent on: each consent a decision there reads is also withdrawn alone. */
const CONSENTS_ON: ReadonlySet<string> = new Set(['own', 'related', 'crossBorder', 'pastDelivery', 'crossBorderPastDelivery', 'anonymous', 'minor', 'belowK', 'unrelated', 'unrelatedCrossBorder', 'unrelatedPastDelivery', 'unrelatedCrossBorderPastDelivery', 'unrelatedAnonymous', 'unrelatedMinor']);
const oneConsentKey = (base: keyof typeof SITUATIONS, consent: string): OneConsentKey =>
  base === 'own' ? `ownConsentOff:${consent}` : base === 'related' ? `consentOff:${consent}` : `consentOff:${consent}@${base}`;

function withoutConsent(row: RowContext, consent: string): RowContext {
  const facts = row.facts as SubjectFacts;
  return { ...row, facts: { ...facts, consents: { ...facts.consents, [consent]: false } } };
}

/**
 * Which situations can differ for a role, by its relation to rows (not its name, which a file may
 * give any relation): the subject's own rows matter to a member's relations (`self`, `ward`), a
 * ward's to `ward`.
 */
function situationsFor(role: Role, config: PolicyConfig): (keyof typeof SITUATIONS)[] {
  const relation = config.outcomes[role]?.relation;
  const member = relation === 'self' || relation === 'ward';
  const keys = Object.keys(SITUATIONS) as (keyof typeof SITUATIONS)[];
  return keys.filter((k) => (k === 'own' || k === 'ownConsentOff' ? member : k === 'ward' ? relation === 'ward' : true));
}

type Decider = (ctx: DecisionContext) => Decision;

/** One decision per situation, or a single `any` cell when the decision needs no row. */
function cellsOf(decider: Decider, role: Role, purpose: string | null, coordinate: string, config: PolicyConfig, rows: boolean): OutcomeCell[] {
  const caller = representativeCaller(role);
  const cell = (situation: SituationKey, d: Decision): OutcomeCell => ({
    role,
    purpose,
    coordinate,
    situation,
    outcome: rows ? (d.outcome === 'block' ? 'hidden' : 'shown') : d.outcome,
    rule: d.rule,
    reason: d.reason,
    ...(d.consent ? { consent: d.consent } : {}),
    ...(d.generalization ? { generalization: d.generalization } : {}),
  });
  try {
    return [cell('any', decider({ caller, purpose, config }))];
  } catch (error) {
    if (!(error instanceof NeedsRow)) throw error;
  }
  const cells: OutcomeCell[] = [];
  for (const s of situationsFor(role, config)) {
    const row = situationRow(s, caller, config);
    if (!CONSENTS_ON.has(s)) {
      cells.push(cell(s, decider({ caller, purpose, config, row })));
      continue;
    }
    // Only a consent the decision reads with every consent on can change it when withdrawn alone.
    const read = new Set<string>();
    cells.push(cell(s, decider({ caller, purpose, config, row: readingConsents(row, read) })));
    for (const consent of [...read].sort()) cells.push(cell(oneConsentKey(s, consent), decider({ caller, purpose, config, row: withoutConsent(row, consent) })));
  }
  // Where no situation changes the outcome, one cell says so.
  const first = cells[0]!;
  return cells.every((c) => c.outcome === first.outcome && c.rule === first.rule && c.reason === first.reason) ? [{ ...first, situation: 'any' }] : cells;
}

/** One field's outcomes for a role under one purpose: a single `any` cell, or one per situation of the row. */
export function fieldCells(field: FieldPolicy, subject: SubjectSpec, role: Role, purpose: string | null, config: PolicyConfig): OutcomeCell[] {
  return cellsOf((ctx) => decide(field, subject, ctx), role, purpose, field.coordinate, config, false);
}

/** Every outcome of `policy` over the supergraph's annotated fields and its `@subject` types' rows. */
export function outcomeTable(supergraphSdl: string, policy: PolicyConfig): OutcomeCell[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const index = readPrivacyIndex(schema);
  const cells: OutcomeCell[] = [];
  const types = [...index.values()].sort((a, b) => a.typeName.localeCompare(b.typeName));
  for (const [role, spec] of Object.entries(policy.roles)) {
    for (const purpose of [null, ...spec.purposes]) {
      for (const type of types) {
        if (type.subject.rows) cells.push(...cellsOf((ctx) => rowAccess(type.subject, ctx), role, purpose, type.typeName, policy, true));
        for (const field of type.fields.values()) cells.push(...cellsOf((ctx) => decide(field, type.subject, ctx), role, purpose, field.coordinate, policy, false));
      }
    }
  }
  return cells;
}

/** The fields and types of the table, as the explorer's tree lists them. */
export function annotatedTypes(supergraphSdl: string): TypePolicy[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  return [...readPrivacyIndex(schema).values()].sort((a, b) => a.typeName.localeCompare(b.typeName));
}

/** How much of a value an outcome lets through: a change to a higher level releases data. */
export const EXPOSURE: Readonly<Record<string, number>> = { block: 0, hidden: 0, placeholder: 1, pseudonymize: 2, generalize: 2, scrub: 2, mask: 2, allow: 3, shown: 3 };

/** One cell whose outcome differs between two policies. */
export interface OutcomeChange {
  role: Role;
  purpose: string | null;
  coordinate: string;
  situation: SituationKey;
  before: { outcome: string; rule: string; reason: string; consent?: string; generalization?: string } | null;
  after: { outcome: string; rule: string; reason: string; consent?: string; generalization?: string } | null;
  /**
   * The change lets more through: a more revealing outcome, another transformation at the same
   * level (a different disclosure, so it counts as a release to review), a purpose newly open,
   * another generalization, or an explanation that names the subject's consent or says something
   * else (what a refusal says, the caller reads).
   */
  releases: boolean;
  /**
   * Set when the purpose is open on one side only (`before` or `after` null): what the role gets
   * there declaring no purpose, which it can always do (P-83). The change is measured against it.
   */
  withoutPurpose?: { outcome: string; rule: string; reason: string };
}

/** An explanation's words without its numbers: a reason that only restates a parameter (k = 5 → k = 10) says nothing new; diffParameters reports the parameter. */
const wording = (reason: string) => reason.replace(/\d+/g, '#');

const keyOf = (c: OutcomeCell) => `${c.role}\u0000${c.purpose ?? ''}\u0000${c.coordinate}`;

/**
 * The cells whose outcome or rule changes from `before` to `after`. A (role, purpose, field)
 * decided per situation on one side and for `any` row on the other is compared situation by situation.
 */
export function diffOutcomes(before: OutcomeCell[], after: OutcomeCell[]): OutcomeChange[] {
  const group = (cells: OutcomeCell[]) => {
    const map = new Map<string, OutcomeCell[]>();
    for (const c of cells) {
      const list = map.get(keyOf(c));
      if (list) list.push(c);
      else map.set(keyOf(c), [c]);
    }
    return map;
  };
  const a = group(before);
  const b = group(after);
  const changes: OutcomeChange[] = [];
  const summary = (c: OutcomeCell | undefined) =>
    c ? { outcome: c.outcome, rule: c.rule, reason: c.reason, ...(c.consent ? { consent: c.consent } : {}), ...(c.generalization ? { generalization: c.generalization } : {}) } : null;
  const noPurposeKey = (c: OutcomeCell) => `${c.role}\u0000\u0000${c.coordinate}`;
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const left = a.get(key) ?? [];
    const right = b.get(key) ?? [];
    const sample = (left[0] ?? right[0])!;
    // A purpose open on one side only is compared with what the other side gives without a purpose.
    const opened = !left.length ? (a.get(noPurposeKey(sample)) ?? []) : undefined;
    const closed = !right.length ? (b.get(noPurposeKey(sample)) ?? []) : undefined;
    // A consent one side's decision never reads is, withdrawn alone, the row with every consent on.
    const at = (cells: OutcomeCell[], s: SituationKey) => cells.find((c) => c.situation === s) ?? cells.find((c) => c.situation === baseOf(s)) ?? cells.find((c) => c.situation === 'any');
    const situations = new Set<SituationKey>([...left, ...right, ...(opened ?? []), ...(closed ?? [])].map((c) => c.situation));
    // Both sides decided without the row: one comparison; otherwise each situation either side names.
    if (situations.size > 1) situations.delete('any');
    for (const situation of situations) {
      const l = at(left, situation);
      const r = at(right, situation);
      const base = opened ? at(opened, situation) : closed ? at(closed, situation) : undefined;
      const from = l ?? (opened ? base : undefined);
      const to = r ?? (closed ? base : undefined);
      // A reason that only restates a parameter (k = 5 → k = 10) is not a change of outcome: diffParameters reports it.
      // An explanation is what the caller reads too: one that says something new may tell more (a binding, a withdrawn consent).
      // Only where the purpose was open on both sides: against declaring no purpose, the words differ by nature.
      const explains = l && r && wording(l.reason) !== wording(r.reason);
      if (from && to && from.outcome === to.outcome && from.rule === to.rule && from.consent === to.consent && from.generalization === to.generalization && !explains) continue;
      const namesConsent = to?.consent !== undefined && to.consent !== from?.consent;
      const coarseness = Boolean(from && to && to.generalization !== from.generalization && to.outcome === 'generalize');
      const releases = to != null && (namesConsent || coarseness || Boolean(explains) || (from == null ? EXPOSURE[to.outcome]! > 0 : EXPOSURE[to.outcome]! > EXPOSURE[from.outcome]! || (EXPOSURE[to.outcome] === EXPOSURE[from.outcome] && to.outcome !== from.outcome && EXPOSURE[to.outcome]! > 0)));
      changes.push({ role: sample.role, purpose: sample.purpose, coordinate: sample.coordinate, situation, before: summary(l), after: summary(r), releases, ...(base ? { withoutPurpose: summary(base)! } : {}) });
    }
  }
  return changes;
}


/**
 * How a change is listed for review, most revealing first: 0 an outcome that reveals more (or a
 * purpose newly open), 1 another release of the outcome (a consent named, another generalization,
 * another transformation at the same level), 2 a release in the explanation's words only, 3 not a
 * release. A list cut for length then never buries an outcome's release under reworded reasons.
 */
export function reviewOrder(change: OutcomeChange): number {
  if (!change.releases) return 3;
  const from: OutcomeChange['before'] = change.before ?? change.withoutPurpose ?? null;
  const to = change.after;
  if (!to) return 1;
  if (!from || EXPOSURE[to.outcome]! > EXPOSURE[from.outcome]!) return 0;
  const sameOutcome = from.outcome === to.outcome && from.rule === to.rule && from.consent === to.consent && from.generalization === to.generalization;
  return sameOutcome ? 2 : 1;
}

/**
 * A policy parameter that changes: its outcomes move with the data (a count, a date, an age), so it
 * is compared as a number; or it decides who shares what without showing in any outcome (a role's
 * caller class, binding and pseudonym keys), so any loosening change is a release.
 */
export interface ParameterChange {
  parameter: string;
  before: number | string | null;
  after: number | string | null;
  /** More data goes out, or stays longer: a smaller k, a longer delivery window, a younger minor age, a longer retention. */
  releases: boolean;
  effect: string;
}

/**
 * Which pseudonym key each purpose of a de-identified partner's role uses: its own where the
 * purpose is decided under a rule other than the role's (`ruleForPurpose`, or a change of the
 * role's `rule` itself: directives/compile-policy.ts audienceOf), else the one the role's purposes share.
 */
function tokensByPurpose(role: string, config: PolicyConfig): string {
  const d = config.outcomes[role]?.deidentified;
  if (!d || d.refuse || !d.rule) return 'none';
  const purposes = [...(config.roles[role]?.purposes ?? [])].sort();
  return purposes.map((p) => { const rule = d.ruleForPurpose?.[p] ?? d.rule!; return `${p}: ${rule === d.rule ? 'shared' : `own (${rule})`}`; }).join('; ');
}

/** The numeric parameters that differ between two policies, each with what the change does. */
export function diffParameters(before: PolicyConfig, after: PolicyConfig): ParameterChange[] {
  const changes: ParameterChange[] = [];
  const compare = (parameter: string, a: number | undefined, b: number | undefined, releasesWhen: 'lower' | 'higher', effect: string) => {
    if (a === b) return;
    // A parameter left out is its most releasing value: no retention period keeps data for ever, no k releases every aggregate.
    const missing = releasesWhen === 'lower' ? -Infinity : Infinity;
    const [from, to] = [a ?? missing, b ?? missing];
    const releases = releasesWhen === 'lower' ? to < from : to > from;
    changes.push({ parameter, before: a ?? null, after: b ?? null, releases, effect });
  };
  compare('kAnonymity', before.kAnonymity, after.kAnonymity, 'lower', 'aggregates are released from this many subjects on (P-52)');
  compare('deliveryWindowDays', before.deliveryWindowDays, after.deliveryWindowDays, 'higher', 'days after delivery a carrier still reads delivery data (P-22)');
  compare('minorAge', before.minorAge, after.minorAge, 'lower', 'below this age a member is a minor (P-70)');
  for (const category of new Set([...Object.keys(before.retentionDays), ...Object.keys(after.retentionDays)])) {
    compare(`retentionDays.${category}`, before.retentionDays[category], after.retentionDays[category], 'higher', 'days the data is kept (left out: kept for ever, P-66)');
  }
  const text = (parameter: string, a: string | undefined, b: string | undefined, releases: boolean, effect: string) => {
    if (a !== b) changes.push({ parameter, before: a ?? null, after: b ?? null, releases, effect });
  };
  for (const role of Object.keys(before.roles).filter((r) => Object.hasOwn(after.roles, r))) {
    const [a, b] = [before.roles[role]!, after.roles[role]!];
    const classOf = (c: string | undefined) => c ?? 'partner';
    text(`roles.${role}.callerClass`, classOf(a.callerClass), classOf(b.callerClass), classOf(b.callerClass) === 'member', "a member's class runs ad-hoc documents and has the member budget; a partner's runs registered ones");
    text(`roles.${role}.binding`, a.binding, b.binding, true, "the claim a caller's rows and pseudonym keys are bound by (P-21, P-22, P-51)");
    text(`outcomes.${role}.deidentified.tokens`, tokensByPurpose(role, before), tokensByPurpose(role, after), true, 'which purposes have pseudonyms of their own (P-41): tokens shared between purposes join their rows');
  }
  const audiences = (config: PolicyConfig) => [...config.audiences].sort().join(', ');
  text('audiences', audiences(before), audiences(after), true, 'the pseudonym keys: a key two callers share joins their rows (P-51)');
  return changes;
}
