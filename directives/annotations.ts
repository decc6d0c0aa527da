import { getDirectiveExtensions } from '@graphql-tools/utils';
import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, getNullableType, isLeafType } from 'graphql';
import { AnnotationError, categoryProblem, indexVocabularyProblems, publicProblem, type AnnotationVocabulary } from './annotation-check.js';
import { isSensitiveCategory, kindsOf, type CategoryKinds } from './categories.js';
import { internString } from './intern-string.js';

/** How a type relates its rows to people (`@subject`), field names in the type. */
export interface SubjectSpec {
  id?: string;
  store?: string;
  carrier?: string;
  agent?: string;
  deliveredAt?: string;
  anonymous?: string;
  crossBorder?: string;
  findableBy?: string;
  count?: string;
  /** The login partner a binding row is with (P-04). */
  provider?: string;
  /** The payment institution that processes the row's payment, the one its buyer chose (P-24). */
  institution?: string;
  /** Every row is an anonymous author's content they shared (P-32): to a de-identified partner, anonymous content (P-31). */
  sharedAnonymous?: boolean;
  /** Derived by {@link readPrivacyIndex} from the type's fields, not a directive argument: who may see a row at all. */
  rows?: RowScope;
}

/**
 * Who may see a row of a `@subject` type at all (decide.ts `rowAccess`), read off its fields'
 * annotations: a type with a public field has public rows (a profile, a review); any other row is
 * seen only by its subject, their guardian, and callers related to it (its store, carrier,
 * payment institution, assigned agent) or de-identifying it, under a purpose one of its personal fields is declared for.
 */
export interface RowScope {
  /** Some field other than the implicit subject id is `public: true` (P-02, P-30, P-33). */
  public: boolean;
  /** Every purpose some personal field of the type lists (P-83: a row is read for a purpose its data is declared for). */
  purposes: readonly string[];
  /** Every consent some field of the type is gated by (a login partner sees only the rows the binding consent governs, P-04). */
  consents: readonly string[];
  /** Some field is transaction data (an order's total): the row is a purchase, the stuff aggregates are made of (P-52). */
  purchases: boolean;
  /** Some field is `system.operations.audit`: a record of the access audit, the privacy officer's alone (P-80). */
  audit: boolean;
}

/** One annotated field as the policy sees it. */
export interface FieldPolicy {
  typeName: string;
  fieldName: string;
  coordinate: string;
  category: string;
  /** What the category is (a phone, an id, delivery data, ...), answered once for the field. */
  kinds: CategoryKinds;
  /** Sensitive by category (reference/004) or by explicit `sensitive: true`. */
  sensitive: boolean;
  public: boolean;
  /** Purposes under which others may read it (P-83); null when the field names none. */
  purposes: string[] | null;
  /** The subject's consent that governs some purposes of this field (P-10, P-63). */
  consent: string | null;
  /** The field's named return type (e.g. `String`, `Member`), whether it is a list, nullable, an object. */
  returnType: string;
  list: boolean;
  nullable: boolean;
  leaf: boolean;
  /** True for a subject-id field the schema did not annotate: the policy treats it as `user.unique_id`. */
  implicit: boolean;
  /** False for a field of a `@subject` type that carries no `@pii`: it is blocked, P-82 (decide.ts). */
  annotated: boolean;
}

/** Per object type: its `@subject` and its annotated fields. */
export interface TypePolicy {
  typeName: string;
  subject: SubjectSpec;
  fields: Map<string, FieldPolicy>;
}

/** The privacy annotations of a whole schema, read once per schema. */
export type PrivacyIndex = Map<string, TypePolicy>;

/**
 * Reads `@pii`, `@purpose` and `@subject` from the gateway's own executable schema: the single
 * source of policy metadata, never a second hand-kept list (DESIGN.md).
 *
 * A type's subject-id field (`@subject(id: "id")` on Member) is personal even when unannotated:
 * it is what links a row to a person, so it gets an implicit public `user.unique_id` policy (that
 * is what lets analysts receive pseudonyms, P-51, and anonymous reviews hide the author id, P-31).
 *
 * Every other field of a `@subject` type is personal unless its annotation says otherwise: one
 * without `@pii` still gets a policy, marked not annotated, whose decision is block (P-82), so a
 * supergraph composed without `npm run compose`'s check fails closed. The gateway's own row-inputs
 * fields are not the subgraphs' data and get none.
 * A category outside the taxonomy (directives/categories.json) throws AnnotationError naming each
 * such field: no rule would know what the value is, so nothing is decided on it (P-82).
 */
