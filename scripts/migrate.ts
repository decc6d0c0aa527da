/**
 * npm run migrate — the deploy's schema step, run once before the subgraphs and the gateway start:
 * creates the database if missing and applies the pending migrations (the subgraphs' set, then the
 * gateway's access audit set, each with its own migrations table) under the migration lock
 * (PostgreSQL: an advisory lock, so concurrent runs are safe; SQLite: run it from one process).
 * Idempotent; never seeds. Prints what it applied.
 */
import { databaseKind, initOrm } from '../resolvers/orm.js';
import { migrateMarketplace } from './marketplace-database.js';

console.log(`database: ${databaseKind() === 'postgresql' ? 'PostgreSQL (DATABASE_URL)' : `SQLite at ${process.env.DATA_DIR ?? '.data'}/marketplace.db`}`);
const orm = await initOrm();
try {
  const applied = await migrateMarketplace(orm);
  console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations applied: none (up to date)');
} catch (error) {
  console.error(`migrate failed: ${(error as Error).message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await orm.close(true);
}
