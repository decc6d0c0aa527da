/**
 * The access audit's tables are the gateway's, with their own migration set and migrations table
 * (gateway/audit/migrations): the subgraphs' migrations create none of them. A database whose audit
 * is still one row per decision (`audit_entry`) has its verified entries moved into records, one
 * per request, and one whose entries do not verify is left as it is.
 */
import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import Database from 'libsql';
import { expect, it } from 'vitest';
import { migrateDatabase } from '../../resolvers/migrate-database.js';
import { migrateMarketplace } from '../../scripts/marketplace-database.js';
import { emptyDatabasePerTest } from '../support/test-database.js';
import { AUDIT_MIGRATIONS_TABLE } from '../../gateway/audit/audit-migrations.js';
import { readAuditEntries, verifyAuditChain } from '../../gateway/audit/audit-log.js';
import { hashAuditRecord } from '../../gateway/audit/audit-chain.js';

const freshOrm = emptyDatabasePerTest();

const knexOf = (orm: MikroORM) => (orm.em.getConnection() as any).getKnex();

const ALL = ['Migration20261204120000', 'Migration20261205090000', 'Migration20261206090000'];

it("P-80 the subgraphs' migrations create no audit table; the gateway's set does, recorded in its own migrations table", async () => {
  const orm = await freshOrm();
  await migrateDatabase(orm);
  expect(await knexOf(orm).schema.hasTable('audit_record')).toBe(false);
  const applied = await migrateMarketplace(orm);
  expect(applied).toEqual(ALL);
  expect(await knexOf(orm).schema.hasTable('audit_record')).toBe(true);
  expect(await knexOf(orm).schema.hasTable('audit_subject')).toBe(true);
  expect(await knexOf(orm).schema.hasTable('audit_entry')).toBe(false);
  expect(await knexOf(orm)(AUDIT_MIGRATIONS_TABLE).pluck('name')).toEqual(ALL);
  expect(await migrateMarketplace(orm)).toEqual([]);
});

/** The per-decision table as the older subgraph migration created it. */
async function legacyTable(orm: MikroORM) {
  await knexOf(orm).schema.createTable('audit_entry', (t: any) => {
    t.integer('seq').primary();
    t.datetime('at').notNullable();
    t.string('request_id').notNullable();
    for (const c of ['caller_sub', 'purpose', 'case_ref', 'subject']) t.string(c).nullable();
    for (const c of ['role', 'coordinate', 'outcome', 'rule']) t.string(c).notNullable();
    t.text('field_path').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique('audit_entry_hash_unique');
  });
}

/** Entries chained as the per-decision layout hashed them: sha256(prevHash + JSON of the entry with sorted keys). */
function legacyChain(decisions: { request: string; subject: string | null; path: string; outcome: string }[]) {
  let prev = '0'.repeat(64);
  const at = new Date('2026-11-30T10:00:00.000Z');
  return decisions.map((d, i) => {
    const content = { at: at.toISOString(), callerSub: 'u-merchant-deer', caseRef: null, coordinate: 'Order.consigneePhone', fieldPath: d.path, outcome: d.outcome, purpose: 'essential.service.operations', requestId: d.request, role: 'merchant', rule: 'P-21', seq: i + 1, subject: d.subject };
    const hash = createHash('sha256').update(prev + JSON.stringify(content)).digest('hex');
    const row = { seq: i + 1, at, request_id: d.request, caller_sub: content.callerSub, role: 'merchant', purpose: content.purpose, case_ref: null, subject: d.subject, field_path: d.path, coordinate: content.coordinate, outcome: d.outcome, rule: 'P-21', prev_hash: prev, hash };
    prev = hash;
    return row;
  });
}

/** Runs `step` as the operator who keys a chain written before the key: AUDIT_KEY_UNKEYED_CHAIN=1. */
async function withUnkeyedChainKeyed<T>(step: () => Promise<T>): Promise<T> {
  process.env.AUDIT_KEY_UNKEYED_CHAIN = '1';
  try {
    return await step();
  } finally {
    delete process.env.AUDIT_KEY_UNKEYED_CHAIN;
  }
}

const DECISIONS = [
  { request: 'r-1', subject: 'm-buyer', path: 'storeOrders.0.consigneePhone', outcome: 'mask' },
  { request: 'r-1', subject: 'm-optout', path: 'storeOrders.1.consigneePhone', outcome: 'mask' },
  { request: 'r-2', subject: 'm-buyer', path: 'order.consigneePhone', outcome: 'block' },
];

