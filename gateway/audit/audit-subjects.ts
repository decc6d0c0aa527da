import { collectFields } from '../collect-fields.js';
import {
  Kind,
  TypeInfo,
  getNamedType,
  isAbstractType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { PrivacyIndex } from '../../directives/annotations.js';
import { NeedsRow, decide, type DecisionContext } from '../../directives/decide.js';
import type { AuditedDecision } from '../privacy-pass.js';

/** The alias under which the gateway reads each personal row's subject id for the audit; stripped from every response. */
export const AUDIT_SUBJECT_ALIAS = '__audit_sid';
/** The alias of `__typename` at abstract positions, for the same walk. */
export const AUDIT_TYPENAME_ALIAS = '__audit_typename';

/**
 * At an abstract position each possible type's subject id gets an alias of its own: the id fields
 * of two types may differ in type (`Member.id: ID!`, `Order.buyerId: ID`), and one response key
 * for both would make the subgraph refuse the operation (fields that conflict).
 */
const typedSubjectAlias = (typeName: string) => `${AUDIT_SUBJECT_ALIAS}_${typeName}`;

/** The subject id the gateway read for the row, under whichever audit alias the position used. */
function auditSubjectOf(obj: Record<string, unknown>): string | null {
  let sid = obj[AUDIT_SUBJECT_ALIAS];
  const typename = obj[AUDIT_TYPENAME_ALIAS];
  if (sid == null && typeof typename === 'string') sid = obj[typedSubjectAlias(typename)];
  return sid == null ? null : String(sid);
}

/** The purpose under which every field read is audited, not only the sensitive ones (P-81). */
export const LEGAL_OBLIGATION = 'essential.legal_obligation';

const aliased = (alias: string, name: string): FieldNode => ({ kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } });

/**
 * P-80: adds the subject id of every personal row (a type with `@subject(id:)`) to the operation
 * under {@link AUDIT_SUBJECT_ALIAS}, so that each audited decision names whose data it was, also
 * for fields decided before execution (whose rows the privacy plan does not otherwise read).
 * Returns the document unchanged when no selected type has a subject.
 */
export function withAuditSubjects(schema: GraphQLSchema, index: PrivacyIndex, document: DocumentNode): { document: DocumentNode; augmented: boolean } {
  let augmented = false;
  const typeInfo = new TypeInfo(schema);
  const subjectField = (type: GraphQLObjectType): string | undefined => {
    const id = index.get(type.name)?.subject.id;
    return id && type.getFields()[id] ? id : undefined;
  };
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        leave(node, _key, owner) {
          // Only a field's own selection set gets the aliases: a fragment's set is merged into the
          // field's, where `... on Review { __audit_sid: authorId }` beside `... on Member { __audit_sid: id }`
          // would conflict; the field's set already asks each possible type's subject id.
          if (owner && !Array.isArray(owner) && ((owner as { kind?: string }).kind === Kind.INLINE_FRAGMENT || (owner as { kind?: string }).kind === Kind.FRAGMENT_DEFINITION)) return undefined;
          const parent = typeInfo.getParentType();
          if (!parent) return undefined;
          const added: SelectionNode[] = [];
          if (isObjectType(parent)) {
            const id = subjectField(parent);
            if (id) added.push(aliased(AUDIT_SUBJECT_ALIAS, id));
          } else if (isAbstractType(parent)) {
            const typed = schema.getPossibleTypes(parent).map((t) => ({ t, id: subjectField(t) })).filter((x) => x.id);
            if (typed.length) added.push(aliased(AUDIT_TYPENAME_ALIAS, '__typename'));
            for (const { t, id } of typed) {
              added.push({ kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: t.name } }, selectionSet: { kind: Kind.SELECTION_SET, selections: [aliased(typedSubjectAlias(t.name), id!)] } });
            }
          }
          if (!added.length) return undefined;
          augmented = true;
          return { ...node, selections: [...node.selections, ...added] };
        },
      },
    }),
  );
  return { document: augmented ? rewritten : document, augmented };
}

