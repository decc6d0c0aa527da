/**
 * P-80 under load: 200 concurrent requests through the gateway over HTTP, each touching sensitive
 * fields, leave exactly one audit entry per sensitive decision and an unbroken chain; two
 * appenders (two gateway processes) writing at once cannot fork it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { auditRows } from '../support/rights.js';
import { AuditLog, verifyAuditChain } from '../../gateway/audit/audit-log.js';
import { databaseKind } from '../../resolvers/orm.js';
import { openMarketplaceOrm } from '../../scripts/marketplace-database.js';
import { AuditEntry } from '../../gateway/audit/audit-entry.entity.js';
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

it('P-80 200 concurrent requests touching sensitive fields leave exactly one entry per sensitive decision, with an unbroken chain', async () => {
  const before = (await auditRows(m.orm)).length;
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
    // One batch per request: its entries are consecutive in the chain.
    expect(entries[1].seq - entries[0].seq).toBe(1);
  }
  expect(rows.map((e) => e.seq)).toEqual(rows.map((_, k) => before + k + 1));
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true, entries: before + 400 });
});

it('P-80 two appenders writing at once cannot fork the chain (on PostgreSQL: two connection pools, as two gateway processes)', async () => {
  // On PostgreSQL a second pool over the same database stands for a second gateway process; the
  // embedded SQLite file is single-process (one pool), so there the two logs race through it.
  const other = databaseKind() === 'postgresql' ? await openMarketplaceOrm({ dbName: m.orm.config.get('dbName') }) : m.orm;
  try {
    const logs = [new AuditLog(m.orm), new AuditLog(other)];
    const before = (await auditRows(m.orm)).length;
    const entry = (i: number, k: number) => ({ at: new Date(), requestId: `proc-${i}`, callerSub: 'm-buyer', role: 'customer', purpose: null, caseRef: null, subject: 'm-buyer', fieldPath: `me.f${k}`, coordinate: 'Member.phone', outcome: 'allow', rule: 'P-01' });
    await Promise.all(Array.from({ length: 60 }, (_, i) => logs[i % 2]!.append([entry(i, 0), entry(i, 1), entry(i, 2)])));
    const rows = (await auditRows(m.orm)).slice(before);
    expect(rows).toHaveLength(180);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(180);
    // Each batch stayed contiguous.
    for (let i = 0; i < 60; i++) {
      const seqs = rows.filter((r) => r.requestId === `proc-${i}`).map((r) => r.seq);
      expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2]);
    }
    expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true, entries: before + 180 });
  } finally {
    if (other !== m.orm) await other.close(true);
  }
});

it('P-80 the database refuses a second entry at the same position: a writer with a stale head cannot fork the chain', async () => {
  const [head] = (await auditRows(m.orm)).slice(-1);
  const fork = { ...head, requestId: 'fork-attempt', hash: 'e'.repeat(64) };
  await expect(m.orm.em.fork().insert(AuditEntry, fork)).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});
