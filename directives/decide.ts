import type { Caller } from './caller.js';
import type { SubjectFacts } from './subject-facts.js';
import type { FieldPolicy, SubjectSpec } from './annotations.js';
import { allow, block, type Decision } from './decision.js';
import type { PolicyConfig } from './policy-config.js';
import { parseInstant } from './instant.js';

/** What the policy knows about one row (one object in the response) and its data subject. */
export interface RowContext {
  subjectId: string | null;
  store?: string | null;
  carrier?: string | null;
  agent?: string | null;
  deliveredAt?: string | null;
  /** `deliveredAt` parsed (ms since the epoch), when the caller parsed it once for the row; else it is parsed per decision. */
  deliveredAtMs?: number;
  anonymous?: boolean | null;
  crossBorder?: boolean | null;
  count?: number | null;
  /**
   * The subject's facts: known facts, `unavailable` when a store that holds them did not answer
   * (P-82), or a lookup by kind that throws {@link NeedsFacts} for a kind not loaded yet (so the
   * pass loads only the facts some decision actually reads).
   */
  facts: SubjectFacts | 'unavailable' | FactsLookup;
  now: number;
  /** Some input the type declares did not arrive with the row: nothing that reads the row can be decided (P-82). */
  inputsMissing?: boolean;
}

/** Everything a decision may read. `row` is absent while planning (before any data is fetched). */
export interface DecisionContext {
  caller: Caller;
  purpose: string | null;
  config: PolicyConfig;
  row?: RowContext;
}

/** The kinds of facts about a subject, each owned by one store: consents (privacy), age and guardians (accounts), assigned agents (support). */
export type FactKind = 'consents' | 'person' | 'agents';

/** Reads one kind of facts about a subject (one function per request, shared by every row). */
export type FactsLookup = (kind: FactKind, subjectId: string) => SubjectFacts | 'unavailable';

/** Thrown by a {@link FactsLookup} when that kind of facts is not loaded yet. */
export class NeedsFacts extends Error {
  constructor(readonly kind: FactKind) {
    super(`decision needs the subject's ${kind} facts`);
  }
}

/** One shared signal per kind: thrown per row while collecting, so it must not allocate (or capture a stack) each time. */
export const NEEDS_FACTS: Readonly<Record<FactKind, NeedsFacts>> = Object.freeze({
  consents: new NeedsFacts('consents'),
  person: new NeedsFacts('person'),
  agents: new NeedsFacts('agents'),
});

/** Thrown while planning when a decision depends on data: the field is then decided per row. */
export class NeedsRow extends Error {
  constructor() {
    super('decision needs row data');
  }
}
const NEEDS_ROW = new NeedsRow();

/** Thrown when a rule reads a row whose inputs did not all arrive: the decision fails, and the pass blocks (P-82). */
class RowInputsMissing extends Error {
  constructor() {
    super("the row's policy inputs did not arrive");
  }
}
const INPUTS_MISSING = new RowInputsMissing();

function rowOf(ctx: DecisionContext): RowContext {
  if (!ctx.row) throw NEEDS_ROW;
  if (ctx.row.inputsMissing) throw INPUTS_MISSING;
  return ctx.row;
}

function factsOf(ctx: DecisionContext, kind: FactKind): SubjectFacts | null {
  const source = rowOf(ctx).facts;
  const subjectId = rowOf(ctx).subjectId;
  if (typeof source === 'function' && !subjectId) return {};
  const facts = typeof source === 'function' ? source(kind, subjectId!) : source;
  return facts === 'unavailable' ? null : facts;
}

/**
 * The decisions the per-row rules return are made once, below each rule: a list of 100 shipments
 * decides each of its fields 100 times, and a new object per decision would be garbage for the
 * collector. Decisions are never mutated (the pass copies one to change it). Their reasons are
 * plain ASCII: they reach every response, and one typographic apostrophe makes a whole serialized
 * response a two-byte string, twice the memory and a slower UTF-8 encoding.
 */
const fixed = (decision: Decision): Decision => Object.freeze(decision);

const DATA_SUBJECT_ROLES = new Set(['customer', 'guardian']);
const NOT_ANNOTATED = fixed(block('P-82', 'not annotated: a field of a type marked personal needs @pii to be read'));
const DEIDENTIFIED_ROLES = new Set(['analyst', 'researcher', 'advertiser']);

