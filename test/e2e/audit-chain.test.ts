/**
 * P-80 end to end: the hash-chained access audit, through the gateway over HTTP, and its
 * verification after an attacker with database access edits, deletes or inserts one record, or
 * edits the subject index.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORDERS, orderTotal } from '../../resolvers/demo-orders.js';
import { Marketplace } from '../support/marketplace.js';
import { databaseKind } from '../../resolvers/orm.js';
import { PSEUDONYM } from '../support/privacy-assertions.js';
import { auditRecords, auditRows, npmRun, sql } from '../support/rights.js';
import { verifyAuditChain } from '../../gateway/audit/audit-log.js';
import { loadAuditChainKey } from '../../gateway/audit/audit-key.js';
import { encodeDecisions, hashAuditRecord, type ChainedAuditRecord } from '../../gateway/audit/audit-chain.js';

let m: Marketplace;
let merchantAnswer: Awaited<ReturnType<Marketplace['ask']>>;
/** The gateway's request ids (x-request-id), by the name this file gives each request. */
const ids: Record<string, string> = {};
const idOf = <T extends { requestId?: string | null }>(answer: T, name: string): T => ((ids[name] = answer.requestId!), answer);
beforeAll(async () => {
  m = await Marketplace.start();
  // Some history: the member reads their own sensitive data, a merchant is refused a customs id, an
  // agent verifies an identity.
  idOf(await m.ask('buyer', '{ me { realNameVerification { realName nationalId } } }'), 'req-own');
  merchantAnswer = idOf(await m.ask('merchant-deer', '{ order(id: "o-1041") { id customsId } }'), 'req-merchant');
  idOf(await m.ask('agent', '{ member(id: "m-buyer") { realNameVerification { realName nationalId } } }', { purpose: 'essential.service.authentication' }), 'req-agent');
});
afterAll(async () => {
  await m?.close();
});

const verify = () => verifyAuditChain(m.orm.em.fork());

