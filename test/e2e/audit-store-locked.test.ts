/**
 * P-80, P-82: while another process holds the SQLite file's write lock, the access audit cannot
 * be written: audited reads are refused (P-80) and `/readiness` says so; once the lock is
 * released, the same gateway audits and answers again, without a restart.
 */
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';

const ORDERS = '{ storeOrders(storeId: "deer-outfitters") { id consigneePhone } }';

// The lock under test is SQLite's file lock, taken by a second connection to the file; on
// PostgreSQL there is no file, and a lock there makes the writer wait instead of failing.
describe.skipIf(Boolean(process.env.DATABASE_URL))('the audit while another process holds the SQLite write lock', () => {
  let m: Marketplace;
  let holder: InstanceType<typeof Database> | undefined;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    holder?.close();
    await m?.close();
  });

  const readiness = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // one round of probes answers for a second
    const response = await fetch(new URL('/readiness', m.gatewayUrl));
    return { status: response.status, body: (await response.json()) as { ready: boolean; failing?: string[] } };
  };
  const audited = (answer: GraphQLAnswer) => {
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.storeOrders.length).toBeGreaterThan(0);
  };

  it('P-80 P-82 refuses audited reads and is not ready while locked, and recovers by itself once the lock is released', async () => {
    audited(await m.ask('merchant-deer', ORDERS));
    expect(await readiness()).toEqual({ status: 200, body: { ready: true } });

    // As `sqlite3 marketplace.db` with `BEGIN EXCLUSIVE;`, writing while it holds the lock.
    holder = new Database(join(process.env.DATA_DIR!, 'marketplace.db'));
    holder.exec('BEGIN EXCLUSIVE; CREATE TABLE held_elsewhere (x); INSERT INTO held_elsewhere VALUES (1);');

    for (let i = 0; i < 2; i++) {
      const refused = await m.ask('merchant-deer', ORDERS);
      expect(refused.body.data).toBeNull();
      expect(refused.body.errors).toEqual([expect.objectContaining({ message: 'access audit unavailable: request refused', extensions: expect.objectContaining({ code: 'PRIVACY_BLOCKED', rule: 'P-80' }) })]);
    }
    expect(await readiness()).toEqual({ status: 503, body: { ready: false, failing: ['privacy-store'] } });

    holder.exec('COMMIT;');
    holder.close();
    holder = undefined;

    // The same gateway, no restart: the next audited read is written and answered.
    audited(await m.ask('merchant-deer', ORDERS));
    audited(await m.ask('merchant-deer', ORDERS));
    expect(await readiness()).toEqual({ status: 200, body: { ready: true } });
  }, 120_000);
});
