import { runOpenLoop, type OpenLoopRequest, type OpenLoopResult } from './open-loop.js';
import type { TargetId } from './targets.js';

/**
 * The arrival rates tried, in requests per second, each about a fifth above the last: a ratio of
 * two targets' highest sustained rates is then read to within a fifth, not a factor of two.
 */
export const RATES = [10, 12, 15, 18, 22, 27, 33, 40, 48, 58, 70, 84, 100, 120, 145, 175, 210, 250, 300, 360, 430, 520, 620, 750, 900, 1080, 1300, 1560, 1870, 2250];

/** The latency a storefront answer must keep, at the 99th percentile, for a rate to count as sustained. */
export const P99_BOUND_MS = 250;

export interface LadderResult {
  target: TargetId;
  steps: OpenLoopResult[];
}

/** A step the target kept up with: p99 within the bound, at most 1% errors, and (nearly) every request answered. */
export function sustained(step: OpenLoopResult): boolean {
  return step.p99 <= P99_BOUND_MS && step.errors <= step.sent * 0.01 && step.achieved >= step.offered * 0.95;
}

/**
 * The highest rate sustained below the first three failed rates in a row (where the climb stops).
 * A failed step or two between sustained ones does not end the count: over a 3 s step the p99 is
 * about the slowest answer, so one pause (a major GC, another process on the shared CPU) fails a
 * rate the next ones then pass.
 */
export function highestSustained(ladder: LadderResult): number {
  let best = 0;
  let failedInRow = 0;
  for (const step of ladder.steps) {
    if (sustained(step)) {
      best = step.offered;
      failedInRow = 0;
    } else if (++failedInRow >= 3) break;
  }
  return best;
}

/** The first rate whose p99 passed the bound, if any was reached. */
export function firstPast(ladder: LadderResult): number | undefined {
  return ladder.steps.find((s) => !(s.p99 <= P99_BOUND_MS))?.offered;
}

/** Requests per second of each target's warm-up: below every target's highest sustained rate. */
export const WARMUP_RATE = 20;

/** One target of the ladder: where it answers, and its CPU so far (its process and the subgraphs it calls). */
export interface LadderTarget {
  id: TargetId;
  url: string;
  /** Ours climb at least as far as the plain gateway keeps up: over-blocking is counted at every such rate. */
  ours: boolean;
  /** CPU time, in ms, of the backend processes this target's requests use (itself and the subgraphs), so far. */
  backendCpuMs: () => Promise<number>;
}

export interface LadderOptions {
  /** The mix's request sequence for a step (the same seed per rate, so every target gets the same requests). */
  mixFor: (rate: number) => () => OpenLoopRequest;
  stepS: number;
  /** Stop here in any case. */
  ceiling?: number;
  /** Seconds of warm-up per target before the ladder, at {@link WARMUP_RATE}. Default 5. */
  warmupS?: number;
  onStep?: (target: TargetId, step: OpenLoopResult) => void;
}

/**
 * Climbs the rates with every target at once: at each rate, one step per target still climbing,
 * in turn (the order reversed at every rate), so that the machine's drift and the subgraphs'
 * warming fall on all targets alike instead of on whichever went first. A target stops after
 * three failed steps in a row or when it falls over (most requests late or lost); ours go on at
 * least while the plain gateway climbs and up to its highest sustained rate.
 */
export async function climbTogether(targets: LadderTarget[], options: LadderOptions): Promise<LadderResult[]> {
  // Warm-up: a target the closed loop did not load (the PostgreSQL audit, the response cache)
  // would otherwise spend its first steps compiling its hot paths.
  for (const t of targets) await runOpenLoop({ url: t.url, rate: WARMUP_RATE, durationS: options.warmupS ?? 5, next: options.mixFor(0), timeoutMs: 5000 });
  const ladders = new Map(targets.map((t) => [t.id, { target: t.id, steps: [] as OpenLoopResult[] }]));
  const failedInRow = new Map(targets.map((t) => [t.id, 0]));
  const stopped = new Set<TargetId>();
  const plain = targets.find((t) => t.id === 'plain');
  for (const [i, rate] of RATES.entries()) {
    if (options.ceiling && rate > options.ceiling) break;
    const climbing = targets.filter((t) => !stopped.has(t.id));
    if (!climbing.length) break;
    for (const t of i % 2 ? [...climbing].reverse() : climbing) {
      const before = await t.backendCpuMs();
      const step: OpenLoopResult = await runOpenLoop({ url: t.url, rate, durationS: options.stepS, next: options.mixFor(rate), timeoutMs: 5000 });
      step.backendCpuMs = (await t.backendCpuMs()) - before;
      ladders.get(t.id)!.steps.push(step);
      options.onStep?.(t.id, step);
      failedInRow.set(t.id, sustained(step) ? 0 : failedInRow.get(t.id)! + 1);
      const fellOver = step.achieved < rate * 0.7 || step.errors > step.sent * 0.05 || step.p99 > 2000;
      // Three in a row: on a shared machine one slow step is often someone else's load.
      if (failedInRow.get(t.id)! >= 3 || fellOver) stopped.add(t.id);
    }
    // Ours keep climbing, whatever they did, while the plain gateway does and up to what it sustained.
    const plainDone = !plain || stopped.has('plain');
    const floor = plain && plainDone ? highestSustained(ladders.get('plain')!) : Infinity;
    for (const t of targets) if (t.ours && stopped.has(t.id) && rate < floor) stopped.delete(t.id);
  }
  return targets.map((t) => ladders.get(t.id)!);
}