/**
 * True when the operation selects a sensitive field whose decision for this (role, purpose) does
 * not depend on the row: the privacy pass does not walk such a field when it is simply allowed, so
 * the audit walks the response for it (P-80: every decision on a sensitive field is audited).
 */
export function selectsStaticSensitiveField(schema: GraphQLSchema, index: PrivacyIndex, document: DocumentNode, ctx: Omit<DecisionContext, 'row'>): boolean {
  let found = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (found) return false;
        const parent = typeInfo.getParentType();
        if (!parent) return undefined;
        const types = isObjectType(parent) ? [parent] : isAbstractType(parent) ? schema.getPossibleTypes(parent) : [];
        for (const type of types) {
          const typePolicy = index.get(type.name);
          const policy = typePolicy?.fields.get(node.name.value);
          if (!policy?.sensitive) continue;
          try {
            decide(policy, typePolicy!.subject, { ...ctx, row: undefined });
            found = true;
          } catch (error) {
            if (!(error instanceof NeedsRow)) found = true;
          }
        }
        return undefined;
      },
    }),
  );
  return found;
}

export interface AuditWalkInput {
  schema: GraphQLSchema;
  index: PrivacyIndex;
  /** The operation as the client sent it (before the privacy plan). */
  document: DocumentNode;
  /** The response data after the privacy pass, still carrying the audit aliases. */
  data: Record<string, unknown> | null | undefined;
  /** The privacy pass's decisions on sensitive fields. */
  passAudit: AuditedDecision[];
  ctx: DecisionContext;
  /** From {@link selectsStaticSensitiveField}: walk for sensitive fields the pass did not record. */
  staticSensitive?: boolean;
  /** The executed document carried the audit aliases ({@link withAuditSubjects}): strip them from `data`. */
  augmented?: boolean;
  /**
   * Subjects whose every field read counts as sensitive (P-70: all of a child's data), read by
   * someone other than themselves or their guardian: each field of their rows is audited.
   */
  minors?: ReadonlySet<string>;
}

/**
 * The entries one request adds to the access audit, exactly one per decision:
 * - every decision the privacy pass made on a sensitive field (P-80), with its subject filled in
 *   from the row when the pass decided it without reading the row;
 * - sensitive fields decided before execution that the pass left unrecorded (an allowed field
 *   the pass need not walk), when `staticSensitive` says the operation has any;
 * - under `essential.legal_obligation`, every field of every personal row that was read, sensitive
 *   or not (P-81); a field the pass decided keeps the pass's decision, others are decided here
 *   (the same pure `decide`) or, when unannotated, recorded as allowed under P-81.
 * Then strips the audit aliases from the data, when the executed document had them.
 */
export function auditEntriesOf(input: AuditWalkInput): AuditedDecision[] {
  const { data, passAudit } = input;
  const entries: AuditedDecision[] = [];
  if (!data) return passAudit;
  const subjectAt = (path: string): string | null => {
    const parts = path.split('.');
    let node: any = data;
    for (let i = 0; i < parts.length - 1 && node != null; i++) node = node[parts[i]!];
    return node && typeof node === 'object' ? auditSubjectOf(node) : null;
  };
  const byPath = new Map<string, AuditedDecision>();
  for (const entry of passAudit) {
    const filled = entry.subject == null ? { ...entry, subject: subjectAt(entry.path) } : entry;
    byPath.set(filled.path, filled);
    entries.push(filled);
  }
  const legal = input.ctx.purpose === LEGAL_OBLIGATION;
  if (legal || input.staticSensitive || input.minors?.size) {
    const seen = new Set(byPath.keys());
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of input.document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const operation = input.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation && operation.kind === Kind.OPERATION_DEFINITION) {
      const root = operation.operation === 'mutation' ? input.schema.getMutationType() : input.schema.getQueryType();
      if (root) walkLegal(data, root, [operation.selectionSet], [], { ...input, fragments, seen, entries, legal });
    }
  }
  if (input.augmented) stripAuditAliases(data);
  return entries;
}

