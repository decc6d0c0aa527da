import { getNamedType, getOperationAST, isAbstractType, isLeafType, isObjectType, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { EXPOSURE } from '../schema/policy-outcomes.js';
import { collectFields } from './collect-fields.js';

/**
 * What one response released, value by value: the replay half of a policy's dry run
 * (`npm run policy:diff`) reads two responses to the same operation this way and compares them.
 */
export interface ReleasedValue {
  /** The value's place, list items named by their `id` where they have one (`storeOrders[o-1].consigneePhone`). */
  path: string;
  /** `Type.field` of the value. */
  coordinate: string;
  value: unknown;
  /** The rule that blocked it (`PRIVACY_BLOCKED`), if it was. */
  blockedBy?: string;
  /** The transformations `extensions.privacy` reports at the value's field and path (`mask P-21`), on this row or another. */
  transforms: { outcome: string; rule: string }[];
}

export interface ReleasedResponse {
  /** Set when the whole request was refused (its error code: PURPOSE_NOT_ALLOWED, PRIVACY_REFUSED, …). */
  refused?: string;
  values: Map<string, ReleasedValue>;
}

export interface ResponseBody {
  data?: any;
  errors?: { path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: { privacy?: { decisions?: { path: string; field: string; outcome: string; rule: string }[] } };
}

/**
 * Every leaf value of `body.data`, each with its field, the block that nulled it and the
 * transformations reported at it. With `within`, only the values inside a row of one of those
 * types (the types the policy governs): a page's cursor is no one's data.
 */
export function releasedValues(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, body: ResponseBody, within?: ReadonlySet<string>): ReleasedResponse {
  const values = new Map<string, ReleasedValue>();
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root || body.data == null) return { refused: body.errors?.[0]?.extensions?.code ?? 'NO_DATA', values };
  const blocked = new Map<string, string>();
  for (const error of body.errors ?? []) {
    if (error.extensions?.code !== 'PRIVACY_BLOCKED') continue;
    for (const path of error.extensions.paths ?? [error.path ?? []]) blocked.set(path.join('.'), error.extensions.rule);
  }
  const transforms = new Map<string, { outcome: string; rule: string }[]>();
  for (const d of body.extensions?.privacy?.decisions ?? []) {
    // A blocked value is known by its error's path; a block reported at the field says nothing of the others.
    if (d.outcome === 'block') continue;
    const key = `${d.path}\u0000${d.field}`;
    transforms.set(key, [...(transforms.get(key) ?? []), { outcome: d.outcome, rule: d.rule }]);
  }
  const fragments = new Map<string, FragmentDefinitionNode>(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));

  // `at` indexes lists as the errors do; `named` names list items by id; `pattern` is the decisions' `a.*.b`.
  const walk = (type: GraphQLOutputType, sets: readonly SelectionSetNode[], value: any, at: (string | number)[], named: string, pattern: string[], coordinate: string, governed: boolean) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const key = item && typeof item === 'object' && typeof item.id === 'string' ? item.id : String(i);
        walk(type, sets, item, [...at, i], `${named}[${key}]`, [...pattern, '*'], coordinate, governed);
      });
      return;
    }
    const namedType = getNamedType(type);
    if (value === null || typeof value !== 'object' || isLeafType(namedType)) {
      if (governed) values.set(named, { path: named, coordinate, value, blockedBy: blocked.get(at.join('.')), transforms: transforms.get(`${pattern.join('.')}\u0000${coordinate}`) ?? [] });
      return;
    }
    const object = concreteType(schema, namedType, sets, fragments, value);
    if (!object) return;
    const rowGoverned = governed || within!.has(object.name);
    const fields = collectFields(schema, object, sets, fragments);
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      if (name.startsWith('__') || !(key in value)) continue;
      const field = object.getFields()[name];
      if (!field) continue;
      const childSets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => s != null);
      walk(field.type, childSets, value[key], [...at, key], named ? `${named}.${key}` : key, [...pattern, key], `${object.name}.${name}`, rowGoverned);
    }
  };
  walk(root, [operation.selectionSet], body.data, [], '', [], root.name, !within);
  return { values };
}