/**
 * Decides what `caller`, declaring `purpose`, receives for one annotated field. Pure: the same
 * inputs give the same decision. Rules are tried from the most protective down; the first that
 * applies decides, so the order below is the policy's precedence:
 *
 * 1. never readable (P-01); aggregates below k (P-52); legal obligation (P-81);
 * 2. de-identified partners (P-50, P-51, P-52, P-41);
 * 3. the subject themself and their guardian (P-01, P-03, P-24, P-70), consent still applies (P-10);
 * 4. public data (P-02, P-30 … P-34) unless anonymous (P-31) or a minor's (P-70);
 * 5. no purpose, no data (P-83), consent (P-10, P-04, P-23);
 * 6. the caller's role and relation to the row (P-21, P-22, P-23, P-24, P-40, P-03);
 * 7. otherwise blocked.
 *
 * Before all of them: a field of a `@subject` type without an annotation blocks (P-82), and an
 * operational field (`system.*`) is decided as its row is, by {@link rowAccess}.
 *
 * While planning (`ctx.row` absent) a rule that needs data throws {@link NeedsRow}.
 */
export function decide(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const { caller, purpose, config } = ctx;
  const c = field.kinds;

  if (!field.annotated) return NOT_ANNOTATED;
  if (c.neverReadable) return block('P-01', 'credentials and biometric templates are never readable');
  // The row's own bookkeeping (`system.*`: ids, status, timestamps) goes with the row: whoever may see it.
  if (c.operational) {
    const access = rowAccess(subject, ctx);
    // A personal record's id (or its link to another record) would join a partner's rows to the same
    // record elsewhere: pseudonymized per audience, like person ids (P-51, P-52). An aggregate's
    // and the ids of the businesses a row belongs to (its store, its carrier) are not personal.
    const business = field.fieldName === subject.store || field.fieldName === subject.carrier;
    if (access.outcome === 'allow' && access !== ROWS.notPersonal && !business && field.leaf && field.returnType === 'ID' && DEIDENTIFIED_ROLES.has(caller.role)) {
      return deidentifiedRecordId(ctx);
    }
    return access;
  }

  if (subject.count) {
    const count = rowOf(ctx).count;
    if (caller.role !== 'privacy_officer' && (count == null || count < config.kAnonymity)) {
      return block('P-52', `an aggregate over fewer than k = ${config.kAnonymity} subjects is refused`);
    }
    return allow('P-50', 'aggregates are not person-level data');
  }

  if (purpose === 'essential.legal_obligation') {
    // P-24 holds for everyone: nobody reads more of a bank card than its last four digits.
    if (c.bankAccount) return { outcome: 'mask', rule: 'P-24', reason: 'bank cards appear only as the last four digits' };
    // The purpose check lets only a privacy officer with a case reference get here (P-81).
    return caller.role === 'privacy_officer' && caller.caseRef ? allow('P-81', `read under legal obligation, case ${caller.caseRef}`) : ROWS.legalRefused;
  }

  if (DEIDENTIFIED_ROLES.has(caller.role)) return decideDeidentified(field, subject, ctx);

  if (caller.sub && DATA_SUBJECT_ROLES.has(caller.role)) {
    const row = rowOf(ctx);
    if (row.subjectId === caller.sub) return decideOwn(field, ctx, OWN.self);
    if (caller.role === 'guardian' && row.subjectId) {
      const facts = factsOf(ctx, 'person');
      if (!facts) return ROWS.guardianUnchecked;
      if (facts.guardians?.includes(caller.sub)) return decideOwn(field, ctx, OWN.ward);
    }
  }

  if (field.public) return decidePublic(field, subject, ctx);

  if (!purpose) return block('P-83', 'personal data of someone else needs a declared purpose (x-purpose header)');
  if (field.purposes && !field.purposes.includes(purpose)) {
    return block('P-83', `purpose ${purpose} is not among this field's purposes (${field.purposes.join(', ')})`);
  }
  const consent = consentGate(field, ctx);
  if (consent) return consent;

  switch (caller.role) {
    case 'merchant':
      return decideMerchant(field, subject, ctx);
    case 'logistics':
      return decideCarrier(field, subject, ctx);
    case 'support':
      return decideSupport(field, subject, ctx);
    case 'payment':
      return decidePayment(field);
    case 'login_partner':
      return decideLoginPartner(field, ctx);
    default:
      return block(caller.role === 'privacy_officer' ? 'P-81' : 'P-02', `${caller.role} may not read ${field.coordinate}`);
  }
}

