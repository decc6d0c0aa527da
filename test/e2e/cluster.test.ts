import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKind } from '../../resolvers/orm.js';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';
import { loadDevKeys } from '../../gateway/dev-keys.js';
import { tokenForPersona } from '../../gateway/sign-token.js';
import { PERSONAS } from '../../gateway/personas.js';
import { AuditRecord } from '../../gateway/audit/audit-record.entity.js';
import { verifyAuditChain } from '../../gateway/audit/audit-log.js';
import { loadAuditChainKey } from '../../gateway/audit/audit-key.js';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.js';
import { freePortBlock } from '../support/port-block.js';

const CROSS_BORDER_OFF = 'mutation { setConsent(kind: cross_border, granted: false) { granted } }';
const CROSS_BORDER_ON = 'mutation { setConsent(kind: cross_border, granted: true) { granted } }';
const ANALYST_ORDERS = '{ storeOrders(storeId: "deer-outfitters", first: 5) { id buyerId } }';

/**
 * `npm run start:cluster` on PostgreSQL: two gateway replicas behind the round-robin proxy, on one
 * database, with the eight subgraphs. Needs a PostgreSQL server, so it runs in the suite's
 * PostgreSQL pass only.
 */
describe.skipIf(databaseKind() !== 'postgresql')('cluster: two gateway replicas behind the proxy (PostgreSQL; skipped without DATABASE_URL=postgres://…)', () => {
  let db: TestDatabase;
  let cluster: ChildProcess;
  let output = '';
  let dataDir: string;
  // start:cluster's layout from its --port N: the proxy on N, the replicas on N+10 and N+11, the subgraphs from N+20.
  let PORT = 0;
  const replicaUrl = (i: number) => `http://127.0.0.1:${PORT + 10 + i}/graphql`;
  const proxyUrl = () => `http://127.0.0.1:${PORT}/graphql`;
  let tokens: Record<string, string | null>;

  const ask = async (url: string, persona: string, query: string) => {
    const token = tokens[persona];
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(PERSONAS[persona]?.purpose ? { 'x-purpose': PERSONAS[persona]!.purpose! } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json().catch(() => null)) as any };
  };
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = pattern.exec(output);
        if (match) {
          clearInterval(timer);
          resolve(match);
        } else if (cluster.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`cluster exited:\n${output}`));
        }
      }, 50);
    });
  const replicaPid = (letter: string) => Number([...output.matchAll(new RegExp(`replica gateway-${letter}: \\S+ pid (\\d+)|gateway-${letter} restarted, pid (\\d+)`, 'g'))].map((m) => m[1] ?? m[2]).pop());

  /** Steady load through the proxy until stopped: every answer's status and request id. */
  const steadyLoad = (concurrency: number) => {
    const answers: { status: number; requestId: string | null; ok: boolean; sentAt: number }[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        const sentAt = Date.now();
        try {
          // Every answer reads personal data, so every accepted request has audit entries.
          const answer = await ask(proxyUrl(), 'analyst', ANALYST_ORDERS);
          // A child's order withholds its buyer from the analyst (P-70): the one refusal an answer may carry.
          const ok = answer.status === 200 && (answer.body?.errors ?? []).every((e: any) => e.extensions?.rule === 'P-70');
          answers.push({ status: answer.status, requestId: answer.requestId, ok, sentAt });
        } catch {
          answers.push({ status: 0, requestId: null, ok: false, sentAt });
        }
      }
    };
    const workers = Array.from({ length: concurrency }, () => worker());
    return {
      answers,
      stop: async () => {
        running = false;
        await Promise.all(workers);
        return answers;
      },
    };
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    PORT = await freePortBlock([0, 10, 11, ...SUBGRAPH_NAMES.map((_, i) => 20 + i)]);
    dataDir = mkdtempSync(join(tmpdir(), 'privacy-gateway-cluster-'));
    const databaseUrl = new URL(process.env.DATABASE_URL!);
    databaseUrl.pathname = `/${(db.orm.config.get('dbName') as string)}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl.toString(), DATA_DIR: dataDir, SUBGRAPH_BASE_PORT: String(PORT + 20), GATEWAY_RATE_PARTNER: '1000000' };
    delete env.NODE_ENV;
    cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-cluster.ts', '--port', String(PORT)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    cluster.stdout!.on('data', (d) => (output += d));
    cluster.stderr!.on('data', (d) => (output += d));
    const ready = printed(/\[cluster\] ready in/);
    // On a busy machine the ten processes take long to compile and start: say how far they got.
    const slow = setTimeout(() => console.error(`cluster not ready after 280 s:\n${output}`), 280_000);
    await ready.finally(() => clearTimeout(slow));
    const keys = await loadDevKeys(dataDir);
    tokens = Object.fromEntries(await Promise.all(['buyer', 'analyst', 'carrier-oceanic'].map(async (p) => [p, await tokenForPersona(p, keys)] as const)));
  }, 300_000);

  /** The key the cluster's replicas chain the audit with: the one under its DATA_DIR. */
  const clusterAuditKey = () => loadAuditChainKey({ ...process.env, DATA_DIR: dataDir });

  afterAll(async () => {
    if (cluster && cluster.exitCode === null) {
      const exited = new Promise((resolve) => cluster.once('exit', resolve));
      cluster.kill('SIGINT');
      await exited;
    }
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('P-11 a consent withdrawn through replica A governs the next request through replica B', async () => {
    const { shipmentId } = await import('../../resolvers/demo-ids.js');
    const { ORDER } = await import('../../resolvers/demo-ids.js');
    const shipment = `{ shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { waybill consigneePhone } }`;
    expect((await ask(replicaUrl(1), 'carrier-oceanic', shipment)).body.data.shipment.consigneePhone).toBe('138****5678');
    expect((await ask(replicaUrl(0), 'buyer', CROSS_BORDER_OFF)).body.data).toEqual({ setConsent: { granted: false } });
    const after = await ask(replicaUrl(1), 'carrier-oceanic', shipment);
    expect(after.body.data?.shipment?.consigneePhone ?? null).toBeNull();
    expect(after.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-23' });
    expect((await ask(replicaUrl(0), 'buyer', CROSS_BORDER_ON)).body.data).toEqual({ setConsent: { granted: true } });
    expect((await ask(replicaUrl(1), 'carrier-oceanic', shipment)).body.data.shipment.consigneePhone).toBe('138****5678');
  });

  it('P-51 an analyst gets the same pseudonyms from both replicas', async () => {
    const [a, b] = await Promise.all([ask(replicaUrl(0), 'analyst', ANALYST_ORDERS), ask(replicaUrl(1), 'analyst', ANALYST_ORDERS)]);
    expect((a.body.errors ?? []).filter((e: any) => e.extensions?.rule !== 'P-70')).toEqual([]); // a child's buyer is withheld (P-70)
    expect(a.body.data.storeOrders.length).toBeGreaterThan(0);
    expect(a.body.data.storeOrders[0].buyerId).toMatch(/^psn_/);
    expect(b.body).toEqual(a.body);
  });

  it('P-80 a replica killed under load loses no accepted request’s audit, the other keeps serving, and the chain written by both verifies', async () => {
    const load = steadyLoad(6);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.kill(replicaPid('A'), 'SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const answers = await load.stop();
    // Requests in flight on the killed replica get a 502 (never answered, so never accepted); every one sent after the kill is served by the other.
    const afterKill = answers.filter((a) => a.sentAt > killedAt);
    expect(afterKill.length).toBeGreaterThan(5);
    expect(afterKill.filter((a) => !a.ok)).toEqual([]);
    const accepted = answers.filter((a) => a.status === 200).map((a) => a.requestId!);
    expect(accepted.length).toBeGreaterThan(20);
    const audited = new Set((await db.orm.em.fork().find(AuditRecord, { requestId: { $in: accepted } }, { fields: ['requestId'] })).map((e) => e.requestId));
    expect(accepted.filter((id) => !audited.has(id))).toEqual([]);
    expect(await verifyAuditChain(db.orm.em.fork(), clusterAuditKey())).toMatchObject({ ok: true });
    await printed(/gateway-A exited \(SIGKILL\); starting it again/);
  }, 60_000);

  it('a rolling restart (A, then B) under steady load through the proxy fails no request', async () => {
    // The killed replica is back before the restart begins.
    await printed(/gateway-A exited \(SIGKILL\); starting it again[\s\S]*\[gateway-A\] privacy gateway over /);
    const load = steadyLoad(4);
    const before = output.length;
    cluster.kill('SIGHUP');
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (output.slice(before).includes('[cluster] rolling restart done')) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
    });
    const answers = await load.stop();
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(await verifyAuditChain(db.orm.em.fork(), clusterAuditKey())).toMatchObject({ ok: true });
  }, 240_000);
});
