import {
  BREAK,
  GraphQLScalarType,
  TypeInfo,
  buildASTSchema,
  extendSchema,
  isAbstractType,
  isObjectType,
  parse,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { readPrivacyIndex, type PrivacyIndex, type SubjectSpec } from '../directives/annotations.js';

/** Prefix of the aliases the gateway adds for itself (clients may not use it, gateway/reserved-aliases.ts). */
export const INPUT_PREFIX = '__pg_';
/** The alias under which the subgraph answers the input field `field` in `_privacyInputsAliased`. */
export const inputAlias = (field: string) => `${INPUT_PREFIX}${field}`;

/**
 * A row's policy inputs (its subject id, store, carrier, ... as `@subject` names them) reach the
 * privacy pass through one gateway-only field per row, `_privacyInputs`, instead of one aliased
 * field per input. The field declares its inputs as a stitching `selectionSet`, so the subgraph is
 * asked for them with the row; it resolves to the subgraph's own object for the row, from which
 * the pass reads them. The gateway's executor runs one field per row where it ran one per input,
 * which is what the inputs cost: about 1 KB of allocation per executed field and row.
 *
 * The inputs are asked for by their own names (`{ buyerId carrierId deliveredAt crossBorder }`):
 * where the client selects one of them too (a manifest selects `deliveredAt` and `crossBorder`),
 * the two selections merge and the subgraph answers the value once, rather than twice for the
 * gateway to parse and copy. That is safe only where the client's own field
 * under that name is that plain field: its alias on another field (`deliveredAt: waybill`), its
 * arguments or a condition (`crossBorder @include(if: $x)`) would pose as the input or make the
 * subgraph's request invalid. On such a type the plan asks for `_privacyInputsAliased` instead,
 * whose inputs come under the gateway's reserved aliases (`__pg_buyerId: buyerId`), which never
 * merge with a client's selection ({@link typesWithAliasedInputs}).
 *
 * The subgraph's object holds everything the subgraph answered for the row, including values the
 * policy is about to block, so it never leaves the gateway: it is wrapped in {@link RowInputs},
 * which serializes to nothing and keeps the object in a private field (a structured clone drops
 * it too). The pass clears the field from every row anyway, and clients may not select it
 * (gateway/reserved-aliases.ts).
 */
export const INPUTS_FIELD = '_privacyInputs';
/** The same inputs under the gateway's reserved aliases, for a type on which the client's own selection uses an input's name. */
export const ALIASED_INPUTS_FIELD = '_privacyInputsAliased';
export const INPUTS_SCALAR = '_PrivacyInputs';
const DESCRIPTION = "Gateway-internal: a row's privacy inputs. Never serialized; clients may not select it.";

/** True for the gateway-only row-inputs fields, which no client may see or select. */
export function isInternalField(fieldName: string): boolean {
  return fieldName === INPUTS_FIELD || fieldName === ALIASED_INPUTS_FIELD;
}

/** Returned by {@link RowInputs.read} for an input the subgraph did not answer. */
export const MISSING: unique symbol = Symbol('missing row input');

/** The subgraph's object for one row, readable by the privacy pass only. */
export class RowInputs {
  readonly #row: Readonly<Record<string, unknown>>;
  #passState: unknown = undefined;

  constructor(row: Readonly<Record<string, unknown>>) {
    this.#row = row;
  }

  /**
   * What the privacy pass worked out for this row, kept here for the rest of the pass: the row
   * carries it, so no map from rows to it is needed (the executor's result objects are hash
   * tables, and a map lookup per row and walk cost more than the decisions). The pass drops it
   * when it ends (`forgetRowStates`, gateway/privacy-pass.ts), so that it dies with the request.
   * Private like the row: a copy of the holder carries neither.
   */
  get passState(): unknown {
    return this.#passState;
  }

  set passState(state: unknown) {
    this.#passState = state;
  }

  /** The value the subgraph answered for an input, by its alias ({@link inputAlias}), or {@link MISSING}. */
  read(alias: string): unknown {
    const value = this.#row[alias];
    // A subgraph answers JSON, which has no undefined: only an absent input reads as undefined.
    return value !== undefined || Object.hasOwn(this.#row, alias) ? value : MISSING;
  }

  /** Never serialized: JSON leaves out a property whose `toJSON` gives undefined. */
  toJSON(): undefined {
    return undefined;
  }
}

/** The `@subject` arguments that name a field of the row (`findableBy` names a consent, not a field). */
const INPUT_KEYS: (keyof SubjectSpec)[] = ['id', 'store', 'carrier', 'agent', 'deliveredAt', 'anonymous', 'crossBorder', 'count', 'provider', 'institution'];

/** A type's inputs: each `@subject` argument that names one of its fields, with that field. */
export function subjectInputs(subject: SubjectSpec, fieldNames: readonly string[]): [keyof SubjectSpec, string][] {
  return INPUT_KEYS.filter((k) => subject[k] && fieldNames.includes(subject[k] as string)).map((k) => [k, subject[k] as string]);
}

/**
 * The types whose inputs `document` must ask for under the reserved aliases (`_privacyInputsAliased`):
 * those whose input's name the client's own selection uses as a response key where it would not
 * merge with that input: on the type itself for anything but that plain field (another field,
 * arguments, a condition); on another type that can share its selection set (both possible at one
 * abstract position: `node(id:) { ... on Shipment { anonymous: id } }` beside Review's
 * `anonymous`) for any field not of the input's own type, which the subgraph would refuse as
 * conflicting. All of them (`'all'`) when a fragment is conditional: a field inside it has no
 * condition of its own to look at.
 */
export function typesWithAliasedInputs(schema: GraphQLSchema, index: PrivacyIndex, document: DocumentNode): Set<string> | 'all' {
  const found = new Set<string>();
  let all = false;
  const typeInfo = new TypeInfo(schema);
  // Each input's name → the types that ask for it, with its field's type.
  const holders = new Map<string, { type: GraphQLObjectType; fieldType: string }[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const subject = index.get(type.name)?.subject;
    if (!subject) continue;
    const fields = type.getFields();
    for (const [, field] of subjectInputs(subject, Object.keys(fields))) {
      const list = holders.get(field) ?? [];
      list.push({ type, fieldType: String(fields[field]!.type) });
      holders.set(field, list);
    }
  }
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      InlineFragment(node) {
        if (node.directives?.length) return ((all = true), BREAK);
        return undefined;
      },
      FragmentSpread(node) {
        if (node.directives?.length) return ((all = true), BREAK);
        return undefined;
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        const key = node.alias?.value ?? node.name.value;
        const candidates = parent ? holders.get(key) : undefined;
        if (!parent || !candidates) return undefined;
        const plain = key === node.name.value && !node.arguments?.length && !node.directives?.length;
        const own = typeInfo.getFieldDef();
        const ownType = own ? String(own.type) : null;
        for (const { type, fieldType } of candidates) {
          if (!sharesSelection(schema, parent, type)) continue;
          // The input's own plain field, or a plain field of the same type on another type: they merge.
          if (plain && fieldType === ownType) continue;
          found.add(type.name);
        }
        return undefined;
      },
    }),
  );
  return all ? 'all' : found;
}

