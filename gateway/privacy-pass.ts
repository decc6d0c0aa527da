import { GraphQLError } from 'graphql';
import type { SubjectFacts } from '../directives/subject-facts.js';
import type { FieldPolicy } from '../directives/annotations.js';
import { applyDecision, type AudienceKeys } from '../directives/apply-decision.js';
import { NEEDS_FACTS, NeedsFacts, NeedsRow, childProfileHidden, decide, whyHidden, type DecisionContext, type FactKind, type FactsLookup, type RowContext } from '../directives/decide.js';
import type { Decision } from '../directives/decision.js';
import { placeholderFor } from '../directives/transforms/index.js';
import { parseInstant } from '../directives/instant.js';
import { groupError, type BlockedGroup } from './blocked-errors.js';
import { PAGE_ROWS_ALIAS, endPage } from './connection-pages.js';
import { INPUTS_ALIAS, TYPENAME_ALIAS, type PlanField, type PlanNode, type PrivacyPlan, type TypePlan } from './privacy-plan.js';
import { INPUT_PREFIX, MISSING, RowInputs } from './row-inputs.js';

/** One line of `extensions.privacy.decisions`: a masked, transformed or blocked path (P-65). */
export interface ExplainedDecision {
  /** Response path; list positions are written `*` and `count` says how many values it covers. */
  path: string;
  field: string;
  outcome: Decision['outcome'];
  rule: string;
  purpose: string | null;
  consent?: string;
  reason: string;
  count: number;
}

/** A decision on a sensitive field, for the access audit (P-80). */
export interface AuditedDecision {
  subject: string | null;
  path: string;
  field: string;
  outcome: Decision['outcome'];
  rule: string;
}

import { LEGAL_OBLIGATION } from '../directives/policy-config.js';
export { LEGAL_OBLIGATION };

export interface PassResult {
  explanations: ExplainedDecision[];
  errors: GraphQLError[];
  /** The decisions the pass applied on sensitive fields (P-80), and on a minor's fields (P-70), in plan order. */
  audit: AuditedDecision[];
  /**
   * With a plan compiled for the audit, the reads recorded for the audit only, in the operation's
   * depth-first order: every field of a personal row under legal obligation (P-81), a minor's
   * fields (P-70), sensitive fields allowed before execution (P-80).
   */
  auditReads: AuditedDecision[];
  blocked: number;
  /** Root fields whose row was removed (the caller may not see it, or that could not be decided), with the removing decision. */
  removedAtRoot: { key: string; rule: string; reason: string }[];
}

/** Loads every kind of facts for subject ids; a subject left out of the answer counts as unavailable (P-82). */
export type FactsLoader = (subjectIds: string[]) => Promise<Map<string, SubjectFacts | 'unavailable'>>;

/**
 * Loads the requested kinds of facts, each for its subject ids. It may answer synchronously (the
 * facts cache, when it knows them all): the pass then finishes without a promise.
 */
export type FactsByKindLoader = (
  needs: Map<FactKind, string[]>,
) => Map<FactKind, Map<string, SubjectFacts | 'unavailable'>> | Promise<Map<FactKind, Map<string, SubjectFacts | 'unavailable'>>>;

/** Facts remembered from earlier requests (the facts cache), if they may serve this one. */
export type KnownFacts = (kind: FactKind, subjectId: string) => SubjectFacts | undefined;

/** A subject's person facts remembered long enough to tell the audit whether they are a minor (the facts cache's `peekForAudit`). */
export type AuditKnownPerson = (subjectId: string) => SubjectFacts | undefined;

export interface PassOptions {
  ctx: DecisionContext;
  loadFacts: FactsByKindLoader;
  /** Asked before a decision waits for a lookup; what it answers holds for the whole pass. */
  knownFacts?: KnownFacts;
  /**
   * Asked for the audit's subjects before they join a lookup: whether a subject is a minor decides
   * only whether their reads are recorded, never what is released, so it may be older than the
   * decisions' one second (P-11); what it answers never reaches a decision.
   */
  auditKnownPerson?: AuditKnownPerson;
  /**
   * Collect the decisions on sensitive fields for the access audit (P-80). Default true; false
   * where no audit sink is configured, so nobody builds entries nobody reads (a path string per
   * sensitive value: more than half of what a merchant list's pass allocated).
   */
  audit?: boolean;
  audienceKeys: AudienceKeys;
  now?: number;
}

const PATH_SEP = '.';
/** The type whose rows are the access audit's own entries (schema/privacy.graphql). */
const AUDIT_ROW_TYPE = 'AuditEntry';

/**
 * The privacy pass: applies a compiled plan to an execution result, in place. It walks only the
 * paths that lead to annotated fields; for rows whose decisions depend on data it reads the
 * inputs the plan added, loads every subject's facts in one batch, decides, transforms or nulls
 * each value, explains what it changed, and strips the inputs. With a plan compiled for the
 * audit, the same walk records the access audit's entries (P-70, P-80, P-81).
 */
