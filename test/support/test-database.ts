import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM, Options } from '@mikro-orm/core';
import { databaseKind, initOrm } from '../../resolvers/orm.js';
import { openMarketplaceOrm, prepareMarketplace } from '../../scripts/marketplace-database.js';

/** A database of a test file's own, and how to throw it away. */
export interface TestDatabase {
  orm: MikroORM;
  drop(): Promise<void>;
}

/**
 * Opens a fresh, migrated and seeded database for one test file: a SQLite file in a temp folder by
 * default, or a new PostgreSQL database (dropped afterwards) when DATABASE_URL is set, so test
 * files never share tables, whichever database CI runs them on.
 */
export async function openTestDatabase(overrides: Partial<Options> = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-gateway-db-'));
  const pgName = `pg_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const postgres = databaseKind() === 'postgresql';
  const orm = await openMarketplaceOrm({ ...(postgres ? { dbName: pgName } : { dbName: join(dir, 'marketplace.db') }), ...overrides });
  await prepareMarketplace(orm, { seed: true });
  return {
    orm,
    async drop() {
      await orm.close(true);
      if (postgres) {
        const admin = await initOrm({ dbName: 'postgres' });
        await admin.schema.dropDatabase(pgName);
        await admin.close(true);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
