/**
 * `npm run bench:instructions`: machine instructions per request of the plain and the privacy
 * gateway, counted by valgrind's callgrind, so that a change can be told from the machine's noise.
 * CPU time on these shared machines moves by ±10% from one run to the next; an instruction count
 * does not depend on the other processes, but it still moves with what the optimizing compiler
 * does when: two runs of the manifest at one commit gave the privacy target's work as 15.4 and
 * 16.7 M, and runs at commits that left plain-with-inputs' code alone gave it 12.3 to 13.7 M.
 * Compare several runs per side before calling a change of a few percent. It is the instrument for deciding what to change; `npm run bench`
 * stays the measure of the budgets (CPU time).
 *
 * Each target is this repository's gateway built in one process (bench/instructions-target.ts)
 * over the benchmark's own database and subgraphs, asked one request at a time: a warm-up, then
 * the counted requests. Reported per request: every instruction, the garbage collector's, the
 * optimizing compiler's (still at work after a warm-up, and unevenly), and the rest ("work"),
 * which is what a change to the code moves. The functions are the engine's and the libraries'
 * named ones; JavaScript compiled at run time has no name in callgrind and is one line.
 *
 * `--targets a,b` picks the two targets compared (default `plain,privacy`): `plain-with-inputs` is the
 * plain gateway sent the operation as the privacy gateway executes it for the operation's persona,
 * the rows' inputs as ordinary fields and no privacy pass (bench/plain-with-inputs.ts), so
 * `--targets plain,plain-with-inputs` shows what fetching the inputs alone costs, and
 * `--targets privacy,privacy-audit` what the access audit costs (in the benchmark's SQLite database). Two at a time:
 * with more, on these two-CPU machines, the counts stop repeating.
 *
 * Needs valgrind (Debian: `apt-get install valgrind`). Options: --op <id> (manifest)
 * --targets <a,b> (plain,privacy) --requests <n> (150) --warmup <n> (1000) --top <n> (15)
 * --keep (keep the temp dir).
 * About 2 minutes: under valgrind a request takes about 40 times as long.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeSupergraph } from '../schema/compose.js';
import { SUBGRAPH_NAMES, subgraphTypeDefs } from '../schema/subgraphs.js';
import { GATEWAY_NODE_FLAGS } from '../gateway/node-flags.js';
import { createBenchDatabase } from './bench-database.js';
import { operationById } from './operations.js';
import { planCpus, productionEnv, spawnChild } from './targets.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    op: { type: 'string', default: 'manifest' },
    targets: { type: 'string', default: 'plain,privacy' },
    requests: { type: 'string', default: '150' },
    warmup: { type: 'string', default: '1000' },
    top: { type: 'string', default: '15' },
    keep: { type: 'boolean', default: false },
  },
});
const op = operationById(args.op!);
const requests = Number(args.requests);
const TARGETS = ['plain', 'privacy', 'privacy-audit', 'plain-with-inputs'];
const targets = args.targets!.split(',').map((t) => t.trim());
if (targets.length !== 2 || targets[0] === targets[1] || !targets.every((t) => TARGETS.includes(t))) {
  console.error(`--targets takes two different targets, comma-separated, of: ${TARGETS.join(', ')} (got '${args.targets}')`);
  process.exit(2);
}

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('npm run bench:instructions needs valgrind on the PATH (Debian: apt-get install valgrind).');
  process.exit(2);
}

/** Self instructions per function, as callgrind_annotate lists them. */
function functionCosts(outFile: string): Map<string, number> {
  const listing = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', outFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const costs = new Map<string, number>();
  for (const line of listing.split('\n')) {
    const match = /^\s*([\d,]+) \([^)]*\)\s+(.*)$/.exec(line);
    if (!match || match[2]!.includes('PROGRAM TOTALS')) continue;
    const name = nameOf(match[2]!);
    costs.set(name, (costs.get(name) ?? 0) + Number(match[1]!.replaceAll(',', '')));
  }
  return costs;
}