export function runPrivacyPass(plan: PrivacyPlan, data: Record<string, unknown> | null | undefined, options: PassOptions): PassResult | Promise<PassResult> {
  const result: PassResult = { explanations: [], errors: [], audit: [], auditReads: [], blocked: 0, removedAtRoot: [] };
  const root = plan.root;
  if (!root || !data) return result;

  const facts = new Map<FactKind, Map<string, SubjectFacts | 'unavailable'>>();
  const state: PassState = {
    options,
    facts,
    lookup: factsLookup(facts, options.knownFacts),
    result,
    explained: new Map(),
    blockedGroups: new Map(),
    now: options.now ?? Date.now(),
    rows: new Map(),
    holders: [],
    forCaller: new Map(),
    auditReads: options.audit !== false && plan.audited === true,
    legal: options.ctx.purpose === LEGAL_OBLIGATION,
    subjects: null,
    auditPerson: null,
    minors: NO_MINORS,
    applied: undefined,
  };
  // Whose rows are read, for the minors among them (P-70); under legal obligation every read is audited anyway.
  if (state.auditReads && !state.legal) state.subjects = new Set();
  const merge = (loaded: Map<FactKind, Map<string, SubjectFacts | 'unavailable'>>) => {
    for (const [kind, byId] of loaded) {
      const known = state.facts.get(kind) ?? new Map();
      for (const [id, facts] of byId) known.set(id, facts);
      state.facts.set(kind, known);
    }
  };
  // Load only the facts some decision reads: decide, note what was missing, load it, and again
  // (a decision may read a second kind once the first is known); at most once per kind. Without
  // a promise when no lookup has to wait (none needed, or all remembered by the facts cache).
  // The first round walks the result; later ones revisit only the rows that still lacked facts.
  let pending: PendingRow[] | null = null;
  const rounds = (round: number): PassResult | Promise<PassResult> => {
    for (; round < FACT_KINDS.length; round++) {
      const needs = new Map<FactKind, Set<string>>();
      const lacking: PendingRow[] = [];
      if (pending === null) {
        collectNeeds(data, root, state, needs, null, lacking);
        // The audit's subjects ride on the first lookup: their age is asked with the decisions'
        // facts, in the same round trip, not in one of its own after them (P-70).
        if (state.subjects?.size) addAuditNeeds(needs, state);
      } else for (const row of pending) if (decideRow(row.obj, row.typePlan, state, needs, row.holder)) lacking.push(row);
      pending = lacking;
      if (!needs.size) break;
      const loaded = options.loadFacts(new Map([...needs].map(([kind, ids]) => [kind, [...ids]])));
      if (loaded instanceof Promise) {
        const next = round + 1;
        return loaded.then((answer) => {
          merge(answer);
          return rounds(next);
        });
      }
      merge(loaded);
    }
    // Asked with the first round's facts: a subject whose age could not be checked counts as a
    // minor, so their reads are audited (P-70, P-82).
    if (state.subjects?.size) state.minors = minorsAmong(state.subjects, state);
    state.subjects = null;
    return finish();
  };
  const finish = (): PassResult => {
    walkObject(data, root, null, state, null);
    for (const list of state.explained.values()) result.explanations.push(...list);
    for (const list of state.blockedGroups.values()) for (const group of list) result.errors.push(groupError(group));
    return result;
  };
  // However the pass ends, answered or failed (a facts lookup that throws or rejects: the request
  // is refused, P-82), it drops the rows' states, so that nothing it kept outlives the request.
  let done: PassResult | Promise<PassResult>;
  try {
    done = rounds(0);
  } catch (error) {
    forgetRowStates(state);
    throw error;
  }
  if (done instanceof Promise) return done.finally(() => forgetRowStates(state));
  forgetRowStates(state);
  return done;
}

/**
 * Reads the facts loaded so far, then what the facts cache remembers, and throws NeedsFacts for
 * the rest. Made here, not in the pass's own scope, so that it keeps only the facts: every row's
 * context holds it, and a closure of the pass's scope would keep the whole result alive with it.
 */
function factsLookup(facts: PassState['facts'], knownFacts: KnownFacts | undefined): FactsLookup {
  return (kind, subjectId) => {
    let byId = facts.get(kind);
    const known = byId?.get(subjectId);
    if (known !== undefined) return known;
    const remembered = knownFacts?.(kind, subjectId);
    if (remembered === undefined) throw NEEDS_FACTS[kind];
    // Kept for the rest of the pass: every decision on this subject reads the same facts.
    if (!byId) facts.set(kind, (byId = new Map()));
    byId.set(subjectId, remembered);
    return remembered;
  };
}

/**
 * Drops what the pass kept on the rows' inputs. The executor built those holders before the pass
 * ran, and a young-generation collection in between moves them to the old generation; the
 * collector then keeps whatever they point to alive, as if reachable, until the next full
 * collection: each row's decision context, and through it whatever the context reached. Cleared,
 * the pass's state dies young with the request.
 */
function forgetRowStates(state: PassState): void {
  const holders = state.holders;
  for (let i = 0; i < holders.length; i++) holders[i]!.passState = undefined;
  holders.length = 0;
}

function typePlanFor(node: PlanNode, obj: Record<string, unknown>): TypePlan | undefined {
  if (!node.typenameKey) return node.only;
  const typename = obj[node.typenameKey];
  // The plan selects it at every abstract position: a row of unknown type cannot be decided (P-82).
  if (typeof typename !== 'string') throw new UnknownRowType();
  return node.byType.get(typename);
}

