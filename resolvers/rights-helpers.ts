/** Small helpers the subgraphs' privacy-contract implementations share (P-60, P-62, P-66). */

/** Rows as plain JSON (dates as ISO strings), without the listed columns. */
export function plainRows(rows: readonly object[], omit: readonly string[] = []): Record<string, unknown>[] {
  return rows.map((row) => {
    const out = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
    for (const key of omit) delete out[key];
    return out;
  });
}

/** The moment `days` days before `now`. */
export function cutoff(now: number, days: number): Date {
  return new Date(now - days * 86_400_000);
}

/** Adds a count to a report bucket, leaving zero counts visible. */
export function count(bucket: Record<string, number>, table: string, n: number): void {
  bucket[table] = (bucket[table] ?? 0) + Number(n ?? 0);
}
