/**
 * The retention job (P-66): anonymizes the data past its retention period, per category, as
 * configured in directives/policy.json `retentionDays`, and reports what it changed. Idempotent:
 * a second run over the same data changes nothing. Run it from a scheduler (cron, a Kubernetes
 * CronJob), or let the gateway run it (`RETENTION_INTERVAL_MS`, hourly and at start by default).
 *
 * Usage: npm run retention [-- --now 2030-01-01T00:00:00Z] [-- --json]
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MikroORM } from '@mikro-orm/core';
import { loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { DatabaseNotMigratedError, assertDatabaseMigrated } from '../resolvers/migrate-database.js';
import { databaseKind, initOrm } from '../resolvers/orm.js';
import { SUBGRAPH_MODULES } from '../resolvers/modules.js';
import { formatRetentionRun, runRetention } from '../resolvers/retention.js';

const USAGE = 'usage: npm run retention [-- --now <ISO date, not in the future>] [-- --json]';
let options: { now?: string; json?: boolean };
try {
  // Strict: a flag it does not know (`--dry-run`) would otherwise be ignored by a job that erases.
  options = parseArgs({ args: process.argv.slice(2), options: { now: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
} catch (error) {
  console.error(`retention: ${(error as Error).message}; nothing was changed\n${USAGE}`);
  process.exit(2);
}
const now = options.now !== undefined ? Date.parse(options.now) : Date.now();
if (Number.isNaN(now)) {
  console.error(`retention: --now ${options.now} is not a date; nothing was changed\n${USAGE}`);
  process.exit(2);
}
// A day to come would anonymize rows before their period ends: data lost that the policy keeps.
if (now > Date.now() + 60_000) {
  console.error(`retention: --now ${options.now} is in the future, which would anonymize data before its retention period ends; nothing was changed`);
  process.exit(2);
}
// A job that erases creates nothing: on a database that is missing or not migrated it names the one to use.
const dataDir = process.env.DATA_DIR ?? '.data';
const sqliteFile = join(dataDir, 'marketplace.db');
// An empty file is no database either: opened, it would be made one.
if (databaseKind() === 'sqlite' && !(existsSync(sqliteFile) && statSync(sqliteFile).isFile() && statSync(sqliteFile).size > 0)) {
  console.error(`retention: no database at ${sqliteFile}: set DATA_DIR, or DATABASE_URL for PostgreSQL; nothing was changed`);
  process.exit(2);
}
let policy: PolicyConfig;
let orm: MikroORM;
try {
  policy = loadPolicyConfig();
} catch (error) {
  console.error(`retention: ${(error as Error).message}\nnothing was changed`);
  process.exit(2);
}
try {
  orm = await initOrm();
} catch (error) {
  console.error(`retention: cannot open the database (${String((error as Error)?.message ?? error).split('\n')[0]}); nothing was changed`);
  process.exit(2);
}
try {
  await assertDatabaseMigrated(orm);
} catch (error) {
  const reason = error instanceof DatabaseNotMigratedError ? error.message : `cannot open the database (${String((error as Error)?.message ?? error).split('\n')[0]})`;
  console.error(`retention: ${reason}; nothing was changed`);
  await orm.close(true);
  process.exit(2);
}
try {
  const run = await runRetention(orm, SUBGRAPH_MODULES, { retentionDays: policy.retentionDays, now });
  console.log(options.json ? JSON.stringify(run, null, 2) : formatRetentionRun(run));
  process.exitCode = Object.keys(run.failed).length ? 1 : 0;
} finally {
  await orm.close(true);
}
