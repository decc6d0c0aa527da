import type { RunningChild } from './targets.js';

/**
 * Counts per request, not times: measured in the process that serves the subgraphs (the shared
 * subgraphs host, or the direct target itself) while requests go one at a time, so every
 * statement and every call is the request's own.
 */
export interface RequestCounts {
  /** SQL statements, all subgraphs together (facts lookups included), from MikroORM's query logger. */
  sql: number;
  sqlBySubgraph: Record<string, number>;
  /** GraphQL requests to subgraphs (the gateway's fetches, entity calls included). */
  subgraphRequests: number;
  bySubgraph: Record<string, number>;
  /** Calls to the privacy contract's `/privacy/facts`, all providers together. */
  factsLookups: number;
  /** Facts calls to the consent store (the privacy subgraph). */
  consentLookups: number;
}

export async function measureCounts(send: () => Promise<unknown>, host: RunningChild, repeat = 5): Promise<RequestCounts> {
  await send(); // plans, prepared statements and loaders are warm before counting
  await host.counting(true);
  try {
    const before = (await host.stats()).counters;
    for (let i = 0; i < repeat; i++) await send();
    const after = (await host.stats()).counters;
    const delta = (key: string) => ((after[key] ?? 0) - (before[key] ?? 0)) / repeat;
    const keys = Object.keys(after);
    const group = (prefix: string) =>
      Object.fromEntries(keys.filter((k) => k.startsWith(prefix) && delta(k) > 0).map((k) => [k.slice(prefix.length), delta(k)]));
    const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
    const sqlBySubgraph = group('sql:');
    const bySubgraph = group('graphql:');
    const facts = group('facts:');
    return {
      sql: sum(sqlBySubgraph),
      sqlBySubgraph,
      subgraphRequests: sum(bySubgraph),
      bySubgraph,
      factsLookups: sum(facts),
      consentLookups: facts.privacy ?? 0,
    };
  } finally {
    await host.counting(false);
  }
}
