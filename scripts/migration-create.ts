/**
 * Generates the next migrations for both dialects (SQLite and PostgreSQL), from the entities, for
 * each owner of tables: the subgraphs' set (resolvers/migrations) and the gateway's access audit
 * (gateway/audit/migrations). Usage: npm run migration:create   (needs the local PostgreSQL for
 * the PostgreSQL diff)
 *
 * Migrations are kept per dialect because generated DDL differs; each set is diffed against a
 * scratch database brought up to its own latest migration first, holding only its own tables.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from '@mikro-orm/core';
import { initOrm } from '../resolvers/orm.js';
import { AUDIT_MIGRATIONS_TABLE, auditEntities } from '../gateway/audit/audit-migrations.js';

// Discover migration files on disk, so the new file's name follows the existing ones.
process.env.MIGRATION_DISCOVERY = '1';

const auditDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'gateway', 'audit', 'migrations');
const SETS = [
  { owner: 'subgraphs', listIn: 'resolvers/migrations/index.ts', options: (_kind: string): Partial<Options> => ({}) },
  {
    owner: 'gateway audit',
    listIn: 'gateway/audit/audit-migrations.ts',
    options: (kind: string): Partial<Options> => ({
      entities: auditEntities,
      migrations: { path: join(auditDir, kind), pathTs: join(auditDir, kind), tableName: AUDIT_MIGRATIONS_TABLE, transactional: true, emit: 'ts', snapshot: false, silent: true },
    }),
  },
];

const readdsCheck = (sql: string) => sql.trim() === '' || /^alter table \S+ add constraint \S+ check\(/.test(sql);

let written = 0;
for (const set of SETS) {
  for (const kind of ['sqlite', 'postgresql'] as const) {
    if (kind === 'postgresql') process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
    else delete process.env.DATABASE_URL;
    const scratch = `pg_migration_scratch_${process.pid}`;
    const orm = await initOrm({ ...(kind === 'sqlite' ? { dbName: ':memory:' } : { dbName: scratch }), ...set.options(kind) });
    try {
      if (kind === 'postgresql') await orm.schema.ensureDatabase();
      await orm.migrator.up();
      const result = await orm.migrator.createMigration();
      if (result.fileName && kind === 'sqlite') {
        // MikroORM reads no checks back from SQLite, so it asks again for each one the entities
        // declare; SQLite has no `add constraint`: a migration that adds one rebuilds its table.
        const file = join(orm.config.get('migrations').path!, result.fileName);
        if (result.diff.up.every(readdsCheck)) {
          unlinkSync(file);
          result.fileName = '';
        } else {
          writeFileSync(file, readFileSync(file, 'utf8').replace(/\n *this\.addSql\(`alter table \S+ add constraint \S+ check\(.*\);\n/g, '\n'));
        }
      }
      if (result.fileName) written++;
      console.log(`${set.owner}, ${kind}: ${result.fileName ? `wrote ${result.fileName}` : 'schema is up to date, nothing written'}`);
    } finally {
      await orm.close();
      if (kind === 'postgresql') {
        const admin = await initOrm({ dbName: 'postgres' });
        await admin.schema.dropDatabase(scratch);
        await admin.close();
      }
    }
  }
}
if (written) console.log(`list each new migration in ${SETS.map((s) => s.listIn).join(' or ')} (the set it belongs to)`);