export function readPrivacyIndex(schema: GraphQLSchema): PrivacyIndex {
  const index: PrivacyIndex = new Map();
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    // A copy: the derived `rows` must not be written onto the schema's own directive arguments.
    const subject = { ...(getDirectiveExtensions(type, schema)?.subject?.[0] ?? {}) } as SubjectSpec;
    const fields = new Map<string, FieldPolicy>();
    const personalType = Object.keys(subject).length > 0;
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith(GATEWAY_FIELD_PREFIX)) continue;
      const policy = fieldPolicy(type, field, schema, subject, personalType);
      if (!policy) continue;
      // A field without `@pii` has no category to check: it is blocked (P-82).
      const problem = policy.annotated ? categoryProblem(policy.coordinate, policy.category) ?? (policy.public ? publicProblem(policy.coordinate, policy.category) : null) : null;
      if (problem) problems.push(problem);
      fields.set(field.name, policy);
    }
    if (personalType) subject.rows = rowScope(fields);
    if (fields.size || personalType) index.set(type.name, { typeName: type.name, subject, fields });
  }
  if (problems.length) throw new AnnotationError(problems);
  return index;
}

/**
 * The privacy index, with every purpose and consent an annotation names checked against the
 * policy as well: what the gateway reads before it serves, so that it refuses to start on an
 * annotation no rule knows (P-82). Throws AnnotationError.
 */
export function readCheckedPrivacyIndex(schema: GraphQLSchema, policy: AnnotationVocabulary): PrivacyIndex {
  const index = readPrivacyIndex(schema);
  const problems = indexVocabularyProblems(index, policy);
  if (problems.length) throw new AnnotationError(problems);
  return index;
}

/** The gateway's row-inputs fields (`_privacyInputs`, `_privacyInputsAliased`, gateway/row-inputs.ts). */
const GATEWAY_FIELD_PREFIX = '_privacyInputs';

/** The category a field of a `@subject` type without `@pii` is read with: nothing, so its decision is P-82. */
export const NOT_ANNOTATED = 'not_annotated';

/** The category of the access audit's own records (directives/categories.json). */
const AUDIT_RECORD = 'system.operations.audit';

function rowScope(fields: Map<string, FieldPolicy>): RowScope {
  const purposes = new Set<string>();
  const consents = new Set<string>();
  let isPublic = false;
  let purchases = false;
  let audit = false;
  for (const field of fields.values()) {
    if (!field.annotated || field.implicit) continue;
    if (field.public) isPublic = true;
    if (field.category === AUDIT_RECORD || field.category.startsWith(`${AUDIT_RECORD}.`)) audit = true;
    if (field.kinds.transaction) purchases = true;
    if (field.consent) consents.add(field.consent);
    if (!field.kinds.operational) for (const purpose of field.purposes ?? []) purposes.add(purpose);
  }
  return Object.freeze({ public: isPublic, purposes: [...purposes], consents: [...consents], purchases, audit });
}

function fieldPolicy(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, schema: GraphQLSchema, subject: SubjectSpec, personalType: boolean): FieldPolicy | null {
  const ext = getDirectiveExtensions(field, schema) ?? {};
  const pii = ext.pii?.[0] as { category: string; sensitive?: boolean; public?: boolean } | undefined;
  const purpose = ext.purpose?.[0] as { allow: string[]; consent?: string } | undefined;
  const implicit = !pii && subject.id === field.name;
  const annotated = Boolean(pii) || implicit;
  if (!annotated && !personalType) return null;
  const category = pii?.category ?? (implicit ? 'user.unique_id' : NOT_ANNOTATED);
  const nullable = !isNonNullType(field.type);
  const inner = getNullableType(field.type);
  return {
    typeName: type.name,
    fieldName: field.name,
    coordinate: `${type.name}.${field.name}`,
    category,
    kinds: kindsOf(category),
    sensitive: Boolean(pii?.sensitive) || isSensitiveCategory(category),
    public: implicit ? true : Boolean(pii?.public),
    purposes: purpose?.allow.map(internString) ?? null,
    consent: purpose?.consent ?? null,
    returnType: getNamedType(field.type).name,
    list: isListType(inner),
    nullable,
    leaf: isLeafType(getNamedType(field.type)),
    implicit,
    annotated,
  };
}
