import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrivacyIndex } from '../directives/annotations.js';
import { isColumn, subgraphPrivacyIndex, type ColumnMeta } from './erasure.js';
import { entitiesBySubgraph } from './entities.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A `user.*` field stored in no column of its subgraph, with why erasure has nothing to clear (`subgraph/Type.field`). */
export interface ComputedField {
  field: string;
  reason: string;
}

/** The computed personal fields, with their reasons (resolvers/computed-personal-fields.json). */
export function loadComputedFields(): ComputedField[] {
  return JSON.parse(readFileSync(join(here, 'computed-personal-fields.json'), 'utf8')) as ComputedField[];
}

/**
 * P-62, P-66: every `user.*` field of a subgraph must be something erasure reaches: a column of
 * the subgraph's entity of the same name (which erasure clears, keeps with a reason, or deletes
 * with its row), or a field listed as computed with a reason. Anything else would survive a
 * cancellation unnoticed, so it is named. The subject-id field the schema left unannotated is the
 * row's link: each subgraph deletes, unlinks or replaces it by its documented choice.
 */
export function erasureCoverageProblems(
  subgraph: string,
  index: PrivacyIndex,
  entities: readonly { meta: { className: string; properties: object } }[],
  computed: readonly ComputedField[],
): string[] {
  const listed = new Set(computed.filter((c) => c.reason?.trim()).map((c) => c.field));
  const problems: string[] = [];
  for (const type of index.values()) {
    const entity = entities.find((e) => e.meta.className === type.typeName);
    const properties = (entity?.meta.properties ?? {}) as Record<string, ColumnMeta>;
    for (const field of type.fields.values()) {
      if (!field.category.startsWith('user.') || field.implicit) continue;
      const key = `${subgraph}/${field.coordinate}`;
      const prop = properties[field.fieldName];
      const stored = !!prop && isColumn(prop);
      if (stored && listed.has(key)) problems.push(`subgraph '${subgraph}': ${field.coordinate} is listed as computed in resolvers/computed-personal-fields.json but is a column of ${type.typeName}; remove it from the list so erasure clears it`);
      if (!stored && !listed.has(key)) {
        problems.push(
          `subgraph '${subgraph}': ${field.coordinate} (@pii ${field.category}) has no column in ${entity ? `entity ${type.typeName}` : `an entity named ${type.typeName}`} and is not listed as computed, so cancellation would not erase it (P-62); back it with a column of that name, or list '${key}' with a reason in resolvers/computed-personal-fields.json`,
        );
      }
    }
  }
  return problems;
}

/** The check over the marketplace's subgraphs, for `npm run compose`; also names listed fields that no longer exist. */
export function marketplaceErasureProblems(names: readonly string[], computed: readonly ComputedField[] = loadComputedFields()): string[] {
  const problems = names.flatMap((name) => erasureCoverageProblems(name, subgraphPrivacyIndex(name), entitiesBySubgraph[name] ?? [], computed));
  for (const { field } of computed) {
    const [name, coordinate] = field.split('/');
    const [typeName, fieldName] = (coordinate ?? '').split('.');
    if (!names.includes(name) || !subgraphPrivacyIndex(name).get(typeName)?.fields.has(fieldName)) {
      problems.push(`resolvers/computed-personal-fields.json lists '${field}', which is no annotated field of that subgraph; remove it`);
    }
  }
  return problems;
}
