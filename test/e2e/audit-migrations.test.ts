/**
 * The access audit's table is the gateway's, with its own migration set and migrations table
 * (gateway/audit/migrations): the subgraphs' migrations create no `audit_entry`, and a database
 * whose `audit_entry` was made by older subgraph migrations keeps its table and its chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { afterEach, expect, it } from 'vitest';
import { databaseKind, initOrm } from '../../resolvers/orm.js';
import { migrateDatabase } from '../../resolvers/migrate-database.js';
import { migrateMarketplace, openMarketplaceOrm } from '../../scripts/marketplace-database.js';
import { AUDIT_MIGRATIONS_TABLE } from '../../gateway/audit/audit-migrations.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freshOrm(): Promise<MikroORM> {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-gateway-audit-migrations-'));
  const pgName = `pg_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const postgres = databaseKind() === 'postgresql';
  const orm = await openMarketplaceOrm(postgres ? { dbName: pgName } : { dbName: join(dir, 'marketplace.db') });
  cleanups.push(async () => {
    await orm.close(true);
    if (postgres) {
      const admin = await initOrm({ dbName: 'postgres' });
      await admin.schema.dropDatabase(pgName);
      await admin.close(true);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return orm;
}

const knexOf = (orm: MikroORM) => (orm.em.getConnection() as any).getKnex();

it("P-80 the subgraphs' migrations create no audit table; the gateway's set does, recorded in its own migrations table", async () => {
  const orm = await freshOrm();
  await migrateDatabase(orm);
  expect(await knexOf(orm).schema.hasTable('audit_entry')).toBe(false);
  const applied = await migrateMarketplace(orm);
  expect(applied).toEqual(['Migration20261204120000']);
  expect(await knexOf(orm).schema.hasTable('audit_entry')).toBe(true);
  expect(await knexOf(orm)(AUDIT_MIGRATIONS_TABLE).pluck('name')).toEqual(['Migration20261204120000']);
  expect(await migrateMarketplace(orm)).toEqual([]);
});

it('P-80 a database whose audit_entry the older subgraph migrations made keeps its table and its entries', async () => {
  const orm = await freshOrm();
  await migrateDatabase(orm);
  const knex = knexOf(orm);
  // The table as the older subgraph migration created it, with one entry of a chain.
  await knex.schema.createTable('audit_entry', (t: any) => {
    t.integer('seq').primary();
    t.datetime('at').notNullable();
    t.string('request_id').notNullable();
    for (const c of ['caller_sub', 'purpose', 'case_ref', 'subject']) t.string(c).nullable();
    for (const c of ['role', 'coordinate', 'outcome', 'rule']) t.string(c).notNullable();
    t.text('field_path').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique('audit_entry_hash_unique');
  });
  const entry = { seq: 1, at: new Date(), request_id: 'r-1', role: 'customer', subject: 'm-buyer', field_path: 'me.phone', coordinate: 'Member.phone', outcome: 'allow', rule: 'P-21', prev_hash: '0'.repeat(64), hash: 'a'.repeat(64) };
  await knex('audit_entry').insert(entry);

  expect(await migrateMarketplace(orm)).toEqual(['Migration20261204120000']);
  expect(await knex('audit_entry').pluck('hash')).toEqual(['a'.repeat(64)]);
  expect(await migrateMarketplace(orm)).toEqual([]);
});