/** The subject (or their guardian) reads their own data: all of it, real name and ids masked (P-03), card as last four (P-24). */
function decideOwn(field: FieldPolicy, ctx: DecisionContext, allowed: Decision): Decision {
  const c = field.kinds;
  if (field.consent && ((ctx.purpose && governedBy(ctx, field.consent, ctx.purpose)) || madeUnderConsent(field, ctx))) {
    const gate = requireConsent(field, ctx);
    if (gate) return gate;
  }
  if (field.typeName === 'RealNameVerification' && (c.name || c.governmentId)) {
    return OWN.realNameMasked;
  }
  if (c.bankAccount) return OWN.cardMasked;
  return allowed;
}

const OWN = {
  self: fixed(allow('P-01', 'your own data')),
  ward: fixed(allow('P-70', "your ward's data, as their guardian")),
  realNameMasked: fixed({ outcome: 'mask', rule: 'P-03', reason: 'real name and national id are shown masked, even to their owner' }),
  cardMasked: fixed({ outcome: 'mask', rule: 'P-24', reason: 'bank cards appear only as the last four digits' }),
};
const PUBLIC = {
  anonymous: fixed({ outcome: 'placeholder', rule: 'P-31', reason: 'the author chose to stay anonymous' }),
  ageUnchecked: fixed(block('P-82', 'whether the subject is a minor could not be checked: the account store did not answer')),
  // Read by anyone in extensions.privacy: the reason names the rule, not the age it protects.
  minor: fixed({ outcome: 'placeholder', rule: 'P-70', reason: 'shown as a placeholder in public places' }),
};
const publicByRule = new Map<string, Decision>();
/** "Public data" under the type's rule (policy.json `publicRules`), one decision per rule. */
function publicData(rule: string): Decision {
  let decision = publicByRule.get(rule);
  if (!decision) publicByRule.set(rule, (decision = fixed(allow(rule, 'public data'))));
  return decision;
}

/** Public data: visible to all, except an anonymous author (P-31) or a minor (P-70). */
function decidePublic(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const { caller } = ctx;
  const rule = ctx.config.publicRules[field.typeName] ?? 'P-02';
  const officer = caller.role === 'privacy_officer';
  const authorField = field.kinds.identifier || field.kinds.contactOrName || field.returnType === 'Member';
  if (subject.anonymous && authorField && !officer) {
    const row = rowOf(ctx);
    if (row.anonymous !== false) return PUBLIC.anonymous;
  }
  if (subject.id && (authorField || isProfileField(field, subject)) && !officer) {
    const row = rowOf(ctx);
    if (row.subjectId) {
      const facts = factsOf(ctx, 'person');
      if (!facts || facts.minor === undefined) return PUBLIC.ageUnchecked;
      if (facts.minor) return PUBLIC.minor;
    }
  }
  return publicData(rule);
}

/** Is `purpose` one that `consent` governs (policy.json "consents")? */
function governedBy(ctx: DecisionContext, consent: string, purpose: string): boolean {
  return ctx.config.consents[consent]?.governs.includes(purpose) ?? true;
}

/**
 * A field made by processing that only its consent allows (every purpose it serves, legal
 * obligation aside, is one the consent governs: recommendations, P-10) exists only while the
 * consent is on, for every reader, the subject included, whatever purpose is declared.
 */
function madeUnderConsent(field: FieldPolicy, ctx: DecisionContext): boolean {
  const purposes = field.purposes?.filter((p) => p !== 'essential.legal_obligation');
  return Boolean(field.consent && purposes?.length && purposes.every((p) => governedBy(ctx, field.consent!, p)));
}

/** The field's consent, when it governs the declared purpose, must be on (P-10, P-04, P-63, P-70). */
function consentGate(field: FieldPolicy, ctx: DecisionContext): Decision | null {
  if (!field.consent || !ctx.purpose || !governedBy(ctx, field.consent, ctx.purpose)) return null;
  return requireConsent(field, ctx);
}

