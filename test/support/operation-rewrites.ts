import fc from 'fast-check';
import {
  Kind,
  getNamedType,
  isCompositeType,
  parse,
  print,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * Semantically equivalent rewrites of a GraphQL operation, as fast-check arbitraries: the shapes a
 * client can give the same request. Every rewrite selects exactly what the original selects, so its
 * response, read back through test/support/logical-response.ts (aliases mapped to fields,
 * duplicates merged), must be the original's.
 *
 * A rewrite is a list of steps applied in order to the document; fast-check shrinks the list and
 * each step's numbers, so a failing rewrite comes back as the fewest, simplest steps.
 */

/** An operation as a client sends it. */
export interface Operation {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export const REWRITE_KINDS = [
  'alias', // an alias on a field
  'duplicate', // the same field again: merged (same key), aliased (a second key), or dropped by @skip/@include
  'inlineFragment', // selections wrapped in `... on Parent { }` or `... { }`
  'namedFragment', // selections moved into `fragment F on Parent { }`, defined before or after the operation
  'directive', // @include(if: true-ish) / @skip(if: false-ish) on a field or fragment: keeps it
  'typename', // __typename inserted into a selection set
  'extraOperation', // another operation in the document, before or after; operationName selects ours
] as const;
export type RewriteKind = (typeof REWRITE_KINDS)[number];

/** One step: `site` picks where (modulo the candidates), `variant` how. */
export interface RewriteStep {
  kind: RewriteKind;
  site: number;
  variant: number;
}

/** The variables the keeping directives read: `$rwYes` is true, `$rwNo` false. */
export const KEEP_VARIABLES = { rwYes: true, rwNo: false } as const;

export function rewriteStep(kinds: readonly RewriteKind[] = REWRITE_KINDS): fc.Arbitrary<RewriteStep> {
  return fc.record({ kind: fc.constantFrom(...kinds), site: fc.nat({ max: 63 }), variant: fc.nat({ max: 63 }) });
}

export interface RewriteOptions {
  maxSteps?: number;
  /** The kinds of step to draw from (default: all). */
  kinds?: readonly RewriteKind[];
  /** Whether `duplicate` may add a copy that @skip/@include drops (default true). */
  droppedCopies?: boolean;
}

/** A rewrite of `operation`: the operation the steps produce, with the steps (for the counterexample). */
export interface Rewrite extends Operation {
  steps: RewriteStep[];
}

/** The steps of a rewrite, for any operation (they apply modulo what each finds there). */
export function rewriteSteps(options: RewriteOptions = {}): fc.Arbitrary<RewriteStep[]> {
  const step = rewriteStep(options.kinds).map((s) => (options.droppedCopies === false && s.kind === 'duplicate' && s.variant % 3 === 2 ? { ...s, variant: s.variant - 1 } : s));
  return fc.array(step, { minLength: 1, maxLength: options.maxSteps ?? 6 });
}

export function rewritesOf(operation: Operation, schema: GraphQLSchema, options: RewriteOptions = {}): fc.Arbitrary<Rewrite> {
  return rewriteSteps(options).map((steps) => ({ ...applyRewrites(operation, schema, steps), steps }));
}

/**
 * A corpus operation and a rewrite of it. Drawn as (label, steps) and mapped, not chained, so that
 * a failure shrinks to the fewest steps whatever the operation.
 */
export function corpusRewrites(corpus: Readonly<Record<string, Operation>>, schema: GraphQLSchema, options: RewriteOptions = {}): fc.Arbitrary<{ label: string; rewrite: Rewrite }> {
  return fc
    .tuple(fc.constantFrom(...Object.keys(corpus)), rewriteSteps(options))
    .map(([label, steps]) => ({ label, rewrite: { ...applyRewrites(corpus[label], schema, steps), steps } }));
}

// The AST is edited in place on a private copy; these are its mutable shapes.
type Node = { kind: string; [key: string]: any };
type SelectionSet = { kind: 'SelectionSet'; selections: Node[] };

interface SetSite {
  set: SelectionSet;
  type: GraphQLCompositeType;
}

const name = (value: string) => ({ kind: Kind.NAME, value });
const clone = <T>(node: T): T => JSON.parse(JSON.stringify(node));
const ifDirective = (directive: 'include' | 'skip', value: Node) => ({
  kind: Kind.DIRECTIVE,
  name: name(directive),
  arguments: [{ kind: Kind.ARGUMENT, name: name('if'), value }],
});
const variable = (v: string) => ({ kind: Kind.VARIABLE, name: name(v) });
const boolean = (value: boolean) => ({ kind: Kind.BOOLEAN, value });

/** A directive that keeps what it is on: @include(if: true/$rwYes) or @skip(if: false/$rwNo). */
function keeping(variant: number): Node {
  switch (variant % 4) {
    case 0:
      return ifDirective('include', variable('rwYes'));
    case 1:
      return ifDirective('skip', variable('rwNo'));
    case 2:
      return ifDirective('include', boolean(true));
    default:
      return ifDirective('skip', boolean(false));
  }
}

/** A directive that drops what it is on (only ever put on an added copy). */
function dropping(variant: number): Node {
  return variant % 2 ? ifDirective('skip', variable('rwYes')) : ifDirective('include', variable('rwNo'));
}

/** The selection with the directive; wrapped in `... @directive { }` if it has one of that name already (they do not repeat). */
function withDirective(selection: Node, directive: Node): Node {
  if (!(selection.directives ?? []).some((d: Node) => d.name.value === directive.name.value)) {
    selection.directives = [...(selection.directives ?? []), directive];
    return selection;
  }
  return { kind: Kind.INLINE_FRAGMENT, directives: [directive], selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] } };
}