/** The object type of a value at an abstract position: its `__typename`, else the first type whose selection covers its keys. */
function concreteType(schema: GraphQLSchema, type: ReturnType<typeof getNamedType>, sets: readonly SelectionSetNode[], fragments: Map<string, FragmentDefinitionNode>, value: Record<string, unknown>): GraphQLObjectType | undefined {
  if (isObjectType(type)) return type;
  if (!isAbstractType(type)) return undefined;
  const named = typeof value.__typename === 'string' ? schema.getType(value.__typename) : undefined;
  if (named && isObjectType(named)) return named;
  const keys = Object.keys(value);
  return schema.getPossibleTypes(type).find((t) => {
    const fields = collectFields(schema, t, sets, fragments);
    return keys.every((k) => fields.has(k));
  });
}

/**
 * How a value's release differs under the proposed policy:
 * - `released`: a value where there was none (blocked, absent, refused), or a more revealing one (a mask lifted);
 * - `transformed`: another value of the same field, masked or transformed differently, no more revealing;
 * - `blocked`: a value that is no longer released.
 */
export type ReleaseChange = 'released' | 'transformed' | 'blocked';

export interface ValueChange {
  path: string;
  coordinate: string;
  change: ReleaseChange;
  before: string;
  after: string;
}

const has = (v: ReleasedValue | undefined): v is ReleasedValue => v != null && v.blockedBy == null && v.value != null;

/** The lowest exposure reported at a value's field and path; a value with no transformation reported is released as it is. */
const exposureOf = (v: ReleasedValue) => Math.min(EXPOSURE.allow!, ...v.transforms.map((t) => EXPOSURE[t.outcome] ?? 0));

function shown(response: ReleasedResponse, v: ReleasedValue | undefined): string {
  if (response.refused) return `refused (${response.refused})`;
  if (!v) return 'absent';
  if (v.blockedBy) return `blocked (${v.blockedBy})`;
  const text = JSON.stringify(v.value);
  const transformed = v.transforms.map((t) => `${t.outcome} ${t.rule}`).join(', ');
  return `${text.length > 60 ? `${text.slice(0, 57)}...` : text}${transformed && v.value != null ? ` [${transformed}]` : ''}`;
}

/**
 * The values whose release differs between two responses to one operation. `volatile` paths
 * (a value that differs between two runs under the same policy, such as a sealed cursor) are
 * compared by presence only.
 */
export function compareReleases(before: ReleasedResponse, after: ReleasedResponse, volatile: ReadonlySet<string> = new Set()): ValueChange[] {
  const changes: ValueChange[] = [];
  for (const path of new Set([...before.values.keys(), ...after.values.keys()])) {
    const b = before.values.get(path);
    const a = after.values.get(path);
    let change: ReleaseChange | undefined;
    if (!has(b) && has(a)) change = 'released';
    else if (has(b) && !has(a)) change = 'blocked';
    else if (has(b) && has(a) && !volatile.has(path) && JSON.stringify(b.value) !== JSON.stringify(a.value)) change = exposureOf(a) > exposureOf(b) ? 'released' : 'transformed';
    if (change) changes.push({ path, coordinate: (a ?? b)!.coordinate, change, before: shown(before, b), after: shown(after, a) });
  }
  return changes;
}

/** The paths whose values differ between two responses under the same policy. */
export function volatilePaths(first: ReleasedResponse, second: ReleasedResponse): Set<string> {
  const paths = new Set<string>();
  for (const [path, v] of first.values) if (JSON.stringify(v.value) !== JSON.stringify(second.values.get(path)?.value)) paths.add(path);
  return paths;
}