/** Blocks unless the subject's consent for the field is on (the store that holds it must answer, P-82). */
function requireConsent(field: FieldPolicy, ctx: DecisionContext): Decision | null {
  const consent = field.consent!;
  const rule = ctx.config.consents[consent]?.rule ?? 'P-63';
  const facts = factsOf(ctx, 'consents');
  if (!facts || !facts.consents) return block('P-82', `consent ${consent} could not be checked: the consent store did not answer`, consent);
  if (facts.consents[consent] !== true) {
    // Only the subject and their guardian learn that the subject is a minor.
    const theirs = ctx.row?.subjectId === ctx.caller.sub || ctx.caller.role === 'guardian';
    const minor = theirs && factsOf(ctx, 'person')?.minor ? " (a minor: needs the guardian's consent, P-70)" : '';
    return block(rule, `the subject has not consented to ${consent}${minor}`, consent);
  }
  return null;
}

/** Analysts (P-51, P-41), researchers (P-52) and advertisers (P-50) get de-identified data only. */
function decideDeidentified(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const { caller, purpose } = ctx;
  const c = field.kinds;
  if (caller.role === 'advertiser') return block('P-50', 'advertisers receive aggregates only');
  const researcher = caller.role === 'researcher';
  const rule = purpose === 'train_ai_system' ? 'P-41' : researcher ? 'P-52' : 'P-51';
  const audience = researcher ? `project:${caller.project}` : `partner:${caller.partner}`;
  if (!field.public) {
    if (!purpose) return block('P-83', 'personal data of someone else needs a declared purpose');
    if (field.purposes && !field.purposes.includes(purpose)) return block('P-83', `purpose ${purpose} is not among this field's purposes`);
  }
  // Anonymous content stays unlinkable to its author's other content: no pseudonym either (P-31).
  if (subject.anonymous && (c.identifier || field.returnType === 'Member') && rowOf(ctx).anonymous !== false) return PUBLIC.anonymous;
  if (c.identifier) {
    return field.leaf
      ? { outcome: 'pseudonymize', rule, reason: `person and device ids are pseudonymized per ${researcher ? 'research project' : 'partner'}`, audience }
      : allow(rule, 'the linked record is de-identified field by field');
  }
  // A person's public profile (nickname, gender, avatar: the avatar's address names the member) identifies them.
  if (isProfileField(field, subject)) return block(rule, 'profile fields identify the person; partners receive de-identified data only');
  // A history field holds records, not text: they are de-identified field by field (scrubbing an object is meaningless).
  if (!field.leaf && (c.browsingOrSearch || c.purchaseHistory)) return allow(rule, 'history of pseudonymized subjects, de-identified record by record');
  if (c.ip) return { outcome: 'generalize', rule, reason: 'IP addresses are generalized to their network', generalization: 'ip_network' };
  if (c.birthDate) {
    return researcher
      ? { outcome: 'generalize', rule, reason: 'birth dates become a 10-year age band', generalization: 'age_band' }
      : { outcome: 'generalize', rule, reason: 'birth dates become the year', generalization: 'year' };
  }
  if (c.address) return { outcome: 'generalize', rule, reason: 'addresses become city and country', generalization: 'city' };
  if (c.freeText) {
    return researcher ? block(rule, 'researchers receive no free text') : { outcome: 'scrub', rule, reason: 'free text is scrubbed of contact details and ids' };
  }
  if (c.transaction) {
    return researcher ? { outcome: 'generalize', rule, reason: 'amounts become a range', generalization: 'amount_range' } : allow(rule, 'amounts of de-identified records');
  }
  if (c.browsingOrSearch || c.purchaseHistory) return allow(rule, 'history of pseudonymized subjects');
  return block(rule, 'direct identifiers are not released to partners');
}

/** The rule and audience a de-identifying partner is decided under (P-41 for AI training, P-52 research, P-51 analytics). */
function deidentifiedAudience(ctx: DecisionContext): { rule: string; audience: string; researcher: boolean } {
  const { caller, purpose } = ctx;
  const researcher = caller.role === 'researcher';
  return { rule: purpose === 'train_ai_system' ? 'P-41' : researcher ? 'P-52' : 'P-51', audience: researcher ? `project:${caller.project}` : `partner:${caller.partner}`, researcher };
}