/** Applies the steps to the operation; the result is valid wherever the original is. */
export function applyRewrites(operation: Operation, schema: GraphQLSchema, steps: RewriteStep[]): Operation {
  const doc = clone(parse(operation.query, { noLocation: true })) as unknown as { kind: string; definitions: Node[] };
  const ours = (operation.operationName
    ? doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operation.operationName)
    : doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)) as Node;
  if (!ours) throw new Error('no operation to rewrite');
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}${++counter}`;

  for (const step of steps) {
    const sets = selectionSets(doc, ours, schema);
    const fields = sets.flatMap((s) => s.set.selections.filter((n) => n.kind === Kind.FIELD).map((field) => ({ field, site: s })));
    const v = step.variant;
    switch (step.kind) {
      case 'alias': {
        const { field } = fields[step.site % fields.length];
        field.alias = name(fresh('rwA'));
        break;
      }
      case 'duplicate': {
        const { field, site } = fields[step.site % fields.length];
        const copy = clone(field);
        const at = site.set.selections.indexOf(field);
        if (v % 3 === 0) site.set.selections.splice(at + 1 + ((v >> 2) % (site.set.selections.length - at)), 0, copy);
        else if (v % 3 === 1) {
          copy.alias = name(fresh('rwD'));
          site.set.selections.push(copy);
        } else site.set.selections.splice(at, 0, withDirective(copy, dropping(v >> 2)));
        break;
      }
      case 'inlineFragment':
      case 'namedFragment': {
        const { set, type } = sets[step.site % sets.length];
        const n = set.selections.length;
        const start = v % n;
        const length = 1 + ((v >> 3) % (n - start));
        const inner: SelectionSet = { kind: Kind.SELECTION_SET, selections: set.selections.slice(start, start + length) };
        const typeCondition = { kind: Kind.NAMED_TYPE, name: name(type.name) };
        let replacement: Node;
        if (step.kind === 'inlineFragment') {
          replacement = { kind: Kind.INLINE_FRAGMENT, ...(v & 4 ? {} : { typeCondition }), directives: [], selectionSet: inner };
        } else {
          const fragmentName = fresh('RwF');
          const definition = { kind: Kind.FRAGMENT_DEFINITION, name: name(fragmentName), typeCondition, directives: [], selectionSet: inner };
          if (v & 4) doc.definitions.unshift(definition);
          else doc.definitions.push(definition);
          replacement = { kind: Kind.FRAGMENT_SPREAD, name: name(fragmentName), directives: [] };
        }
        set.selections.splice(start, length, replacement);
        break;
      }
      case 'directive': {
        const selections = sets.flatMap((s) => s.set.selections.map((selection) => ({ selection, set: s.set })));
        const { selection, set } = selections[step.site % selections.length];
        set.selections.splice(set.selections.indexOf(selection), 1, withDirective(selection, keeping(v)));
        break;
      }
      case 'typename': {
        const { set } = sets[step.site % sets.length];
        set.selections.splice(v % (set.selections.length + 1), 0, { kind: Kind.FIELD, name: name('__typename'), arguments: [], directives: [] });
        break;
      }
      case 'extraOperation': {
        if (!ours.name) ours.name = name('RwOurs');
        const other = parse(v & 2 ? `query ${fresh('RwOther')} { stores { id name } }` : `query ${fresh('RwOther')} { __typename }`, { noLocation: true });
        const definition = clone(other.definitions[0]) as unknown as Node;
        if (v & 1) doc.definitions.push(definition);
        else doc.definitions.unshift(definition);
        break;
      }
    }
  }

  // Declare the keeping variables the operation now uses (fragments are only ever spread in ours).
  const text = print(doc as unknown as DocumentNode);
  const variables: Record<string, unknown> = { ...operation.variables };
  for (const [v, value] of Object.entries(KEEP_VARIABLES)) {
    if (!text.includes(`$${v}`)) continue;
    ours.variableDefinitions = [
      ...(ours.variableDefinitions ?? []),
      { kind: Kind.VARIABLE_DEFINITION, variable: variable(v), type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: name('Boolean') } }, directives: [] },
    ];
    variables[v] = value;
  }
  const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  return {
    query: print(doc as unknown as DocumentNode),
    ...(operations > 1 || operation.operationName ? { operationName: ours.name.value } : {}),
    ...(Object.keys(variables).length ? { variables } : {}),
  };
}

/** Every selection set of our operation and of the fragments it spreads, with the type it selects on. */
function selectionSets(doc: { definitions: Node[] }, operation: Node, schema: GraphQLSchema): SetSite[] {
  const fragments = new Map(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const root = (operation as unknown as OperationDefinitionNode).operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const out: SetSite[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSet, type: GraphQLCompositeType) => {
    out.push({ set, type });
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet || !('getFields' in type)) continue;
        const field = type.getFields()[selection.name.value];
        const inner = field && getNamedType(field.type);
        if (inner && isCompositeType(inner)) walk(selection.selectionSet, inner);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on && isCompositeType(on)) walk(selection.selectionSet, on);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        const on = schema.getType(fragment.typeCondition.name.value);
        if (on && isCompositeType(on)) walk(fragment.selectionSet, on);
      }
    }
  };
  walk(operation.selectionSet, root!);
  return out;
}
