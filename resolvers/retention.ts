import type { MikroORM } from '@mikro-orm/core';
import type { RetentionInput, RetentionReport } from '../schema/privacy-contract.js';
import type { SubgraphModule } from './subgraph-server.js';
import { totalChanged, type RetentionRun } from '../schema/retention-run.js';
import { flushErasedPages } from './orm.js';

export { totalChanged, type RetentionRun } from '../schema/retention-run.js';

/**
 * P-66: runs every subgraph's `retain` on the shared database directly (the scheduled job's way;
 * the gateway's interval option goes through each subgraph's `/privacy/retain` instead).
 */
export async function runRetention(orm: MikroORM, modules: readonly SubgraphModule[], input: RetentionInput): Promise<RetentionRun> {
  const changes: Record<string, RetentionReport> = {};
  const failed: Record<string, string> = {};
  for (const module of modules) {
    if (!module.privacy?.retain) continue;
    try {
      changes[module.name] = await module.privacy.retain(orm.em.fork(), input);
    } catch (error) {
      failed[module.name] = withoutStatement(String((error as Error)?.message ?? error));
    }
  }
  // The anonymized rows' earlier pages leave the file too (P-66), not at some later checkpoint.
  if (totalChanged(changes) > 0) await flushErasedPages(orm);
  return { now: new Date(input.now).toISOString(), retentionDays: input.retentionDays, changes, total: totalChanged(changes), failed };
}

/** The driver's reason without the statement the query builder puts before it (`update … - database is locked`): the report names the module and the reason. */
function withoutStatement(message: string): string {
  const firstLine = message.split('\n')[0]!;
  const cut = firstLine.lastIndexOf(' - ');
  return /^(select|insert|update|delete|with)\s/i.test(firstLine) && cut > 0 ? firstLine.slice(cut + 3) : firstLine;
}

/** A human-readable report of a run: one line per category and table that had rows past their period. */
export function formatRetentionRun(run: RetentionRun): string {
  const lines = [`retention run at ${run.now}: ${run.total} row(s) anonymized`];
  for (const [subgraph, report] of Object.entries(run.changes)) {
    for (const [category, tables] of Object.entries(report)) {
      const days = run.retentionDays[category];
      for (const [table, n] of Object.entries(tables)) lines.push(`  ${subgraph} ${table}: ${n} row(s) past ${category} (${days} days)`);
    }
  }
  for (const [subgraph, error] of Object.entries(run.failed)) lines.push(`  FAILED ${subgraph}: ${error}`);
  return lines.join('\n');
}
