import { getOperationAST, Kind, type DocumentNode } from 'graphql';

/**
 * True when the operation selects nothing but `__typename` at its root: it runs nothing, so a
 * mutation like it changes nothing (`mutation { __typename }` emptied the shared caches).
 */
export function onlyTypename(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  return Boolean(operation?.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename'));
}
