import { getDirectiveExtensions } from '@graphql-tools/utils';
import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, getNullableType, isLeafType } from 'graphql';
import { isSensitiveCategory, kindsOf, type CategoryKinds } from './categories.js';

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
 */
export function readPrivacyIndex(schema: GraphQLSchema): PrivacyIndex {
  const index: PrivacyIndex = new Map();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const subject = (getDirectiveExtensions(type, schema)?.subject?.[0] ?? {}) as SubjectSpec;
    const fields = new Map<string, FieldPolicy>();
    for (const field of Object.values(type.getFields())) {
      const policy = fieldPolicy(type, field, schema, subject);
      if (policy) fields.set(field.name, policy);
    }
    if (fields.size || Object.keys(subject).length) index.set(type.name, { typeName: type.name, subject, fields });
  }
  return index;
}

function fieldPolicy(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, schema: GraphQLSchema, subject: SubjectSpec): FieldPolicy | null {
  const ext = getDirectiveExtensions(field, schema) ?? {};
  const pii = ext.pii?.[0] as { category: string; sensitive?: boolean; public?: boolean } | undefined;
  const purpose = ext.purpose?.[0] as { allow: string[]; consent?: string } | undefined;
  const implicit = !pii && subject.id === field.name;
  if (!pii && !implicit) return null;
  const category = pii?.category ?? 'user.unique_id';
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
    purposes: purpose?.allow ?? null,
    consent: purpose?.consent ?? null,
    returnType: getNamedType(field.type).name,
    list: isListType(inner),
    nullable,
    leaf: isLeafType(getNamedType(field.type)),
    implicit,
  };
}
