/**
 * `npm run bench:startup`: time from process start to first answer, run from TypeScript (tsx)
 * and from the compiled build (dist/, `npm run build` first), for the gateway alone and the whole
 * demo (`npm start`). Each case spawns the process, posts a query every 25 ms until one answers
 * with data, then stops it; rounds are interleaved and the median is reported with the ratio
 * against the tsx run of the same case.
 *
 * Options: --rounds <n> (3) --port <n> (41610: the gateway; the demo's subgraphs follow it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, port: { type: 'string', default: '41610' } } });
const rounds = Number(values.rounds);
const port = Number(values.port);
if (!existsSync('dist/scripts/gateway.js')) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(2);
}

interface Case { name: string; args: string[]; query: string; freshData: boolean }
const TYPENAME = '{ __typename }';
const PRODUCT = '{ product(id: "p-trail-boots") { name reviews { text author { nickname } } } }';
const NODE_FLAGS = ['--max-semi-space-size=64'];
const CASES: Case[] = [
  { name: 'gateway alone, tsx', args: [...NODE_FLAGS, '--import', 'tsx', 'scripts/gateway.ts', '--port', String(port)], query: TYPENAME, freshData: false },
  { name: 'gateway alone, dist', args: [...NODE_FLAGS, 'dist/scripts/gateway.js', '--port', String(port)], query: TYPENAME, freshData: false },
  { name: 'whole demo, tsx', args: [...NODE_FLAGS, '--import', 'tsx', 'scripts/start.ts'], query: PRODUCT, freshData: true },
  { name: 'whole demo, dist', args: [...NODE_FLAGS, 'dist/scripts/start.js'], query: PRODUCT, freshData: true },
];

// The gateway alone refuses an unmigrated database: one migrated DATA_DIR serves its runs.
const gatewayData = mkdtempSync(join(tmpdir(), 'startup-gw-'));
spawnSync(process.execPath, ['dist/scripts/migrate.js'], { env: { ...process.env, DATA_DIR: gatewayData }, stdio: 'ignore' });

async function firstAnswer(c: Case): Promise<number> {
  const dataDir = c.freshData ? mkdtempSync(join(tmpdir(), 'startup-demo-')) : gatewayData;
  const env = { ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(port), SUBGRAPH_BASE_PORT: String(port + 1), NODE_ENV: 'development' };
  const started = performance.now();
  const child = spawn(process.execPath, c.args, { env, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${c.name} exited with ${child.exitCode} before answering`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: c.query }) });
        const body = (await response.json()) as { data?: unknown };
        if (response.ok && body.data) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    if (c.freshData) rmSync(dataDir, { recursive: true, force: true });
  }
}

const times = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
for (let round = 0; round < rounds; round++) {
  for (const c of CASES) {
    const ms = await firstAnswer(c);
    times.get(c.name)!.push(ms);
    console.log(`round ${round + 1} ${c.name}: ${(ms / 1000).toFixed(2)} s`);
  }
}
rmSync(gatewayData, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n| case | median to first answer (${rounds} runs) | vs tsx |\n|---|---|---|`);
for (const c of CASES) {
  const m = median(times.get(c.name)!);
  const baseline = median(times.get(c.name.replace('dist', 'tsx'))!);
  console.log(`| ${c.name} | ${(m / 1000).toFixed(2)} s | ${(baseline / m).toFixed(1)}x faster |`.replace('| 1.0x faster |', '| baseline |'));
}
