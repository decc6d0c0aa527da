/**
 * The engine's one shared copy of `value` (V8 keeps a single copy of every string used as a
 * property name). Two interned strings compare by identity: equal ones are the same copy, unequal
 * ones differ at once. A decision compares the declared purpose with a field's purposes for every
 * value of a list; a header's or a parsed schema's strings are fresh copies (some slices of a
 * larger text), which the engine compares character by character. Interned at the two ends, once
 * per request and once per schema, those comparisons cost nothing.
 */
export function internString(value: string): string {
  return Object.keys({ [value]: 0 })[0]!;
}