/** A row at an abstract position arrived without its concrete type: the pass refuses the response. */
class UnknownRowType extends Error {
  constructor() {
    super('a row of unknown type cannot be decided');
  }
}

const FACT_KINDS: FactKind[] = ['consents', 'person', 'agents'];

/** Walks like the pass, deciding the data-dependent fields, and notes which facts they lacked. */
function collectNeeds(value: unknown, node: PlanNode, state: PassState, needs: Map<FactKind, Set<string>>, holderSubject: string | null, lacking: PendingRow[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectNeeds(value[i], node, state, needs, holderSubject, lacking);
    return;
  }
  const obj = value as Record<string, unknown>;
  const typePlan = typePlanFor(node, obj);
  if (!typePlan) return;
  if (typePlan.needsRow && decideRow(obj, typePlan, state, needs, holderSubject)) lacking.push({ obj, typePlan, holder: holderSubject });
  if (state.subjects && typePlan.subject.id) {
    const subject = subjectOf(obj, typePlan, state);
    if (subject !== null && !anonymousRow(obj, typePlan, state)) state.subjects.add(subject);
  }
  // The same holder the pass passes down: a Member row holds its own lists (P-31).
  const known = typePlan.needsRow ? rowState(obj, typePlan, state) : undefined;
  const holder = typePlan.subject.id === 'id' ? (known?.row.subjectId ?? null) : null;
  const decided = known?.decided;
  const fields = typePlan.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    // What a stand-in or a block replaces is never read: its rows ask no facts (an anonymous
    // review's author, whose age asked would time the facts cache, P-31).
    if (field.child && !replaced(decided?.[i])) collectNeeds(obj[field.responseKey], field.child, state, needs, holder, lacking);
  }
}

const replaced = (decision: Decision | undefined) => decision !== undefined && (decision.outcome === 'placeholder' || decision.outcome === 'block');

/**
 * The audit's subjects whose age is not known yet: asked with the decisions' facts, unless the
 * audit's longer memory has them (kept apart in `auditPerson`, so no decision reads them).
 */
function addAuditNeeds(needs: Map<FactKind, Set<string>>, state: PassState): void {
  const known = state.facts.get('person');
  const remembered = state.options.auditKnownPerson;
  let wanted = needs.get('person');
  for (const id of state.subjects!) {
    if (known?.has(id) || wanted?.has(id)) continue;
    const facts = remembered?.(id);
    if (facts !== undefined) {
      (state.auditPerson ??= new Map()).set(id, facts);
      continue;
    }
    if (!wanted) needs.set('person', (wanted = new Set()));
    wanted.add(id);
  }
}

/** A row some decision of which still lacked facts, to revisit once they are loaded. */
interface PendingRow {
  obj: Record<string, unknown>;
  typePlan: TypePlan;
  holder: string | null;
}

/** Decides what a row's facts allow so far (whether it is hidden, its data-dependent fields); true when something lacked facts. */
function decideRow(obj: Record<string, unknown>, typePlan: TypePlan, state: PassState, needs: Map<FactKind, Set<string>>, holderSubject: string | null): boolean {
  const ctx = rowState(obj, typePlan, state);
  let lacked = false;
  if (ctx.hidden === undefined) {
    try {
      ctx.hidden = whyHidden(typePlan.subject, ctx, holderSubject);
    } catch (error) {
      lacked = true;
      noteNeed(error, ctx, needs);
    }
  }
  const fields = typePlan.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (!field.policy || field.decision || ctx.decided?.[i]) continue;
    try {
      const decision = decide(field.policy, typePlan.subject, ctx);
      // Facts only ever get added, so a decision that needed none missing is final: the pass reuses it.
      (ctx.decided ??= new Array(fields.length))[i] = decision;
    } catch (error) {
      lacked = true;
      noteNeed(error, ctx, needs);
    }
  }
  if (typePlan.lookedUpByKey && ctx.hidden === null) {
    try {
      ctx.hidden = childProfileHidden(typePlan.lookedUpByKey, typePlan.subject, ctx);
    } catch (error) {
      lacked = true;
      noteNeed(error, ctx, needs);
    }
  }
  return lacked;
}

interface PassState {
  options: PassOptions;
  /** Facts loaded so far, per kind and subject. */
  facts: Map<FactKind, Map<string, SubjectFacts | 'unavailable'>>;
  /** Reads `facts`, throwing NeedsFacts for what is not loaded yet: one function for every row. */
  lookup: FactsLookup;
  result: PassResult;
  /** Explanations per field (so per pattern), one per (outcome, rule, consent): no key string per value. */
  explained: Map<PlanField, ExplainedDecision[]>;
  /** Blocked values per field, one group per decision: one PRIVACY_BLOCKED error each. */
  blockedGroups: Map<PlanField, BlockedGroup[]>;
  now: number;
  /** Static decisions naming an audience, re-decided for this caller once per pass. */
  forCaller: Map<PlanField, Decision>;
  /** What the pass knows of rows without inputs (where it has them, it is kept on them, see `rowState`). */
  rows: Map<object, RowState>;
  /** The rows' inputs the pass kept a state on, to drop it when the pass ends (`forgetRowStates`). */
  holders: RowInputs[];
  /** Record the reads the plan walks for the audit only ({@link PassResult.auditReads}). */
  auditReads: boolean;
  /** The purpose is legal obligation (P-81). */
  legal: boolean;
  /** The subjects of the rows read, other than the caller, gathered while the facts are loaded. */
  subjects: Set<string> | null;
  /** Person facts of some of them from the audit's longer memory (`auditKnownPerson`): read by the minors check only. */
  auditPerson: Map<string, SubjectFacts> | null;
  /** Those of them whose every field read is audited (P-70). */
  minors: ReadonlySet<string>;
  /** The decision the pass applied to the field being walked, for the audit (what the client got). */
  applied: Decision | undefined;
}

