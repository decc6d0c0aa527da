import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

/**
 * The gazetteer is read once and kept for the life of the gateway: what it keeps is marked by every
 * full collection of the gateway's heap, whose pauses every request then waits out. Measured in a
 * process of its own, after collections, as the live heap it adds.
 */
it('P-51 the gazetteer keeps its place names only (a few MB of live heap), not the 135,000 places it read', () => {
  const script = `
    const used = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
    const { loadGazetteer, generalizeAddress } = await import('./directives/transforms/generalize.ts');
    const before = used();
    loadGazetteer();
    const after = used();
    console.log(JSON.stringify({ added: after - before, city: generalizeAddress('1 Main St, Springfield, IL 62701, US') }));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  const { added, city } = JSON.parse(run.stdout.trim().split('\n').pop()!);
  expect(city).toBe('Springfield, US');
  // Reading the places and keeping them in maps held 53 MB; the names in flat strings hold about 4.
  expect(added).toBeLessThan(15_000_000);
});
