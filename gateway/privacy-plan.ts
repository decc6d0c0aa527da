import {
  Kind,
  TypeInfo,
  getNamedType,
  isAbstractType,
  isListType,
  isObjectType,
  isWrappingType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { FieldPolicy, PrivacyIndex, SubjectSpec, TypePolicy } from '../directives/annotations.js';
import { collectFields } from './collect-fields.js';
import { PAGE_ROWS_ALIAS, PAGE_SIZE_ARGUMENTS, isConnectionType, pageInfoKeys, withPageRows, type PageInfoKeys } from './connection-pages.js';
import { onlyOperation } from './executing-operation.js';
import { ALIASED_INPUTS_FIELD, INPUT_PREFIX, INPUTS_FIELD, inputAlias, subjectInputs, typesWithAliasedInputs } from './row-inputs.js';
import { NeedsRow, decide, rowVisibility, type DecisionContext } from '../directives/decide.js';
import type { Decision } from '../directives/decision.js';
import { withFragmentsInlined } from './inlined-fragments.js';
import { RECORD_LISTS, RECORD_LIST_SHOWN } from '../schema/record-lists.js';

export const TYPENAME_ALIAS = `${INPUT_PREFIX}typename`;
/** A row's policy inputs, one field per row (gateway/row-inputs.ts). */
export const INPUTS_ALIAS = `${INPUT_PREFIX}inputs`;

/** One selected field that carries policy work. */
export interface PlanField {
  responseKey: string;
  /** The schema field's name: what the access audit records in its paths, never the client's alias. */
  fieldName: string;
  /** Its response path with list positions written `*` (`storeOrders.*.consigneePhone`): static, so the pass builds no strings. */
  pattern: string;
  policy?: FieldPolicy;
  /** Decided before execution; absent when the decision depends on the row (decided per value). */
  decision?: Decision;
  /** The subtree below an object-typed field, when it carries work. */
  child?: PlanNode;
  /** For object fields that may be replaced by a placeholder: the selected subfields. */
  shape?: { responseKey: string; fieldName: string; typeName: string }[];
  /** Walked for the access audit only (a plan compiled with `audit`): the pass leaves the value as it is. */
  auditOnly?: true;
  /** With the audit on, the field's coordinate (`Order.total`), also for an unannotated field. */
  coordinate?: string;
  /** A list cut by a page size (`first`), or a connection's rows: the pass ends it at its first hidden row. */
  paged?: true;
  /** A list of one person's record: at most this many of the rows it releases are shown (schema/record-lists.ts). */
  shownAtMost?: number;
  /** A field not sensitive itself under which a sensitive one is selected: blocking it or standing in for it refuses a probe of that one, audited as such (P-80). */
  guardsSensitive?: true;
}

/** What to do on one object of a concrete type. */
export interface TypePlan {
  typeName: string;
  subject: SubjectSpec;
  /** The row's inputs are needed (some decision depends on data, or the row may be hidden). */
  needsRow: boolean;
  /** The inputs `@subject` declares, by input, with the key each is answered under in the row's inputs (its name, or its reserved alias). */
  inputFields: [keyof SubjectSpec, string][];
  fields: PlanField[];
  /** With the audit on, where the row's subject id is read when the row has no inputs ({@link subjectAlias}). */
  subjectKey?: string;
  /** With the audit on, where a row that may be anonymous answers its flag when it has no inputs ({@link anonymousAlias}). */
  anonymousKey?: string;
  /** A connection whose rows the pass may remove: its `pageInfo`, ended when it removes one (gateway/connection-pages.ts). */
  page?: PageInfoKeys;
  /** A person's own profile looked up by its key at the root (`member(id:)`): the public field its hiding is decided on (decide.ts childProfileHidden). */
  lookedUpByKey?: FieldPolicy;
}

/** A selection set: one TypePlan per concrete type that can appear there. */
export interface PlanNode {
  byType: Map<string, TypePlan>;
  /** Set when the position is abstract: the concrete type is read from this alias. */
  typenameKey?: string;
  /** The one TypePlan of an object-typed position. */
  only?: TypePlan;
}

/** The compiled privacy plan of one (operation, role, purpose). */
export interface PrivacyPlan {
  /** The operation to execute: blocked fields removed, row inputs added. */
  document: DocumentNode;
  /** The root selection's plan, null when no selected field carries policy. */
  root: PlanNode | null;
  /** True when at least one field is blocked before execution. */
  blocksStatically: boolean;
  /** The fields blocked before execution and the decision on each, in the operation's order (strict mode names them). */
  staticBlocks: { field: string; decision: Decision; sensitive: boolean }[];
  /** Some decision reads a row (its inputs, its subject's facts, the time): the answer is personal to the rows read. */
  readsRows: boolean;
  /** Compiled with the audit on ({@link PlanOptions.audit}). */
  audited?: true;
}

/**
 * The alias under which a personal row without inputs answers its subject id for the access audit
 * (P-80). One per type: at an abstract position the id fields of two types may differ in type
 * (`Member.id: ID!`, `Order.buyerId: ID`), and one response key for both would make the subgraph
 * refuse the operation (fields that conflict).
 */
export const subjectAlias = (typeName: string) => `${SUBJECT_PREFIX}${typeName}`;
const SUBJECT_PREFIX = `${INPUT_PREFIX}sid_`;

/** The alias under which a row that may be anonymous (`@subject(anonymous:)`) without inputs answers its flag for the audit. */
export const anonymousAlias = (typeName: string) => `${SUBJECT_PREFIX}anon_${typeName}`;

/** True for a {@link subjectAlias}: it names whose row it is for the audit, and no decision reads it. */
export const isSubjectAlias = (alias: string) => alias.startsWith(SUBJECT_PREFIX);

/** Compile options. */
export interface PlanOptions {
  /**
   * The access audit is on (P-70, P-80, P-81): every personal row read carries its subject id, the
   * plan reaches every position that can hold one, and keeps the fields the pass does not change,
   * so that the pass records every read as it walks.
   */
  audit?: boolean;
}

/** Executed documents whose plan reads rows: the public cache never shares their answers (use-public-cache.ts). */
const rowReading = new WeakSet<DocumentNode>();

/** True when `document` was executed for a plan that reads rows (see {@link PrivacyPlan.readsRows}). */
export function readsRows(document: DocumentNode): boolean {
  return rowReading.has(document);
}

/** Executed documents whose answer may hold a person's data: a row of a type with a data subject (a review's text, a profile). */
const personReading = new WeakSet<DocumentNode>();

/** True when `document` was executed for a plan that reaches a person's row, whether or not a decision reads it. */
export function readsPersons(document: DocumentNode): boolean {
  return personReading.has(document);
}

/** Static decision for a field: the decision, or null when it depends on the row. */
function staticDecision(policy: FieldPolicy, subject: SubjectSpec, ctx: DecisionContext): Decision | null {
  try {
    return decide(policy, subject, ctx);
  } catch (error) {
    if (error instanceof NeedsRow) return null;
    throw error;
  }
}

/**
 * Compiles the privacy plan of an operation for one caller role and purpose (DESIGN.md "data
 * minimization"): a field blocked for everyone in this context is removed before planning, so its
 * subgraph is never asked for it; a row with a field whose outcome depends on the data gets its
 * inputs (subject id, store, carrier, ...) through one added field, `__pg_inputs: _privacyInputs`
 * (or `_privacyInputsAliased` where the client's own selection uses an input's name,
 * gateway/row-inputs.ts). The plan does not depend on the data, so it is computed once per
 * (document, role, purpose) and cached by the caller. `document` holds the one operation that
 * executes (gateway/executing-operation.ts); with several, the plan has no root.
 */
export function compilePrivacyPlan(schema: GraphQLSchema, index: PrivacyIndex, document: DocumentNode, ctx: DecisionContext, options: PlanOptions = {}): PrivacyPlan {
  const audit = options.audit === true;
  const memo = new Map<string, Decision | null>();
  const decisionFor = (typePolicy: TypePolicy, policy: FieldPolicy) => {
    const key = policy.coordinate;
    if (!memo.has(key)) memo.set(key, staticDecision(policy, typePolicy.subject, { ...ctx, row: undefined }));
    return memo.get(key)!;
  };
  /** A field of a person's own row (Member) listing rows that may be anonymous (Member.reviews): P-31 hides those under their author. */
  const listsAnonymousRows = (typePolicy: TypePolicy, name: string) => {
    if (typePolicy.subject.id !== 'id') return false;
    const type = schema.getType(typePolicy.typeName);
    const field = isObjectType(type) ? type.getFields()[name] : undefined;
    return Boolean(field && index.get(getNamedType(field.type).name)?.subject.anonymous);
  };
  const rowsMemo = new Map<string, ReturnType<typeof rowVisibility>>();
  /** Whether the caller may see the type's rows at all here (decide.ts rowAccess): once per type. */
  const rowsOf = (typePolicy: TypePolicy) => {
    let rows = rowsMemo.get(typePolicy.typeName);
    if (!rows) rowsMemo.set(typePolicy.typeName, (rows = rowVisibility(typePolicy.subject, { ...ctx, row: undefined })));
    return rows;
  };
  const typeNeedsRow: TypeNeedsRow = (typePolicy, fieldNames, position) => {
    if (rowsOf(typePolicy) === 'per-row') return true;
    // A profile looked up by its key is read whatever of it is selected, nothing at all too (`{}`
    // against an unknown id's `null`): a child's is not found (P-70). At an abstract position
    // (`node(id:)`) a type none of whose fields is selected answers `{}` for any id, known or not.
    if ((position === 'lookedUpByKey' || (position === 'lookedUpAmong' && !isEmpty(fieldNames))) && profileProbe(typePolicy)) return true;
    const listedByHolder = position === 'listedByHolder';
    // A findable-by switch (P-34) and a count (P-52) hold wherever the row appears; an anonymous
    // row is hidden only where its author's own row lists it (P-31), so only there does the
    // anonymity alone need the row's inputs (its fields' own decisions are checked below).
    if (typePolicy.subject.findableBy || typePolicy.subject.count || (typePolicy.subject.anonymous && listedByHolder)) return true;
    for (const name of fieldNames) {
      const policy = typePolicy.fields.get(name);
      if (policy && decisionFor(typePolicy, policy) === null) return true;
      if (listsAnonymousRows(typePolicy, name)) return true;
    }
    return false;
  };

  // Per type, whether its inputs come by their names or under the reserved aliases (gateway/row-inputs.ts).
  const aliasedTypes = typesWithAliasedInputs(schema, index, document);
  const inputsField = (typeName: string) => (aliasedTypes === 'all' || aliasedTypes.has(typeName) ? ALIASED_INPUTS_FIELD : INPUTS_FIELD);
  const staticBlocks: PrivacyPlan['staticBlocks'] = [];
  // First the gateway's own selections are added (row inputs; `__typename` at every abstract
  // position), then the plan is built over that document, so that every position holding an
  // internal alias has a plan node and the pass strips it there; then blocked fields are removed.
  const operation = onlyOperation(document);
  const withOwn = addOwnSelections(schema, index, withPageRows(schema, document), { typeNeedsRow, listsAnonymousRows, inputsField, audit });
  let root: PlanNode | null = null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of withOwn.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  if (operation) {
    const own = onlyOperation(withOwn)!;
    const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
    if (rootType) root = buildNode(schema, index, rootType, [own.selectionSet], fragments, { decisionFor, typeNeedsRow, listsAnonymousRows, inputsField, rowsHidden: (typePolicy) => rowsOf(typePolicy) === 'hidden', audit }, '', 'plain');
  }
  const typeInfo = new TypeInfo(schema);
  const rewritten = visit(
    withOwn,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          // The gateway's own selections stay: a subject id the client may not read still names whose row it is.
          if (!parent || node.name.value.startsWith('__') || node.alias?.value.startsWith(INPUT_PREFIX)) return undefined;
          const possible = possibleObjectTypes(schema, parent);
          let blockedEverywhere = possible.length > 0;
          for (const type of possible) {
            const typePolicy = index.get(type.name);
            const policy = typePolicy?.fields.get(node.name.value);
            const decision = typePolicy && policy ? decisionFor(typePolicy, policy) : undefined;
            if (decision?.outcome !== 'block' || !policy!.nullable) blockedEverywhere = false;
            else {
              // Each occurrence is read: a first one selecting nothing sensitive (a decoy `__typename`) must not hide a later probe.
              const sensitive = policy!.sensitive === true || (node.selectionSet !== undefined && selectsSensitive(schema, index, getNamedType(type.getFields()[node.name.value]!.type), [node.selectionSet], fragments));
              const known = staticBlocks.find((b) => b.field === policy!.coordinate);
              if (!known) staticBlocks.push({ field: policy!.coordinate, decision, sensitive });
              else if (sensitive) known.sensitive = true;
            }
          }
          return blockedEverywhere ? null : undefined; // removed: the subgraph is never asked for it
        },
      },
      SelectionSet: {
        leave(node) {
          // Removing blocked fields may empty a selection set, which would be invalid: the stand-in
          // is aliased like every gateway selection, so the pass strips it (the plan has a node here).
          if (node.selections.length) return undefined;
          return { ...node, selections: [aliasedField(TYPENAME_ALIAS, '__typename')] };
        },
      },
    }),
  );
  const readsRowsHere = root !== null && anyTypePlan(root, (t) => t.needsRow);
  // What executes has no named fragments (gateway/inlined-fragments.ts: the runtime's planner lost one).
  const executed = withFragmentsInlined(rewritten);
  if (readsRowsHere) rowReading.add(executed);
  if (root !== null && anyTypePlan(root, (t) => Boolean(t.subject.id))) personReading.add(executed);
  const plan: PrivacyPlan = { document: executed, root, blocksStatically: staticBlocks.length > 0, staticBlocks, readsRows: readsRowsHere };
  if (audit) plan.audited = true;
  return plan;
}

