/**
 * Helpers for the rights and audit e2e tests (test/e2e/rights-*.test.ts, audit-*.test.ts):
 * tokens for members without a persona, the audit rows as stored, direct SQL on the shared
 * database (to tamper with the audit as an attacker with database access would), and the
 * `npm run` scripts against the test's own database.
 */
import { spawn } from 'node:child_process';
import type { MikroORM } from '@mikro-orm/core';
import { signToken } from '../../gateway/sign-token.js';
import { AuditEntry } from '../../gateway/audit/audit-entry.entity.js';
import { databaseKind } from '../../resolvers/orm.js';
import type { Marketplace } from './marketplace.js';

/** A signed token for any claims (a member without a persona, a role without its case, ...). */
export function tokenFor(m: Marketplace, claims: Record<string, unknown>, options: { authTime?: number } = {}): Promise<string> {
  return signToken(claims, { privateKey: m.keys.privateKey, kid: m.keys.publicJwk.kid, ...options });
}

/** Seconds since the epoch, `secondsAgo` ago: for `auth_time`. */
export const secondsAgo = (seconds: number) => Math.floor(Date.now() / 1000) - seconds;

/** The stored audit, in chain order, as plain rows. */
export async function auditRows(orm: MikroORM, where: Record<string, unknown> = {}): Promise<any[]> {
  const rows = await orm.em.fork().find(AuditEntry, where as any, { orderBy: { seq: 'asc' } });
  return rows.map((r) => ({ ...(r as any) }));
}

/** Runs SQL directly on the shared database (`?` placeholders). */
export function sql(orm: MikroORM, query: string, params: unknown[] = []): Promise<any> {
  return orm.em.getConnection().execute(query, params as any[]);
}

/** The environment that points a script at the test's database (SQLite file or PostgreSQL database). */
export function scriptEnv(orm: MikroORM): NodeJS.ProcessEnv {
  if (databaseKind() === 'postgresql') {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${orm.config.get('dbName')}`;
    return { ...process.env, DATABASE_URL: url.toString() };
  }
  const file = String(orm.config.get('dbName'));
  return { ...process.env, DATA_DIR: file.replace(/\/marketplace\.db$/, '') };
}

/** Runs `npm run <script>` against the test's database; resolves with exit code and output. */
export function npmRun(orm: MikroORM, script: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], { env: scriptEnv(orm), cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
