import type { MikroORM } from '@mikro-orm/core';
import { DatabaseNotMigratedError, assertDatabaseMigrated } from '../resolvers/migrate-database.js';

/** A process started on an unmigrated database refuses in one line (`npm run migrate` first) and exits 1. */
export async function exitUnlessMigrated(orm: MikroORM): Promise<void> {
  try {
    await assertDatabaseMigrated(orm);
  } catch (error) {
    if (!(error instanceof DatabaseNotMigratedError)) throw error;
    console.error(`refusing to start: ${error.message}`);
    await orm.close(true);
    process.exit(1);
  }
}