const NO_MINORS: ReadonlySet<string> = new Set();

/** A subject's person facts as the audit's minors check reads them: this request's, else the audit's memory's. */
function personForAudit(state: PassState, id: string): SubjectFacts | 'unavailable' | undefined {
  return state.facts.get('person')?.get(id) ?? state.auditPerson?.get(id);
}

/** The minors among `subjects`, the reader and their wards included (P-70); a subject whose facts are missing counts as one (P-82). */
function minorsAmong(subjects: Set<string>, state: PassState): ReadonlySet<string> {
  const minors = new Set<string>();
  for (const id of subjects) {
    const facts = personForAudit(state, id);
    const known = facts !== undefined && facts !== 'unavailable';
    if (!known || facts.minor !== false) minors.add(id);
  }
  return minors;
}

/** Whether a personal row's reads are audited as a child's: a minor's row (P-70), or an anonymous one ({@link anonymousRow}). */
function readAsChild(obj: Record<string, unknown>, typePlan: TypePlan, subject: string | null, state: PassState): boolean {
  return Boolean(typePlan.subject.id) && subject !== null && ((state.minors.size !== 0 && state.minors.has(subject)) || anonymousRow(obj, typePlan, state));
}

/**
 * Whether a row that may be anonymous (`@subject(anonymous:)`) is, for the audit: from its inputs
 * where it has them, else from the alias the plan added; unknown counts as anonymous. Its reads are
 * audited as a child's would be, whoever wrote it, and its author's age is never asked: asked, the
 * time the facts cache took told a visitor whose facts it held, and so who wrote the review (P-31).
 */
function anonymousRow(obj: Record<string, unknown>, typePlan: TypePlan, state: PassState): boolean {
  if (!typePlan.subject.anonymous) return false;
  if (typePlan.needsRow) {
    const row = rowState(obj, typePlan, state).row;
    if (!row.inputsMissing) return row.anonymous !== false;
  }
  return (typePlan.anonymousKey ? obj[typePlan.anonymousKey] : undefined) !== false;
}

/** The subject id of a personal row: from its inputs where it has them, else from the alias the plan added for the audit. */
function subjectOf(obj: Record<string, unknown>, typePlan: TypePlan, state: PassState): string | null {
  if (typePlan.needsRow) {
    const row = rowState(obj, typePlan, state).row;
    // A row whose inputs did not come (a subgraph that serves none: its decisions block, P-82) still names its subject for the audit.
    if (row.subjectId !== null || !row.inputsMissing) return row.subjectId;
  }
  const holder = obj[INPUTS_ALIAS];
  if (holder instanceof RowInputs) {
    const id = typePlan.inputFields.find(([key]) => key === 'id');
    const value = id ? holder.read(id[1]) : MISSING;
    return value === MISSING || value == null ? null : String(value);
  }
  const value = typePlan.subjectKey ? obj[typePlan.subjectKey] : undefined;
  return value == null ? null : String(value);
}

/**
 * One row's decision context (what `decide` reads) with what was decided on it, each computed
 * once: one object per row, kept on the row's `RowInputs` (or, for a row without them, in
 * `PassState.rows`).
 */
interface RowState extends DecisionContext {
  row: RowContext;
  /** Final data-dependent decisions, by position in `typePlan.fields`. */
  decided: (Decision | undefined)[] | undefined;
  /** The block that hides the row (P-21, P-31, P-34, ...) or null where it stays, once known. */
  hidden: Decision | null | undefined;
  /** Whether the row's subject is a minor this reader is not the guardian of (P-70), once asked: every field's audit asks. */
  minor: boolean | undefined;
}

/** A response path, built only when an error or the audit needs it (most values need none); `name` is the schema field's under an alias. */
type PathNode = { prev: PathNode; key: string | number; name?: string } | null;

function pathOf(node: PathNode): (string | number)[] {
  const out: (string | number)[] = [];
  for (let n = node; n; n = n.prev) out.push(n.key);
  return out.reverse();
}

/**
 * The path the access audit records: field names and list positions, never the client's aliases,
 * which are free text a caller would otherwise write into the append-only log and into the data
 * subject's download (a name, a phone number, 60 KB of it).
 */
function auditPathOf(node: PathNode): string {
  const out: (string | number)[] = [];
  for (let n = node; n; n = n.prev) out.push(n.name ?? n.key);
  return out.reverse().join(PATH_SEP);
}

