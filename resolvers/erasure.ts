import type { EntityManager } from '@mikro-orm/core';
import { buildASTSchema } from 'graphql';
import { readPrivacyIndex, type PrivacyIndex } from '../directives/annotations.js';
import { subgraphTypeDefs } from '../schema/subgraphs.js';

/**
 * P-62, P-66: which columns erasure and retention clear is read off the subgraph's `@pii`
 * annotations, never a hand-kept list: every column backing a `user.*` field of the entity's
 * GraphQL type (same name) is cleared, so a newly annotated column is erased without a code change.
 */

/** The part of MikroORM property metadata erasure reads (discovered metadata or an entity schema's). */
export interface ColumnMeta {
  kind?: string;
  nullable?: boolean;
  primary?: boolean;
  persist?: boolean;
  formula?: unknown;
}

/** How one entity's row is anonymized beyond clearing to null. */
export interface AnonymizeOptions {
  /** A value to write instead of null: a required column's stand-in, or the erased member stand-in for a link. */
  standIns?: Record<string, unknown>;
  /** Personal columns the subgraph's documented choice keeps (README "Cancellation"), each with its reason. */
  keep?: Record<string, string>;
}

const indexes = new Map<string, PrivacyIndex>();

/** The privacy annotations of a subgraph's own SDL (schema/<name>.graphql), read once. */
export function subgraphPrivacyIndex(name: string): PrivacyIndex {
  let index = indexes.get(name);
  if (!index) {
    index = readPrivacyIndex(buildASTSchema(subgraphTypeDefs(name), { assumeValidSDL: true }));
    indexes.set(name, index);
  }
  return index;
}

/** True when the property is stored in a column of its own table (not a collection, formula or virtual property). */
export function isColumn(prop: ColumnMeta): boolean {
  if (prop.persist === false || prop.formula) return false;
  return prop.kind === undefined || prop.kind === 'scalar' || prop.kind === 'embedded' || prop.kind === 'm:1';
}

/**
 * The columns of `entityName` that back a `user.*` field of its type in `index`. The primary key
 * stays (the row's identity: a row to forget is deleted, a kept row keeps its id); `system.*`
 * fields are not personal and stay.
 */
export function personalColumns(index: PrivacyIndex, entityName: string, properties: Record<string, ColumnMeta>): string[] {
  const type = index.get(entityName);
  if (!type) return [];
  return [...type.fields.values()]
    .filter((f) => f.category.startsWith('user.'))
    .map((f) => f.fieldName)
    .filter((name) => !!properties[name] && isColumn(properties[name]) && !properties[name].primary);
}

/** Thrown when a personal column can be neither cleared nor kept: fail closed rather than leave it. */
export class ErasureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErasureError';
  }
}

/**
 * The values that anonymize a row of `entityName`: each personal column null, or its stand-in.
 * A required column with no stand-in and no documented reason to keep it is an error, named.
 */
export function anonymizedValues(index: PrivacyIndex, entityName: string, properties: Record<string, ColumnMeta>, options: AnonymizeOptions = {}): Record<string, unknown> {
  const standIns = options.standIns ?? {};
  const keep = options.keep ?? {};
  const values: Record<string, unknown> = {};
  for (const column of personalColumns(index, entityName, properties)) {
    if (column in keep) continue;
    if (column in standIns) values[column] = standIns[column];
    else if (properties[column].nullable) values[column] = null;
    else throw new ErasureError(`${entityName}.${column} is personal and required: give it a stand-in or a reason to keep it`);
  }
  return values;
}

/** {@link anonymizedValues} for a subgraph's entity, from the ORM's discovered metadata. */
export function anonymization(em: EntityManager, subgraph: string, entity: { meta: { className: string } } | string, options: AnonymizeOptions = {}): Record<string, unknown> {
  const name = typeof entity === 'string' ? entity : entity.meta.className;
  const meta = em.getMetadata().find(name);
  if (!meta) throw new ErasureError(`no entity metadata for ${name}`);
  return anonymizedValues(subgraphPrivacyIndex(subgraph), name, meta.properties as unknown as Record<string, ColumnMeta>, options);
}

/** A filter matching rows that still differ from the anonymized values: what makes a retention run idempotent. */
export function stillPersonal(values: Record<string, unknown>): Record<string, unknown>[] {
  return Object.entries(values).map(([column, value]) => ({ [column]: { $ne: value } }));
}
