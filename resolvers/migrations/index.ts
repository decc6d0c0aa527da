import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123182235 as SqliteInitial } from './sqlite/Migration20261123182235.js';
import { Migration20261123182235 as PostgresInitial } from './postgresql/Migration20261123182235.js';

/**
 * The migrations of each dialect, listed explicitly rather than discovered by file globbing, so
 * they run the same under tsx, vitest and a bundler. `npm run migration:create` writes the files;
 * add each new one here.
 */
export const MIGRATIONS: Record<'sqlite' | 'postgresql', MigrationObject[]> = {
  sqlite: [{ name: 'Migration20261123182235', class: SqliteInitial }],
  postgresql: [{ name: 'Migration20261123182235', class: PostgresInitial }],
};