function rowState(obj: Record<string, unknown>, typePlan: TypePlan, state: PassState): RowState {
  // Kept on the row's inputs where it has them (every row whose decisions read it), else in a map.
  const holder = obj[INPUTS_ALIAS];
  const inputs = holder instanceof RowInputs ? holder : undefined;
  let known = (inputs ? inputs.passState : state.rows.get(obj)) as RowState | undefined;
  if (!known) {
    const { caller, purpose, config } = state.options.ctx;
    known = { caller, purpose, config, row: rowContext(inputs, typePlan, state), decided: undefined, hidden: undefined, minor: undefined };
    if (inputs) {
      inputs.passState = known;
      state.holders.push(inputs);
    } else state.rows.set(obj, known);
  }
  return known;
}

/** Notes which facts a decision lacked (anything else it threw is left for the pass, which blocks, P-82). */
function noteNeed(error: unknown, ctx: DecisionContext, needs: Map<FactKind, Set<string>>): void {
  const subjectId = ctx.row?.subjectId;
  if (!(error instanceof NeedsFacts) || !subjectId) return;
  let ids = needs.get(error.kind);
  if (!ids) needs.set(error.kind, (ids = new Set()));
  ids.add(subjectId);
}

/** The facts of a row without a subject: none (one shared object, not one per row; the policy reads such a row as nobody's, directives/decide.ts). */
const NO_FACTS: SubjectFacts = Object.freeze({});

/**
 * A row's inputs, read from its `_privacyInputs` (gateway/row-inputs.ts): only the ones its type
 * declares (`@subject`). A row whose inputs did not all arrive (the field absent, or the subgraph
 * left an input out) is marked: every decision that reads the row then blocks (P-82).
 */
function rowContext(holder: RowInputs | undefined, typePlan: TypePlan, state: PassState): RowContext {
  // Every key up front: one object shape for every row.
  const row: RowContext = {
    subjectId: null,
    store: undefined,
    carrier: undefined,
    agent: undefined,
    deliveredAt: undefined,
    deliveredAtMs: undefined,
    anonymous: undefined,
    crossBorder: undefined,
    count: undefined,
    provider: undefined,
    institution: undefined,
    facts: NO_FACTS,
    now: state.now,
    inputsMissing: false,
  };
  if (!holder) {
    row.inputsMissing = true;
    return row;
  }
  // Indexed, not `for (const [key, alias] of ...)`: destructuring each pair through the iterator
  // protocol allocates per input and row wherever the optimizer does not remove it.
  const inputs = typePlan.inputFields;
  for (let i = 0; i < inputs.length; i++) {
    const key = inputs[i]![0];
    const value = holder.read(inputs[i]![1]) as any;
    if (value === MISSING) row.inputsMissing = true;
    else if (key === 'id') row.subjectId = value != null ? String(value) : null;
    else if (key === 'store') row.store = value;
    else if (key === 'carrier') row.carrier = value;
    else if (key === 'agent') row.agent = value;
    else if (key === 'deliveredAt') row.deliveredAt = value;
    else if (key === 'anonymous') row.anonymous = value;
    else if (key === 'crossBorder') row.crossBorder = value;
    else if (key === 'count') row.count = value;
    else if (key === 'provider') row.provider = value;
    else if (key === 'institution') row.institution = value;
  }
  if (row.subjectId) row.facts = state.lookup;
  // Parsed once for the row: each of its delivery fields checks the carrier's window (P-22).
  if (typeof row.deliveredAt === 'string') row.deliveredAtMs = parseInstant(row.deliveredAt);
  return row;
}

/**
 * Applies the plan to one object (or list of objects). `holderSubject` is the person whose own
 * row (a Member) holds this value: rows that must not be linked to them are hidden (P-31).
 */
