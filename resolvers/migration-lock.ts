import type { MikroORM } from '@mikro-orm/core';
import { databaseKind } from './orm.js';

/** The advisory-lock key every process of the marketplace agrees on for schema changes. */
const LOCK_NAME = 'privacy-gateway.migrations';

/**
 * Runs `work` while holding the migration lock, so no two processes change or read a half-changed
 * schema at once. PostgreSQL: a session advisory lock on a connection of its own, exclusive to
 * migrate, shared to check. SQLite: no cross-process lock; migrating a SQLite file is one
 * process's job (`npm run migrate` or `npm start`), and its busy timeout makes the others wait.
 */
export async function withMigrationLock<T>(orm: MikroORM, mode: 'migrate' | 'check', work: () => Promise<T>): Promise<T> {
  if (databaseKind() !== 'postgresql') return work();
  const knex = (orm.em.getConnection() as any).getKnex();
  const connection = await knex.client.acquireConnection();
  const lock = mode === 'migrate' ? 'pg_advisory_lock' : 'pg_advisory_lock_shared';
  try {
    await connection.query(`select ${lock}(hashtext($1))`, [LOCK_NAME]);
    try {
      return await work();
    } finally {
      await connection.query(`select ${lock.replace('lock', 'unlock')}(hashtext($1))`, [LOCK_NAME]);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}