/**
 * The document with the gateway's own selections added: each field's row inputs where its rows
 * need them, and `__typename` under {@link TYPENAME_ALIAS} at every abstract position, so the
 * pass always knows a row's concrete type. They go in the field's own selection set, decided on
 * what it selects through its fragments too, as the plan reads it ({@link buildNode}): a named
 * fragment is spread at positions that differ (`node(id:)`, a list), so it gets none itself.
 */
function addOwnSelections(schema: GraphQLSchema, index: PrivacyIndex, document: DocumentNode, rules: Pick<PlanRules, 'typeNeedsRow' | 'listsAnonymousRows' | 'inputsField' | 'audit'>): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  // Per field being visited: where its rows are met (listed under their author's own row, looked up by key).
  const positions: RowPosition[] = [];
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const possible = parent && !node.name.value.startsWith('__') ? possibleObjectTypes(schema, parent) : [];
          const listed = possible.some((type) => {
            const typePolicy = index.get(type.name);
            return typePolicy !== undefined && rules.listsAnonymousRows(typePolicy, node.name.value);
          });
          positions.push(listed ? 'listedByHolder' : parent ? lookupPosition(schema, parent, typeInfo.getFieldDef()) : 'plain');
          return undefined;
        },
        leave() {
          positions.pop();
        },
      },
      SelectionSet: {
        leave(node, _key, owner) {
          const parent = typeInfo.getParentType();
          const kind = owner && !Array.isArray(owner) ? (owner as { kind?: string }).kind : undefined;
          if (!parent || kind !== Kind.FIELD) return undefined;
          return withInputs(schema, index, parent, node, fragments, positions.at(-1) ?? 'plain', rules);
        },
      },
    }),
  );
}