function walkObject(value: unknown, node: PlanNode, path: PathNode, state: PassState, holderSubject: string | null, paged = false, shownAtMost?: number): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const hidden = (item: unknown, i: number) => item !== null && typeof item === 'object' && !Array.isArray(item) && hideRow(item as Record<string, unknown>, node, state, holderSubject, { prev: path, key: i });
    if (paged) {
      // A page cut by `first` ends at its first hidden row: the visible rows after it would count
      // the hidden ones before them (a member's own order at position 2 of a store's list).
      const first = value.findIndex(hidden);
      if (first !== -1) value.length = first;
    } else {
      // Hidden rows leave the list (list items may be non-null), before any path is written.
      for (let i = value.length - 1; i >= 0; i--) if (hidden(value[i], i)) value.splice(i, 1);
      // A record list shows at most so many of the rows it releases, however many were hidden among those read.
      if (shownAtMost !== undefined && value.length > shownAtMost) value.length = shownAtMost;
    }
    for (let i = 0; i < value.length; i++) walkObject(value[i], node, { prev: path, key: i }, state, holderSubject);
    return;
  }
  const obj = value as Record<string, unknown>;
  const typePlan = typePlanFor(node, obj);
  if (typePlan) {
    const known = typePlan.needsRow ? rowState(obj, typePlan, state) : undefined;
    const ctx: DecisionContext = known ?? state.options.ctx;
    const decided = known?.decided;
    const fields = typePlan.fields;
    const subject = state.auditReads || state.options.audit !== false ? subjectOf(obj, typePlan, state) : null;
    // Reading the audit itself is recorded once per entry read, not once per field: per field, each
    // read of the officer's previous read multiplied the log by the fields asked (352 → 3,520 → 35,200).
    const oncePerRow = state.auditReads && state.legal && typePlan.typeName === AUDIT_ROW_TYPE;
    if (oncePerRow) state.result.auditReads.push({ subject, path: auditPathOf(path), field: AUDIT_ROW_TYPE, outcome: 'allow', rule: 'P-81' });
    const readsBefore = state.result.auditReads.length + state.result.audit.length;
    // Whether the row's reads are audited as a child's: asked once per row, on its first read the pass did not decide.
    let childRow: boolean | undefined;
    let removedRows = false;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const recorded = state.result.audit.length;
      state.applied = undefined;
      const walkOn = !field.auditOnly && applyField(obj, field, decided?.[i], typePlan, ctx, path, state, subject);
      const key = field.responseKey;
      let child: unknown;
      if (walkOn && field.child && obj[key] != null) {
        child = obj[key];
        const removed = !Array.isArray(child) && typeof child === 'object' ? hideRow(child as Record<string, unknown>, field.child, state, holderOf(typePlan, ctx), { prev: path, key, name: field.fieldName }) : null;
        if (removed) {
          obj[key] = null;
          child = undefined;
          // A root field's row removed: for a mutation, the change it answers was made (use-privacy.ts says so).
          if (path === null) state.result.removedAtRoot.push({ key, rule: removed.rule, reason: removed.reason });
        }
      }
      // Recorded before what lies below it: the operation's depth-first order.
      if (state.auditReads && !oncePerRow && state.result.audit.length === recorded) auditRead(obj, field, typePlan, subject, path, state, childRow ??= readAsChild(obj, typePlan, subject, state));
      if (child !== undefined) {
        const rows = Array.isArray(child) ? child.length : -1;
        walkObject(child, field.child!, { prev: path, key, name: field.fieldName }, state, holderOf(typePlan, ctx), field.paged === true, field.shownAtMost);
        if (rows !== -1 && (child as unknown[]).length !== rows) removedRows = true;
      }
    }
    // A person's row none of whose fields was read (only `__typename`, as an officer's correction may
    // answer) is still reached: under legal obligation that the officer reached it, on this case (P-81);
    // otherwise a child's row (or an anonymous one), whose every read is audited (P-70).
    if (state.auditReads && !oncePerRow && typePlan.subject.id && state.result.auditReads.length + state.result.audit.length === readsBefore) {
      if (state.legal) state.result.auditReads.push({ subject, path: auditPathOf(path), field: typePlan.typeName, outcome: 'allow', rule: 'P-81' });
      else if ((childRow ??= readAsChild(obj, typePlan, subject, state))) state.result.auditReads.push({ subject, path: auditPathOf(path), field: typePlan.typeName, outcome: 'allow', rule: 'P-70' });
    }
    // A page that lost a row ends there: its pageInfo would count or confirm what was removed. So
    // does a page with no row (first: 0), whose next page nothing here was decided on.
    if (typePlan.page) {
      const rows = obj[PAGE_ROWS_ALIAS];
      if (removedRows || !Array.isArray(rows) || rows.length === 0) endPage(obj, typePlan.page);
      obj[PAGE_ROWS_ALIAS] = undefined;
    }
  }
  // The plan adds a few keys to a row it has a plan for (its inputs or its subject for the audit, and `__typename` at an
  // abstract position); only a type it has no plan for is searched key by key. Cleared, not
  // deleted: JSON leaves undefined out.
  if (typePlan) {
    if (INPUTS_ALIAS in obj) obj[INPUTS_ALIAS] = undefined;
    if (TYPENAME_ALIAS in obj) obj[TYPENAME_ALIAS] = undefined;
    if (typePlan.subjectKey && typePlan.subjectKey in obj) obj[typePlan.subjectKey] = undefined;
    if (typePlan.anonymousKey && typePlan.anonymousKey in obj) obj[typePlan.anonymousKey] = undefined;
  } else for (const key in obj) if (key.startsWith(INPUT_PREFIX)) obj[key] = undefined;
}

/** The person whose own row (a Member) holds the values below a field of this row (P-31). */
function holderOf(typePlan: TypePlan, ctx: DecisionContext): string | null {
  return typePlan.subject.id === 'id' ? (ctx.row?.subjectId ?? null) : null;
}

/**
 * Records a read the pass did not decide on for the audit ({@link PassResult.auditReads}), with
 * what the client got: under legal obligation every field of a personal row (P-81), a minor's
 * every field (P-70), and a sensitive field decided before execution (P-80). A field without a
 * policy is allowed under the purpose's rule.
 */
