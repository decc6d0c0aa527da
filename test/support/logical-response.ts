import {
  Kind,
  getNamedType,
  getNullableType,
  getOperationAST,
  isListType,
  isObjectType,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Operation } from './operation-rewrites.js';

/**
 * A response read by what it selected rather than by how: every response key is replaced by its
 * logical key (the field's name and its arguments, variables resolved), so aliases map back to
 * fields and the copies of a field selected twice under different keys merge into one. Two
 * equivalent operations (test/support/operation-rewrites.ts) give equal logical responses.
 */
export class LogicalView {
  private readonly document: DocumentNode;
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  private readonly variables: Record<string, unknown>;
  private readonly root: { sets: readonly SelectionSetNode[]; type: GraphQLObjectType };
  /** Merges of aliased copies that disagreed, and response keys the operation did not select. */
  readonly problems: string[] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    operation: Operation,
  ) {
    this.document = parse(operation.query);
    this.variables = operation.variables ?? {};
    this.fragments = new Map(
      this.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const op = getOperationAST(this.document, operation.operationName);
    if (!op) throw new Error(`no operation ${operation.operationName ?? ''}`);
    const type = op.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
    this.root = { sets: [op.selectionSet], type: type! };
  }

  /** `data` with logical keys. Keys the operation did not select are kept as `!unselected:<key>`. */
  data(data: unknown): unknown {
    if (data == null) return data;
    return this.object(data as Record<string, unknown>, this.root.sets, this.root.type, '');
  }

  /** A response path (keys, list indices or `*`) as logical keys; an unknown key as `!unselected:<key>`. */
  path(segments: readonly (string | number)[]): string[] {
    const out: string[] = [];
    let sets = this.root.sets;
    let type: GraphQLOutputType = this.root.type;
    for (const segment of segments) {
      if (typeof segment === 'number' || segment === '*' || /^\d+$/.test(segment)) {
        out.push(String(segment));
        type = isListType(getNullableType(type)) ? (getNullableType(type) as any).ofType : type;
        continue;
      }
      const named = getNamedType(type);
      const nodes = isObjectType(named) ? this.collect(sets, named).get(segment) : undefined;
      if (!nodes || !isObjectType(named)) {
        out.push(`!unselected:${segment}`);
        sets = [];
        continue;
      }
      out.push(this.logicalKey(nodes[0]));
      type = this.fieldType(named, nodes[0]);
      sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    }
    return out;
  }

  private object(obj: Record<string, unknown>, sets: readonly SelectionSetNode[], type: GraphQLObjectType, at: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const fields = this.collect(sets, type);
    for (const [key, value] of Object.entries(obj)) {
      const nodes = fields.get(key);
      if (!nodes) {
        out[`!unselected:${key}`] = value;
        continue;
      }
      const logical = this.logicalKey(nodes[0]);
      const converted = this.value(value, nodes, this.fieldType(type, nodes[0]), `${at}.${logical}`);
      out[logical] = logical in out ? this.merge(out[logical], converted, `${at}.${logical}`) : converted;
    }
    return out;
  }

  private value(value: unknown, nodes: FieldNode[], type: GraphQLOutputType, at: string): unknown {
    if (value == null) return value;
    const nullable = getNullableType(type);
    if (isListType(nullable)) return (value as unknown[]).map((v, i) => this.value(v, nodes, nullable.ofType, `${at}.${i}`));
    const named = getNamedType(type);
    if (!isObjectType(named) || typeof value !== 'object') return value;
    return this.object(value as Record<string, unknown>, nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])), named, at);
  }

  /** The same logical field under two keys: objects merge key by key, anything else must be equal. */
  private merge(a: unknown, b: unknown, at: string): unknown {
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.map((v, i) => this.merge(v, b[i], `${at}.${i}`));
    if (isPlainObject(a) && isPlainObject(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = k in out ? this.merge(out[k], v, `${at}.${k}`) : v;
      return out;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) this.problems.push(`${at}: copies of one field disagree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return a;
  }

  private fieldType(type: GraphQLObjectType, node: FieldNode): GraphQLOutputType {
    if (node.name.value === '__typename') return this.schema.getType('String') as GraphQLOutputType;
    const field = type.getFields()[node.name.value];
    if (!field) throw new Error(`${type.name}.${node.name.value} is not in the schema`);
    return field.type;
  }

  /** `name` or `name(arg:value,…)`, arguments sorted, variables resolved. */
  private logicalKey(node: FieldNode): string {
    const args = (node.arguments ?? [])
      .map((a) => `${a.name.value}:${JSON.stringify(valueFromASTUntyped(a.value, this.variables as Record<string, any>))}`)
      .sort();
    return args.length ? `${node.name.value}(${args.join(',')})` : node.name.value;
  }

  /** graphql-js CollectFields: response key → field nodes, @skip/@include applied, fragments followed. */
  private collect(sets: readonly SelectionSetNode[], type: GraphQLObjectType): Map<string, FieldNode[]> {
    const out = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          out.set(key, [...(out.get(key) ?? []), selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.applies(selection.typeCondition?.name.value, type)) visit(selection.selectionSet);
        } else {
          const fragment = this.fragments.get(selection.name.value);
          if (!fragment || visited.has(fragment.name.value)) continue;
          visited.add(fragment.name.value);
          if (this.applies(fragment.typeCondition.name.value, type)) visit(fragment.selectionSet);
        }
      }
    };
    for (const set of sets) visit(set);
    return out;
  }

  private applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (!condition || condition === type.name) return true;
    const on = this.schema.getType(condition);
    return !!on && !isObjectType(on) && this.schema.isSubType(on as any, type);
  }

  private included(node: { directives?: readonly { name: { value: string }; arguments?: readonly any[] }[] }): boolean {
    for (const directive of node.directives ?? []) {
      const arg = directive.arguments?.find((a) => a.name.value === 'if');
      if (!arg) continue;
      const value = valueFromASTUntyped(arg.value, this.variables as Record<string, any>);
      if (directive.name.value === 'skip' && value === true) return false;
      if (directive.name.value === 'include' && value !== true) return false;
    }
    return true;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Where a rewrite's logical response differs from the original's: missing or extra fields, other
 * values, other list lengths. An extra `__typename` (the rewrite may add some) is fine when it is
 * a type's name.
 */
export function logicalDifferences(original: unknown, rewritten: unknown, schema: GraphQLSchema, at = ''): string[] {
  if (isPlainObject(original) && isPlainObject(rewritten)) {
    const out: string[] = [];
    for (const [key, value] of Object.entries(rewritten)) {
      if (key in original) out.push(...logicalDifferences(original[key], value, schema, `${at}.${key}`));
      else if (!(key === '__typename' && typeof value === 'string' && isObjectType(schema.getType(value)))) out.push(`${at}.${key}: a field the original did not return: ${JSON.stringify(value)}`);
    }
    for (const key of Object.keys(original)) if (!(key in rewritten)) out.push(`${at}.${key}: missing (original ${JSON.stringify(original[key])})`);
    return out;
  }
  if (Array.isArray(original) && Array.isArray(rewritten)) {
    if (original.length !== rewritten.length) return [`${at}: ${rewritten.length} items, the original ${original.length}`];
    return original.flatMap((v, i) => logicalDifferences(v, rewritten[i], schema, `${at}.${i}`));
  }
  return JSON.stringify(original) === JSON.stringify(rewritten) ? [] : [`${at}: ${JSON.stringify(rewritten)}, the original ${JSON.stringify(original)}`];
}
