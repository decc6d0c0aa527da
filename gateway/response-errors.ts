/**
 * The error list of a response the privacy pass added to. Yoga re-creates every `GraphQLError` of
 * a response while it serializes it (graphql-yoga's `result-processor/stringify.js` maps
 * `result.errors`), and every re-created error captures two stack traces that are dropped at once:
 * about 50 µs per error on the list operations, three errors per merchant list (bench/CHANGES.md).
 * Mapping this list runs with stack traces off. What the client receives is the same; an error
 * built while the mapping runs (a masked one) has no stack, and only its message is sent. Anyone
 * who copies the list into a plain array gets the usual behaviour back.
 */
export class ResponseErrors<T> extends Array<T> {
  static of<T>(...items: T[]): ResponseErrors<T> {
    const list = new ResponseErrors<T>();
    list.push(...items);
    return list;
  }

  override map<U>(fn: (value: T, index: number, array: T[]) => U, thisArg?: unknown): U[] {
    // The result is a ResponseErrors too (the species), so a second mapping is covered as well.
    return withoutStackTraces(() => super.map(fn, thisArg));
  }
}

/**
 * Runs `build` with stack traces off: errors it creates capture none. For the errors of a response,
 * which say what the policy decided, not where the gateway's code was.
 */
export function withoutStackTraces<T>(build: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
