import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { RunningChild } from './targets.js';

/** One HTTP request, as the load generator sends it again and again. */
export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /**
   * A fresh body for every request sent, when the body is signed (a subgraph asked directly
   * refuses a signature older than a minute, schema/caller-envelope.ts).
   */
  freshBody?: () => string;
}

export interface LoadSettings {
  /** Run for this long, or … */
  durationS?: number;
  /** … until this many requests were answered. */
  amount?: number;
  connections: number;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  /** Latency percentiles in milliseconds, from every response's own timing (not autocannon's 1 ms histogram). */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon (in this process, on the load generator's CPU) against one request for a fixed time. */
export async function runLoad(request: HttpRequest, settings: LoadSettings): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: request.url,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    ...(request.freshBody ? { requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: request.freshBody!() }) }] } : {}),
    connections: settings.connections,
    pipelining: 1,
    ...(settings.amount ? { amount: settings.amount } : { duration: settings.durationS }),
    timeout: 20,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const requests = result['2xx'];
  return {
    requests,
    durationS: result.duration,
    rps: requests / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Busy time of the given CPUs so far, in ms, from /proc/stat (Linux; 0 elsewhere). The machine is
 * shared: what the backend CPU spent beyond our own processes is someone else's load, reported
 * beside every cell so a noisy number can be told from a slow one.
 */
export function cpuBusyMs(cpuList: number[]): number {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return 0;
  }
  let jiffies = 0;
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match || !cpuList.includes(Number(match[1]))) continue;
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = match[2]!.trim().split(/\s+/).map(Number);
    jiffies += user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  }
  return jiffies * 10; // USER_HZ = 100
}

/** "1", "1-3", "0,2" → [1], [1, 2, 3], [0, 2]. */
export function parseCpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

/** One measured cell: a target under load with one operation, read from the target's own accounting. */
export interface CellMeasurement extends LoadResult {
  /** Share of the backend CPUs used by processes other than the target and the subgraphs during the cell. */
  foreignCpuShare: number;
  /** CPU of the target process per successful request, ms (its own `process.cpuUsage()`). */
  cpuMsPerRequest: number;
  /** CPU of the subgraphs process per request, ms (0 for a direct target: it is the subgraph). */
  subgraphCpuMsPerRequest: number;
  /** The target's peak RSS during the cell, bytes. */
  peakRssBytes: number;
}

export async function measureCell(target: RunningChild, subgraphs: RunningChild | null, request: HttpRequest, settings: LoadSettings, backendCpus: number[] = []): Promise<CellMeasurement> {
  const [before, subBefore] = await Promise.all([target.stats(), subgraphs?.stats()]);
  const busyBefore = cpuBusyMs(backendCpus);
  const started = performance.now();
  const load = await runLoad(request, settings);
  const elapsed = performance.now() - started;
  const busyAfter = cpuBusyMs(backendCpus);
  const [after, subAfter] = await Promise.all([target.stats(), subgraphs?.stats()]);
  const per = (micros: number) => (load.requests ? micros / 1000 / load.requests : NaN);
  const ours = (after.cpuMicros - before.cpuMicros + (subAfter && subBefore ? subAfter.cpuMicros - subBefore.cpuMicros : 0)) / 1000;
  const foreign = backendCpus.length ? Math.max(0, busyAfter - busyBefore - ours) / (elapsed * backendCpus.length) : NaN;
  return {
    ...load,
    foreignCpuShare: foreign,
    cpuMsPerRequest: per(after.cpuMicros - before.cpuMicros),
    subgraphCpuMsPerRequest: subBefore && subAfter ? per(subAfter.cpuMicros - subBefore.cpuMicros) : 0,
    peakRssBytes: after.peakRssBytes,
  };
}