function deidentifiedRecordId(ctx: DecisionContext): Decision {
  const { rule, audience, researcher } = deidentifiedAudience(ctx);
  return { outcome: 'pseudonymize', rule, reason: `record ids are pseudonymized per ${researcher ? 'research project' : 'partner'}`, audience };
}

/**
 * Partners that receive de-identified data (analysts, researchers, advertisers) cannot name a
 * person or a record by its real id: an operation that looks one up is refused whole (P-50, P-51,
 * P-52), since even "nothing" or a pseudonym would answer who that person is. Null for others.
 */
export function lookupByIdRefused(ctx: Omit<DecisionContext, 'row'>): Decision | null {
  if (!DEIDENTIFIED_ROLES.has(ctx.caller.role)) return null;
  const rule = ctx.caller.role === 'advertiser' ? 'P-50' : deidentifiedAudience(ctx).rule;
  return block(rule, 'partners receive de-identified data and cannot look a person or a record up by its id');
}

const MERCHANT = {
  notAnOrder: fixed(block('P-21', "a merchant reads its own store's orders only, not the member behind them")),
  otherStore: fixed(block('P-21', "another store's order")),
  phoneMasked: fixed({ outcome: 'mask', rule: 'P-21', reason: "the consignee's phone is masked for the store" }),
  taxpayerId: fixed(allow('P-21', 'invoice taxpayer id of an order of your store')),
  neverIds: fixed(block('P-21', "never the buyer's real name, ids, bank card or history")),
  ownOrder: fixed(allow('P-21', 'an order of your own store')),
  crossBorderMasked: fixed({ outcome: 'mask', rule: 'P-23', reason: 'name and phone are masked on cross-border orders', consent: 'cross_border' }),
};
const CARRIER = {
  notAShipment: fixed(block('P-22', "a carrier reads delivery data of its shipments only, nothing of the order's price, items or invoice")),
  deliveryOnly: fixed(block('P-22', 'a carrier reads delivery data only')),
  otherCarrier: fixed(block('P-22', "another carrier's shipment")),
  crossBorderMasked: fixed({ outcome: 'mask', rule: 'P-23', reason: 'name and phone are masked on cross-border waybills', consent: 'cross_border' }),
  customsIdMasked: fixed({ outcome: 'mask', rule: 'P-23', reason: 'the customs id is masked', consent: 'cross_border' }),
  noCustomsId: fixed(block('P-23', 'customs ids exist on cross-border shipments only')),
  ownShipment: fixed(allow('P-22', 'delivery data of your own shipment')),
};
const CROSS_BORDER = {
  unchecked: fixed(block('P-82', 'cross-border consent could not be checked', 'cross_border')),
  refused: fixed(block('P-23', "delivery data of a cross-border order needs the buyer's cross-border consent", 'cross_border')),
  customsIdCarrierOnly: fixed(block('P-23', 'the customs id is read only by the carrier')),
};
const SUPPORT = {
  unchecked: fixed(block('P-82', 'ticket assignment could not be checked: the support store did not answer')),
  notAssigned: fixed(block('P-40', 'no ticket of this member is assigned to you')),
  verification: fixed(allow('P-03', 'identity verification by staff, audited')),
  verificationOnly: fixed(block('P-03', 'identity verification reads the real-name record only')),
  needsAuthentication: fixed(block('P-03', 'real name and national id need essential.service.authentication')),
  phoneMasked: fixed({ outcome: 'mask', rule: 'P-40', reason: 'phone numbers are masked for support' }),
  cardMasked: fixed({ outcome: 'mask', rule: 'P-24', reason: 'bank cards appear only as the last four digits' }),
  customsId: fixed(block('P-23', 'the customs id is read only by the carrier under delivery')),
  idMasked: fixed({ outcome: 'mask', rule: 'P-40', reason: 'ids are masked for support' }),
  assigned: fixed(allow('P-40', 'a member with a ticket assigned to you')),
};

