import { GraphQLError } from 'graphql';

type Path = readonly (string | number)[];

/**
 * Errors of the execution (a subgraph that failed) are placed by their path in the data. The
 * privacy pass removes rows in place (a hidden homepage, another store's order) and nulls blocked
 * objects: an error left under a removed row says the row was there (a search for a hidden
 * nickname answering `[]` beside an error at `search.0.member`, while a nickname nobody has gets
 * no error), and one after a removed row of a list names another row's index. So each error is
 * anchored, before the pass, to the object it sits in, and after the pass it is kept only where that
 * object is still in the answer, at the object's new path.
 *
 * Returns null when no error has a path under a row (most answers): nothing to do after the pass.
 */
export function anchorErrors(data: unknown, errors: readonly GraphQLError[] | undefined): ((data: unknown) => GraphQLError[]) | null {
  if (!errors?.length || data === null || typeof data !== 'object') return null;
  const anchors: { error: GraphQLError; anchor: object | null; rest: Path }[] = [];
  let underRows = false;
  for (const error of errors) {
    const path = error.path;
    if (!path || path.length < 2) {
      anchors.push({ error, anchor: null, rest: [] });
      continue;
    }
    // The deepest object the path reaches before its last step (the field that failed).
    let anchor: object = data;
    let depth = 0;
    for (let i = 0; i < path.length - 1; i++) {
      const next = (anchor as Record<string | number, unknown>)[path[i]!];
      if (next === null || typeof next !== 'object') break;
      anchor = next;
      depth = i + 1;
    }
    if (depth > 0) underRows = true;
    anchors.push({ error, anchor: depth > 0 ? anchor : null, rest: path.slice(depth) });
  }
  if (!underRows) return null;
  return (after) => {
    const wanted = new Set(anchors.map((a) => a.anchor).filter((a): a is object => a !== null));
    const found = new Map<object, Path>();
    const walk = (value: unknown, path: Path): void => {
      if (value === null || typeof value !== 'object' || found.size === wanted.size) return;
      if (wanted.has(value)) found.set(value, path);
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
      else for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    };
    walk(after, []);
    const kept: GraphQLError[] = [];
    for (const { error, anchor, rest } of anchors) {
      if (anchor === null) kept.push(error);
      else {
        const at = found.get(anchor);
        if (at) kept.push(new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: [...at, ...rest], originalError: error.originalError, extensions: error.extensions }));
      }
    }
    return kept;
  };
}
