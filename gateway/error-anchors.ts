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
  const anchors: { error: GraphQLError; anchor: readonly object[] | null; at: readonly Path[]; rest: Path }[] = [];
  let underRows = false;
  for (const error of errors) {
    const path = error.path;
    if (!path || path.length < 2) {
      anchors.push({ error, anchor: null, at: [], rest: [] });
      continue;
    }
    const { objects, at, depth } = failedIn(data, path);
    if (depth > 0) underRows = true;
    anchors.push({ error, anchor: depth > 0 ? objects : null, at, rest: path.slice(depth) });
  }
  if (!underRows) return null;
  return (after, blocked) => {
    const wanted = new Set(anchors.flatMap((a) => a.anchor ?? []));
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
    for (const { error, anchor, at: before, rest } of anchors) {
      // Under a value the pass blocked, the failure says there was something to fetch there (a ticket
      // another agent holds): the block's own error is what the caller gets. Of a batch's rows, the
      // first still in the answer and not blocked carries it.
      const placed = anchor === null ? error.path : anchor.map((object) => found.get(object)).filter((at) => at !== undefined).map((at) => [...at, ...rest]).find((p) => !under(p));
      if (anchor === null ? placed !== undefined && under(placed) : placed === undefined) continue;
      // Where nothing moved (the first row, where it stood), the error keeps the path the runtime gave it.
      const path = anchor !== null && before.length > 0 && samePath(placed!, [...before[0]!, ...rest]) ? error.path : placed;
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

/**
 * The objects an error's path reaches before the field that failed, and how many steps that took.
 * A path names one object, except where the runtime left a list's index out
 * (`members.browsingHistory`, one error for a batch): then it names every row of the list whose
 * field failed (is null), any of which the error may be about. It stays only under a row still in
 * the answer, so one a removed row alone raised leaves with it.
 */
function failedIn(data: object, path: Path): { objects: object[]; at: Path[]; depth: number } {
  let objects: Located[] = [{ object: data, at: [] }];
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const rows = typeof step === 'number' ? objects : objects.flatMap(rowsOf);
    const next = rows.flatMap(({ object, at }) => {
      const value = (object as Record<string | number, unknown>)[step];
      return isObject(value) ? [{ object: value, at: [...at, step] }] : [];
    });
    if (next.length === 0 || i === path.length - 1) {
      const failed = failing(rows, step);
      return { objects: failed.map((r) => r.object), at: failed.map((r) => r.at), depth: i };
    }
    objects = next;
  }
  return { objects: objects.map((r) => r.object), at: objects.map((r) => r.at), depth: 0 };
}

interface Located {
  object: object;
  /** Where it was in the answer before the pass. */
  at: Path;
}

/** A list's rows, each where it stands; anything else as itself. */
function rowsOf(located: Located): Located[] {
  if (!Array.isArray(located.object)) return [located];
  return located.object.flatMap((row, i) => (isObject(row) ? [{ object: row, at: [...located.at, i] }] : []));
}

/** The rows whose field failed (a failed field reads null); all of them when none does. */
function failing(rows: Located[], field: string | number): Located[] {
  const nulled = rows.filter((row) => !isObject((row.object as Record<string | number, unknown>)[field]));
  return nulled.length > 0 ? nulled : rows;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}