/** Whether some type plan under `node` (itself included) passes `test`. */
function anyTypePlan(node: PlanNode, test: (typePlan: TypePlan) => boolean): boolean {
  for (const typePlan of node.byType.values()) {
    if (test(typePlan)) return true;
    for (const field of typePlan.fields) if (field.child && anyTypePlan(field.child, test)) return true;
  }
  return false;
}

function possibleObjectTypes(schema: GraphQLSchema, type: GraphQLCompositeType): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  if (isAbstractType(type)) return schema.getPossibleTypes(type);
  return [];
}

const aliasedField = (alias: string, name: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: name },
});

/**
 * Adds the row inputs a field's selection set needs, and `__typename` where the position is abstract.
 */
function withInputs(
  schema: GraphQLSchema,
  index: PrivacyIndex,
  parent: GraphQLCompositeType,
  node: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  position: RowPosition,
  { typeNeedsRow, inputsField, audit }: Pick<PlanRules, 'typeNeedsRow' | 'inputsField' | 'audit'>,
): SelectionSetNode {
  // A type without the field (a schema the gateway did not extend) gets nothing: its rows then
  // lack their inputs, and every decision that reads them blocks (P-82).
  const inputsFor = (type: GraphQLObjectType): FieldNode[] => {
    const typePolicy = index.get(type.name);
    const field = inputsField(type.name);
    if (!typePolicy || !typeNeedsRow(typePolicy, clientSelected(collectFields(schema, type, [node], fragments)), position) || !type.getFields()[field]) return subjectFor(type);
    return [aliasedField(INPUTS_ALIAS, field)];
  };
  /** For the audit, a personal row without inputs gets its subject id (P-80), and whether it is anonymous where it may be (P-31). */
  const subjectFor = (type: GraphQLObjectType): FieldNode[] => {
    const subject = audit ? index.get(type.name)?.subject : undefined;
    const fields = type.getFields();
    if (!subject?.id || !fields[subject.id]) return [];
    const anonymous = subject.anonymous && fields[subject.anonymous] ? [aliasedField(anonymousAlias(type.name), subject.anonymous)] : [];
    return [aliasedField(subjectAlias(type.name), subject.id), ...anonymous];
  };
  const added: SelectionNode[] = [];
  if (isObjectType(parent)) {
    added.push(...inputsFor(parent));
  } else if (isAbstractType(parent)) {
    const perType = schema.getPossibleTypes(parent).map((t) => ({ t, inputs: inputsFor(t) })).filter((x) => x.inputs.length);
    added.push(aliasedField(TYPENAME_ALIAS, '__typename'));
    for (const { t, inputs } of perType) {
      added.push({ kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: t.name } }, selectionSet: { kind: Kind.SELECTION_SET, selections: inputs } });
    }
  }
  if (!added.length) return node;
  return { ...node, selections: [...node.selections, ...added] };
}