/** Whether rows of `type` can be answered in the same selection set as fields of `parent`: it is `parent`, one of its possible types, or shares an interface or union with it. */
function sharesSelection(schema: GraphQLSchema, parent: GraphQLNamedType, type: GraphQLObjectType): boolean {
  if (parent === type) return true;
  if (isAbstractType(parent)) return schema.isSubType(parent, type);
  if (!isObjectType(parent)) return false;
  for (const abstract of Object.values(schema.getTypeMap())) {
    if (isAbstractType(abstract) && schema.isSubType(abstract, parent) && schema.isSubType(abstract, type)) return true;
  }
  return false;
}

export interface RowInputsExtension {
  typeDefs: string;
  resolvers: Record<string, unknown>;
}

/**
 * The gateway schema's extension: `_privacyInputs` on every type with `@subject` inputs, read off
 * the supergraph (the same annotations the policy reads, no second list). Null when no type has any.
 */
export function rowInputsExtension(supergraphSdl: string): RowInputsExtension | null {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const types: { name: string; inputs: string[] }[] = [];
  for (const [name, policy] of readPrivacyIndex(schema)) {
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    const inputs = [...new Set(subjectInputs(policy.subject, Object.keys(type.getFields())).map(([, field]) => field))];
    if (inputs.length) types.push({ name, inputs });
  }
  if (!types.length) return null;
  const resolvers: Record<string, unknown> = {
    [INPUTS_SCALAR]: new GraphQLScalarType({
      name: INPUTS_SCALAR,
      description: DESCRIPTION,
      serialize: (value) => (value instanceof RowInputs ? value : null),
      parseValue: () => {
        throw new TypeError(`${INPUTS_SCALAR} is not an input type`);
      },
      parseLiteral: () => {
        throw new TypeError(`${INPUTS_SCALAR} is not an input type`);
      },
    }),
  };
  for (const { name, inputs } of types) {
    resolvers[name] = {
      [INPUTS_FIELD]: { selectionSet: `{ ${inputs.join(' ')} }`, resolve: resolveInputs },
      [ALIASED_INPUTS_FIELD]: { selectionSet: `{ ${inputs.map((f) => `${inputAlias(f)}: ${f}`).join(' ')} }`, resolve: resolveInputs },
    };
  }
  const typeDefs = [
    `"""${DESCRIPTION}"""\nscalar ${INPUTS_SCALAR}`,
    ...types.map(({ name }) => `extend type ${name} { ${INPUTS_FIELD}: ${INPUTS_SCALAR} ${ALIASED_INPUTS_FIELD}: ${INPUTS_SCALAR} }`),
  ].join('\n');
  return { typeDefs, resolvers };
}

/** One function for every row: the parent is the subgraph's object, holding the selection set's inputs. */
function resolveInputs(parent: Record<string, unknown> | null): RowInputs | null {
  return parent ? new RowInputs(parent) : null;
}

/** `schema` with the row-inputs field, as the gateway runtime builds it (for plans compiled outside a gateway: tests, tools). */
export function withRowInputs(schema: GraphQLSchema, supergraphSdl: string): GraphQLSchema {
  const extension = rowInputsExtension(supergraphSdl);
  return extension ? extendSchema(schema, parse(extension.typeDefs), { assumeValidSDL: true }) : schema;
}
