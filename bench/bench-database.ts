import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMarketplaceOrm, prepareMarketplace } from '../scripts/marketplace-database.js';
import { seedVolume } from './seed-volume.js';
import { seedCallers } from './seed-callers.js';

/**
 * The benchmark's own database, in a fresh temporary folder (`DATA_DIR` for every child): the demo
 * seed plus the volume the benchmark's operations need and the storefront's many callers. Always its own SQLite file, never a shared
 * database. Returns the folder, with a `logs` folder in it for the children's output.
 */
export async function createBenchDatabase(): Promise<{ dataDir: string; logDir: string }> {
  delete process.env.DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'privacy-gateway-bench-'));
  process.env.DATA_DIR = dataDir;
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const orm = await openMarketplaceOrm({ dbName: join(dataDir, 'marketplace.db') });
  await prepareMarketplace(orm, { seed: true });
  await seedVolume(orm);
  await seedCallers(orm);
  await orm.close(true);
  return { dataDir, logDir };
}
