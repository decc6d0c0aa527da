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

export interface LadderOptions {
  url: string;
  /** The mix's request sequence for a step (the same seed per rate, so every target gets the same requests). */
  mixFor: (rate: number) => () => OpenLoopRequest;
  stepS: number;
  /** Climb at least to this rate, whatever the target does below it (the rates the plain gateway sustained). */
  floor: number;
  /** Stop here in any case. */
  ceiling?: number;
  onStep?: (step: OpenLoopResult) => void;
}

/**
 * Climbs the rates: a short warm-up at the lowest, then one step per rate, until the target fails
 * three steps in a row or falls over (most requests late or lost), once past `floor`.
 */
export async function climb(target: TargetId, options: LadderOptions): Promise<LadderResult> {
  await runOpenLoop({ url: options.url, rate: RATES[0]!, durationS: 1.5, next: options.mixFor(0), timeoutMs: 5000 });
  const steps: OpenLoopResult[] = [];
  let failedInRow = 0;
  for (const rate of RATES) {
    if (options.ceiling && rate > options.ceiling) break;
    const step = await runOpenLoop({ url: options.url, rate, durationS: options.stepS, next: options.mixFor(rate), timeoutMs: 5000 });
    steps.push(step);
    options.onStep?.(step);
    failedInRow = sustained(step) ? 0 : failedInRow + 1;
    const fellOver = step.achieved < rate * 0.7 || step.errors > step.sent * 0.05 || step.p99 > 2000;
    // Three in a row: on a shared machine one slow step is often someone else's load.
    if (rate >= options.floor && (failedInRow >= 3 || fellOver)) break;
  }
  return { target, steps };
}