function auditRead(obj: Record<string, unknown>, field: PlanField, typePlan: TypePlan, subject: string | null, path: PathNode, state: PassState, child: boolean): void {
  const personal = Boolean(typePlan.subject.id);
  const legal = state.legal;
  const policy = field.policy;
  // Under legal obligation every read of people's data is recorded: a person's row, and an aggregate over people (P-81).
  if (!(legal ? personal || Boolean(typePlan.subject.count) : child ? personal : policy?.sensitive)) return;
  const key = field.responseKey;
  let outcome: AuditedDecision['outcome'] = legal || obj[key] != null ? 'allow' : 'block';
  let rule = legal ? 'P-81' : 'P-70';
  if (legal && state.applied) {
    // The decision the pass applied to this value, row and facts included: what the client got.
    outcome = state.applied.outcome;
    rule = state.applied.rule;
  } else if (policy) {
    const ctx = state.options.ctx;
    try {
      // Outside legal obligation only decisions that do not depend on the row are ours to record;
      // the pass recorded the others (or hid their rows).
      const d = decide(policy, typePlan.subject, legal ? { ...ctx, row: { subjectId: subject, facts: {}, now: Date.now() } } : { ...ctx, row: undefined });
      outcome = d.outcome;
      rule = d.rule;
    } catch (error) {
      if (!legal && !child && error instanceof NeedsRow) return;
      outcome = obj[key] == null ? 'block' : 'allow';
    }
  }
  state.result.auditReads.push({ subject, path: auditPathOf({ prev: path, key, name: field.fieldName }), field: field.coordinate ?? policy?.coordinate ?? key, outcome, rule });
}

/** What cannot be decided is hidden (P-82). */
const UNDECIDED_ROW: Decision = Object.freeze({ outcome: 'block', rule: 'P-82', reason: 'whether the caller may see this row could not be decided' });

/**
 * Whether a row leaves the response ({@link whyHidden}): the decision that removes it, or null. A
 * removed row is a decision on every field of it, so the access audit records it (P-80): one entry
 * for the row, under its type name, with the rule that removed it. The officer sees the probe
 * (another store's order asked for by id), not only what was read.
 */
function hideRow(obj: Record<string, unknown>, node: PlanNode, state: PassState, holderSubject: string | null, path: PathNode): Decision | null {
  const typePlan = typePlanFor(node, obj);
  if (!typePlan) return null;
  let decision: Decision | null;
  try {
    // Without its inputs, a row is hidden only where that is known without reading it (decide.ts rowAccess).
    if (!typePlan.needsRow) decision = whyHidden(typePlan.subject, state.options.ctx, holderSubject);
    else {
      const known = rowState(obj, typePlan, state);
      decision = known.hidden !== undefined ? known.hidden : whyHidden(typePlan.subject, known, holderSubject);
    }
  } catch {
    decision = UNDECIDED_ROW;
  }
  if (decision === null) return null;
  if (state.options.audit !== false) {
    state.result.audit.push({ subject: subjectOf(obj, typePlan, state), path: auditPathOf(path), field: typePlan.typeName, outcome: 'block', rule: decision.rule });
  }
  return decision;
}

/** Applies the field's decision to its value; true when the walk goes on below it (not blocked, not a stand-in). */
function applyField(obj: Record<string, unknown>, field: PlanField, decided: Decision | undefined, typePlan: TypePlan, ctx: DecisionContext, path: PathNode, state: PassState, subject: string | null): boolean {
  const key = field.responseKey;
  const policy = field.policy;
  if (policy) {
    let decision: Decision;
    try {
      // A static decision that names an audience is re-decided for this caller, once per pass: plans
      // are shared by every caller of a role, pseudonyms must not be (one key per partner or project, P-51, P-52).
      if (field.decision && !field.decision.audience) decision = field.decision;
      else if (field.decision) decision = state.forCaller.get(field) ?? rememberForCaller(field, decide(policy, typePlan.subject, ctx), state);
      else decision = decided ?? decide(policy, typePlan.subject, ctx);
    } catch (error) {
      // A policy that cannot be evaluated blocks (P-82).
      decision = { outcome: 'block', rule: 'P-82', reason: `the policy could not be evaluated: ${(error as Error).message}` };
    }
    if (!policy.leaf && !['allow', 'placeholder', 'block'].includes(decision.outcome)) {
      // Object-typed fields can only be allowed, replaced or blocked; any other outcome is a policy bug (P-82).
      decision = { outcome: 'block', rule: 'P-82', reason: `outcome ${decision.outcome} cannot apply to an object-typed field` };
    }
    // Read once: the executor's result objects are hash tables, and an export applies thousands of
    // values (an absent key, the field skipped by @include, is left absent).
    const original = obj[key];
    const present = original !== undefined || key in obj;
    let value = original;
    if (policy.leaf && decision.outcome !== 'allow' && decision.outcome !== 'block' && present) {
      try {
        value = applyDecision(decision, policy, original, state.options.audienceKeys);
      } catch (error) {
        // A transform that cannot run (no key for the audience) blocks this field only (P-82); the rest stands.
        decision = { outcome: 'block', rule: 'P-82', reason: `the ${decision.outcome} transform could not run: ${(error as Error).message}` };
      }
    }
    if (decision.outcome === 'block' && !policy.nullable) {
      // Only implicit subject ids can be non-null (compose refuses non-null @pii): a stand-in keeps the parent.
      decision = { ...decision, outcome: 'placeholder' };
      if (policy.leaf) value = applyDecision(decision, policy, original, state.options.audienceKeys);
    }
    record(field, policy, decision, path, ctx, state, subject);
    state.applied = decision;
    if (decision.outcome === 'block') {
      obj[key] = null;
      return false;
    }
    if (decision.outcome === 'placeholder' && !policy.leaf) {
      obj[key] = placeholderObject(original, field);
      return false;
    }
    if (decision.outcome !== 'allow' && present) obj[key] = value;
  }
  return true;
}

