import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The data categories a `@pii` may name (directives/categories.json): fideslang's taxonomy and
 * the extensions the project declares, each under a parent key. Nothing else is a category: an
 * unknown key would get no category's treatment, so it is refused where it is read (P-82).
 */
export interface CategoryTaxonomy {
  /** Every valid key, fideslang's and the extensions. */
  keys: ReadonlySet<string>;
  /** The parent of each key (null for the roots `user` and `system`). */
  parents: ReadonlyMap<string, string | null>;
  /** The keys the project adds to fideslang. */
  extensions: ReadonlySet<string>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const CATEGORIES_PATH = join(here, 'categories.json');

let taxonomy: CategoryTaxonomy | undefined;

/** The taxonomy of directives/categories.json, read and checked once. */
export function categoryTaxonomy(): CategoryTaxonomy {
  return (taxonomy ??= parseTaxonomy(JSON.parse(readFileSync(CATEGORIES_PATH, 'utf8')), CATEGORIES_PATH));
}

/** Checks the taxonomy file: every parent is a key, and an extension neither repeats a fideslang key nor hangs off nothing. */
export function parseTaxonomy(raw: any, source = '(inline)'): CategoryTaxonomy {
  const parents = new Map<string, string | null>();
  const extensions = new Set<string>();
  const problems: string[] = [];
  for (const [key, parent] of Object.entries<unknown>(raw?.fideslang ?? {})) {
    if (parent !== null && typeof parent !== 'string') problems.push(`fideslang.${key}: the parent must be a key or null`);
    parents.set(key, (parent as string | null) ?? null);
  }
  for (const [key, ext] of Object.entries<any>(raw?.extensions ?? {})) {
    if (parents.has(key)) problems.push(`extensions.${key} is already a fideslang key`);
    if (typeof ext?.parent !== 'string' || !ext.parent) problems.push(`extensions.${key} needs its parent key`);
    if (typeof ext?.why !== 'string' || !ext.why.trim()) problems.push(`extensions.${key} needs a "why"`);
    parents.set(key, ext?.parent ?? null);
    extensions.add(key);
  }
  for (const [key, parent] of parents) {
    if (parent !== null && !parents.has(parent)) problems.push(`${key}: parent '${parent}' is not a key`);
    if (parent !== null && !key.startsWith(parent + '.')) problems.push(`${key} does not extend its parent '${parent}'`);
  }
  if (!parents.size) problems.push('no categories');
  if (problems.length) throw new Error(`invalid category taxonomy ${source}: ${problems.join('; ')}`);
  return { keys: new Set(parents.keys()), parents, extensions };
}