it('P-80 a per-decision audit is verified and moved into records, one per request, each decision and the chain kept', async () => {
  const orm = await freshOrm();
  await migrateDatabase(orm);
  await legacyTable(orm);
  await knexOf(orm)('audit_entry').insert(legacyChain(DECISIONS));

  // Records written before the key are keyed only when the operator says so, once.
  await expect(migrateMarketplace(orm)).rejects.toThrow(/hashed without a key.*AUDIT_KEY_UNKEYED_CHAIN=1/);
  expect(await knexOf(orm).schema.hasTable('audit_entry')).toBe(true);
  expect(await withUnkeyedChainKeyed(() => migrateMarketplace(orm))).toEqual(ALL);
  expect(await knexOf(orm).schema.hasTable('audit_entry')).toBe(false);
  expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ ok: true, records: 2, decisions: 3 });
  const entries = await readAuditEntries(orm.em, {});
  expect(entries.map((e) => [e.seq, e.requestId, e.subject, e.fieldPath, e.outcome, e.at])).toEqual(DECISIONS.map((d) => [d.request === 'r-1' ? 1 : 2, d.request, d.subject, d.path, d.outcome, '2026-11-30T10:00:00.000Z']));
  expect((await readAuditEntries(orm.em, { subject: 'm-optout' })).map((e) => e.fieldPath)).toEqual(['storeOrders.1.consigneePhone']);
  expect(await migrateMarketplace(orm)).toEqual([]);
});

it('P-80 a per-decision audit that does not verify is left as it is: the migration stops, naming the entry, and loses nothing', async () => {
  const orm = await freshOrm();
  await migrateDatabase(orm);
  await legacyTable(orm);
  const rows = legacyChain(DECISIONS);
  rows[1]!.outcome = 'allow'; // edited after it was written
  await knexOf(orm)('audit_entry').insert(rows);

  await expect(migrateMarketplace(orm)).rejects.toThrow(/entry seq 2 does not verify; the audit was left as it is/);
  expect(await knexOf(orm)('audit_entry').orderBy('seq').pluck('hash')).toEqual(rows.map((r) => r.hash));
  expect(await knexOf(orm).schema.hasTable('audit_record')).toBe(false);
});

it('P-80 a keyed audit rewritten without the key, its keying migration unrecorded, is not keyed again by the next migrate: it stops and the forgery stays detectable', async () => {
  const orm = await freshOrm();
  await migrateDatabase(orm);
  await legacyTable(orm);
  await knexOf(orm)('audit_entry').insert(legacyChain(DECISIONS));
  await withUnkeyedChainKeyed(() => migrateMarketplace(orm));
  expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ ok: true });
  // Someone with write access to the database but not the key: every record re-hashed unkeyed, and the keying forgotten.
  const records = await knexOf(orm)('audit_record').orderBy('seq');
  let prev = '0'.repeat(64);
  for (const record of records) {
    const hash = hashAuditRecord(null, prev, { seq: record.seq, at: new Date(record.at).toISOString(), requestId: record.request_id, callerSub: 'u-merchant-lantern', role: record.role, purpose: record.purpose, caseRef: record.case_ref, decisions: record.decisions });
    await knexOf(orm)('audit_record').where({ seq: record.seq }).update({ caller_sub: 'u-merchant-lantern', prev_hash: prev, hash });
    prev = hash;
  }
  await knexOf(orm)(AUDIT_MIGRATIONS_TABLE).where({ name: 'Migration20261206090000' }).delete();

  await expect(migrateMarketplace(orm)).rejects.toThrow(/hashed without a key/);
  expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ ok: false, firstBad: { seq: 1, problem: 'unkeyed' } });
});

it('P-80 a record outside the chain (seq 0, a negative seq) is found by the verifier as inserted', async () => {
  const orm = await freshOrm();
  await migrateMarketplace(orm);
  await knexOf(orm)('audit_record').insert({ seq: 0, at: new Date(), request_id: 'forged', caller_sub: 'u-officer', role: 'privacy_officer', purpose: 'essential.legal_obligation', case_ref: 'CASE-FAKE', decisions: '[]', prev_hash: '0'.repeat(64), hash: 'deadbeef' });
  expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ ok: false, firstBad: { seq: 0, problem: 'inserted' } });
});

