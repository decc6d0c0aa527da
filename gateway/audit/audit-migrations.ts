import type { MigrationObject, Options } from '@mikro-orm/core';
import { AuditRecord } from './audit-record.entity.js';
import { AuditSubject } from './audit-subject.entity.js';
import { Migration20261204120000 as SqliteAuditTable } from './migrations/sqlite/Migration20261204120000.js';
import { Migration20261204120000 as PostgresAuditTable } from './migrations/postgresql/Migration20261204120000.js';
import { Migration20261205090000 as SqliteAuditRecords } from './migrations/sqlite/Migration20261205090000.js';
import { Migration20261205090000 as PostgresAuditRecords } from './migrations/postgresql/Migration20261205090000.js';
import { Migration20261206090000 as SqliteKeyedChain } from './migrations/sqlite/Migration20261206090000.js';
import { Migration20261206090000 as PostgresKeyedChain } from './migrations/postgresql/Migration20261206090000.js';

/** The gateway's entities: the access audit (P-80) and its subject index, which only the gateway reads and appends. */
export const auditEntities = [AuditRecord, AuditSubject];

/** Its own migrations table, so the gateway's set and the subgraphs' set never see each other's history. */
export const AUDIT_MIGRATIONS_TABLE = 'mikro_orm_migrations_audit';

/** The gateway's migrations of each dialect, listed explicitly (they run the same under tsx, vitest and a bundler). */
export const AUDIT_MIGRATIONS: Record<'sqlite' | 'postgresql', MigrationObject[]> = {
  sqlite: [
    { name: 'Migration20261204120000', class: SqliteAuditTable },
    { name: 'Migration20261205090000', class: SqliteAuditRecords },
    { name: 'Migration20261206090000', class: SqliteKeyedChain },
  ],
  postgresql: [
    { name: 'Migration20261204120000', class: PostgresAuditTable },
    { name: 'Migration20261205090000', class: PostgresAuditRecords },
    { name: 'Migration20261206090000', class: PostgresKeyedChain },
  ],
};

/** MikroORM options of the gateway's audit store: its entity and its migration set, on whatever connection the caller opens. */
export function auditOrmOptions(kind: 'sqlite' | 'postgresql'): Pick<Options, 'entities' | 'migrations'> {
  return {
    entities: auditEntities,
    migrations: { tableName: AUDIT_MIGRATIONS_TABLE, transactional: true, migrationsList: AUDIT_MIGRATIONS[kind], snapshot: false, silent: true, emit: 'ts' },
  };
}
