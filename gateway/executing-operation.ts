import { Kind, visit, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/**
 * The document reduced to the one operation that executes (GraphQL spec, "GetOperation"): the
 * operation named `operationName`, or the only one, with the fragments it spreads; every other
 * operation goes, and the fragments only they spread (a fragment nothing executes is not planned,
 * refused nor audited).
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
      ? withReachableFragments({ ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === chosen) })
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

/** `document` without the fragments its operations do not reach, spread by spread (a fragment left only by another operation, or by a skipped spread). */
export function withReachableFragments(document: DocumentNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  if (!fragments.size) return document;
  const reached = new Set<string>();
  const reach = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (reached.has(name) || !fragment) return;
        reached.add(name);
        reach(fragment);
      },
    });
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) reach(d);
  if (reached.size === fragments.size) return document;
  return { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION || reached.has(d.name.value)) };
}