describe('the access audit', () => {
  it('P-80 every decision on a sensitive field is appended: caller, role, purpose, subject, field path, outcome, rule, time, request id', async () => {
    const own = await auditRows(m.orm, { requestId: ids['req-own'] });
    expect(own.map((e) => [e.fieldPath, e.coordinate, e.outcome, e.rule])).toEqual([
      ['me.realNameVerification.realName', 'RealNameVerification.realName', 'mask', 'P-03'],
      ['me.realNameVerification.nationalId', 'RealNameVerification.nationalId', 'mask', 'P-03'],
    ]);
    for (const e of own) {
      expect(e).toMatchObject({ callerSub: 'm-buyer', role: 'customer', purpose: null, subject: 'm-buyer' });
      expect(Date.now() - new Date(e.at).getTime()).toBeLessThan(60_000);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const agent = await auditRows(m.orm, { requestId: ids['req-agent'] });
    expect(agent.map((e) => [e.subject, e.role, e.purpose, e.outcome, e.rule])).toEqual([
      ['m-buyer', 'support', 'essential.service.authentication', 'allow', 'P-03'],
      ['m-buyer', 'support', 'essential.service.authentication', 'allow', 'P-03'],
    ]);
  });

  it('P-80 a blocked decision is audited too, naming the subject even when decided before execution', async () => {
    const merchant = await auditRows(m.orm, { requestId: ids['req-merchant'] });
    const blocked = (merchantAnswer.body.errors ?? []).find((e: any) => e.extensions?.code === 'PRIVACY_BLOCKED');
    expect(merchantAnswer.body.data.order.customsId).toBeNull();
    expect(merchant).toHaveLength(1);
    // The audit records the same rule the client was told.
    expect(merchant[0]).toMatchObject({ callerSub: 'u-merchant-deer', role: 'merchant', purpose: 'essential.service.operations', subject: 'm-buyer', fieldPath: 'order.customsId', coordinate: 'Order.customsId', outcome: 'block', rule: blocked.extensions.rule });
  });

  it('P-80 an answer strict mode refuses whole once the rows are read releases nothing, and the audit records each of its reads as refused', async () => {
    const answer = await m.ask('merchant-lantern', '{ storeOrders(storeId: "red-lantern", first: 2) { total consigneeName } }', { headers: { 'x-privacy-mode': 'strict' } });
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors![0].extensions.code).toBe('PRIVACY_REFUSED');
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.outcome !== 'block')).toEqual([]);
    // Each under its own rule: a domestic order's total is not refused for another buyer's missing cross-border consent.
    const totals = entries.filter((e) => e.coordinate === 'Order.total');
    expect(totals.length).toBeGreaterThan(0);
    expect(totals.map((e) => e.rule)).not.toContain('P-23');
  });

  it('P-80 a sensitive field allowed before execution is audited too, once per value, naming its subject', async () => {
    // Order totals (transaction data: sensitive) are released to an analytics partner whatever the row (P-51).
    const answer = idOf(await m.ask('analyst', '{ storeOrders(storeId: "deer-outfitters") { id total } }'), 'req-analyst');
    const orders = answer.body.data.storeOrders as { id: string; total: number }[];
    expect(orders.length).toBeGreaterThan(2);
    // Order ids reach the partner as pseudonyms: the audit, not the answer, names the real subject.
    for (const order of orders) expect(order.id).toMatch(PSEUDONYM);
    // A child's order (P-70: all of a child's data is sensitive) is audited field by field, its id too: one row, both fields.
    const all = await auditRows(m.orm, { requestId: ids['req-analyst'] });
    const childPaths = all.filter((e) => e.subject === 'm-minor').map((e) => e.fieldPath).sort();
    const child = Number(/^storeOrders\.(\d+)\.id$/.exec(childPaths[0])?.[1]);
    expect(Number.isInteger(child)).toBe(true);
    expect(childPaths).toEqual([`storeOrders.${child}.id`, `storeOrders.${child}.total`]);
    // Its total reaches no analyst (P-70), and that decision is audited like the others.
    expect(orders[child].total).toBeNull();
    const entries = all.filter((e) => e.fieldPath.endsWith('.total'));
    expect(entries.length).toBe(orders.length);
    expect(entries.find((e) => e.subject === 'm-minor')).toMatchObject({ outcome: 'block', rule: 'P-70' });
    expect(entries.filter((e) => e.subject !== 'm-minor').every((e) => e.role === 'analyst' && e.coordinate === 'Order.total' && e.outcome === 'allow' && e.purpose === 'analytics.reporting')).toBe(true);
    // Each total is audited under its own buyer: m-buyer's rows carry m-buyer's seeded totals.
    const buyerTotals = entries.filter((e) => e.subject === 'm-buyer').map((e) => orders[Number(e.fieldPath.split('.')[1])].total).sort();
    const seeded = DEMO_ORDERS.filter((o) => o.storeId === 'deer-outfitters' && o.buyerId === 'm-buyer').map(orderTotal).sort();
    expect(buyerTotals).toEqual(seeded);
  });

  it('P-80 an order\'s items, whose prices add up to its amounts, are audited like the amounts: a merchant reading prices instead of the total is recorded too', async () => {
    const answer = idOf(await m.ask('merchant-deer', '{ storeOrders(storeId: "deer-outfitters", first: 3) { id items { productId quantity price } } }'), 'req-items');
    const orders = answer.body.data.storeOrders as { id: string; items: { price: number }[] }[];
    expect(orders.length).toBe(3);
    expect(orders.every((o) => o.items.length > 0 && o.items.every((i) => typeof i.price === 'number'))).toBe(true);
    const entries = (await auditRows(m.orm, { requestId: ids['req-items'] })).filter((e) => e.coordinate === 'Order.items');
    expect(entries.map((e) => e.fieldPath).sort()).toEqual(['storeOrders.0.items', 'storeOrders.1.items', 'storeOrders.2.items']);
    expect(entries.every((e) => e.role === 'merchant' && e.outcome === 'allow' && e.rule === 'P-21' && e.subject?.startsWith('m-'))).toBe(true);
  });

  it('P-70 P-80 a minor’s content read again past the facts’ second is audited the same, the age remembered for the audit without asking accounts', async () => {
    // The text of a child's review is public (P-30) but sensitive (P-70): no decision needs the author's
    // age, the audit does. Within the audit's minute the second read asks accounts nothing.
    const accountsLookups = async () => {
      const text = await (await fetch(new URL('/metrics', m.gatewayUrl))).text();
      return Number(/^privacy_facts_lookups_total\{owner="accounts",result="ok"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const query = '{ review(id: "r-2005") { text rating } }';
    const first = idOf(await m.ask('visitor', query), 'req-minor-first');
    const before = await accountsLookups();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = idOf(await m.ask('visitor', query), 'req-minor-again');
    expect(second.body).toEqual(first.body);
    expect(await accountsLookups()).toBe(before);
    const entries = async (name: string) => (await auditRows(m.orm, { requestId: ids[name] })).map((e) => [e.subject, e.fieldPath, e.outcome, e.rule]);
    const recorded = await entries('req-minor-first');
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.every(([subject]) => subject === 'm-minor')).toBe(true);
    expect(await entries('req-minor-again')).toEqual(recorded);
  });

  it('P-80 a request without sensitive fields adds nothing; a client without x-request-id gets a generated one', async () => {
    const before = (await auditRows(m.orm)).length;
    // (This product's reviews are adults': a child's review is sensitive however public, P-70.)
    await m.ask('visitor', '{ product(id: "p-paper-lantern") { name reviews { text } } }');
    expect((await auditRows(m.orm)).length).toBe(before);
    await m.ask('buyer', '{ me { realNameVerification { realName } } }');
    const [last] = (await auditRows(m.orm)).slice(-1);
    expect(last.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('P-80 a client cannot feed the audit its own subject: the gateway’s aliases are reserved', async () => {
    const before = (await auditRows(m.orm)).length;
    for (const query of ['{ me { __pg_sid_Member: nickname realNameVerification { realName } } }', '{ me { realNameVerification { __pg_id: result realName } } }']) {
      const answer = await m.ask('buyer', query);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect((await auditRows(m.orm)).length).toBe(before);
  });

  it('P-80 only the privacy officer reads the audit through the graph', async () => {
    const query = '{ auditEntries(first: 500) { seq subject fieldPath outcome rule prevHash hash } }';
    const stored = await auditRows(m.orm);
    const officer = await m.ask('officer', query);
    expect(officer.body.errors).toBeUndefined();
    expect(officer.body.data.auditEntries.map((e: { hash: string }) => e.hash)).toEqual(stored.map((e) => e.hash));
    // Reading the audit under legal obligation is itself audited, once per entry read (P-81).
    expect((await auditRows(m.orm)).length).toBe(stored.length * 2);
    expect(officer.body.data.auditEntries[0]).toMatchObject({ seq: 1, subject: 'm-buyer', fieldPath: 'me.realNameVerification.realName' });
    for (const persona of ['buyer', 'agent', 'analyst', 'merchant-deer', 'visitor']) {
      const answer = await m.ask(persona, query);
      expect(answer.body.data?.auditEntries ?? [], persona).toEqual([]);
    }
    // The officer outside legal obligation gets nothing either (P-81).
    const outside = await m.ask('officer', query, { purpose: 'essential.service' });
    expect(outside.body.data.auditEntries).toEqual([]);
  });

  it("P-80 P-81 the officer's search by subject and request finds that request's entries, however many earlier records the subject has", async () => {
    const reads = [];
    for (let i = 0; i < 3; i++) reads.push(await m.ask('buyer', '{ me { realNameVerification { realName } } }'));
    const last = reads.at(-1)!.requestId!;
    const expected = (await auditRows(m.orm, { requestId: last })).filter((e) => e.subject === 'm-buyer');
    expect(expected.length).toBeGreaterThan(0);
    for (const first of [1, 5, 100]) {
      const answer = await m.ask('officer', `{ auditEntries(subject: "m-buyer", requestId: "${last}", first: ${first}) { requestId subject fieldPath hash } }`);
      expect(answer.body.errors, String(first)).toBeUndefined();
      expect(answer.body.data.auditEntries.map((e: { hash: string }) => e.hash), String(first)).toEqual(expected.slice(0, first).map((e) => e.hash));
      expect(answer.body.data.auditEntries.every((e: { requestId: string; subject: string }) => e.requestId === last && e.subject === 'm-buyer')).toBe(true);
    }
  });

  it('P-80 nothing in the API edits the audit', async () => {
    const answer = await m.ask('officer', '{ __schema { mutationType { fields { name } } } }');
    const mutations: string[] = answer.body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations.filter((name) => /audit/i.test(name))).toEqual([]);
  });
});

describe('tamper evidence', () => {
  const recordOf = async (name: string) => (await auditRecords(m.orm)).find((r) => r.requestId === ids[name])!;

  it('P-80 npm run audit:verify without the chain key, or without the database, exits 2 saying so and creates neither', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'audit-verify-'));
    try {
      const run = spawnSync('npm', ['run', '--silent', 'audit:verify'], { env: { ...process.env, DATA_DIR: empty, AUDIT_CHAIN_KEY: '' }, encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^audit:verify: no key for the chain: set AUDIT_CHAIN_KEY/);
      expect(readdirSync(empty)).toEqual([]);
      if (databaseKind() === 'sqlite') {
        const keyed = spawnSync('npm', ['run', '--silent', 'audit:verify'], { env: { ...process.env, DATA_DIR: empty, AUDIT_CHAIN_KEY: 'a-key' }, encoding: 'utf8' });
        expect(keyed.status).toBe(2);
        expect(keyed.stderr).toMatch(/^audit:verify: no database at /);
        expect(readdirSync(empty)).toEqual([]);
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('P-80 the untouched log verifies, and npm run audit:verify exits 0', async () => {
    expect(await verify()).toMatchObject({ ok: true });
    const run = await npmRun(m.orm, 'audit:verify');
    expect(run.stdout).toMatch(/audit:verify OK: \d+ records \(\d+ decisions\) verified, chain and subject index unbroken/);
    expect(run.code).toBe(0);
  });

  it('P-80 a decision edited in the database is detected and its record named; npm run audit:verify exits 1', async () => {
    const target = await recordOf('req-merchant');
    expect(target.decisions).toContain('"block"');
    await sql(m.orm, "update audit_record set decisions = replace(decisions, '\"block\"', '\"allow\"') where seq = ?", [target.seq]);
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'edited' } });
    const run = await npmRun(m.orm, 'audit:verify');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`audit:verify FAILED at record seq ${target.seq} (edited)`);
    expect(run.stderr).toContain(ids['req-merchant']);
    await sql(m.orm, 'update audit_record set decisions = ? where seq = ?', [target.decisions, target.seq]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P-80 a time edited into something no clock reads is detected and its record named; npm run audit:verify exits 1, not 2', async () => {
    const target = await recordOf('req-merchant');
    const raw = (await sql(m.orm, 'select at from audit_record where seq = ?', [target.seq]))[0].at;
    // PostgreSQL's timestamp column refuses the edit; SQLite stores it.
    const stored = await sql(m.orm, "update audit_record set at = 'garbage' where seq = ?", [target.seq]).then(() => true, () => false);
    try {
      if (stored) {
        expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'edited' } });
        const run = await npmRun(m.orm, 'audit:verify');
        expect(run.stderr).toContain(`audit:verify FAILED at record seq ${target.seq} (edited)`);
        expect(run.code).toBe(1);
      }
    } finally {
      if (stored) await sql(m.orm, 'update audit_record set at = ? where seq = ?', [raw, target.seq]);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P-80 an edit whose following hashes are all recomputed is detected at the edited record: the chain is keyed, and the key is not in the database', async () => {
    const target = await recordOf('req-merchant');
    const originals = (await auditRecords(m.orm)).filter((r) => r.seq >= target.seq);
    const rechain = async (key: string | null) => {
      let prevHash = originals[0]!.prevHash;
      for (const [i, r] of originals.entries()) {
        const content = { ...r, decisions: i === 0 ? r.decisions.replaceAll('"block"', '"allow"') : r.decisions };
        const hash = hashAuditRecord(key, prevHash, content);
        await sql(m.orm, 'update audit_record set decisions = ?, prev_hash = ?, hash = ? where seq = ?', [content.decisions, prevHash, hash, r.seq]);
        prevHash = hash;
      }
    };
    try {
      // As a plain hash chain would be re-hashed (sha256), and as with a key of the forger's own.
      await rechain(null);
      expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'unkeyed' } });
      await rechain('a key that is not the audit\'s');
      expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'edited' } });
    } finally {
      for (const r of originals) await sql(m.orm, 'update audit_record set decisions = ?, prev_hash = ?, hash = ? where seq = ?', [r.decisions, r.prevHash, r.hash, r.seq]);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P-80 a record deleted from the database is detected: the next record is named and the gap reported', async () => {
    const target = await recordOf('req-own');
    const row = (await sql(m.orm, 'select * from audit_record where seq = ?', [target.seq]))[0];
    await sql(m.orm, 'delete from audit_record where seq = ?', [target.seq]);
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.firstBad).toMatchObject({ seq: target.seq + 1, problem: 'deleted' });
    expect(verdict.firstBad.message).toContain(`record ${target.seq} is missing (deleted)`);
    const columns = Object.keys(row);
    await sql(m.orm, `insert into audit_record (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, columns.map((c) => row[c]));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P-80 a record inserted into the middle of the chain is detected and named', async () => {
    const before = await auditRecords(m.orm);
    const after = before[2]!;
    const max = before[before.length - 1]!.seq;
    const shift = async (from: number, by: number) => {
      for (const table of ['audit_record', 'audit_subject']) {
        await sql(m.orm, `update ${table} set seq = seq + 1000000 where seq > ?`, [from]);
        await sql(m.orm, `update ${table} set seq = seq - ${1000000 - by} where seq > 1000000`);
      }
    };
    // Make room after record 3, as an attacker would, and insert a plausible record there.
    await shift(after.seq, 1);
    const forged: ChainedAuditRecord = { ...after, seq: after.seq + 1, requestId: 'req-forged', decisions: encodeDecisions([{ subject: 'm-buyer', fieldPath: 'me.realNameVerification.nationalId', coordinate: 'RealNameVerification.nationalId', outcome: 'allow', rule: 'P-03' }]), prevHash: after.hash };
    forged.hash = hashAuditRecord(loadAuditChainKey(), 'f'.repeat(64), forged);
    const insert = (r: ChainedAuditRecord) =>
      sql(m.orm, 'insert into audit_record (seq, at, request_id, caller_sub, role, purpose, case_ref, decisions, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [r.seq, new Date(r.at), r.requestId, r.callerSub, r.role, r.purpose, r.caseRef, r.decisions, r.prevHash, r.hash]);
    await insert(forged);
    await sql(m.orm, 'insert into audit_subject (subject, seq) values (?, ?)', ['m-buyer', forged.seq]);
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, firstBad: { seq: after.seq + 1, problem: 'edited' } });
    if (!verdict.ok) expect(verdict.firstBad.message).toContain('req-forged');
    // Even a forger who holds the key and recomputes the inserted record's hash breaks the link to the record after it.
    await sql(m.orm, 'update audit_record set hash = ? where seq = ?', [hashAuditRecord(loadAuditChainKey(), after.hash, forged), forged.seq]);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: after.seq + 2 } });
    // Undo: remove the forged record and close the gap; the untouched log verifies again.
    await sql(m.orm, 'delete from audit_record where seq = ?', [forged.seq]);
    await sql(m.orm, 'delete from audit_subject where seq = ?', [forged.seq]);
    await shift(after.seq, -1);
    expect((await auditRecords(m.orm)).map((e) => e.seq)).toEqual(before.map((e) => e.seq));
    expect(max).toBe(before.length);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P-80 the subject index edited to hide a record from a member is detected', async () => {
    const target = await recordOf('req-agent');
    await sql(m.orm, 'delete from audit_subject where seq = ?', [target.seq]);
    // The member's download and the officer's search by subject no longer find it...
    expect((await auditRows(m.orm, { subject: 'm-buyer' })).some((e) => e.requestId === ids['req-agent'])).toBe(false);
    // ...and verification names the record whose index was edited.
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'unindexed' } });
    await sql(m.orm, 'insert into audit_subject (subject, seq) values (?, ?)', ['m-buyer', target.seq]);
    expect(await verify()).toMatchObject({ ok: true });
    // An index row naming someone the record is not about is an edit too.
    await sql(m.orm, 'insert into audit_subject (subject, seq) values (?, ?)', ['m-optout', target.seq]);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'unindexed' } });
    await sql(m.orm, 'delete from audit_subject where subject = ? and seq = ?', ['m-optout', target.seq]);
    expect(await verify()).toMatchObject({ ok: true });
    // So is one naming a record that is not in the chain: after its head, before its first record,
    // or between two (a seq no record has, which SQLite stores as written; PostgreSQL's integer
    // column holds no fraction, and would round this one onto a record's seq).
    for (const seq of [999_999, 0, -5, ...(databaseKind() === 'postgresql' ? [] : [1.5])]) {
      await sql(m.orm, 'insert into audit_subject (subject, seq) values (?, ?)', ['m-optout', seq]);
      try {
        expect(await verify(), String(seq)).toMatchObject({ ok: false, firstBad: { seq, problem: 'unindexed' } });
      } finally {
        await sql(m.orm, 'delete from audit_subject where subject = ? and seq = ?', ['m-optout', seq]);
      }
    }
    expect(await verify()).toMatchObject({ ok: true });
  });
});