/** `???:v8::internal::Scavenger::Process() [/usr/bin/node]` → `v8::internal::Scavenger::Process`; unnamed code is JavaScript compiled at run time. */
function nameOf(entry: string): string {
  const symbol = entry.replace(/^[^:]*:/, '').replace(/ \[[^\]]*\]$/, '');
  if (/^0x[0-9a-f]+('\d+)?$/.test(symbol)) return '(JavaScript, compiled at run time)';
  return symbol.replace(/\(.*$/, '').slice(0, 100);
}

const GC = /Scaveng|Marking|Sweep|Evacuat|MemoryChunk|SizeFromMap|ShouldVisit|IteratePointers|MarkCompact|Concurrent|Remembered|SlotSet|LiveObject|FreeList|BodyDescriptor|StringTableCleaner|Heap::|RecordWrite/;
const COMPILER = /compiler::|Turbofan|Maglev/i;
const kindOf = (name: string) => (GC.test(name) ? 'gc' : COMPILER.test(name) ? 'compiler' : 'work');

const { dataDir, logDir } = await createBenchDatabase();
const childEnv = productionEnv(dataDir);
const subgraphs = await spawnChild('subgraphs', { plan: { ...planCpus(), pinned: false }, env: { DATA_DIR: dataDir, ...childEnv }, logDir });
try {
  const supergraphFile = join(dataDir, 'supergraph.graphql');
  writeFileSync(supergraphFile, composeSupergraph(SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphs.subgraphs![name]!, typeDefs: subgraphTypeDefs(name) }))));
  console.log(`counting ${op.id}: ${args.warmup} requests of warm-up, then ${requests} counted, per target, under callgrind`);
  const outFiles = await Promise.all(
    targets.map(async (target) => {
      const outFile = join(dataDir, `callgrind.${target}`);
      const child = spawn(
        'valgrind',
        ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`, process.execPath, ...GATEWAY_NODE_FLAGS, '--import', 'tsx', join(here, 'instructions-target.ts'), target],
        {
          cwd: join(here, '..'),
          env: { ...process.env, NODE_ENV: 'production', GATEWAY_LOG_LEVEL: 'error', ...childEnv, DATA_DIR: dataDir, BENCH_SUPERGRAPH: supergraphFile, BENCH_OPERATION: op.id, BENCH_REQUESTS: String(requests), BENCH_WARMUP: args.warmup },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`${target} under valgrind exited with ${code}:\n${stderr.slice(-3000)}`);
      return outFile;
    }),
  );
  const costs = outFiles.map(functionCosts);
  const sums = costs.map((c) => {
    const sum = { work: 0, gc: 0, compiler: 0 };
    for (const [name, n] of c) sum[kindOf(name)] += n / requests;
    return sum;
  });
  const million = (n: number) => (n / 1e6).toFixed(2);
  console.log(`\n| target | instructions per request | work | garbage collector | optimizing compiler | work × ${targets[0]} |`);
  console.log('|---|---:|---:|---:|---:|---:|');
  targets.forEach((target, i) => {
    const s = sums[i]!;
    console.log(`| ${target} | ${million(s.work + s.gc + s.compiler)} M | ${million(s.work)} M | ${million(s.gc)} M | ${million(s.compiler)} M | ${(s.work / sums[0]!.work).toFixed(3)}× |`);
  });
  const [base, other] = costs as [Map<string, number>, Map<string, number>];
  const grown = [...new Set([...base.keys(), ...other.keys()])]
    .filter((name) => kindOf(name) === 'work')
    .map((name) => ({ name, extra: ((other.get(name) ?? 0) - (base.get(name) ?? 0)) / requests }))
    .sort((a, b) => b.extra - a.extra)
    .slice(0, Number(args.top));
  console.log(`\nWhere ${targets[1]}'s work grew over ${targets[0]}'s (self instructions per request, thousands):\n`);
  console.log('| function | + per request |');
  console.log('|---|---:|');
  for (const { name, extra } of grown) console.log(`| \`${name}\` | ${(extra / 1000).toFixed(0)} k |`);
} finally {
  await subgraphs.stop();
  if (args.keep) console.log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
