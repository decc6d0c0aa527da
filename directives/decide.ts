import type { Caller } from './caller.js';
import type { SubjectFacts } from './subject-facts.js';
import type { FieldPolicy, SubjectSpec } from './annotations.js';
import { allow, block, type Decision } from './decision.js';
import { LEGAL_OBLIGATION, type PolicyConfig } from './policy-config.js';
import { parseInstant } from './instant.js';
import { audienceOf, compilePolicy, DECIDES, NEEDS_RELATION, TYPE_CARRIER, TYPE_INSTITUTION, TYPE_PURCHASES, TYPE_STORE, type CompiledDeidentified, type CompiledPolicy, type CompiledRole, type Step } from './compile-policy.js';

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
  /** The login partner a binding row is with (P-04). */
  provider?: string | null;
  /** The payment institution that processes the row's payment (P-24). */
  institution?: string | null;
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

/**
 * A row with no subject (its buyer's account cancelled) has nobody who consented to anything: its
 * consents are known and none is on. A consent it needs is refused by the consent's rule, as for a
 * member who withdrew it, not as a store that did not answer (P-82), which would tell the caller
 * the account is gone.
 */
const NO_SUBJECT: SubjectFacts = Object.freeze({ consents: Object.freeze({}) as Record<string, boolean> });

