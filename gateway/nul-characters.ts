import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';

/**
 * A string argument holding U+0000 (`"p-1\u0000"` in the document or in a variable) is no id or
 * text anything here stores, and the SQLite driver cuts a statement's text at it, so the subgraph
 * would fail with a syntax error and the client would read that a service failed. Refused up front,
 * saying what is wrong.
 */
export function nulCharacterError(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  return inDocument(document) || inValue(variables, 0)
    ? new GraphQLError('a string in the request holds the NUL character (U+0000), which no id or text may hold', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })
    : null;
}

function inDocument(document: DocumentNode): boolean {
  // graphql-js's lexer takes a raw U+0000 inside a string (the spec's SourceCharacter excludes
  // only some controls); an escape (`\u0000`) puts one there too: neither, no walk.
  const body = document.loc?.source.body;
  if (body !== undefined && !body.includes('\\u') && !body.includes('\u0000')) return false;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes('\u0000')) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** Variables arrive parsed from JSON; their nesting is bounded by the input types, and here by 32 levels. */
function inValue(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (inValue(item, depth + 1)) return true;
  return false;
}
