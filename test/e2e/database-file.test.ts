/**
 * P-82: the embedded database holds every subgraph's personal data in one file, so only its
 * owner reads it: `npm run migrate` (and `npm start`) create it mode 0600, in a 0700 folder.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initOrm } from '../../resolvers/orm.js';
import { migrateDatabase } from '../../resolvers/migrate-database.js';

describe.skipIf(Boolean(process.env.DATABASE_URL))('the SQLite file', () => {
  it('P-82 a new database file and its folder are readable by their owner only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'privacy-gateway-db-file-'));
    const dbName = join(root, 'data', 'marketplace.db');
    const orm = await initOrm({ dbName });
    try {
      await migrateDatabase(orm);
      expect(statSync(dbName).mode & 0o777).toBe(0o600);
      expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700);
    } finally {
      await orm.close(true);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
