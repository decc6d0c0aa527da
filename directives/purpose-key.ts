/**
 * One string per purpose key (`essential.service.operations.delivery`), wherever it was read: the
 * request's `x-purpose` header, a field's `@purpose(allow:)`, the policy's lists. The policy
 * compares the declared purpose with a field's purposes on every value it decides per row, and
 * two equal strings that are not the same string are compared in the engine's runtime, character
 * by character; the same string compares at once (bench/CHANGES.md, ninth session: 1.3% of the
 * plain gateway's instructions on a manifest of 100 shipments).
 *
 * The one string is the engine's own copy of the key as a property name (`Object.keys` gives it):
 * a purpose written in the code (`'essential.legal_obligation'`) is that same string too.
 * Only the policy's and the schema's purposes are kept (a declared purpose is checked against the
 * policy first, gateway/use-caller.ts), so the table stays as small as they are.
 */
const keys = new Map<string, string>();

export function purposeKey(purpose: string): string {
  let key = keys.get(purpose);
  if (key === undefined) keys.set(purpose, (key = Object.keys({ [purpose]: true })[0]!));
  return key;
}
