import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';

/**
 * Characters no id or text here may hold, refused up front, saying what is wrong:
 * - U+0000 (`"p-1\u0000"` in the document or in a variable): the SQLite driver cuts a statement's
 *   text at it, so the subgraph would fail with a syntax error and the client would read that a
 *   service failed;
 * - a lone surrogate (`"m-\ud800x"` in a variable's JSON): not a character at all, so a database
 *   stores a replacement character in its place, and an id that reached the access audit so
 *   (`node(id:)` of an unknown member) would no longer match its own record's hash.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableStringError(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  return inDocument(document) || inValue(variables, 0)
    ? new GraphQLError('a string in the request holds the NUL character (U+0000) or a lone surrogate (half of a UTF-16 pair), which no id or text may hold', {
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      })
    : null;
}

function inDocument(document: DocumentNode): boolean {
  // graphql-js's lexer takes a raw U+0000 inside a string (the spec's SourceCharacter excludes
  // only some controls); an escape (`\u0000`) puts one there too: neither, no walk.
  const body = document.loc?.source.body;
  if (body !== undefined && !body.includes('\\u') && !UNSTORABLE.test(body)) return false;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!UNSTORABLE.test(node.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** Variables arrive parsed from JSON; their nesting is bounded by the input types, and here by 32 levels. */
function inValue(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (inValue(item, depth + 1)) return true;
  return false;
}