/** P-21: a merchant reads its own store's orders, phone masked, never the buyer's ids, card or history. */
function decideMerchant(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const c = field.kinds;
  if (!subject.store) return MERCHANT.notAnOrder;
  const row = rowOf(ctx);
  if (!row.store || row.store !== ctx.caller.store) return MERCHANT.otherStore;
  if (row.crossBorder && c.deliveryData) {
    const facts = factsOf(ctx, 'consents');
    if (!facts?.consents) return CROSS_BORDER.unchecked;
    if (facts.consents.cross_border !== true) return CROSS_BORDER.refused;
    if (c.customsId) return CROSS_BORDER.customsIdCarrierOnly;
    if (c.name || c.phone) return MERCHANT.crossBorderMasked;
  }
  if (c.phone) return MERCHANT.phoneMasked;
  if (c.customsId) return CROSS_BORDER.customsIdCarrierOnly;
  if (c.taxpayerId) return MERCHANT.taxpayerId;
  if (c.bankAccount || c.governmentId || c.browsingOrSearch || c.identifier) return MERCHANT.neverIds;
  return MERCHANT.ownOrder;
}

/** P-22, P-23: a carrier reads the delivery data of its own shipments, for 30 days after delivery. */
function decideCarrier(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const c = field.kinds;
  if (!subject.carrier) return CARRIER.notAShipment;
  if (!c.deliveryData) return CARRIER.deliveryOnly;
  const row = rowOf(ctx);
  if (!row.carrier || row.carrier !== ctx.caller.carrier) return CARRIER.otherCarrier;
  if (row.deliveredAt) {
    const delivered = row.deliveredAtMs ?? parseInstant(row.deliveredAt);
    if (Number.isNaN(delivered) || row.now - delivered > ctx.config.deliveryWindowDays * 86_400_000) return pastDeliveryWindow(ctx.config.deliveryWindowDays);
  }
  if (row.crossBorder) {
    const facts = factsOf(ctx, 'consents');
    if (!facts?.consents) return CROSS_BORDER.unchecked;
    if (facts.consents.cross_border !== true) return CROSS_BORDER.refused;
    if (c.name || c.phone) return CARRIER.crossBorderMasked;
    if (c.customsId) return CARRIER.customsIdMasked;
  }
  if (c.customsId) return CARRIER.noCustomsId;
  return CARRIER.ownShipment;
}

const pastWindow = new Map<number, Decision>();
/** P-22: the delivery window has closed; one decision per window length, like the rules' others. */
function pastDeliveryWindow(days: number): Decision {
  let decision = pastWindow.get(days);
  if (!decision) pastWindow.set(days, (decision = fixed(block('P-22', `delivered more than ${days} days ago`))));
  return decision;
}

/** P-40, P-03: an agent reads the member with a ticket assigned to them, phone and ids masked. */
function decideSupport(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const c = field.kinds;
  const assignment = supportAssignment(subject, ctx);
  if (assignment) return assignment;
  // The relation to the record (Member.realNameVerification) is decided as the record is.
  const realNameRecord = field.typeName === 'RealNameVerification' || field.returnType === 'RealNameVerification';
  if (ctx.purpose === 'essential.service.authentication') {
    return realNameRecord ? SUPPORT.verification : SUPPORT.verificationOnly;
  }
  if (realNameRecord) return SUPPORT.needsAuthentication;
  if (c.phone) return SUPPORT.phoneMasked;
  if (c.bankAccount) return SUPPORT.cardMasked;
  if (c.customsId) return SUPPORT.customsId;
  if (c.governmentId) return SUPPORT.idMasked;
  return SUPPORT.assigned;
}

/** P-40: null when a ticket of the row's subject (or the row itself) is assigned to the calling agent, else why not. */
function supportAssignment(subject: SubjectSpec, ctx: DecisionContext): Decision | null {
  const row = rowOf(ctx);
  const me = ctx.caller.sub;
  if (subject.agent && row.agent && row.agent === me) return null;
  const facts = factsOf(ctx, 'agents');
  if (!facts) return SUPPORT.unchecked;
  return me && facts.agents?.includes(me) ? null : SUPPORT.notAssigned;
}

/** P-24: the payment institution sees the payment, the card as its last four digits. */
function decidePayment(field: FieldPolicy): Decision {
  const c = field.kinds;
  if (c.bankAccount) return { outcome: 'mask', rule: 'P-24', reason: 'bank cards appear only as the last four digits' };
  if (c.financial || c.identifier) return allow('P-24', 'payment processing');
  return block('P-24', 'a payment institution reads payment data only');
}

