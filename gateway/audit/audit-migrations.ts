import type { MigrationObject, Options } from '@mikro-orm/core';
import { AuditEntry } from './audit-entry.entity.js';
import { Migration20261204120000 as SqliteAuditTable } from './migrations/sqlite/Migration20261204120000.js';
import { Migration20261204120000 as PostgresAuditTable } from './migrations/postgresql/Migration20261204120000.js';

/** The gateway's entities: the access audit (P-80), which only the gateway reads and appends. */
export const auditEntities = [AuditEntry];

/** Its own migrations table, so the gateway's set and the subgraphs' set never see each other's history. */
export const AUDIT_MIGRATIONS_TABLE = 'mikro_orm_migrations_audit';

/** The gateway's migrations of each dialect, listed explicitly (they run the same under tsx, vitest and a bundler). */
export const AUDIT_MIGRATIONS: Record<'sqlite' | 'postgresql', MigrationObject[]> = {
  sqlite: [{ name: 'Migration20261204120000', class: SqliteAuditTable }],
  postgresql: [{ name: 'Migration20261204120000', class: PostgresAuditTable }],
};

/** MikroORM options of the gateway's audit store: its entity and its migration set, on whatever connection the caller opens. */
export function auditOrmOptions(kind: 'sqlite' | 'postgresql'): Pick<Options, 'entities' | 'migrations'> {
  return {
    entities: auditEntities,
    migrations: { tableName: AUDIT_MIGRATIONS_TABLE, transactional: true, migrationsList: AUDIT_MIGRATIONS[kind], snapshot: false, silent: true, emit: 'ts' },
  };
}