function rememberForCaller(field: PlanField, decision: Decision, state: PassState): Decision {
  state.forCaller.set(field, decision);
  return decision;
}

/**
 * What a stand-in person shows (P-31, P-70): its id, nickname and avatar, an empty list, and
 * whatever the schema says cannot be null. Anything else is null, not a made-up value that would
 * read as the person's (an empty e-mail, a real name "Anonymous").
 */
const STAND_IN_NAME = /nick|avatar/i;
function showsInStandIn(sub: { fieldName: string; typeName: string }): boolean {
  return sub.typeName.startsWith('[') || sub.typeName.endsWith('!') || sub.typeName === 'ID' || STAND_IN_NAME.test(sub.fieldName);
}

/** The stand-in for a person-typed field (an anonymous review's author, P-31): only public stand-in values, nothing that links back. */
function placeholderObject(value: unknown, field: PlanField): unknown {
  if (value === null || value === undefined) return null;
  const one = () => {
    const out: Record<string, unknown> = {};
    for (const sub of field.shape ?? []) {
      if (sub.responseKey.startsWith(INPUT_PREFIX)) continue;
      if (sub.fieldName === '__typename') {
        out[sub.responseKey] = (value as any)?.[sub.responseKey] ?? null;
        continue;
      }
      if (!showsInStandIn(sub)) {
        out[sub.responseKey] = null;
        continue;
      }
      try {
        out[sub.responseKey] = placeholderFor(sub.fieldName, sub.typeName);
      } catch {
        out[sub.responseKey] = null;
      }
    }
    return out;
  };
  // A list stands in as empty, as a leaf list does (directives/apply-decision.ts): one stand-in per
  // item would count what it hides (a child's reviews, the anonymous ones among them, P-70, P-31).
  return Array.isArray(value) ? [] : one();
}

/** Audits, counts and explains one decision; `path` is the row's, the value's is built only when needed. */
function record(field: PlanField, policy: FieldPolicy, decision: Decision, path: PathNode, ctx: DecisionContext, state: PassState, subject: string | null): void {
  const { result } = state;
  if (state.options.audit !== false && (policy.sensitive || (field.guardsSensitive && decision.outcome !== 'allow') || rowOfMinor(ctx, state))) {
    result.audit.push({ subject: ctx.row?.subjectId ?? subject, path: auditPathOf({ prev: path, key: field.responseKey, name: field.fieldName }), field: policy.coordinate, outcome: decision.outcome, rule: decision.rule });
  }
  if (decision.outcome === 'allow') return;
  if (decision.outcome === 'block') {
    result.blocked++;
    let groups = state.blockedGroups.get(field);
    if (!groups) state.blockedGroups.set(field, (groups = []));
    let group: BlockedGroup | undefined;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (g.decision.rule === decision.rule && g.decision.consent === decision.consent && g.decision.reason === decision.reason) group = g;
    }
    if (!group) groups.push((group = { policy, decision, purpose: ctx.purpose, paths: [] }));
    group.paths.push(pathOf({ prev: path, key: field.responseKey }));
  }
  let explained = state.explained.get(field);
  if (!explained) state.explained.set(field, (explained = []));
  let existing: ExplainedDecision | undefined;
  for (let i = 0; i < explained.length; i++) {
    const e = explained[i]!;
    if (e.outcome === decision.outcome && e.rule === decision.rule && e.consent === decision.consent) existing = e;
  }
  if (existing) existing.count++;
  else
    explained.push({
      path: field.pattern,
      field: policy.coordinate,
      outcome: decision.outcome,
      rule: decision.rule,
      purpose: ctx.purpose,
      ...(decision.consent ? { consent: decision.consent } : {}),
      reason: decision.reason,
      count: 1,
    });
}

/** {@link subjectIsMinor} for a row, asked once per row rather than once per field (a lookup by subject id). */
function rowOfMinor(ctx: DecisionContext, state: PassState): boolean {
  if (!ctx.row) return false;
  // An anonymous row is audited as a child's, its author's age never asked (anonymousRow).
  if (ctx.row.anonymous === true) return true;
  if (ctx === state.options.ctx) return subjectIsMinor(ctx.row, state);
  // Any other context is a row's own state (rowState).
  const known = ctx as RowState;
  return (known.minor ??= subjectIsMinor(ctx.row, state));
}

/**
 * P-70: a minor's data is sensitive whatever its category, whoever reads it (P-80 audits every
 * decision on a sensitive field: the child's own reads and their guardian's too, as an adult's
 * own real-name record is); known where the person facts were loaded, which under the audit is
 * every row's subject.
 */
function subjectIsMinor(row: RowContext | undefined, state: PassState): boolean {
  if (!row?.subjectId) return false;
  const facts = personForAudit(state, row.subjectId);
  return facts !== undefined && facts !== 'unavailable' && facts.minor === true;
}
