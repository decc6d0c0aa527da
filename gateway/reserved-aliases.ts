import { visit, type DocumentNode } from 'graphql';
import { INPUT_PREFIX, isInternalField } from './row-inputs.js';

/** Response keys the gateway adds for itself; a client that uses one could feed the policy or the audit its own values. */
const RESERVED = [INPUT_PREFIX];
/**
 * The names every JavaScript object answers to (`constructor`, `__proto__`, `toString`...), a
 * function's `prototype` and a promise's `then`: the runtime merges a row's parts by response key,
 * and under such a key a row's value was dropped or failed the field (`{ me { constructor: orders
 * { id } } }` came back null, with no error; `then` read the row as a promise).
 */
const OBJECT_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'then']);
/** Every entity's key field (`@key(fields: "id")` in schema/*.graphql). */
const KEY_FIELD = 'id';
/** Response keys the runtime selects for itself on a row: its key, and its type at abstract positions and entity fetches. */
const OWN_KEYS = [KEY_FIELD, '__typename'];

/**
 * What in a client's operation the gateway reserves for itself, described for the error, or null:
 *
 * - an alias the gateway uses for its own row inputs and subject ids (`__pg_*`, P-80, P-82):
 *   `{ __pg_carrierId: someOtherField }` would otherwise merge with the gateway's own input and
 *   decide ownership, or name the wrong subject in the access audit;
 * - the row-inputs fields (`_privacyInputs`, `_privacyInputsAliased`, gateway/row-inputs.ts), which are not data;
 * - an alias every JavaScript object already answers to ({@link OBJECT_KEYS});
 * - the response keys `id` and `__typename` on anything but those plain fields (`{ id: gender }`,
 *   `{ __typename: status }`): every entity's key and a row's type, which the runtime asks for
 *   itself, so the subgraph refused the merged request and every root field of the operation came
 *   back null as a service failure.
 *
 * Such an operation is refused.
 */
export function reservedAlias(document: DocumentNode): string | null {
  const cached = seen.get(document);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  visit(document, {
    Field(node) {
      if (found) return;
      const key = node.alias?.value;
      if (isInternalField(node.name.value)) found = `the field ${node.name.value} is reserved by the gateway`;
      else if (key && RESERVED.some((r) => key.startsWith(r))) found = `the alias ${key} is reserved by the gateway`;
      else if (key && OBJECT_KEYS.has(key)) found = `the alias ${key} is reserved: every JavaScript object has a property of that name, under which the runtime would lose the value; choose another alias`;
      else if (key && OWN_KEYS.includes(key) && (node.name.value !== key || node.arguments?.length)) {
        found = `the alias ${key} on ${node.name.value === key ? `${key} with arguments` : `the field ${node.name.value}`} is reserved: ${key} answers a row's ${key === KEY_FIELD ? 'key' : 'type'}, which the gateway asks for itself; choose another alias`;
      }
    },
  });
  seen.set(document, found);
  return found;
}

/** Parsed documents are cached by the server, so the check runs once per distinct operation. */
const seen = new WeakMap<DocumentNode, string | null>();
