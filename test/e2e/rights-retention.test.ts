/**
 * P-66: the retention job anonymizes data past its configured period, per category, idempotently,
 * and reports what it changed: as `npm run retention`, and over the subgraphs' `/privacy/retain`
 * as the gateway's schedule runs it. Afterwards the graph serves the anonymized rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { npmRun } from '../support/rights.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { ERASED_MEMBER_ID } from '../../schema/privacy-contract.js';
import { BrowsingEvent, SearchEvent } from '../../resolvers/activity/activity.entity.js';
import { ChatMessage, Ticket } from '../../resolvers/support/support.entity.js';
import { Shipment } from '../../resolvers/logistics/shipment.entity.js';
import { Order, Payment } from '../../resolvers/orders/order.entity.js';
import { DataSubjectRequest } from '../../resolvers/privacy/request.entity.js';
import { RightsService } from '../../gateway/rights/rights-service.js';
import { retentionIntervalFromEnv } from '../../gateway/rights/use-rights-routes.js';
import { createFactsLoader, subgraphsOfSupergraph } from '../../gateway/subject-facts.js';
import { SUBGRAPH_MODULES } from '../../resolvers/modules.js';
import { runRetention } from '../../resolvers/retention.js';
import { databaseKind } from '../../resolvers/orm.js';

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);
let m: Marketplace;

beforeAll(async () => {
  m = await Marketplace.start();
  // Old data of m-buyer next to the seeded recent data: past each category's period, and just inside it.
  const em = m.orm.em.fork();
  em.create(BrowsingEvent, { id: 'be-old-1', memberId: 'm-buyer', productId: 'p-tea-set', at: daysAgo(400), ip: '198.51.100.7', deviceId: 'dev-old' });
  em.create(BrowsingEvent, { id: 'be-kept-1', memberId: 'm-buyer', productId: 'p-tea-set', at: daysAgo(300), ip: '198.51.100.8', deviceId: 'dev-kept' });
  em.create(SearchEvent, { id: 'se-old-1', memberId: 'm-buyer', query: 'gift for alice@example.com 13812345678', at: daysAgo(200) });
  em.create(SearchEvent, { id: 'se-kept-1', memberId: 'm-buyer', query: 'tent pegs', at: daysAgo(100) });
  em.create(ChatMessage, { id: 'cm-old-1', ticketId: 't-4001', memberId: 'm-buyer', agentId: 'u-agent', fromMember: true, text: 'My address is 12 Harbour Road', sentAt: daysAgo(800) });
  // Tickets opened past the private-content period: one still talked on recently, one whose conversation is old too.
  em.create(Ticket, { id: 't-old-active', memberId: 'm-buyer', agentId: 'u-agent', status: 'closed', subject: 'Refund for the tent', createdAt: daysAgo(800) });
  em.create(ChatMessage, { id: 'cm-active-recent', ticketId: 't-old-active', memberId: 'm-buyer', agentId: 'u-agent', fromMember: true, text: 'Any news on my refund?', sentAt: daysAgo(10) });
  em.create(Ticket, { id: 't-old-done', memberId: 'm-buyer', agentId: 'u-agent', status: 'closed', subject: 'Wrong size', createdAt: daysAgo(800) });
  em.create(ChatMessage, { id: 'cm-done-old', ticketId: 't-old-done', memberId: 'm-buyer', agentId: 'u-agent', fromMember: true, text: 'The boots are too small', sentAt: daysAgo(790) });
  // A closed request's note (the member's own words) past the private-content period, and an open one's.
  em.create(DataSubjectRequest, { id: 'dsr-old-closed', memberId: 'm-buyer', kind: 'access', status: 'completed', note: 'call me on 13812345678', createdAt: daysAgo(800), dueAt: daysAgo(770), completedAt: daysAgo(790), requestedBy: 'm-buyer' });
  em.create(DataSubjectRequest, { id: 'dsr-old-open', memberId: 'm-buyer', kind: 'access', status: 'open', note: 'still waiting, 13812345678', createdAt: daysAgo(800), dueAt: daysAgo(770), requestedBy: 'm-buyer' });
  // Shipments never delivered (lost, returned): one shipped past the completed-orders period, one recently.
  const parcel = { orderId: 'o-1044', carrierId: 'swift', crossBorder: false, buyerId: 'm-buyer', consigneeName: 'Alice Walker', consigneePhone: '13812345678', address: '12 Harbour Road' };
  em.create(Shipment, { ...parcel, id: 'sh-lost-old', waybill: 'SW-LOST-OLD', status: 'lost', createdAt: daysAgo(1200) });
  em.create(Shipment, { ...parcel, id: 'sh-lost-recent', waybill: 'SW-LOST-RECENT', status: 'returned', createdAt: daysAgo(40) });
  em.create(Shipment, { ...parcel, id: 'sh-future-old', waybill: 'SW-FUTURE-OLD', status: 'in_transit', createdAt: daysAgo(1500), deliveredAt: daysAgo(-30) });
  // Orders never completed (cancelled, stuck): one placed past the completed-orders period, one recently.
  const unfinished = { buyerId: 'm-buyer', storeId: 'deer-outfitters', total: 20, consigneeName: 'Alice Walker', consigneePhone: '13812345678', deliveryAddress: '12 Harbour Road', invoiceEmail: 'alice@example.com' };
  em.create(Order, { ...unfinished, id: 'o-cancelled-old', status: 'cancelled', createdAt: daysAgo(1200) });
  em.create(Order, { ...unfinished, id: 'o-cancelled-recent', status: 'cancelled', createdAt: daysAgo(40) });
  await em.flush();
});
afterAll(async () => {
  await m?.close();
});

it('P-66 npm run retention anonymizes data past its period per category and reports what it changed; a second run changes nothing', async () => {
  // A flag it does not know, or a day to come, changes nothing: the job erases.
  for (const args of [['--dry-run'], ['--now', '2099-01-01'], ['--now']]) {
    const refused = await npmRun(m.orm, 'retention', args);
    expect(refused.code, args.join(' ')).toBe(2);
    expect(refused.stderr, args.join(' ')).toMatch(/^retention: .*nothing was changed/);
  }
  const run = await npmRun(m.orm, 'retention', ['--json']);
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report.retentionDays).toEqual(loadPolicyConfig().retentionDays);
  expect(report.changes.activity['user.behavior.browsing_history']).toEqual({ activity_browsing_event: 1 });
  expect(report.changes.activity['user.behavior.search_history']).toEqual({ activity_search_event: 1 });
  expect(report.changes.support['user.content.private']).toEqual({ support_chat_message: 2, support_ticket: 1 });
  expect(report.changes.privacy['user.content.private']).toEqual({ privacy_request: 1 });
  // o-1047 was completed 1190 days ago: past orders.completed (1095 days); o-cancelled-old was placed 1200 days ago and never completed.
  expect(report.changes.orders['orders.completed']).toEqual({ orders_order: 2, orders_payment: 1 });
  expect(report.total).toBeGreaterThanOrEqual(5);

  const em = m.orm.em.fork();
  expect(await em.findOne(BrowsingEvent, { id: 'be-old-1' })).toMatchObject({ memberId: ERASED_MEMBER_ID, ip: null, deviceId: null, productId: 'p-tea-set' });
  if (databaseKind() === 'sqlite') {
    // Nor do the cleared values stay in the file or its write-ahead log until some later checkpoint.
    const dbName = m.orm.config.get('dbName')!;
    const onDisk = [dbName, `${dbName}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file).toString('latin1')).join('');
    for (const value of ['198.51.100.7', 'dev-old']) expect(onDisk.includes(value), value).toBe(false);
  }
  expect(await em.findOne(BrowsingEvent, { id: 'be-kept-1' })).toMatchObject({ memberId: 'm-buyer', ip: '198.51.100.8' });
  const search = await em.findOne(SearchEvent, { id: 'se-old-1' });
  expect(search!.memberId).toBe(ERASED_MEMBER_ID);
  expect(search!.query).not.toMatch(/alice@example\.com|13812345678/);
  expect(await em.findOne(SearchEvent, { id: 'se-kept-1' })).toMatchObject({ memberId: 'm-buyer', query: 'tent pegs' });
  expect(await em.findOne(ChatMessage, { id: 'cm-old-1' })).toMatchObject({ memberId: ERASED_MEMBER_ID, text: expect.not.stringContaining('Harbour') });
  expect(await em.findOne(ChatMessage, { id: 'cm-buyer-1' })).toMatchObject({ memberId: 'm-buyer' });
  // A ticket and its conversation are one record: it goes with its last message, so no message left joins it back to its member.
  expect(await em.findOne(Ticket, { id: 't-old-done' })).toMatchObject({ memberId: ERASED_MEMBER_ID, subject: expect.not.stringContaining('size') });
  expect(await em.findOne(ChatMessage, { id: 'cm-done-old' })).toMatchObject({ memberId: ERASED_MEMBER_ID });
  expect(await em.findOne(Ticket, { id: 't-old-active' })).toMatchObject({ memberId: 'm-buyer', subject: 'Refund for the tent' });
  expect(await em.findOne(ChatMessage, { id: 'cm-active-recent' })).toMatchObject({ memberId: 'm-buyer', text: 'Any news on my refund?' });
  const old = await em.findOne(Order, { id: 'o-1047' });
  expect(old).toMatchObject({ buyerId: null, consigneeName: null, deliveryAddress: null, taxpayerId: null, status: 'completed' });
  expect(await em.findOne(Payment, { orderId: 'o-1047' })).toMatchObject({ buyerId: null, cardLast4: null });
  // An order never completed counts from when it was placed.
  expect(await em.findOne(Order, { id: 'o-cancelled-old' })).toMatchObject({ buyerId: null, consigneeName: null, consigneePhone: null, deliveryAddress: null, invoiceEmail: null, status: 'cancelled' });
  expect(await em.findOne(Order, { id: 'o-cancelled-recent' })).toMatchObject({ buyerId: 'm-buyer', consigneeName: 'Alice Walker' });
  // A parcel never delivered is cleared once it was shipped longer ago than completed orders are kept; a recent one stays.
  expect(await em.findOne(Shipment, { id: 'sh-lost-old' })).toMatchObject({ buyerId: null, consigneeName: null, consigneePhone: null, address: null, status: 'lost' });
  expect(await em.findOne(Shipment, { id: 'sh-lost-recent' })).toMatchObject({ buyerId: 'm-buyer', consigneeName: 'Alice Walker' });
  expect(await em.findOne(Shipment, { id: 'sh-future-old' })).toMatchObject({ buyerId: null, consigneeName: null, address: null }); // a delivery date in the future is none

  expect(await em.findOne(DataSubjectRequest, { id: 'dsr-old-closed' })).toMatchObject({ note: null, status: 'completed', memberId: 'm-buyer' });
  expect(await em.findOne(DataSubjectRequest, { id: 'dsr-old-open' })).toMatchObject({ note: 'still waiting, 13812345678', status: 'open' });

  const second = await runRetention(m.orm, SUBGRAPH_MODULES, { retentionDays: loadPolicyConfig().retentionDays, now: Date.now() });
  expect(second.total).toBe(0);
  expect(second.failed).toEqual({});
  // The buyer of an order past retention is not counted among the store's unlinked buyers: they may
  // buy there again, and then count twice, lifting a small store over k (P-52). Only a cancellation counts one.
  expect(await m.orm.em.getConnection().execute('select store_id from orders_unlinked_buyers')).toEqual([]);
});

it('P-66 npm run retention on a missing, empty or unmigrated database exits 2 saying which, creates nothing and prints no SQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'retention-'));
  const env = { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  try {
    const missing = spawnSync('npm', ['run', '--silent', 'retention'], { env, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^retention: no database at .*marketplace\.db: set DATA_DIR, or DATABASE_URL for PostgreSQL; nothing was changed/);
    expect(readdirSync(dir)).toEqual([]);
    // An empty file is no database either, and is left as it was.
    writeFileSync(join(dir, 'marketplace.db'), '');
    const empty = spawnSync('npm', ['run', '--silent', 'retention'], { env: { ...env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^retention: no database at /);
    expect(readdirSync(dir)).toEqual(['marketplace.db']);
    expect(statSync(join(dir, 'marketplace.db')).size).toBe(0);
    const other = new Database(join(dir, 'marketplace.db'));
    other.exec('create table notes (id integer)');
    other.close();
    const unmigrated = spawnSync('npm', ['run', '--silent', 'retention'], { env: { ...env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(unmigrated.status).toBe(2);
    expect(unmigrated.stderr).toMatch(/^retention: database schema is not migrated .*run `npm run migrate` first; nothing was changed/);
    expect(unmigrated.stdout + unmigrated.stderr).not.toMatch(/select|update|no such table/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('P-66 the gateway’s schedule runs the same job through each subgraph’s /privacy/retain', async () => {
  const em = m.orm.em.fork();
  em.create(BrowsingEvent, { id: 'be-old-2', memberId: 'm-optout', productId: 'p-camp-tent', at: daysAgo(366), ip: '198.51.100.9', deviceId: 'dev-2' });
  await em.flush();
  const subgraphs = subgraphsOfSupergraph(m.supergraph);
  const rights = new RightsService({ orm: m.orm, subgraphs, loadFacts: createFactsLoader({ providers: subgraphs }) });
  const run = await rights.runRetention(loadPolicyConfig().retentionDays);
  expect(run.failed).toEqual({});
  expect(run.total).toBe(1);
  expect(run.changes.activity['user.behavior.browsing_history']).toEqual({ activity_browsing_event: 1 });
  expect((await rights.runRetention(loadPolicyConfig().retentionDays)).total).toBe(0);
});

it('P-66 after retention the graph serves the old rows anonymized: the member no longer sees them as theirs', async () => {
  const own = await m.ask('buyer', '{ me { browsingHistory { id ip } searchHistory { id } } }');
  const ids = own.body.data.me.browsingHistory.map((e: { id: string }) => e.id);
  expect(ids).toContain('be-kept-1');
  expect(ids).not.toContain('be-old-1');
  expect(own.body.data.me.searchHistory.map((e: { id: string }) => e.id)).not.toContain('se-old-1');
});

it('P-66 a gateway with a retention schedule runs the job at start, without waiting for the first interval', async () => {
  const scheduled = await Marketplace.start({ gateway: { retentionIntervalMs: 3_600_000 } });
  try {
    const em = () => scheduled.orm.em.fork();
    // o-1047 was completed 1190 days ago: past orders.completed (1095 days), seeded with its buyer.
    await expect.poll(async () => (await em().findOne(Order, { id: 'o-1047' }))?.buyerId, { timeout: 10_000 }).toBeNull();
    expect(await em().findOne(Order, { id: 'o-1047' })).toMatchObject({ consigneeName: null, deliveryAddress: null, status: 'completed' });
    const answer = await scheduled.ask('merchant-deer', '{ order(id: "o-1047") { consigneeName consigneePhone deliveryAddress } }');
    expect(JSON.stringify(answer.body.data)).not.toMatch(/Other Person|Market Street/);
  } finally {
    await scheduled.close();
  }
});

it('P-66 RETENTION_INTERVAL_MS: an hour by default, 0 turns the schedule off, more than a timer holds or anything else is refused at start', () => {
  expect(retentionIntervalFromEnv({})).toBe(3_600_000);
  expect(retentionIntervalFromEnv({ RETENTION_INTERVAL_MS: '' })).toBe(3_600_000);
  expect(retentionIntervalFromEnv({ RETENTION_INTERVAL_MS: '0' })).toBe(0);
  expect(retentionIntervalFromEnv({ RETENTION_INTERVAL_MS: '60000' })).toBe(60_000);
  for (const bad of ['1h', '-1', '1e3', ' 5']) expect(() => retentionIntervalFromEnv({ RETENTION_INTERVAL_MS: bad })).toThrow(/RETENTION_INTERVAL_MS must be a whole number/);
  // A Node timer fires at once past 2^31 - 1 ms: 30 days would run the job without pause.
  expect(retentionIntervalFromEnv({ RETENTION_INTERVAL_MS: '2147483647' })).toBe(2_147_483_647);
  expect(() => retentionIntervalFromEnv({ RETENTION_INTERVAL_MS: '2592000000' })).toThrow(/at most 2147483647/);
});
