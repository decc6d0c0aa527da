import type { MikroORM } from '@mikro-orm/core';
import { Member } from './accounts/member.entity.js';
import { DemoSeeder } from './DemoSeeder.js';
import { migrateDatabase } from './migrate-database.js';

/**
 * The demo's one-step preparation (`npm start`, the tests, the benchmark): migrates under the
 * migration lock (with `alsoUnderLock`, another owner's migration set too) and, only when `seed` is asked for and the database holds no members yet, seeds
 * the demo personas. `seed` has no default: a production path never seeds by omission.
 */
export async function prepareDatabase(orm: MikroORM, options: { seed: boolean; alsoUnderLock?: () => Promise<string[]> }): Promise<{ migrated: string[]; seeded: boolean }> {
  const migrated = await migrateDatabase(orm, options.alsoUnderLock);
  let seeded = false;
  if (options.seed && (await orm.em.fork().count(Member, {})) === 0) {
    await orm.seeder.seed(DemoSeeder);
    seeded = true;
  }
  return { migrated, seeded };
}
