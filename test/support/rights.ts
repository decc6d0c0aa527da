/**
 * Helpers for the rights and audit e2e tests (test/e2e/rights-*.test.ts, audit-*.test.ts):
 * tokens for members without a persona, the audit rows as stored, direct SQL on the shared
 * database (to tamper with the audit as an attacker with database access would), and the
 * `npm run` scripts against the test's own database.
 */
import { spawn } from 'node:child_process';
import type { MikroORM } from '@mikro-orm/core';
import { signToken } from '../../gateway/sign-token.js';
import { readAuditEntries, readAuditChain } from '../../gateway/audit/audit-log.js';
import type { ChainedAuditRecord } from '../../gateway/audit/audit-chain.js';
import { databaseKind } from '../../resolvers/orm.js';
import type { Marketplace } from './marketplace.js';

/** A signed token for any claims (a member without a persona, a role without its case, ...). */
export function tokenFor(m: Marketplace, claims: Record<string, unknown>, options: { authTime?: number } = {}): Promise<string> {
  return signToken(claims, { privateKey: m.keys.privateKey, kid: m.keys.publicJwk.kid, ...options });
}

/** Seconds since the epoch, `secondsAgo` ago: for `auth_time`. */
export const secondsAgo = (seconds: number) => Math.floor(Date.now() / 1000) - seconds;

/** The audit's decisions, in chain order, each with its record's context (seq, request, caller, hashes), as its readers see them. */
export async function auditRows(orm: MikroORM, where: { requestId?: string; subject?: string } = {}): Promise<any[]> {
  // An answer that released nothing of any row is sent before its record is written (gateway/use-privacy.ts):
  // a request's record may land a moment after its answer.
  for (let waited = 0; ; waited += 20) {
    const rows = await readAuditEntries(orm.em, where);
    if (rows.length || !where.requestId || waited >= 1000) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The stored audit records, in chain order, as rows. */
export async function auditRecords(orm: MikroORM): Promise<ChainedAuditRecord[]> {
  const records: ChainedAuditRecord[] = [];
  for await (const { record } of readAuditChain(orm.em)) records.push(record);
  return records;
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