/** The names of the fields the client selected among `collected` (the gateway's own left out). */
function clientSelected(collected: Map<string, FieldNode[]>): string[] {
  return [...collected].filter(([key]) => !key.startsWith(INPUT_PREFIX)).map(([, nodes]) => nodes[0].name.value);
}

/**
 * Where a type's rows are met: listed under their author's own row (`Member.reviews`, P-31),
 * looked up by a key at the root (`member(id:)`; `node(id:)`, among other types: P-70), or anywhere else.
 */
type RowPosition = 'listedByHolder' | 'lookedUpByKey' | 'lookedUpAmong' | 'plain';

/** Whether a type's rows need their inputs at this position. */
type TypeNeedsRow = (typePolicy: TypePolicy, fieldNames: Iterable<string>, position: RowPosition) => boolean;

/** A person's own profile type (`@subject(id: "id")`): the public field a lookup of it is decided on, if it has one. */
function profileProbe(typePolicy: TypePolicy): FieldPolicy | undefined {
  if (typePolicy.subject.id !== 'id') return undefined;
  for (const policy of typePolicy.fields.values()) if (policy.public && !policy.implicit) return policy;
  return undefined;
}

function isEmpty(names: Iterable<string>): boolean {
  for (const _ of names) return false;
  return true;
}

