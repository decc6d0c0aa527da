import type { MikroORM, Options } from '@mikro-orm/core';
import { databaseKind, initOrm } from '../resolvers/orm.js';
import { allEntities } from '../resolvers/entities.js';
import { applyPendingMigrations, migrateDatabase } from '../resolvers/migrate-database.js';
import { prepareDatabase } from '../resolvers/prepare-database.js';
import { auditEntities, auditOrmOptions } from '../gateway/audit/audit-migrations.js';

/**
 * The two owners of the one database: the subgraphs' tables (resolvers/migrations) and the
 * gateway's access audit (gateway/audit/migrations), each with its own migrations table, both
 * applied under the one migration lock. Only this layer knows both, so neither resolvers/ nor
 * gateway/ imports the other.
 */

/** The gateway's audit store alone: its entity and its migration set (`npm run gateway`, `npm run audit:verify`). */
export function openAuditOrm(overrides: Partial<Options> = {}): Promise<MikroORM> {
  return initOrm({ ...overrides, ...auditOrmOptions(databaseKind()) });
}

/** One connection for a process that hosts the subgraphs and the gateway (`npm start`, the tests): every entity, the subgraphs' migration set. */
export function openMarketplaceOrm(overrides: Partial<Options> = {}): Promise<MikroORM> {
  return initOrm({ entities: [...allEntities, ...auditEntities], ...overrides });
}

/** The gateway's pending audit migrations on `orm`'s database, through a short-lived connection; the caller holds the migration lock. */
function migrateAuditOf(orm: MikroORM): () => Promise<string[]> {
  return async () => {
    const audit = await openAuditOrm({ dbName: orm.config.get('dbName') });
    try {
      return await applyPendingMigrations(audit);
    } finally {
      await audit.close(true);
    }
  };
}

/** `npm run migrate`: the subgraphs' set, then the gateway's, under one hold of the lock; never seeds. Returns the names applied. */
export function migrateMarketplace(orm: MikroORM): Promise<string[]> {
  return migrateDatabase(orm, migrateAuditOf(orm));
}

/** `npm start`'s and the tests' preparation: both migration sets, then the demo seed when asked for and the database is empty. */
export function prepareMarketplace(orm: MikroORM, options: { seed: boolean }): Promise<{ migrated: string[]; seeded: boolean }> {
  return prepareDatabase(orm, { ...options, alsoUnderLock: migrateAuditOf(orm) });
}