it('P-80 a NUL appended to a record\'s request id or to its subject in the index (SQLite keeps it; the driver reads up to it) is found by the verifier as an edit', async () => {
  const orm = await freshOrm();
  await migrateMarketplace(orm);
  if (orm.config.get('driver')?.name !== 'LibSqlDriver') return; // PostgreSQL refuses a NUL in text
  const key = 'k';
  let prev = '0'.repeat(64);
  const content = { seq: 1, at: new Date('2026-12-01T10:00:00.000Z').toISOString(), requestId: 'r-1', callerSub: 'u-merchant-deer', role: 'merchant', purpose: 'essential.service.operations', caseRef: null, decisions: JSON.stringify([['m-buyer', 'order.consigneePhone', 'Order.consigneePhone', 'mask', 'P-21']]) };
  const hash = hashAuditRecord(key, prev, content);
  await knexOf(orm)('audit_record').insert({ seq: 1, at: new Date(content.at), request_id: 'r-1', caller_sub: content.callerSub, role: content.role, purpose: content.purpose, case_ref: null, decisions: content.decisions, prev_hash: prev, hash });
  await knexOf(orm)('audit_subject').insert({ seq: 1, subject: 'm-buyer' });
  expect(await verifyAuditChain(orm.em.fork(), key)).toMatchObject({ ok: true, records: 1 });
  await orm.em.getConnection().execute("update audit_subject set subject = subject || char(0) where seq = 1");
  expect(await verifyAuditChain(orm.em.fork(), key)).toMatchObject({ ok: false, firstBad: { seq: 1, problem: 'edited' } });
  await orm.em.getConnection().execute("update audit_subject set subject = 'm-buyer' where seq = 1");
  await orm.em.getConnection().execute("update audit_record set request_id = request_id || char(0) || 'x' where seq = 1");
  expect(await verifyAuditChain(orm.em.fork(), key)).toMatchObject({ ok: false, firstBad: { seq: 1, problem: 'edited' } });
});

it('P-80 an index edited out of step with its table (through sqlite_master), so that a search by request id misses a record, is found by the verifier', async () => {
  const orm = await freshOrm();
  await migrateMarketplace(orm);
  if (orm.config.get('driver')?.name !== 'LibSqlDriver') return; // PostgreSQL's catalog is not writable this way
  const key = 'k';
  const content = { seq: 1, at: new Date('2026-12-01T10:00:00.000Z').toISOString(), requestId: 'r-1', callerSub: 'u-merchant-deer', role: 'merchant', purpose: 'essential.service.operations', caseRef: null, decisions: JSON.stringify([['m-buyer', 'order.consigneePhone', 'Order.consigneePhone', 'mask', 'P-21']]) };
  await knexOf(orm)('audit_record').insert({ seq: 1, at: new Date(content.at), request_id: 'r-1', caller_sub: content.callerSub, role: content.role, purpose: content.purpose, case_ref: null, decisions: content.decisions, prev_hash: '0'.repeat(64), hash: hashAuditRecord(key, '0'.repeat(64), content) });
  await knexOf(orm)('audit_subject').insert({ seq: 1, subject: 'm-buyer' });
  expect(await verifyAuditChain(orm.em.fork(), key)).toMatchObject({ ok: true });
  const file = String(orm.config.get('dbName'));
  const step = (sql: string) => {
    const db = new Database(file);
    db.exec(sql);
    db.close();
  };
  const index = 'CREATE INDEX `audit_record_request_id_index` on `audit_record` (`request_id`)';
  step("update audit_record set request_id = 'hidden' where seq = 1");
  step(`pragma writable_schema = 1; update sqlite_master set sql = '${index.replace(/'/g, "''")} where 0' where name = 'audit_record_request_id_index'`);
  step("update audit_record set request_id = 'r-1' where seq = 1"); // the index, partial for now, still holds 'hidden'
  step(`pragma writable_schema = 1; update sqlite_master set sql = '${index.replace(/'/g, "''")}' where name = 'audit_record_request_id_index'`);
  await orm.close(true);
  const reopened = await orm.reconnect().then(() => orm);
  expect(await knexOf(reopened)('audit_record').where({ request_id: 'r-1' }).pluck('seq')).toEqual([]);
  expect(await verifyAuditChain(reopened.em.fork(), key)).toMatchObject({ ok: false, firstBad: { problem: 'edited', message: expect.stringMatching(/audit_record table's indexes do not match its rows/) } });
});
