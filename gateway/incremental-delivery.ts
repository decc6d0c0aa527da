import { BREAK, visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/**
 * What in an operation asks for a result delivered in parts, described for the refusal, or null:
 * a subscription, or `@defer` / `@stream` anywhere in the document (its fragments included).
 * The privacy pass decides one complete result, so such operations are refused before execution.
 */
export function incrementalDelivery(operation: OperationDefinitionNode, document: DocumentNode): string | null {
  if (operation.operation === 'subscription') return 'a subscription';
  const cached = seen.get(document);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return undefined;
      found = `@${node.name.value}`;
      return BREAK;
    },
  });
  seen.set(document, found);
  return found;
}

/** Parsed documents are cached by the server, so the search runs once per distinct operation. */
const seen = new WeakMap<DocumentNode, string | null>();