/** P-04: a login partner receives the account identifiers only of a subject who consented to the binding. */
function decideLoginPartner(field: FieldPolicy, ctx: DecisionContext): Decision {
  if (!field.kinds.email && !field.kinds.identifier) return block('P-04', 'a login partner receives account identifiers only');
  const facts = factsOf(ctx, 'consents');
  if (!facts?.consents) return block('P-82', 'consent third_party_binding could not be checked: the consent store did not answer', 'third_party_binding');
  if (facts.consents.third_party_binding !== true) return block('P-04', 'the subject has not consented to the third-party login binding', 'third_party_binding');
  return allow('P-04', 'shared with the login partner the subject bound');
}

/**
 * A public field of the person's own profile row (Member.nickname, gender, avatar: the type's
 * `@subject(id:)` is its own key): how the person appears in public places (P-02, P-70).
 */
function isProfileField(field: FieldPolicy, subject: SubjectSpec): boolean {
  return field.public && !field.implicit && subject.id === 'id';
}

/**
 * Returns true when a row must disappear from the response, silently:
 * - a row the caller may not see at all ({@link rowAccess}): it comes back as nothing, never as
 *   an id, a status or a date (P-82 default deny, P-21, P-22, P-40, P-50, P-83);
 * - P-31: an anonymous row (a review) listed under its own author's row (`holderSubject`, e.g.
 *   `Member.reviews`) would link it back; only its author, their guardian and the privacy
 *   officer see it there;
 * - P-34: a row the subject made findable only by a switch (a homepage found by nickname) is
 *   hidden unless the switch is on.
 */
export function hiddenRow(subject: SubjectSpec, ctx: DecisionContext, holderSubject: string | null = null): boolean {
  // A row the caller may not see at all (another store's order, another member's tickets) leaves too.
  if (subject.rows && rowAccess(subject, ctx).outcome === 'block') return true;
  // The row is read only where a rule applies: elsewhere (an anonymous review under a product) the
  // plan fetched no inputs for it.
  if (subject.anonymous && holderSubject) {
    const row = rowOf(ctx);
    if (row.anonymous !== false && row.subjectId === holderSubject) {
      const { caller } = ctx;
      const author = Boolean(caller.sub) && (row.subjectId === caller.sub || (caller.role === 'guardian' && Boolean(factsOf(ctx, 'person')?.guardians?.includes(caller.sub!))));
      if (!author && caller.role !== 'privacy_officer') return true;
    }
  }
  if (!subject.findableBy) return false;
  const row = rowOf(ctx);
  if (ctx.caller.sub && row.subjectId === ctx.caller.sub) return false;
  if (ctx.caller.role === 'privacy_officer' && ctx.purpose === 'essential.legal_obligation') return false;
  const facts = factsOf(ctx, 'consents');
  return facts?.consents?.[subject.findableBy] !== true;
}

const ROWS = {
  notPersonal: fixed(allow('P-50', 'aggregates are not person-level data')),
  publicRow: fixed(allow('P-02', 'a public record: anyone may see it exists')),
  legal: fixed(allow('P-81', 'read under legal obligation')),
  legalRefused: fixed(block('P-81', 'legal obligation is open only to the privacy officer with a case reference')),
  advertiser: fixed(block('P-50', 'advertisers receive aggregates only, no person-level row')),
  own: OWN.self,
  ward: OWN.ward,
  guardianUnchecked: fixed(block('P-82', 'guardian link could not be checked: the account store did not answer')),
  noPurpose: fixed(block('P-83', "another person's records need a declared purpose (x-purpose header)")),
  notForPurpose: fixed(block('P-83', 'no field of this record is declared for the purpose')),
  deidentified: fixed(allow('P-51', 'a record of a pseudonymized subject, de-identified field by field')),
  researchPurchases: fixed(block('P-52', 'researchers receive purchases as aggregates over k or more subjects only, never as rows')),
  ownStore: fixed(allow('P-21', 'an order of your own store')),
  otherStore: fixed(block('P-21', "a merchant reads its own store's orders only")),
  ownShipment: fixed(allow('P-22', 'a shipment assigned to you')),
  otherCarrier: fixed(block('P-22', 'a carrier reads the shipments assigned to it only')),
  assigned: fixed(allow('P-40', 'a member with a ticket assigned to you')),
  payment: fixed(allow('P-24', 'payment processing')),
  bindingUnchecked: fixed(block('P-82', 'consent third_party_binding could not be checked: the consent store did not answer', 'third_party_binding')),
  noBinding: fixed(block('P-04', 'a login partner reads only the login bindings the subject consented to', 'third_party_binding')),
  binding: fixed(allow('P-04', 'a login binding the subject consented to')),
  officer: fixed(block('P-81', "the privacy officer reads others' records only under legal obligation")),
  others: fixed(block('P-01', "a member's records are read by the member, their guardian and the staff serving them")),
};

