import type { MikroORM } from '@mikro-orm/core';
import { closeSync, existsSync, openSync } from 'node:fs';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { withMigrationLock } from './migration-lock.js';
import { ownerOnly } from './orm.js';

/** A database the running code cannot use yet: the deploy's `npm run migrate` has not run. */
export class DatabaseNotMigratedError extends Error {}

/**
 * Creates the database if it is missing and applies the pending migrations, under the migration
 * lock: of concurrent runs one applies, the others find nothing to do. `alsoUnderLock` applies
 * another owner's migration set while the same lock is held. Returns the names applied.
 */
export async function migrateDatabase(orm: MikroORM, alsoUnderLock?: () => Promise<string[]>): Promise<string[]> {
  // A new SQLite file is made here, by its owner for its owner: created before the driver opens
  // it, so it is never readable by others, not even until the migration ends. Only a missing one:
  // closing a descriptor of a file the connection holds drops the process's POSIX locks on it, and
  // another process closing the database (audit:verify) would then delete the write-ahead log under it.
  const dbName = orm.config.get('dbName');
  const sqliteFile = orm.config.get('driver') === LibSqlDriver && dbName && dbName !== ':memory:' ? dbName : null;
  if (sqliteFile && !existsSync(sqliteFile)) createOwnerOnly(sqliteFile);
  await ensureDatabase(orm);
  const applied = await withMigrationLock(orm, 'migrate', async () => [...(await applyPendingMigrations(orm)), ...((await alsoUnderLock?.()) ?? [])]);
  if (sqliteFile) ownerOnly(sqliteFile);
  return applied;
}

/** Creates an empty file readable by its owner only; one created meanwhile by another run is left as it is. */
function createOwnerOnly(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Applies `orm`'s pending migrations, with no lock of its own: for a caller that holds the migration lock. */
export async function applyPendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.up()).map((m) => m.name);
}

/**
 * Refuses a database that is unreachable or behind the code's migrations, in one line naming the
 * fix. Changes nothing: a subgraph or gateway started on its own never migrates.
 */
export async function assertDatabaseMigrated(orm: MikroORM): Promise<void> {
  const connection = await orm.checkConnection();
  if (!connection.ok) throw new DatabaseNotMigratedError(`database not ready (${connection.reason}); run \`npm run migrate\` first`);
  const pending = await withMigrationLock(orm, 'check', async () => {
    const table = orm.config.get('migrations').tableName ?? 'mikro_orm_migrations';
    const knex = (orm.em.getConnection() as any).getKnex();
    if (!(await knex.schema.hasTable(table))) return ['all'];
    return (await orm.migrator.getPendingMigrations()).map((m) => m.name);
  });
  if (pending.length) {
    throw new DatabaseNotMigratedError(`database schema is not migrated (pending: ${pending.join(', ')}); run \`npm run migrate\` first`);
  }
}

/** CREATE DATABASE when missing; a concurrent run creating it first is not an error. */
async function ensureDatabase(orm: MikroORM): Promise<void> {
  const dbName = orm.config.get('dbName');
  try {
    await orm.schema.ensureDatabase({ forceCheck: true });
  } catch (error) {
    // ensureDatabase switched to the management database to create ours; switch back and look again.
    orm.config.set('dbName', dbName);
    await orm.reconnect();
    try {
      await orm.schema.ensureDatabase({ forceCheck: true });
    } catch {
      throw new Error(`database unreachable: ${(error as Error).message}`);
    }
  }
}