/** Where a root field that takes an `ID` argument meets its rows: looked up by key (among other types at an abstract position); else plain. */
function lookupPosition(schema: GraphQLSchema, parent: GraphQLCompositeType, field: { type: GraphQLOutputType; args: readonly { type: GraphQLInputType }[] } | null | undefined): RowPosition {
  if (parent !== schema.getQueryType() || !field?.args.some((a) => getNamedType(a.type).name === 'ID')) return 'plain';
  return isAbstractType(getNamedType(field.type)) ? 'lookedUpAmong' : 'lookedUpByKey';
}

/** What building the plan asks of the policy, once per compiled plan. */
interface PlanRules {
  decisionFor: (typePolicy: TypePolicy, policy: FieldPolicy) => Decision | null;
  typeNeedsRow: TypeNeedsRow;
  listsAnonymousRows: (typePolicy: TypePolicy, fieldName: string) => boolean;
  /** The row-inputs field a type's rows are asked for (by the inputs' names, or under the reserved aliases). */
  inputsField: (typeName: string) => string;
  /** Every row of the type is hidden from this caller (decide.ts rowAccess): the pass needs its plan to remove them. */
  rowsHidden: (typePolicy: TypePolicy) => boolean;
  /** The access audit is on ({@link PlanOptions.audit}). */
  audit: boolean;
}

