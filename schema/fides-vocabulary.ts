import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { categoryTaxonomy } from '../directives/category-taxonomy.js';

/** A key the project adds to fideslang's taxonomy: its parent (none for a data subject), its name and why it exists. */
export interface TaxonomyExtension {
  key: string;
  parent: string | null;
  name: string;
  why: string;
}

/**
 * The fideslang keys the data map may use (schema/fideslang-vocabulary.json with the data categories
 * of directives/categories.json), and the project's extensions, which the data map must declare
 * to Fides beside the datasets and systems that use them.
 */
export interface FidesVocabulary {
  dataCategories: ReadonlySet<string>;
  dataUses: ReadonlyMap<string, string>;
  dataSubjects: ReadonlyMap<string, string>;
  legalBases: readonly string[];
  extensions: { dataCategories: TaxonomyExtension[]; dataUses: TaxonomyExtension[]; dataSubjects: TaxonomyExtension[] };
}

const here = dirname(fileURLToPath(import.meta.url));
export const VOCABULARY_PATH = join(here, 'fideslang-vocabulary.json');

let vocabulary: FidesVocabulary | undefined;

/** The vocabulary, read and checked once: an extension extends a key that exists and repeats none. */
export function fidesVocabulary(): FidesVocabulary {
  if (vocabulary) return vocabulary;
  const raw = JSON.parse(readFileSync(VOCABULARY_PATH, 'utf8'));
  const categories = categoryTaxonomy();
  const rawCategories = JSON.parse(readFileSync(join(here, '..', 'directives', 'categories.json'), 'utf8')).extensions as Record<string, { parent: string; why: string }>;
  const dataUses = new Map<string, string>(Object.entries(raw.dataUses));
  const dataSubjects = new Map<string, string>(Object.entries(raw.dataSubjects));
  const problems: string[] = [];
  const useExtensions: TaxonomyExtension[] = Object.entries<any>(raw.extensions.dataUses).map(([key, e]) => ({ key, parent: e.parent, name: e.name, why: e.why }));
  for (const e of useExtensions) {
    if (dataUses.has(e.key)) problems.push(`extensions.dataUses.${e.key} is already a fideslang key`);
    if (!e.parent || !e.key.startsWith(e.parent + '.') || !(dataUses.has(e.parent) || useExtensions.some((x) => x.key === e.parent))) problems.push(`extensions.dataUses.${e.key}: parent '${e.parent}' is not a data use it extends`);
  }
  const subjectExtensions: TaxonomyExtension[] = Object.entries<any>(raw.extensions.dataSubjects).map(([key, e]) => ({ key, parent: null, name: e.name, why: e.why }));
  for (const e of subjectExtensions) if (dataSubjects.has(e.key)) problems.push(`extensions.dataSubjects.${e.key} is already a fideslang key`);
  if (problems.length) throw new Error(`invalid ${VOCABULARY_PATH}: ${problems.join('; ')}`);
  for (const e of useExtensions) dataUses.set(e.key, e.name);
  for (const e of subjectExtensions) dataSubjects.set(e.key, e.name);
  const categoryExtensions = [...categories.extensions].map((key) => ({ key, parent: categories.parents.get(key) ?? null, name: key.split('.').pop()!.replace(/_/g, ' '), why: rawCategories[key]?.why ?? '' }));
  vocabulary = {
    dataCategories: categories.keys,
    dataUses,
    dataSubjects,
    legalBases: raw.legalBases,
    extensions: { dataCategories: categoryExtensions, dataUses: useExtensions, dataSubjects: subjectExtensions },
  };
  return vocabulary;
}
