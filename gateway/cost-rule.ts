import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { PAGE_SIZE_ARGUMENTS } from './connection-pages.js';
import { queryTooComplex } from './limit-errors.js';


export interface CostLimitOptions {
  /** The largest cost an operation may have. */
  maxCost: number;
  /** The size assumed for a list field without a size argument and without a schema default for it. */
  defaultListSize: number;
  /** The request's variables: a size given as `first: $n` counts as the value sent. */
  variables?: Record<string, unknown> | null;
}

/**
 * Refuses a page size below zero (`first: -1`) with `BAD_USER_INPUT` before anything runs: a
 * subgraph refusing it under each row would fail the field on a row the privacy pass then removes,
 * and what became of that error (kept, or gone with the row while the batch's other rows failed
 * too) told whether a hidden row was there (P-34, P-70). The cost walk reads every page size.
 *
 * Refuses an operation whose cost exceeds `maxCost`, with `QUERY_TOO_COMPLEX`: the refusal for the
 * first operation of a validated document over the limit, or null. A field costs 1, plus its
 * children's cost once per item it returns: a list field multiplies its children's cost by its
 * `first`/`limit` argument (the literal, the variable's value, the argument's schema default, or
 * `defaultListSize`), or, for a list asked by keys (`members(ids:)`), by the number of keys sent. So 300 aliases of `storeOrders(first: 50) { … }` cost 300 × 50 × the row.
 * Written here because graphql-armor's cost limit charges a list field the same whatever its size
 * (its cost is per field and depth, not per item), so it cannot tell `first: 5` from `first: 5000`.
 * Each fragment is costed once and a fragment cycle costs nothing more (validation reports it), so
 * the costing is linear in the document. Not a rule run through graphql-js's `validate`: it runs per
 * request (the cost depends on the variables), and `validate` walks the whole document with a
 * TypeInfo even where a rule skips every operation, which cost more than the costing.
 */
export function costLimitError(schema: GraphQLSchema, document: DocumentNode, options: CostLimitOptions): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    let negative: GraphQLError | null = null;
    const cost = operationCost(schema, (name) => fragments.get(name), d, options, (node, argument) => {
      negative ??= new GraphQLError(`\`${argument}\` must be a non-negative integer`, { nodes: node, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    });
    if (negative) return negative;
    if (cost > options.maxCost) return queryTooComplex('cost', options.maxCost, cost, d);
  }
  return null;
}

function operationCost(
  schema: GraphQLSchema,
  fragmentOf: (name: string) => FragmentDefinitionNode | null | undefined,
  operation: OperationDefinitionNode,
  options: CostLimitOptions,
  onNegativeSize: (node: FieldNode, argument: string) => void,
): number {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const variableDefaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) variableDefaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  const argumentValue = (node: FieldNode, argument: GraphQLArgument): unknown => {
    const given = node.arguments?.find((a) => a.name.value === argument.name);
    let value: unknown;
    if (given?.value.kind === Kind.VARIABLE) {
      const variable = given.value.name.value;
      value = options.variables && Object.hasOwn(options.variables, variable) ? options.variables[variable] : variableDefaults.get(variable);
    } else if (given) {
      value = valueFromASTUntyped(given.value);
    }
    // Absent or null: the resolver falls back to the argument's default.
    return value ?? argument.defaultValue;
  };
  const sizeOf = (node: FieldNode, field: GraphQLField<unknown, unknown>): number => {
    const argument = field.args.find((a) => PAGE_SIZE_ARGUMENTS.has(a.name));
    if (!argument) {
      // A list asked by keys (`members(ids:)`) holds up to one item per key: 2,000 ids are 2,000 rows.
      const keys = field.args.find((a) => isListType(getNullableType(a.type)));
      const value = keys ? argumentValue(node, keys) : undefined;
      return Array.isArray(value) ? Math.max(value.length, 1) : options.defaultListSize;
    }
    const value = argumentValue(node, argument);
    if (typeof value === 'number' && value < 0) onNegativeSize(node, argument.name);
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : options.defaultListSize;
  };

  const hasSize = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => PAGE_SIZE_ARGUMENTS.has(a.name));
  // `pageSize`: set inside a connection (a single object with a size argument, e.g. `storeOrdersConnection(first:)`),
  // whose lists (`nodes`) hold that many items.
  const selectionCost = (type: GraphQLCompositeType, set: SelectionSetNode, pageSize?: number): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[s.name.value] : undefined;
        if (!field) {
          cost += 1;
          continue;
        }
        const child = getNamedType(field.type);
        const list = isListType(getNullableType(field.type));
        const connectionSize = !list && hasSize(field) ? sizeOf(s, field) : undefined;
        const childCost = s.selectionSet && isCompositeType(child) ? selectionCost(child, s.selectionSet, connectionSize) : 0;
        const items = list ? (pageSize !== undefined && !hasSize(field) ? pageSize : sizeOf(s, field)) : 1;
        cost += 1 + items * childCost;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const condition = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        cost += selectionCost(condition && isCompositeType(condition) ? condition : type, s.selectionSet, pageSize);
      } else {
        cost += fragmentCost(s.name.value, pageSize);
      }
    }
    return cost;
  };

  const fragmentCost = (name: string, pageSize?: number): number => {
    const known = fragmentCosts.get(`${name}:${pageSize ?? ''}`);
    if (known !== undefined) return known;
    const fragment = fragmentOf(name);
    if (!fragment || inProgress.has(name)) return 0;
    const condition = schema.getType(fragment.typeCondition.name.value);
    if (!condition || !isCompositeType(condition)) return 0;
    inProgress.add(name);
    const cost = selectionCost(condition, fragment.selectionSet, pageSize);
    inProgress.delete(name);
    fragmentCosts.set(`${name}:${pageSize ?? ''}`, cost);
    return cost;
  };

  return selectionCost(root, operation.selectionSet);
}
