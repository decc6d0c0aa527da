import { getOperationAST, Kind, type DocumentNode } from 'graphql';

/**
 * Whether a mutation may change anything, for the caches that forget on one: not a visitor's
 * (every mutation acts for a signed-in member), nor one selecting nothing but `__typename` at its
 * root (it runs nothing). Either, clearing the shared caches, let anyone empty them for everyone.
 */
export function mutationMayWrite(document: DocumentNode, operationName: string | null | undefined, caller: { sub?: string | null } | undefined): boolean {
  if (!caller?.sub) return false;
  const operation = getOperationAST(document, operationName);
  return !operation?.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename');
}
