/**
 * The embedded database is one SQLite file that other processes open beside a running gateway
 * (`npm run audit:verify`, `npm run retention`). SQLite tells them apart by POSIX locks, which a
 * process loses whole when any descriptor of the file it holds is closed: a process that opened
 * and closed the file itself after its connection took its lock looks absent, and the next
 * process to close the database deletes the write-ahead log under it, losing what it writes next.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKind } from '../../resolvers/orm.js';
import { openMarketplaceOrm, prepareMarketplace } from '../../scripts/marketplace-database.js';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What another process reads of the table `probe` now. */
function countFromAnotherProcess(dbName: string): number {
  const run = spawnSync(process.execPath, ['-e', `const D = require('libsql'); const d = new D(${JSON.stringify(dbName)}); console.log(d.prepare('select count(*) as c from probe').get().c); d.close();`], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return Number(run.stdout.trim());
}

describe.skipIf(databaseKind() === 'postgresql')('one SQLite file, several processes', () => {
  it('P-80 npm run audit:verify beside a restarted gateway loses nothing the gateway writes after it: a restart keeps its hold on the database', async () => {
    const dbName = join(dir, 'marketplace.db');
    const first = await openMarketplaceOrm({ dbName });
    await prepareMarketplace(first, { seed: false });
    await first.close(true);
    // The restart: the database exists, the connection reads it before and while migrating.
    const orm = await openMarketplaceOrm({ dbName });
    try {
      await prepareMarketplace(orm, { seed: false });
      const connection = orm.em.getConnection();
      await connection.execute('create table probe (x integer)');
      const verify = spawnSync('npm', ['run', '--silent', 'audit:verify'], { env: { ...process.env, DATA_DIR: dir, AUDIT_CHAIN_KEY: 'a-key', DATABASE_URL: '' }, encoding: 'utf8' });
      expect(verify.stdout).toMatch(/^audit:verify OK/);
      await connection.execute('insert into probe (x) values (1)');
      expect(countFromAnotherProcess(dbName)).toBe(1);
    } finally {
      await orm.close(true);
    }
  });
});
