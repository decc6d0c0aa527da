import { Kind, type DocumentNode } from 'graphql';

/** Field names that look personal (POLICY "Vocabulary"); a match without `@pii` must be explained. */
const PERSONAL_NAME = /(phone|e?mail|address|(^|[a-z])name$|^name|nickname|birth|national|card|^ip$|ipaddress|device|passport|customs|taxpayer|consignee|gender|avatar|location|latitude|longitude)/i;

export interface AllowListEntry {
  coordinate: string;
  reason: string;
}

/**
 * Lints one subgraph's SDL: a field whose name looks personal but carries no `@pii` fails, unless
 * the allow-list names it with a reason (a store's business name is not a person's). This catches
 * the subgraph team that adds `contactPhone` and forgets the annotation.
 */
export function lintUnannotatedPersonalFields(subgraph: string, typeDefs: DocumentNode, allowList: AllowListEntry[]): string[] {
  const allowed = new Set(allowList.filter((a) => a.reason?.trim()).map((a) => a.coordinate));
  const problems: string[] = [];
  for (const def of typeDefs.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (['Query', 'Mutation', 'Subscription'].includes(def.name.value)) continue;
    for (const field of def.fields ?? []) {
      const coordinate = `${def.name.value}.${field.name.value}`;
      if (!PERSONAL_NAME.test(field.name.value)) continue;
      if (field.directives?.some((d) => d.name.value === 'pii')) continue;
      if (allowed.has(coordinate)) continue;
      problems.push(`subgraph '${subgraph}': ${coordinate} looks personal but has no @pii; annotate it, or add it with a reason to schema/pii-allowlist.json`);
    }
  }
  return problems;
}
