import { TypeInfo, getNamedType, isAbstractType, isListType, isNonNullType, isObjectType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import type { PrivacyIndex } from '../directives/annotations.js';

/**
 * The fields of an operation that look a person or a personal record up by a key: an `ID` or
 * `String` argument given to a field whose rows belong to a data subject (`member(id:)`,
 * `order(id:)`, `node(id:)` over personal types, `homepage(nickname:)`, `search(term:)` over a
 * union with people in it). An argument that names the row's store or carrier
 * (`storeOrders(storeId:)`) scopes a list to a business, not a person, and a number (`first:`)
 * pages; neither is one. Returned as coordinates, for the refusal; computed once per parsed document.
 */
export function subjectLookups(schema: GraphQLSchema, index: PrivacyIndex, document: DocumentNode): string[] {
  let bySchema = cache.get(document);
  const known = bySchema?.get(schema);
  if (known) return known;
  const found: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!def || !parent || !node.arguments?.length) return;
        const keys = lookupKeys(schema, index, def);
        for (const argument of node.arguments) {
          const arg = keys.find((a) => a.name === argument.name.value);
          if (arg) found.push(`${parent.name}.${def.name}(${arg.name}:)`);
        }
      },
    }),
  );
  if (!bySchema) cache.set(document, (bySchema = new WeakMap()));
  bySchema.set(schema, found);
  return found;
}

/** The arguments of `field` that look a person or a personal record up by a key (see {@link subjectLookups}). */
export function lookupKeys(schema: GraphQLSchema, index: PrivacyIndex, field: GraphQLField<unknown, unknown>): readonly GraphQLArgument[] {
  if (!field.args.length) return [];
  const named = getNamedType(field.type);
  const rowTypes = isObjectType(named) ? [named] : isAbstractType(named) ? schema.getPossibleTypes(named) : [];
  const subjects = rowTypes.map((t) => index.get(t.name)?.subject).filter((s) => s?.id);
  if (!subjects.length) return [];
  return field.args.filter((arg) => isLookupKey(arg.type) && !subjects.every((s) => s!.store === arg.name || s!.carrier === arg.name));
}

/** An argument that can name someone: an id or a string (a nickname, a search term), or a list of them. */
function isLookupKey(type: GraphQLInputType): boolean {
  let t: GraphQLInputType = type;
  while (isNonNullType(t) || isListType(t)) t = t.ofType;
  return t.name === 'ID' || t.name === 'String';
}

const cache = new WeakMap<DocumentNode, WeakMap<GraphQLSchema, string[]>>();