function buildNode(
  schema: GraphQLSchema,
  index: PrivacyIndex,
  parent: GraphQLCompositeType,
  selectionSets: readonly SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  rules: PlanRules,
  pattern: string,
  position: RowPosition,
): PlanNode | null {
  const { decisionFor, typeNeedsRow, listsAnonymousRows } = rules;
  const byType = new Map<string, TypePlan>();
  for (const type of possibleObjectTypes(schema, parent)) {
    const collected = collectFields(schema, type, selectionSets, fragments);
    const typePolicy = index.get(type.name);
    const fields: PlanField[] = [];
    const fieldDefs = type.getFields();
    // The gateway's own selections here: the pass must walk to this row to strip them.
    let own = false;
    for (const [responseKey, nodes] of collected) {
      // A connection's rows asked for its page (gateway/connection-pages.ts) are walked like the client's.
      if (responseKey.startsWith(INPUT_PREFIX) && responseKey !== PAGE_ROWS_ALIAS) {
        own = true;
        continue;
      }
      const fieldName = nodes[0].name.value;
      const def = fieldDefs[fieldName];
      if (!def) continue;
      const policy = typePolicy?.fields.get(fieldName);
      const childSets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => Boolean(s));
      const named = getNamedType(def.type);
      const fieldPattern = pattern ? `${pattern}.${responseKey}` : responseKey;
      const childPattern = fieldPattern + '.*'.repeat(listDepth(def.type));
      const childPosition: RowPosition = typePolicy && listsAnonymousRows(typePolicy, fieldName) ? 'listedByHolder' : lookupPosition(schema, type, def);
      const child = childSets.length && !isLeaf(named) ? buildNode(schema, index, named as GraphQLCompositeType, childSets, fragments, rules, childPattern, childPosition) : null;
      // With the audit on, a read the pass does not change is still walked to be recorded: every
      // field of a personal row (P-70, P-81) or of an aggregate over people (P-81), every sensitive field (P-80).
      const audited = rules.audit && !fieldName.startsWith('__') && (Boolean(typePolicy?.subject.id) || Boolean(typePolicy?.subject.count) || policy?.sensitive === true);
      const coordinate = `${type.name}.${fieldName}`;
      if (!policy && !child) {
        if (audited) fields.push({ responseKey, fieldName, pattern: fieldPattern, auditOnly: true, coordinate });
        continue;
      }
      const planField: PlanField = { responseKey, fieldName, pattern: fieldPattern };
      if (rules.audit) planField.coordinate = coordinate;
      if (policy) {
        planField.policy = policy;
        const decision = decisionFor(typePolicy!, policy);
        if (decision) planField.decision = decision;
        if (!policy.leaf && childSets.length && isObjectType(named)) {
          planField.shape = [...collectFields(schema, named, childSets, fragments)].map(([key, ns]) => ({
            responseKey: key,
            fieldName: ns[0].name.value,
            typeName: String(named.getFields()[ns[0].name.value]?.type ?? 'String'),
          }));
        }
        if (!policy.sensitive && decision?.outcome !== 'allow' && childSets.length && !isLeaf(named) && selectsSensitive(schema, index, named, childSets, fragments)) planField.guardsSensitive = true;
        // An allowed field with nothing to do below it needs no walking.
        if (decision?.outcome === 'allow' && !child) {
          if (audited) fields.push({ ...planField, auditOnly: true });
          continue;
        }
      }
      if (child) planField.child = child;
      if (child && (def.args.some((a) => PAGE_SIZE_ARGUMENTS.has(a.name)) || (isConnectionType(type) && fieldName === 'nodes'))) planField.paged = true;
      if (child && RECORD_LISTS.has(coordinate)) planField.shownAtMost = RECORD_LIST_SHOWN;
      fields.push(planField);
    }
    // The client's fields only: the gateway's own (a subject id for the audit) change nothing.
    const selected = clientSelected(collected);
    const needsRow = typePolicy ? typeNeedsRow(typePolicy, selected, position) : false;
    if (fields.length || needsRow || own || (typePolicy && rules.rowsHidden(typePolicy))) {
      const subject = typePolicy?.subject ?? {};
      const aliased = rules.inputsField(type.name) === ALIASED_INPUTS_FIELD;
      const inputFields = subjectInputs(subject, Object.keys(fieldDefs)).map(([k, field]): [keyof SubjectSpec, string] => [k, aliased ? inputAlias(field) : field]);
      const typePlan: TypePlan = { typeName: type.name, subject, needsRow, fields, inputFields };
      const probe = typePolicy && (position === 'lookedUpByKey' || (position === 'lookedUpAmong' && selected.length)) ? profileProbe(typePolicy) : undefined;
      if (probe) typePlan.lookedUpByKey = probe;
      if (isConnectionType(type) && fields.some((f) => f.responseKey === PAGE_ROWS_ALIAS && f.child)) typePlan.page = pageInfoKeys(schema, type, collected, fragments);
      if (rules.audit && subject.id && fieldDefs[subject.id]) typePlan.subjectKey = subjectAlias(type.name);
      if (typePlan.subjectKey && subject.anonymous && fieldDefs[subject.anonymous]) typePlan.anonymousKey = anonymousAlias(type.name);
      byType.set(type.name, typePlan);
    }
  }
  if (!byType.size) return null;
  if (isAbstractType(parent)) return { byType, typenameKey: TYPENAME_ALIAS };
  return { byType, only: byType.values().next().value };
}

