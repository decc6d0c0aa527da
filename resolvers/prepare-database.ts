import type { MikroORM } from '@mikro-orm/core';
import { Member } from './accounts/member.entity.js';
import { DemoSeeder } from './DemoSeeder.js';

/**
 * Brings a database to the latest schema through migrations and, when it holds no members yet,
 * seeds the demo marketplace. Idempotent: running it on every start is safe.
 */
export async function prepareDatabase(orm: MikroORM, options: { seed?: boolean } = {}): Promise<{ migrated: string[]; seeded: boolean }> {
  try {
    await orm.schema.ensureDatabase();
  } catch (error) {
    throw new Error(`database unreachable: ${(error as Error).message}`);
  }
  const migrated = (await orm.migrator.up()).map((m) => m.name);
  let seeded = false;
  if (options.seed !== false && (await orm.em.fork().count(Member, {})) === 0) {
    await orm.seeder.seed(DemoSeeder);
    seeded = true;
  }
  return { migrated, seeded };
}
