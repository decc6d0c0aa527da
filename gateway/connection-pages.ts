import {
  Kind,
  TypeInfo,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { collectFields } from './collect-fields.js';
import { INPUT_PREFIX } from './row-inputs.js';

/**
 * A connection's `pageInfo` is computed by its subgraph over every row of the list, also the rows
 * the privacy pass then removes from `nodes`: `hasNextPage` and `endCursor`, paged with `first: 1`,
 * counted another store's orders and showed that a list the caller may not read has rows, which
 * also undid the k refusal of a small store's aggregate (P-21, P-22, P-52). So a page from which
 * the pass removed a row ends there: its `pageInfo` reads as an empty list's. To know that also
 * when the client asked for `pageInfo` alone, the plan always asks a connection's rows under
 * {@link PAGE_ROWS_ALIAS}, with the inputs that decide whether each may be seen.
 */
export const PAGE_ROWS_ALIAS = `${INPUT_PREFIX}page_rows`;

/** The arguments that cut a list to a page (and size it, for the cost limit). */
export const PAGE_SIZE_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'limit', 'last']);

/** A type the SDL pages (`OrderConnection`): a list of rows in `nodes` and where the page ended in `pageInfo`. */
export function isConnectionType(type: GraphQLNamedType | null | undefined): type is GraphQLObjectType {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  const nodes = fields.nodes?.type;
  return Boolean(nodes && fields.pageInfo && isListType(isNonNullType(nodes) ? nodes.ofType : nodes));
}

/** `document` with `__pg_page_rows: nodes { __pg_page_typename: __typename }` in every selection set of a connection type. */
export function withPageRows(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        enter(node) {
          if (!isConnectionType(typeInfo.getParentType())) return undefined;
          if (node.selections.some((s) => s.kind === Kind.FIELD && s.alias?.value === PAGE_ROWS_ALIAS)) return undefined;
          return { ...node, selections: [...node.selections, PAGE_ROWS_FIELD] };
        },
      },
    }),
  );
}

const PAGE_ROWS_FIELD: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: PAGE_ROWS_ALIAS },
  name: { kind: Kind.NAME, value: 'nodes' },
  selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, alias: { kind: Kind.NAME, value: `${INPUT_PREFIX}page_typename` }, name: { kind: Kind.NAME, value: '__typename' } }] },
};

/** Where a connection's `pageInfo` answers, by response key: each of its fields' response keys and whether the field is a boolean. */
export type PageInfoKeys = { key: string; fields: { key: string; boolean: boolean }[] }[];

/** The response keys under which the client asked for `pageInfo` on `type` (aliases and fragments included). */
export function pageInfoKeys(schema: GraphQLSchema, type: GraphQLObjectType, collected: Map<string, FieldNode[]>, fragments: Map<string, FragmentDefinitionNode>): PageInfoKeys {
  const pageInfo = getNamedType(type.getFields().pageInfo!.type) as GraphQLObjectType;
  const keys: PageInfoKeys = [];
  for (const [key, nodes] of collected) {
    if (nodes[0]!.name.value !== 'pageInfo') continue;
    const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => Boolean(s));
    const fields = [...collectFields(schema, pageInfo, sets, fragments)]
      .filter(([, ns]) => ns[0]!.name.value !== '__typename')
      .map(([fieldKey, ns]) => ({ key: fieldKey, boolean: String(getNamedType(pageInfo.getFields()[ns[0]!.name.value]?.type ?? pageInfo)) === 'Boolean' }));
    keys.push({ key, fields });
  }
  return keys;
}

/** Makes every `pageInfo` of a connection object read as an empty list's: no cursor, no next page. */
export function endPage(obj: Record<string, unknown>, keys: PageInfoKeys): void {
  for (const { key, fields } of keys) {
    const info = obj[key];
    if (!info || typeof info !== 'object') continue;
    for (const field of fields) (info as Record<string, unknown>)[field.key] = field.boolean ? false : null;
  }
}