/**
 * Whether the caller may see a row of a `@subject` type at all: allow with the rule that opens
 * it, or block with the rule that closes it (the pass then removes the row, {@link hiddenRow}).
 * Public rows (a profile, a review) are seen by all but advertisers; any other row by its subject
 * and their guardian, and, under a purpose one of its personal fields is declared for, by the
 * callers related to it: its store's merchant (P-21), its carrier (P-22), the agent assigned to
 * its subject (P-40), the payment institution (P-24), the login partner the subject bound (P-04),
 * and de-identifying partners (P-51, P-52). Throws {@link NeedsRow} while planning when it
 * depends on the row.
 */
export function rowAccess(subject: SubjectSpec, ctx: DecisionContext): Decision {
  const scope = subject.rows;
  // No @subject, or an aggregate: not a person's row (an aggregate's own fields enforce k, P-52).
  if (!scope || subject.count) return ROWS.notPersonal;
  const { caller, purpose } = ctx;
  if (purpose === 'essential.legal_obligation') return caller.role === 'privacy_officer' && caller.caseRef ? ROWS.legal : ROWS.legalRefused;
  if (caller.role === 'advertiser') return ROWS.advertiser;
  if (scope.public) return ROWS.publicRow;
  if (caller.sub && DATA_SUBJECT_ROLES.has(caller.role)) {
    const row = rowOf(ctx);
    if (row.subjectId === caller.sub) return ROWS.own;
    if (caller.role === 'guardian' && row.subjectId) {
      const facts = factsOf(ctx, 'person');
      if (!facts) return ROWS.guardianUnchecked;
      if (facts.guardians?.includes(caller.sub)) return ROWS.ward;
    }
  }
  if (!purpose) return ROWS.noPurpose;
  if (!scope.purposes.includes(purpose)) return ROWS.notForPurpose;
  switch (caller.role) {
    case 'analyst':
      return ROWS.deidentified;
    case 'researcher':
      // A store's orders (and what hangs off them: items, payments, shipments) are what a refused
      // aggregate is made of: as rows, a small store's could be summed back together (P-52).
      return subject.store || subject.carrier || scope.purchases ? ROWS.researchPurchases : ROWS.deidentified;
    case 'merchant': {
      if (!subject.store) return ROWS.otherStore;
      const row = rowOf(ctx);
      return row.store && row.store === caller.store ? ROWS.ownStore : ROWS.otherStore;
    }
    case 'logistics': {
      if (!subject.carrier) return ROWS.otherCarrier;
      const row = rowOf(ctx);
      return row.carrier && row.carrier === caller.carrier ? ROWS.ownShipment : ROWS.otherCarrier;
    }
    case 'support':
      return supportAssignment(subject, ctx) ?? ROWS.assigned;
    case 'payment':
      return ROWS.payment;
    case 'login_partner': {
      if (!scope.consents.includes('third_party_binding')) return ROWS.noBinding;
      const facts = factsOf(ctx, 'consents');
      if (!facts?.consents) return ROWS.bindingUnchecked;
      return facts.consents.third_party_binding === true ? ROWS.binding : ROWS.noBinding;
    }
    case 'privacy_officer':
      return ROWS.officer;
    default:
      return ROWS.others;
  }
}

/**
 * How rows of a type are seen in a context known before execution (`ctx.row` absent): `shown`
 * (none is hidden by {@link rowAccess}), `hidden` (every one, without reading it) or `per-row`
 * (it depends on the row: the plan fetches the row's inputs).
 */
export function rowVisibility(subject: SubjectSpec, ctx: DecisionContext): 'shown' | 'hidden' | 'per-row' {
  if (!subject.rows) return 'shown';
  try {
    return rowAccess(subject, { ...ctx, row: undefined }).outcome === 'block' ? 'hidden' : 'shown';
  } catch (error) {
    if (error instanceof NeedsRow) return 'per-row';
    throw error;
  }
}
