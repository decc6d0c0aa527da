import type { RetentionReport } from './privacy-contract.js';

/** What one retention run changed (P-66): per subgraph, per category, per table, rows anonymized. */
export interface RetentionRun {
  now: string;
  retentionDays: Record<string, number>;
  changes: Record<string, RetentionReport>;
  /** Rows anonymized in total; 0 on a second run over the same data (idempotent). */
  total: number;
  /** Subgraphs whose retention failed (the job reports them and exits non-zero). */
  failed: Record<string, string>;
}

/** Sums a run's counts. */
export function totalChanged(changes: Record<string, RetentionReport>): number {
  let total = 0;
  for (const report of Object.values(changes)) for (const tables of Object.values(report)) for (const n of Object.values(tables)) total += Number(n) || 0;
  return total;
}
