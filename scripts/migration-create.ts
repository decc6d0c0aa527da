/**
 * Generates the next migration for both dialects (SQLite and PostgreSQL), from the entities.
 * Usage: npm run migration:create   (needs the local PostgreSQL for the PostgreSQL diff)
 *
 * Migrations are kept per dialect because generated DDL differs; each is diffed against a
 * scratch database brought up to the latest migration first.
 */
import { initOrm } from '../resolvers/orm.js';

// Discover migration files on disk, so the new file's name follows the existing ones.
process.env.MIGRATION_DISCOVERY = '1';

const scratch = `pg_migration_scratch_${process.pid}`;
for (const kind of ['sqlite', 'postgresql'] as const) {
  if (kind === 'postgresql') process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  else delete process.env.DATABASE_URL;
  const orm = await initOrm(kind === 'sqlite' ? { dbName: ':memory:' } : { dbName: scratch });
  try {
    if (kind === 'postgresql') await orm.schema.ensureDatabase();
    await orm.migrator.up();
    const result = await orm.migrator.createMigration();
    console.log(`${kind}: ${result.fileName ? `wrote ${result.fileName}` : 'schema is up to date, nothing written'}`);
  } finally {
    if (kind === 'postgresql') {
      await orm.close();
      const admin = await initOrm({ dbName: 'postgres' });
      await admin.schema.dropDatabase(scratch);
      await admin.close();
    } else await orm.close();
  }
}
