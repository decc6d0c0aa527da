import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/**
 * The document reduced to the one operation that executes (GraphQL spec, "GetOperation"): the
 * operation named `operationName`, or the only one. Its fragments stay; every other operation goes.
 *
 * Everything the privacy layer derives (the plan, the audit walk, the strict-mode refusal) reads
 * this document, so it is always about the operation the executor runs, never the document's
 * first one (`query A { __typename } query B { ... }` with `operationName: "B"`). When the
 * operation cannot be chosen (several and no name, an unknown name, none), the document is
 * returned unchanged and execution refuses it with the spec's own error.
 */
export function executingOperation(document: DocumentNode, operationName: string | null | undefined): DocumentNode {
  let byName = reduced.get(document);
  const key = operationName ?? '';
  const known = byName?.get(key);
  if (known) return known;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  let chosen: OperationDefinitionNode | undefined;
  if (operationName) chosen = operations.find((o) => o.name?.value === operationName);
  else if (operations.length === 1) chosen = operations[0];
  const result =
    chosen && operations.length > 1
      ? { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === chosen) }
      : document;
  if (!byName) reduced.set(document, (byName = new Map()));
  byName.set(key, result);
  return result;
}

/** Parsed documents are cached by the server: one reduction per (document, operation name). */
const reduced = new WeakMap<DocumentNode, Map<string, DocumentNode>>();

/** The document's one operation (after {@link executingOperation}), or undefined when it has none or several. */
export function onlyOperation(document: DocumentNode): OperationDefinitionNode | undefined {
  let found: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (found) return undefined;
    found = definition;
  }
  return found;
}
