import { Kind, isAbstractType, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode } from 'graphql';

/** Merges the fields selected on `type` (fragments included) by response key, as graphql-js's CollectFields does. */
export function collectFields(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  into = new Map<string, FieldNode[]>(),
  seen = new Set<string>(),
): Map<string, FieldNode[]> {
  const applies = (condition: string | undefined) => {
    if (!condition || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return Boolean(conditionType && isAbstractType(conditionType) && schema.isSubType(conditionType, type));
  };
  for (const set of selectionSets) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) collectFields(schema, type, [selection.selectionSet], fragments, into, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value) && applies(fragment.typeCondition.name.value)) {
          seen.add(fragment.name.value);
          collectFields(schema, type, [fragment.selectionSet], fragments, into, seen);
        }
      }
    }
  }
  return into;
}

