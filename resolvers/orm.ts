import { MikroORM, type Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { SeedManager } from '@mikro-orm/seeder';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allEntities } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Which database the marketplace runs on: PostgreSQL when DATABASE_URL is set, else embedded SQLite.
 * A DATABASE_URL that is no PostgreSQL URL (`pg://`, `POSTGRES://`, a leading space, `mysql://`)
 * is refused, never read as "unset": a deploy's migration and audit check passed on the local file.
 */
export function databaseKind(env = process.env): 'postgresql' | 'sqlite' {
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') return 'sqlite';
  if (/^postgres(?:ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error('DATABASE_URL must start with postgres:// or postgresql:// (unset it for the embedded SQLite); the value given has another form, and no database was opened');
}

/**
 * Opens the marketplace database through MikroORM.
 *
 * The embedded default is a SQLite file under DATA_DIR (created on first start) through the
 * libsql driver, which installs without compiling; `DATABASE_URL=postgres://...` switches to
 * PostgreSQL. Migrations are kept per dialect because generated DDL differs between them.
 * Tests pass `{ dbName: ':memory:' }` or their own file. Opening never creates or migrates the
 * database: see migrateDatabase and assertDatabaseMigrated.
 */
export async function initOrm(overrides: Partial<Options> = {}): Promise<MikroORM> {
  const kind = databaseKind();
  const dataDir = process.env.DATA_DIR ?? '.data';
  const base: Options =
    kind === 'postgresql'
      ? { driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL }
      : { driver: LibSqlDriver, dbName: join(dataDir, 'marketplace.db'), pool: { afterCreate: sqlitePragmas } };
  const options: Options = {
    ...base,
    entities: allEntities,
    extensions: [Migrator, SeedManager],
    migrations: {
      path: join(here, 'migrations', kind),
      pathTs: join(here, 'migrations', kind),
      transactional: true,
      emit: 'ts',
      migrationsList: process.env.MIGRATION_DISCOVERY ? undefined : MIGRATIONS[kind],
      snapshot: false,
      silent: true,
    },
    seeder: { path: here, defaultSeeder: 'DemoSeeder' },
    debug: false,
    // Only migrateDatabase creates a database: a process that merely connects never does.
    ensureDatabase: false,
    allowGlobalContext: false,
    ...overrides,
  };
  const dbName = options.dbName;
  if (options.driver === LibSqlDriver && dbName && dbName !== ':memory:') {
    mkdirSync(dirname(dbName), { recursive: true, mode: 0o700 });
    ownerOnly(dbName);
  }
  return MikroORM.init(options);
}

/**
 * An SQLite file holds every subgraph's personal data: its owner reads it, no other local user.
 * SQLite gives new -wal and -shm files the database file's permissions. Called on opening and
 * after a migration, which creates the file.
 */
export function ownerOnly(dbName: string): void {
  for (const file of [dbName, `${dbName}-wal`, `${dbName}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/** How long an SQLite statement waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Every SQLite connection (the pool renews them) runs in WAL mode, so readers in other processes
 * never block on a writer, and waits up to 5 s for a lock instead of failing with SQLITE_BUSY.
 * `secure_delete` overwrites what a delete or an update frees, so an erased value (P-62) does not
 * stay readable in the file's free pages.
 */
function sqlitePragmas(connection: { exec(sql: string): void }, done: (error?: Error) => void): void {
  try {
    connection.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;`);
    done();
  } catch (error) {
    done(error as Error);
  }
}

/**
 * After an erasure, a retention run or a correction (P-62, P-66, P-61) on SQLite: the pages it
 * rewrote are copied into the database file and the write-ahead log is emptied, so the old values'
 * pages are in neither. Best effort and without waiting: with no busy timeout, a checkpoint that a
 * reader holds back (a backup, another process's long read) copies what it can and returns, where
 * waiting would hold the write lock, and every writer behind it, for the timeout; the next
 * checkpoint copies the rest.
 */
export async function flushErasedPages(orm: MikroORM): Promise<void> {
  if (orm.config.get('driver') !== LibSqlDriver) return;
  const connection = orm.em.getConnection();
  try {
    await connection.execute('PRAGMA busy_timeout = 0');
    await connection.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy: the next checkpoint copies the rest.
  } finally {
    await connection.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`).catch(() => undefined);
  }
}
