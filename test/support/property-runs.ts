import type fc from 'fast-check';

/**
 * fast-check parameters for the property tests: a fixed number of runs (`FC_NUM_RUNS` overrides
 * it, to run longer), and `FC_SEED` / `FC_PATH` to replay a failure. A failure prints its seed and
 * path, and the shrunk counterexample.
 */
export function propertyParameters<T>(defaultRuns: number): fc.Parameters<T> {
  const env = process.env;
  return {
    numRuns: env.FC_NUM_RUNS ? Number(env.FC_NUM_RUNS) : defaultRuns,
    ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}),
    ...(env.FC_PATH ? { path: env.FC_PATH } : {}),
  };
}
