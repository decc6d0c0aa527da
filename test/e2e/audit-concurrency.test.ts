/**
 * P-80 under load: 200 concurrent requests through the gateway over HTTP, each touching sensitive
 * fields, leave exactly one audit record each, holding one decision per sensitive field, and an
 * unbroken chain; two appenders (two gateway processes) writing at once cannot fork it.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { auditRecords, auditRows, scriptEnv } from '../support/rights.js';
import { AuditLog, verifyAuditChain } from '../../gateway/audit/audit-log.js';
import { databaseKind } from '../../resolvers/orm.js';
import { openMarketplaceOrm } from '../../scripts/marketplace-database.js';
import { AuditRecord } from '../../gateway/audit/audit-record.entity.js';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

/** Two members reading their own real-name record: two sensitive decisions each (P-03: masked). */
const REQUESTS = [
  { persona: 'buyer', query: '{ me { realNameVerification { realName nationalId } } }', paths: ['me.realNameVerification.realName', 'me.realNameVerification.nationalId'], subject: 'm-buyer' },
  { persona: 'buyer-optout', query: '{ me { id realNameVerification { nationalId realName } } }', paths: ['me.realNameVerification.realName', 'me.realNameVerification.nationalId'], subject: 'm-optout' },
];

it('P-80 200 concurrent requests touching sensitive fields leave exactly one record each, one decision per sensitive field, with an unbroken chain', async () => {
  const before = (await auditRows(m.orm)).length;
  const recordsBefore = (await auditRecords(m.orm)).length;
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) => {
      const r = REQUESTS[i % REQUESTS.length]!;
      return m.ask(r.persona, r.query).then((answer) => ({ i, r, answer }));
    }),
  );
  for (const { answer } of answers) {
    expect(answer.status).toBe(200);
    expect(answer.body.data.me.realNameVerification.realName).toMatch(/\*/);
  }
  const rows = (await auditRows(m.orm)).slice(before);
  expect(rows).toHaveLength(200 * 2);
  const byRequest = new Map<string, any[]>();
  for (const row of rows) byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row]);
  expect(byRequest.size).toBe(200);
  for (const { r, answer } of answers) {
    // The audit names each request by the id the gateway gave it, which its response header carries.
    const entries = byRequest.get(answer.requestId!)!;
    expect(entries.map((e) => e.fieldPath).sort()).toEqual([...r.paths].sort());
    expect(entries.every((e) => e.subject === r.subject)).toBe(true);
    // One record per request: its decisions share one position in the chain.
    expect(entries[1].seq).toBe(entries[0].seq);
  }
  expect(new Set(rows.map((e) => e.seq)).size).toBe(200);
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true, records: recordsBefore + 200, decisions: before + 400 });
});

it('P-80 two appenders writing at once cannot fork the chain (on PostgreSQL: two connection pools, as two gateway processes)', async () => {
  // On PostgreSQL a second pool over the same database stands for a second gateway process; the
  // embedded SQLite file is single-process (one pool), so there the two logs race through it.
  const other = databaseKind() === 'postgresql' ? await openMarketplaceOrm({ dbName: m.orm.config.get('dbName') }) : m.orm;
  try {
    const logs = [new AuditLog(m.orm), new AuditLog(other)];
    const before = (await auditRecords(m.orm)).length;
    const decision = (k: number) => ({ subject: 'm-buyer', fieldPath: `me.f${k}`, coordinate: 'Member.phone', outcome: 'allow', rule: 'P-01' });
    const record = (i: number) => ({ at: new Date(), requestId: `proc-${i}`, callerSub: 'm-buyer', role: 'customer', purpose: null, caseRef: null, decisions: [decision(0), decision(1), decision(2)] });
    await Promise.all(Array.from({ length: 60 }, (_, i) => logs[i % 2]!.append(record(i))));
    const records = (await auditRecords(m.orm)).slice(before);
    expect(records).toHaveLength(60);
    expect(new Set(records.map((r) => r.prevHash)).size).toBe(60);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, k) => before + k + 1));
    // Each request's decisions stayed together, in order.
    for (let i = 0; i < 60; i++) expect((await auditRows(m.orm, { requestId: `proc-${i}` })).map((e) => e.fieldPath)).toEqual(['me.f0', 'me.f1', 'me.f2']);
    expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true, records: before + 60 });
  } finally {
    if (other !== m.orm) await other.close(true);
  }
});

it('P-80 the database refuses a second record at the same position: a writer with a stale head cannot fork the chain', async () => {
  const [head] = (await auditRecords(m.orm)).slice(-1);
  const fork = { ...head!, at: new Date(head!.at), requestId: 'fork-attempt', hash: 'e'.repeat(64) };
  await expect(m.orm.em.fork().insert(AuditRecord, fork)).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});

it('P-80 two processes appending to one database at once never fork the chain', async () => {
  const before = (await auditRecords(m.orm)).length;
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/audit/append-records.ts', '150'], { env: scriptEnv(m.orm), cwd: process.cwd() });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  // This process appends while the other does, one record after another each: their commits interleave.
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => ((stdout += d), stdout.includes('ready') && resolve()));
    void exited.then(() => reject(new Error(`the other process exited before appending: ${stderr}`)));
  });
  const log = new AuditLog(m.orm);
  const decision = (k: number) => ({ subject: 'm-optout', fieldPath: `me.f${k}`, coordinate: 'Member.phone', outcome: 'allow', rule: 'P-01' });
  for (let i = 0; i < 150; i++) {
    await log.append({ at: new Date(), requestId: `this-process-${i}`, callerSub: 'm-optout', role: 'customer', purpose: null, caseRef: null, decisions: [decision(0), decision(1)] });
    // A pause between requests, as the other process makes: each gets turns at the write lock.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(await exited, stderr).toBe(0);
  const records = (await auditRecords(m.orm)).slice(before);
  expect(records).toHaveLength(300);
  expect(records.map((r) => r.seq)).toEqual(records.map((_, k) => before + k + 1));
  for (const prefix of ['this-process-', 'other-process-']) expect(records.filter((r) => r.requestId.startsWith(prefix)).map((r) => r.requestId)).toEqual(Array.from({ length: 150 }, (_, i) => `${prefix}${i}`));
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true, records: before + 300 });
});

it('P-80 appends do not break the process\'s own transactions that read, wait, then write', async () => {
  const log = new AuditLog(m.orm);
  const decision = { subject: 'm-buyer', fieldPath: 'me.phone', coordinate: 'Member.phone', outcome: 'allow', rule: 'P-01' };
  const appends = Array.from({ length: 20 }, (_, i) => log.append({ at: new Date(), requestId: `beside-tx-${i}`, callerSub: 'm-buyer', role: 'customer', purpose: null, caseRef: null, decisions: [decision] }));
  // An audit commit on another connection between such a transaction's read and its write would
  // leave its snapshot stale: SQLite refuses the write (SQLITE_BUSY_SNAPSHOT).
  const connection = m.orm.em.getConnection();
  const transactions = Array.from({ length: 5 }, () =>
    connection.transactional(async (context) => {
      await connection.execute('select count(*) as n from audit_record', [], 'all', context);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await connection.execute("update accounts_member set id = id where id = 'm-buyer'", [], 'run', context);
    }),
  );
  await Promise.all([...appends, ...transactions]);
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});
