import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM, Options } from '@mikro-orm/core';
import { afterEach } from 'vitest';
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
  const database = await openEmptyTestDatabase(overrides);
  await prepareMarketplace(database.orm, { seed: true });
  return database;
}

/** The same database, created and empty: no table, no migration applied (for tests of the migrations themselves). */
export async function openEmptyTestDatabase(overrides: Partial<Options> = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-gateway-db-'));
  const pgName = `pg_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const postgres = databaseKind() === 'postgresql';
  const orm = await openMarketplaceOrm({ ...(postgres ? { dbName: pgName } : { dbName: join(dir, 'marketplace.db') }), ...overrides });
  if (postgres) await orm.schema.ensureDatabase();
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

/** For a test file: a function that opens an empty database, each dropped after the test that opened it. */
export function emptyDatabasePerTest(): () => Promise<MikroORM> {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.drop();
  });
  return async () => {
    const database = await openEmptyTestDatabase();
    opened.push(database);
    return database.orm;
  };
}