interface LegalWalk extends AuditWalkInput {
  /** Every field of a personal row (P-81); otherwise only sensitive fields decided without the row (P-80). */
  legal: boolean;
  fragments: Map<string, FragmentDefinitionNode>;
  seen: Set<string>;
  entries: AuditedDecision[];
}

function walkLegal(value: unknown, type: GraphQLCompositeType, sets: readonly SelectionSetNode[], path: string[], w: LegalWalk): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkLegal(item, type, sets, [...path, String(i)], w));
    return;
  }
  const obj = value as Record<string, unknown>;
  let concrete: GraphQLObjectType | undefined;
  if (isObjectType(type)) concrete = type;
  else {
    const name = (obj[AUDIT_TYPENAME_ALIAS] ?? obj.__typename) as string | undefined;
    const t = name ? w.schema.getType(name) : undefined;
    if (t && isObjectType(t)) concrete = t;
  }
  if (!concrete) return;
  const typePolicy = w.index.get(concrete.name);
  const personal = Boolean(typePolicy?.subject.id);
  const subject = auditSubjectOf(obj);
  for (const [key, nodes] of collectFields(w.schema, concrete, sets, w.fragments)) {
    const fieldName = nodes[0]!.name.value;
    if (fieldName.startsWith('__')) continue;
    const def = concrete.getFields()[fieldName];
    if (!def) continue;
    const fieldPath = [...path, key];
    const pathKey = fieldPath.join('.');
    const policy = typePolicy?.fields.get(fieldName);
    const child = personal && subject !== null && w.minors?.has(subject) === true;
    if (w.legal || child ? personal && !w.seen.has(pathKey) : policy?.sensitive && !w.seen.has(pathKey)) {
      // What the client got, until a decision says more; a child's field is audited under P-70.
      let outcome: AuditedDecision['outcome'] = w.legal || obj[key] != null ? 'allow' : 'block';
      let rule = w.legal ? 'P-81' : 'P-70';
      let record = true;
      if (policy) {
        try {
          // Outside legal obligation only decisions that do not depend on the row are ours to record;
          // the pass recorded the others (or hid their rows).
          const d = decide(policy, typePolicy!.subject, w.legal ? { ...w.ctx, row: { subjectId: subject, facts: {}, now: Date.now() } } : { ...w.ctx, row: undefined });
          outcome = d.outcome;
          rule = d.rule;
        } catch (error) {
          if (!w.legal && !child && error instanceof NeedsRow) record = false;
          else outcome = obj[key] == null ? 'block' : 'allow';
        }
      }
      if (record) {
        w.seen.add(pathKey);
        w.entries.push({ subject, path: pathKey, field: `${concrete.name}.${fieldName}`, outcome, rule });
      }
    }
    const named = getNamedType(def.type);
    const childSets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => Boolean(s));
    if (childSets.length && (isObjectType(named) || isAbstractType(named))) walkLegal(obj[key], named as GraphQLCompositeType, childSets, fieldPath, w);
  }
}

/** The subject ids of the personal rows in the response (read from the audit aliases), other than `except`. */
export function subjectsIn(value: unknown, except: string | undefined, into = new Set<string>()): Set<string> {
  if (value === null || typeof value !== 'object') return into;
  if (Array.isArray(value)) {
    for (const item of value) subjectsIn(item, except, into);
    return into;
  }
  const obj = value as Record<string, unknown>;
  const sid = auditSubjectOf(obj);
  if (sid !== null && sid !== except) into.add(sid);
  for (const key of Object.keys(obj)) if (!key.startsWith(AUDIT_SUBJECT_ALIAS)) subjectsIn(obj[key], except, into);
  return into;
}

/** Removes the audit aliases from every object of the response, in place. */
export function stripAuditAliases(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) stripAuditAliases(item);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key.startsWith(AUDIT_SUBJECT_ALIAS) || key === AUDIT_TYPENAME_ALIAS) delete obj[key];
    else stripAuditAliases(obj[key]);
  }
}