function factsOf(ctx: DecisionContext, kind: FactKind): SubjectFacts | null {
  const source = rowOf(ctx).facts;
  const subjectId = rowOf(ctx).subjectId;
  if (!subjectId) return NO_SUBJECT;
  const facts = typeof source === 'function' ? source(kind, subjectId) : source;
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

const NOT_ANNOTATED = fixed(block('P-82', 'not annotated: a field of a type marked personal needs @pii to be read'));

/**
 * Decides what `caller`, declaring `purpose`, receives for one annotated field. Pure: the same
 * inputs give the same decision. Rules are tried from the most protective down; the first that
 * applies decides, so the order below is the policy's precedence:
 *
 * 1. never readable (P-01); aggregates below k (P-52); legal obligation (P-81);
 * 2. de-identified partners (P-50, P-51, P-52, P-41): purpose (P-83), anonymity (P-31), then
 *    their `outcomes.<role>.deidentified` entries of directives/policy.json;
 * 3. the subject themself and their guardian (roles whose relation is `self` or `ward`: P-01,
 *    P-03, P-24, P-70), consent still applies (P-10);
 * 4. public data (P-02, P-30 … P-34) unless anonymous (P-31) or a minor's (P-70);
 * 5. no purpose, no data (P-83), consent (P-10, P-04, P-23);
 * 6. the caller's role: its `outcomes.<role>.fields` entries of directives/policy.json, first
 *    match, its relation to the row among their conditions (P-21, P-22, P-23, P-24, P-40, P-03, P-04);
 * 7. otherwise blocked (every list ends with an entry that always decides; a role the file
 *    does not describe is refused, P-82).
 *
 * Steps 1 to 5 are this engine's; step 6 and the de-identified outcomes are the reviewed file's,
 * compiled once per loaded policy (directives/compile-policy.ts). Before all of them: a field of
 * a `@subject` type without an annotation blocks (P-82), and an operational field (`system.*`)
 * is decided as its row is, by {@link rowAccess}.
 *
 * While planning (`ctx.row` absent) a rule that needs data throws {@link NeedsRow}.
 */
export function decide(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const { caller, purpose, config } = ctx;
  const c = field.kinds;

  if (!field.annotated) return NOT_ANNOTATED;
  if (c.neverReadable) return block('P-01', 'credentials and biometric templates are never readable');
  const role = roleOf(ctx);
  // The row's own bookkeeping (`system.*`: ids, status, timestamps) goes with the row: whoever may see it.
  if (c.operational) {
    const access = rowAccess(subject, ctx);
    // A personal record's id (or its link to another record) would join a partner's rows to the same
    // record elsewhere: pseudonymized per audience, like person ids (P-51, P-52). An aggregate's
    // and the ids of the businesses a row belongs to (its store, its carrier) are not personal.
    const business = field.fieldName === subject.store || field.fieldName === subject.carrier || field.fieldName === subject.institution;
    if (access.outcome === 'allow' && access !== ROWS.notPersonal && !business && field.leaf && field.returnType === 'ID' && role.deidentified) {
      const token = deidentifiedRecordId(role.deidentified, ctx);
      // A child's row keeps its own token only: a link's (its order's, its product's) joins it to
      // the row it links, which the row itself withholds (P-70).
      return field.fieldName === 'id' || role.deidentified.refuse ? token : unlessChild(token, subject, ctx);
    }
    // So would the time of its event: a de-identified partner gets what its rules make of it (its day).
    // Not of a child's row, whose every personal datum is withheld (when a child bought, P-70).
    if (access.outcome === 'allow' && access !== ROWS.notPersonal && c.time && role.deidentified && !role.deidentified.refuse) {
      return unlessChild(firstMatch(role.deidentified.stepsByRule.get(deidentifiedRule(role.deidentified, ctx.purpose))!, field, subject, ctx, null), subject, ctx);
    }
    // Nor the rest of a child's row (the store a child bought from, how the order went, its links
    // to them): all of a child's data is sensitive (P-70). Its record token stays, so a list is not
    // cut short at it. Nor an anonymous row's, whoever wrote it: released, they told a partner which
    // withheld rows were a child's (a child's signed review was the only one without its rating).
    if (access.outcome === 'allow' && access !== ROWS.notPersonal && role.deidentified && !role.deidentified.refuse) return unlessChild(access, subject, ctx);
    // The agent a member's ticket names is staff, not the member's own data: members (and their
    // guardians) see staff by role only, as in their download (P-83).
    if (access.outcome === 'allow' && role.dataSubject && field.fieldName === subject.agent) return OWN.staffId;
    return access;
  }

  if (subject.count) {
    // An aggregate goes to those who declare a purpose it serves: read again after each order, its
    // figures give that order's store, amount and time to within the polling interval.
    if (!field.public && !purpose) return block('P-83', 'an aggregate of personal data needs a declared purpose');
    if (!field.public && field.purposes && !field.purposes.includes(purpose!)) return block('P-83', `purpose ${purpose} is not among this aggregate's purposes`);
    const count = rowOf(ctx).count;
    // Below k only case work reads the figures: the officer under legal obligation with a case (P-81).
    const caseWork = caller.role === 'privacy_officer' && purpose === LEGAL_OBLIGATION && Boolean(caller.caseRef);
    if (count == null || count < config.kAnonymity) {
      if (caseWork) return allow('P-81', `an aggregate below k read under legal obligation, case ${caller.caseRef}`);
      return block('P-52', `an aggregate over fewer than k = ${config.kAnonymity} subjects is refused`);
    }
    return allow('P-50', 'aggregates are not person-level data');
  }

  if (purpose === LEGAL_OBLIGATION) {
    // P-24 holds for everyone: nobody reads more of a bank card than its last four digits.
    if (c.bankAccount) return { outcome: 'mask', rule: 'P-24', reason: 'bank cards appear only as the last four digits' };
    // The purpose check lets only a privacy officer with a case reference get here (P-81).
    if (caller.role !== 'privacy_officer' || !caller.caseRef) return ROWS.legalRefused;
    // What only a consent lets the marketplace make (recommendations, P-10) is not made without it, for a case either.
    const gate = madeUnderConsent(field, ctx) ? requireConsent(field, ctx) : null;
    return gate ?? allow('P-81', `read under legal obligation, case ${caller.caseRef}`);
  }
  // The audit's records name the member they are about, but they are not the member's own data.
  if (subject.rows?.audit) return ROWS.auditOnly;

  if (role.deidentified) return decideDeidentified(field, subject, ctx, role.deidentified);

  if (caller.sub && role.dataSubject) {
    const row = rowOf(ctx);
    if (row.subjectId === caller.sub) return decideOwn(field, ctx, OWN.self);
    // Not on an anonymous row: asked, the author's facts timed the facts cache (a guardian probing
    // named the author, P-31); its author's guardian reads it as everyone does, as P-31 lists them.
    if (role.ward && row.subjectId && !(subject.anonymous && row.anonymous !== false)) {
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
  // The role's rules first: a caller they refuse (no relation to the subject) learns nothing of the
  // subject's consents from the reason; the consent decides only for a caller the rules would serve.
  const decided = firstMatch(role.fields, field, subject, ctx, role);
  if (decided.outcome === 'block') return decided;
  return consentGate(field, ctx) ?? decided;
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
  staffId: fixed(block('P-83', "the agent's account id is the agent's data, not yours: staff appear to members by role only")),
};
const PUBLIC = {
  anonymous: fixed({ outcome: 'placeholder', rule: 'P-31', reason: 'the author chose to stay anonymous' }),
  // The text of an anonymous row: a phone number or an address its author typed would name them.
  anonymousText: fixed({ outcome: 'scrub', rule: 'P-31', reason: 'the author chose to stay anonymous: contact details and ids in the text are replaced' }),
  ageUnchecked: fixed(block('P-82', 'whether the subject is a minor could not be checked: the account store gave no answer for this member (it is down, or knows no such member)')),
  // Read by anyone in extensions.privacy: the reason names the rule, not the age it protects.
  minor: fixed({ outcome: 'placeholder', rule: 'P-70', reason: 'shown as a placeholder in public places' }),
  // A public text reaches every reader but its author scrubbed: any may be a child's, whose phone
  // number or address would undo the placeholder (P-70). Scrubbing only children's would need each
  // author's age for every text of every page, keep product pages from being shared, and tell the
  // reader which texts a child wrote.
  publicText: fixed({ outcome: 'scrub', rule: 'P-70', reason: 'public texts are shown with contact details and ids replaced' }),
  // A comment, question or answer kept after its author cancelled reads like an anonymous author,
  // not as the bare stand-in id with an empty profile under it.
  gone: fixed({ outcome: 'placeholder', rule: 'P-62', reason: "the author's account is closed; what they wrote stays, by no one" }),
};
const publicByRule = new Map<string, Decision>();
/** "Public data" under the type's rule (policy.json `publicRules`), one decision per rule. */
function publicData(rule: string): Decision {
  let decision = publicByRule.get(rule);
  if (!decision) publicByRule.set(rule, (decision = fixed(allow(rule, 'public data'))));
  return decision;
}

/** Public data: visible to all, except an anonymous author (P-31), a minor (P-70) or a closed account (P-62); a person's public texts scrubbed (P-70). */
function decidePublic(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision {
  const rule = ctx.config.publicRules[field.typeName] ?? 'P-02';
  // The privacy officer of P-31 (an anonymous author) and P-70 (a child) reads them under legal
  // obligation only, with a case, always audited (P-81): `decide` answers that purpose before this.
  const authorField = field.kinds.identifier || field.kinds.contactOrName || field.returnType === 'Member';
  const text = field.kinds.freeText && !authorField && !field.list; // a text, not its pictures' addresses
  if (subject.anonymous && (authorField || text)) {
    const row = rowOf(ctx);
    if (row.anonymous !== false) return authorField ? PUBLIC.anonymous : PUBLIC.anonymousText;
  }
  if (text && subject.id && !isProfileField(field, subject)) return PUBLIC.publicText;
  if (subject.id && (authorField || isProfileField(field, subject))) {
    const row = rowOf(ctx);
    if (row.subjectId) {
      const facts = factsOf(ctx, 'person');
      if (!facts || facts.minor === undefined) return PUBLIC.ageUnchecked;
      if (facts.minor) return PUBLIC.minor;
      if (facts.cancelled) return PUBLIC.gone;
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
  // An id is stored, not made: a login binding is the member's account data whatever the consent to share it (P-01, P-04).
  if (field.kinds.identifier) return false;
  const purposes = field.purposes?.filter((p) => p !== LEGAL_OBLIGATION);
  return Boolean(field.consent && purposes?.length && purposes.every((p) => governedBy(ctx, field.consent!, p)));
}

/** The field's consent, when it governs the declared purpose, must be on (P-10, P-04, P-63, P-70). */
function consentGate(field: FieldPolicy, ctx: DecisionContext): Decision | null {
  if (!field.consent || !ctx.purpose || !governedBy(ctx, field.consent, ctx.purpose)) return null;
  return requireConsent(field, ctx);
}

/**
 * The caller is the row's data subject: a member's token (a role whose callers are data subjects)
 * whose `sub` is the row's subject. Another role's `sub` names no member, even one that reads like
 * a member's id: it is never an anonymous review's author nor the owner of a hidden homepage.
 */
function isSubjectCaller(ctx: DecisionContext, subjectId: string | null | undefined): boolean {
  return Boolean(ctx.caller.sub) && subjectId === ctx.caller.sub && roleOf(ctx).dataSubject;
}

/** The caller is a guardian (a role with wards) whom the row's subject's person facts name as theirs (read only for such a caller). */
function isGuardianCaller(ctx: DecisionContext): boolean {
  const sub = ctx.caller.sub;
  return Boolean(sub) && roleOf(ctx).ward && Boolean(factsOf(ctx, 'person')?.guardians?.includes(sub!));
}

/** Blocks unless the subject's consent for the field is on (the store that holds it must answer, P-82). */
function requireConsent(field: FieldPolicy, ctx: DecisionContext): Decision | null {
  const consent = field.consent!;
  const rule = ctx.config.consents[consent]?.rule ?? 'P-63';
  const facts = factsOf(ctx, 'consents');
  if (!facts || !facts.consents) return block('P-82', `consent ${consent} could not be checked: the consent store did not answer`, consent);
  if (facts.consents[consent] !== true) {
    // Only the subject and their own guardian learn that the subject is a minor: another guardian is anyone else.
    const theirs = isSubjectCaller(ctx, ctx.row?.subjectId) || isGuardianCaller(ctx);
    const minor = theirs && factsOf(ctx, 'person')?.minor ? " (a minor: needs the guardian's consent, P-70)" : '';
    return block(rule, `the subject has not consented to ${consent}${minor}`, consent);
  }
  return null;
}

/**
 * Analysts (P-51, P-41), researchers (P-52) and advertisers (P-50) get de-identified data only:
 * refused whole (`deidentified.refuse`), or, once purpose (P-83) and anonymity (P-31) allow, field
 * by field under the rule their purpose selects (policy.json `outcomes.<role>.deidentified`).
 */
function decideDeidentified(field: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext, partner: CompiledDeidentified): Decision {
  if (partner.refuse) return partner.refuse;
  const { purpose } = ctx;
  const c = field.kinds;
  if (!field.public) {
    if (!purpose) return block('P-83', 'personal data of someone else needs a declared purpose');
    if (field.purposes && !field.purposes.includes(purpose)) return block('P-83', `purpose ${purpose} is not among this field's purposes`);
  }
  const rule = deidentifiedRule(partner, purpose);
  const decision = firstMatch(partner.stepsByRule.get(rule)!, field, subject, ctx, null);
  // Anyone reads a public person id in the clear beside its row (a review's author): comparing that
  // row with the partner's would reverse any token for it, and the person's other tokens with it.
  const released = field.public && decision.outcome === 'pseudonymize' ? publicIdRefused(rule) : decision;
  // A child's public content (a review's text) too: all their data is sensitive (P-70). An anonymous
  // row goes the same way, so its author is refused as a signed review's is (P-31): another reason
  // there told a partner which withheld review was a child's.
  return unlessChild(released, subject, ctx);
}

/**
 * What a de-identified partner is released of a person's row, unless the person is a child (P-70),
 * of an age unknown (P-82), or no longer known: a row kept unlinked (its member cancelled, or past
 * retention) has no age to check, and its token is the one the partner saw withheld if a child's.
 * Anonymous content is withheld whoever wrote it: released by its author's facts, it would change
 * with them (a cancellation, a birthday), and the rows that changed together would be one author's (P-31).
 */
function unlessChild(released: Decision, subject: SubjectSpec, ctx: DecisionContext): Decision {
  if (released.outcome === 'block' || !subject.id) return released;
  // A share is an anonymous review's (P-32): its link to the review would mark that withheld review anonymous, and so the others a child's.
  if (subject.sharedAnonymous) return DEIDENTIFIED.child;
  const row = rowOf(ctx);
  if (subject.anonymous && row.anonymous !== false) return DEIDENTIFIED.child;
  if (!row.subjectId) return DEIDENTIFIED.child;
  const facts = factsOf(ctx, 'person');
  if (!facts || facts.minor === undefined) return DEIDENTIFIED.ageUnchecked;
  if (facts.minor) return DEIDENTIFIED.child;
  return facts.cancelled ? DEIDENTIFIED.child : released;
}


const DEIDENTIFIED = {
  ageUnchecked: fixed(block('P-82', 'whether the subject is a minor could not be checked: the account store gave no answer for this member')),
  // POLICY.md is silent; reference 004 §6 shares a minor's information only with the guardian's
  // consent, which no consent kind asks for analytics or research: the protective reading.
  // One reason for a child's row, an anonymous author's and a row kept after its member left (whose
  // age is no longer known): a child's row unlinked at cancellation would otherwise be released under
  // the same token (P-62 anonymizes; it does not age), and several reasons would tell a partner which
  // rows are a child's.
  child: fixed(block('P-70', "a child's personal data, an anonymous author's, or a row kept after its member left (their age no longer known), reaches no analytics or research partner")),
};

const PUBLIC_ID_REFUSED = new Map<string, Decision>();

/** P-51, P-52: the refusal of a public person id to a de-identified partner, one per rule. */
function publicIdRefused(rule: string): Decision {
  let decision = PUBLIC_ID_REFUSED.get(rule);
  if (!decision) PUBLIC_ID_REFUSED.set(rule, (decision = fixed(block(rule, 'a public id names the person to anyone who reads the same row: partners receive no token for it'))));
  return decision;
}

/** The rule a de-identifying partner is decided under: by purpose (P-41 for AI training), else the role's (P-51, P-52). */
function deidentifiedRule(partner: CompiledDeidentified, purpose: string | null): string {
  return (purpose !== null && partner.ruleForPurpose.get(purpose)) || partner.rule;
}

function deidentifiedRecordId(partner: CompiledDeidentified, ctx: DecisionContext): Decision {
  const rule = deidentifiedRule(partner, ctx.purpose);
  return { outcome: 'pseudonymize', rule, reason: partner.recordIds, audience: audienceOf(partner.audience, ctx.caller, ctx.purpose) };
}

/**
 * Partners that receive de-identified data (analysts, researchers, advertisers) cannot name a
 * person or a record by its real id: an operation that looks one up is refused whole (P-50, P-51,
 * P-52), since even "nothing" or a pseudonym would answer who that person is. Null for others.
 */
export function lookupByIdRefused(ctx: Omit<DecisionContext, 'row'>): Decision | null {
  const partner = roleOf(ctx).deidentified;
  if (!partner) return null;
  const rule = partner.refuse ? partner.refuse.rule : deidentifiedRule(partner, ctx.purpose);
  return block(rule, 'partners receive de-identified data and cannot look a person or a record up by its id');
}

/**
 * A public field of the person's own profile row (Member.nickname, gender, avatar: the type's
 * `@subject(id:)` is its own key): how the person appears in public places (P-02, P-70).
 */
function isProfileField(field: FieldPolicy, subject: SubjectSpec): boolean {
  return field.public && !field.implicit && subject.id === 'id';
}

const HIDDEN = {
  anonymousUnderAuthor: fixed(block('P-31', 'an anonymous review is not listed under its author')),
  notFindable: fixed(block('P-34', 'the member has not made this findable')),
  childNotFindable: fixed(block('P-70', 'a child is found by nobody else')),
  ageUnchecked: fixed(block('P-82', 'whether the member is a child could not be checked: not found, as a child is not')),
};

/**
 * The block that makes a row disappear from the response, silently, or null when it stays:
 * - a row the caller may not see at all ({@link rowAccess}): it comes back as nothing, never as
 *   an id, a status or a date (P-82 default deny, P-21, P-22, P-40, P-50, P-83);
 * - P-31: an anonymous row (a review) listed under its own author's row (`holderSubject`, e.g.
 *   `Member.reviews`) would link it back; only its author and the privacy officer see it there;
 * - P-34: a row the subject made findable only by a switch (a homepage found by nickname) is
 *   hidden unless the switch is on.
 */
export function whyHidden(subject: SubjectSpec, ctx: DecisionContext, holderSubject: string | null = null): Decision | null {
  // A row the caller may not see at all (another store's order, another member's tickets) leaves too.
  if (subject.rows) {
    const access = rowAccess(subject, ctx);
    if (access.outcome === 'block') return access;
  }
  // The row is read only where a rule applies: elsewhere (an anonymous review under a product) the
  // plan fetched no inputs for it.
  if (subject.anonymous && holderSubject) {
    const row = rowOf(ctx);
    if (row.anonymous !== false && row.subjectId === holderSubject) {
      const { caller } = ctx;
      // Not their guardian: P-31 names the author and the officer only, and review(id:) shows a guardian the placeholder.
      if (!isSubjectCaller(ctx, row.subjectId) && !(caller.role === 'privacy_officer' && ctx.purpose === LEGAL_OBLIGATION)) return HIDDEN.anonymousUnderAuthor;
    }
  }
  if (!subject.findableBy) return null;
  const row = rowOf(ctx);
  if (isSubjectCaller(ctx, row.subjectId)) return null;
  if (ctx.caller.role === 'privacy_officer' && ctx.purpose === LEGAL_OBLIGATION) return null;
  const facts = factsOf(ctx, 'consents');
  if (facts?.consents?.[subject.findableBy] !== true) return HIDDEN.notFindable;
  // A child's homepage is found by nobody else, whatever the switch: finding it would tell that
  // the nickname is a child's (P-70's placeholder in public places, P-34).
  if (!row.subjectId) return null;
  const person = factsOf(ctx, 'person');
  return !person || person.minor !== false ? HIDDEN.childNotFindable : null;
}

/**
 * P-70: a child's own profile looked up by its key (`member(id:)`, `members(ids:)`, `node(id:)`)
 * is not found by whoever would read it as the placeholder, whatever fields are selected: an id
 * nobody has answers nothing there, so any answer would say "this id is a child's". A profile
 * whose age the account store could not tell is not found either (P-82): shown while a child's
 * is hidden, it would name the children during an outage. Decided on one public field of the
 * profile (`probe`); null when the row stays. Throws as `decide` does while facts are missing.
 */
export function childProfileHidden(probe: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision | null {
  const decision = decide(probe, subject, ctx);
  if (decision === PUBLIC.minor) return HIDDEN.childNotFindable;
  // A guardian asks for their link first: unchecked, it is the age unchecked too.
  return decision === PUBLIC.ageUnchecked || decision === ROWS.guardianUnchecked ? HIDDEN.ageUnchecked : null;
}

/** Whether a row must disappear from the response ({@link whyHidden}). */
export function hiddenRow(subject: SubjectSpec, ctx: DecisionContext, holderSubject: string | null = null): boolean {
  return whyHidden(subject, ctx, holderSubject) !== null;
}

const ROWS = {
  notPersonal: fixed(allow('P-50', 'aggregates are not person-level data')),
  publicRow: fixed(allow('P-02', 'a public record: anyone may see it exists')),
  legal: fixed(allow('P-81', 'read under legal obligation')),
  legalRefused: fixed(block('P-81', 'legal obligation is open only to the privacy officer with a case reference')),
  auditOnly: fixed(block('P-80', 'the access audit is read by the privacy officer alone, under legal obligation with a case reference')),
  own: OWN.self,
  ward: OWN.ward,
  guardianUnchecked: fixed(block('P-82', 'guardian link could not be checked: the account store gave no answer for this member (it is down, or knows no such member)')),
  noPurpose: fixed(block('P-83', "another person's records need a declared purpose (x-purpose header)")),
  notForPurpose: fixed(block('P-83', 'no field of this record is declared for the purpose')),
};

/**
 * Whether the caller may see a row of a `@subject` type at all: allow with the rule that opens
 * it, or block with the rule that closes it (the pass then removes the row, {@link hiddenRow}).
 * Public rows (a profile, a review) are seen by all but the roles whose `seesPublicRows` is false
 * (advertisers, P-50); any other row by its subject and their guardian, and, under a purpose one
 * of its personal fields is declared for, as the role's `rows` entries decide: its store's
 * merchant (P-21), its carrier (P-22), the agent assigned to its subject (P-40), the payment
 * institution (P-24), the login partner the subject bound (P-04), de-identifying partners (P-51,
 * P-52). Throws {@link NeedsRow} while planning when it depends on the row.
 */
export function rowAccess(subject: SubjectSpec, ctx: DecisionContext): Decision {
  const scope = subject.rows;
  // No @subject, or an aggregate: not a person's row (an aggregate's own fields enforce k, P-52).
  if (!scope || subject.count) return ROWS.notPersonal;
  const { caller, purpose } = ctx;
  if (purpose === LEGAL_OBLIGATION) return caller.role === 'privacy_officer' && caller.caseRef ? ROWS.legal : ROWS.legalRefused;
  if (scope.audit) return ROWS.auditOnly;
  const role = roleOf(ctx);
  if (!role.seesPublicRows) return firstMatch(role.rows, null, subject, ctx, role);
  if (scope.public) return ROWS.publicRow;
  if (caller.sub && role.dataSubject) {
    const row = rowOf(ctx);
    if (row.subjectId === caller.sub) return ROWS.own;
    // Not on an anonymous row: asked, the author's facts timed the facts cache (a guardian probing
    // named the author, P-31); its author's guardian reads it as everyone does, as P-31 lists them.
    if (role.ward && row.subjectId && !(subject.anonymous && row.anonymous !== false)) {
      const facts = factsOf(ctx, 'person');
      if (!facts) return ROWS.guardianUnchecked;
      if (facts.guardians?.includes(caller.sub)) return ROWS.ward;
    }
  }
  if (!purpose) return ROWS.noPurpose;
  if (!scope.purposes.includes(purpose)) return ROWS.notForPurpose;
  return firstMatch(role.rows, null, subject, ctx, role);
}

let lastConfig: PolicyConfig | null = null;
let lastPolicy: CompiledPolicy | null = null;
let lastCaller: Caller | null = null;
let lastRole: CompiledRole = null!;
/** A role the file does not describe sees nothing (validation makes it unreachable: fail closed all the same). */
const UNKNOWN_ROLE: CompiledRole = Object.freeze({ relation: 'none', dataSubject: false, ward: false, seesPublicRows: false, rows: [], fields: [], deidentified: null });
const UNDECIDED = fixed(block('P-82', 'no rule of the policy decides this'));

/**
 * The caller's role as the policy file describes it, compiled once per policy. The last policy
 * and caller are kept at hand: a request decides hundreds of fields for one caller under one policy.
 */
function roleOf(ctx: DecisionContext): CompiledRole {
  if (ctx.caller === lastCaller && ctx.config === lastConfig) return lastRole;
  if (ctx.config !== lastConfig) {
    lastPolicy = compilePolicy(ctx.config);
    lastConfig = ctx.config;
  }
  lastCaller = ctx.caller;
  lastRole = lastPolicy!.roles.get(ctx.caller.role) ?? UNKNOWN_ROLE;
  return lastRole;
}

/**
 * Runs a role's compiled entries (policy.json `outcomes`): the first whose conditions hold
 * decides; one that requires the role's relation to the row, or a consent, decides only when
 * that does not hold, and otherwise passes on. `field` is null for a row's entries.
 */
function firstMatch(steps: readonly Step[], field: FieldPolicy | null, subject: SubjectSpec, ctx: DecisionContext, role: CompiledRole | null): Decision {
  if (field !== null) {
    // A field's own facts never change: only the entries they leave possible are tried, each on what the request and the row answer.
    const possible = possibleSteps(steps, field, subject);
    for (let i = 0; i < possible.length; i++) {
      const step = possible[i]!;
      if (step.rowMore && !rowHolds(step, ctx)) continue;
      const decided = decideStep(step, field, subject, ctx, role);
      if (decided) return decided;
    }
    return UNDECIDED;
  }
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.anyKinds !== 0) continue;
    if (step.more && !(typeHolds(step, subject) && rowHolds(step, ctx))) continue;
    const decided = decideStep(step, null, subject, ctx, role);
    if (decided) return decided;
  }
  return UNDECIDED;
}

/** The step's decision once its conditions hold, or null when it passes on (its relation or consent holds). */
function decideStep(step: Step, field: FieldPolicy | null, subject: SubjectSpec, ctx: DecisionContext, role: CompiledRole | null): Decision | null {
  if (step.test === DECIDES) return step.decision ?? step.dynamic!(ctx.caller, field, ctx.purpose);
  return step.test === NEEDS_RELATION ? relationRefused(step, role, subject, ctx) : consentRefused(step, ctx);
}

/**
 * Per schema field, the entries of the last step list it was decided by that its kinds, leaf,
 * profile and type leave possible: found once, then reused by every row (one lookup per decision).
 */
const possibleByField = new WeakMap<FieldPolicy, { steps: readonly Step[]; possible: readonly Step[] }>();
function possibleSteps(steps: readonly Step[], field: FieldPolicy, subject: SubjectSpec): readonly Step[] {
  const known = possibleByField.get(field);
  if (known !== undefined && known.steps === steps) return known.possible;
  const bits = field.kinds.bits;
  const possible = steps.filter((step) => (step.anyKinds === 0 || (bits & step.anyKinds) !== 0) && (step.noKinds === 0 || (bits & step.noKinds) === 0) && fieldHolds(step, field, subject));
  possibleByField.set(field, { steps, possible });
  return possible;
}

/** The conditions of a step the field and its type answer. */
function fieldHolds(step: Step, field: FieldPolicy, subject: SubjectSpec): boolean {
  if (step.leaf !== -1 && field.leaf !== (step.leaf === 1)) return false;
  if (step.profile && !isProfileField(field, subject)) return false;
  if (step.record !== null && field.typeName !== step.record && field.returnType !== step.record) return false;
  return typeHolds(step, subject);
}

function typeHolds(step: Step, subject: SubjectSpec): boolean {
  if (step.typeHas !== 0 && (typeFacts(subject) & step.typeHas) === 0) return false;
  if (step.typeLacks !== 0 && (typeFacts(subject) & step.typeLacks) !== 0) return false;
  if (step.typeLacksConsent !== null && subject.rows?.consents.includes(step.typeLacksConsent)) return false;
  return true;
}

/** The conditions of a step the request and the row answer (the row's need the row). */
function rowHolds(step: Step, ctx: DecisionContext): boolean {
  if (step.purpose !== null && ctx.purpose !== step.purpose) return false;
  if (step.crossBorder && !rowOf(ctx).crossBorder) return false;
  if (step.pastDeliveryWindow && !pastDeliveryWindow(ctx)) return false;
  return true;
}

function typeFacts(subject: SubjectSpec): number {
  return (subject.store ? TYPE_STORE : 0) | (subject.carrier ? TYPE_CARRIER : 0) | (subject.institution ? TYPE_INSTITUTION : 0) | (subject.rows?.purchases ? TYPE_PURCHASES : 0);
}

/** P-22: the row was delivered longer ago than the delivery window (an unreadable date counts as past it). */
function pastDeliveryWindow(ctx: DecisionContext): boolean {
  const row = rowOf(ctx);
  if (!row.deliveredAt) return false;
  const delivered = row.deliveredAtMs ?? parseInstant(row.deliveredAt);
  // A delivery later than now is no delivery date (a typo's year 2027 kept a window open for a year): closed, like an unreadable one.
  return Number.isNaN(delivered) || delivered - row.now > DELIVERY_CLOCK_SKEW_MS || row.now - delivered > ctx.config.deliveryWindowDays * 86_400_000;
}
/** How far a carrier's clock may run ahead of the gateway's when it records a delivery. */
const DELIVERY_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Null when the role's relation to the row holds: the row's store is the merchant's (P-21), its
 * carrier the carrier's (P-22), its payment's institution the institution's (P-24), a ticket of
 * its subject (or the row itself) is assigned to the calling agent (P-40), its subject has a login
 * binding with the calling partner (P-04); else the step's refusal, or its `unchecked` when the
 * store did not answer.
 */
function relationRefused(step: Step, role: CompiledRole | null, subject: SubjectSpec, ctx: DecisionContext): Decision | null {
  const row = rowOf(ctx);
  switch (role?.relation) {
    case 'store':
      return row.store && row.store === ctx.caller.store ? null : step.decision;
    case 'carrier':
      return row.carrier && row.carrier === ctx.caller.carrier ? null : step.decision;
    case 'institution':
      return row.institution && row.institution === ctx.caller.institution ? null : step.decision;
    case 'boundProvider': {
      // P-04 "that binding": a binding row with the calling partner, or a member who has one.
      const mine = ctx.caller.provider;
      if (!mine) return step.decision;
      if (subject.provider) return row.provider === mine ? null : step.decision;
      const facts = factsOf(ctx, 'person');
      if (!facts) return step.unchecked;
      return facts.loginProviders?.includes(mine) ? null : step.decision;
    }
    case 'assignedTicket': {
      // P-40: the member has an open ticket assigned to the caller now (support's facts), and a row
      // that names its agent (a ticket, a chat message) names the caller: once no ticket of the
      // member is open with the agent, no row of theirs (closed, reassigned away) is the agent's.
      const me = ctx.caller.sub;
      if (subject.agent && row.agent !== me) return step.decision;
      const facts = factsOf(ctx, 'agents');
      if (!facts) return step.unchecked;
      return me && facts.agents?.includes(me) ? null : step.decision;
    }
    default:
      return step.decision;
  }
}

/** Null when the subject's consent is on; else the step's refusal, or `unchecked` when the consent store did not answer (P-82). */
function consentRefused(step: Step, ctx: DecisionContext): Decision | null {
  const facts = factsOf(ctx, 'consents');
  if (!facts?.consents) return step.unchecked;
  return facts.consents[step.consent!] !== true ? step.decision : null;
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