/**
 * Whether the selections below a field read a sensitive field, at any depth and on any type the
 * position may hold (P-80): a block above it is a probe of that field, and the audit records it
 * as the officer would otherwise not see it (`member(id:) { realNameVerification { nationalId } }`).
 */
function selectsSensitive(schema: GraphQLSchema, index: PrivacyIndex, type: GraphQLNamedType, sets: readonly SelectionSetNode[], fragments: Map<string, FragmentDefinitionNode>): boolean {
  if (isLeaf(type)) return false;
  for (const objectType of possibleObjectTypes(schema, type as GraphQLCompositeType)) {
    const typePolicy = index.get(objectType.name);
    const defs = objectType.getFields();
    for (const [responseKey, nodes] of collectFields(schema, objectType, sets, fragments)) {
      if (responseKey.startsWith(INPUT_PREFIX)) continue;
      const name = nodes[0].name.value;
      if (typePolicy?.fields.get(name)?.sensitive) return true;
      const def = defs[name];
      const childSets = nodes.map((n) => n.selectionSet).filter((set): set is SelectionSetNode => Boolean(set));
      if (def && childSets.length && selectsSensitive(schema, index, getNamedType(def.type), childSets, fragments)) return true;
    }
  }
  return false;
}

/** How many lists wrap a field's type (`[[Order!]]` is 2): each is one `*` in a path pattern. */
function listDepth(type: GraphQLOutputType): number {
  let depth = 0;
  for (let t: GraphQLOutputType = type; isWrappingType(t); t = t.ofType) if (isListType(t)) depth++;
  return depth;
}

function isLeaf(type: unknown): boolean {
  return !isObjectType(type) && !isAbstractType(type as any);
}
