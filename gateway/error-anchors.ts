import { GraphQLError } from 'graphql';

type Path = readonly (string | number)[];

/**
 * Errors of the execution (a subgraph that failed) are placed by their path in the data. The
 * privacy pass removes rows in place (a hidden homepage, another store's order) and nulls blocked
 * objects: an error left under a removed row says the row was there (a search for a hidden
 * nickname answering `[]` beside an error at `search.0.member`, while a nickname nobody has gets
 * no error), and one after a removed row of a list names another row's index. So each error is
 * anchored, before the pass, to the object it sits in, and after the pass it is kept only where that
 * object is still in the answer, at the object's new path, not under a value the pass blocked, and
 * once per place (the runtime puts a batch's errors at its first row: copies would count hidden rows).
 *
 * Returns null when no error has a path under a row (most answers): nothing to do after the pass.
 */
export function anchorErrors(data: unknown, errors: readonly GraphQLError[] | undefined): ((data: unknown, blocked: readonly Path[]) => GraphQLError[]) | null {
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
  return (after, blocked) => {
    const wanted = new Set(anchors.map((a) => a.anchor).filter((a): a is object => a !== null));
    const found = new Map<object, Path>();
    const walk = (value: unknown, path: Path): void => {
      if (value === null || typeof value !== 'object' || found.size === wanted.size) return;
      if (wanted.has(value)) found.set(value, path);
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
      else for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    };
    walk(after, []);
    const blockedKeys = blocked.map((path) => path.join('\u0000'));
    const under = (path: Path) => {
      const key = path.join('\u0000');
      return blockedKeys.some((b) => key === b || key.startsWith(`${b}\u0000`));
    };
    const kept: GraphQLError[] = [];
    const seen = new Set<string>();
    for (const { error, anchor, rest } of anchors) {
      const at = anchor === null ? [] : found.get(anchor);
      if (!at) continue;
      const path = anchor === null ? error.path : [...at, ...rest];
      // Under a value the pass blocked, the failure says there was something to fetch there (a ticket
      // another agent holds): the block's own error is what the caller gets.
      if (path && under(path)) continue;
      // The runtime places the errors of one batched fetch at its first row's path: a row the pass
      // removed would count as one more copy there. One error per place, message and code.
      const key = `${path?.join('\u0000') ?? ''}\u0001${error.message}\u0001${String(error.extensions?.code ?? '')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      kept.push(anchor === null ? error : new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path, originalError: error.originalError, extensions: error.extensions }));
    }
    return kept;
  };
}
