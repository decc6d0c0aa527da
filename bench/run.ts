/**
 * `npm run bench`: the whole benchmark in one run. Seeds its own database (with the storefront's
 * many callers), starts the subgraphs and every target as its own process pinned to the backend
 * CPU, checks every answer, counts SQL statements and subgraph/facts calls per request, runs
 * interleaved closed-loop rounds per operation, then the storefront mix open-loop at a ladder of
 * arrival rates against every target, and writes bench/RESULTS.md.
 *
 * Options: --duration <s> (1) --rounds <n> (3) --connections <n> (10) --warmup <s> (0.5)
 * --step <s> (3, per arrival rate) --skip-mix --profile-seconds <s> (0 = no profile) --profile-target <target>
 * (privacy) --extended
 * (also the subgraphs asked directly and the facts cache off) --only <op,op> --out <file> --keep.
 */
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeSupergraph } from '../schema/compose.js';
import { SUBGRAPH_NAMES, subgraphTypeDefs } from '../schema/subgraphs.js';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { tokenForPersona } from '../gateway/sign-token.js';
import { VOLUME } from './seed-volume.js';
import { createBenchDatabase } from './bench-database.js';
import { OPERATIONS, requestOf, withRows, type BenchOperation } from './operations.js';
import { TARGETS, pinSelf, planCpus, productionEnv, spawnChild, type RunningChild, type TargetId } from './targets.js';
import { measureCell, parseCpuList, runLoad, type HttpRequest, type LoadSettings } from './load.js';
import { measureCounts } from './counts.js';
import { checkPrivacyAnswer, checkSameAnswer, checkSameData, type AnswerBody, type CheckResult } from './verify.js';
import { budgets, cacheGain, growthRows, renderReport, summarizeCell, type BenchRun, type CellResult, type CountResult } from './report.js';
import { busyPerRequest, extraLines, readProfile, topLines, type ProfileTotals } from './profile.js';
import { signGraphQLRequest } from '../schema/caller-envelope.js';
import { spawnSync } from 'node:child_process';
import { parse, print } from 'graphql';
import { createCallerVerifier } from '../gateway/identity.js';
import { PERSONAS } from '../gateway/personas.js';
import { loadPolicyConfig } from '../directives/policy-config.js';
import { plainWithInputs } from './plain-with-inputs.js';
import { mintCallerTokens, storefrontMix } from './storefront-mix.js';
import { climbTogether, type LadderResult } from './ladder.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const { values: args } = parseArgs({
  options: {
    // Many short rounds rather than a few long ones: the ratios are per round, and the machine's
    // speed drifts within seconds, so the closer in time the two cells of a pair, the steadier.
    duration: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '0.5' },
    step: { type: 'string', default: '3' },
    'skip-mix': { type: 'boolean', default: false },
    extended: { type: 'boolean', default: false },
    'profile-seconds': { type: 'string', default: '0' },
    'profile-target': { type: 'string', default: 'privacy' },
    only: { type: 'string' },
    out: { type: 'string', default: join(here, 'RESULTS.md') },
    keep: { type: 'boolean', default: false },
  },
});

const started = performance.now();
const settings = { durationS: Number(args.duration), rounds: Number(args.rounds), connections: Number(args.connections), warmupS: Number(args.warmup) };
const profileSeconds = Number(args['profile-seconds']);
/** The target profiled against the plain gateway (`--profile-target`, default the privacy gateway with the audit off). */
const profileTarget = args['profile-target'] as TargetId;
if (!(profileTarget in TARGETS) || profileTarget === 'plain') throw new Error(`--profile-target must be one of ${Object.keys(TARGETS).filter((t) => t !== 'plain').join(', ')}`);
const operations = args.only ? OPERATIONS.filter((o) => args.only!.split(',').includes(o.id)) : OPERATIONS;
const log = (message: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`);

function targetsFor(op: BenchOperation): TargetId[] {
  return [
    ...(args.extended && op.directSubgraph ? (['direct'] as const) : []),
    'plain',
    ...(op.readsRows ? (['plain-with-inputs'] as const) : []),
    'privacy',
    'privacy-audit',
    ...(args.extended && op.facts ? (['privacy-uncached'] as const) : []),
    'apollo',
    ...(op.cache ? (['privacy-cache'] as const) : []),
  ];
}

/** The storefront mix's targets, in the order they are loaded (the plain gateway first: its rates are the others' floor). */
const MIX_TARGETS: TargetId[] = ['plain', 'privacy-audit', 'privacy-audit-pg', 'privacy', 'privacy-cache', 'plain-response-cache', 'apollo'];
const OURS = new Set<TargetId>(['privacy', 'privacy-audit', 'privacy-audit-pg', 'privacy-cache']);
const mixOn = !args['skip-mix'];

const cpuPlan = planCpus();
pinSelf(cpuPlan);
const backendCpus = cpuPlan.pinned ? parseCpuList(cpuPlan.backend) : [];
const loadAtStart = loadavg();
const cellCount = operations.reduce((n, op) => n + targetsFor(op).length, 0);
// The estimate counts what a run spends besides the load, as measured here: about 0.6 s per cell and
// round (readings, the load generator's start), and about 2.5 minutes for seeding, starting the
// children, the checks, the counts and the profiled children's start-up.
const estimateS = cellCount * (settings.rounds * (settings.durationS + 0.6) + settings.warmupS) + operations.length * profileSeconds * 2 + (mixOn ? MIX_TARGETS.length * (14 * (Number(args.step) + 0.5) + 5) : 0) + 120;
log(`${cpuPlan.note}; ${cellCount} cells × ${settings.rounds} rounds × ${settings.durationS} s (+ ${settings.warmupS} s warm-up each): about ${Math.round(estimateS / 60)} min`);

// --- the benchmark's own database: the demo seed plus the volume it needs ---
const { dataDir, logDir } = await createBenchDatabase();
log(`seeded ${join(dataDir, 'marketplace.db')}: demo + ${VOLUME.members} members, ${VOLUME.storeOrders} store orders, ${VOLUME.carrierShipments} shipments, ${VOLUME.browsingEvents} browsing events`);

const keys = await loadDevKeys(dataDir);
const tokens = new Map<string, string | null>();
for (const op of operations) tokens.set(op.persona, await tokenForPersona(op.persona, keys, { expiresIn: '6h' }));
const callerTokens = await mintCallerTokens(keys);
const auditDatabase = mixOn ? createAuditDatabase() : { url: undefined, note: 'not measured (--skip-mix)' };
log(`minted ${Object.values(callerTokens).reduce((n, list) => n + list.length, 0)} caller tokens; PostgreSQL audit: ${auditDatabase.note}`);

// --- processes: the subgraphs, then every target, each pinned to the backend CPU ---
const children: RunningChild[] = [];
const supergraphFile = join(dataDir, 'supergraph.graphql');
const childEnv = productionEnv(dataDir);
const spawnOptions = { plan: cpuPlan, env: { DATA_DIR: dataDir, BENCH_SUPERGRAPH: supergraphFile, ...childEnv, ...(auditDatabase.url ? { BENCH_AUDIT_DATABASE_URL: auditDatabase.url } : {}) }, logDir };
let exitCode = 0;
try {
  const subgraphs = await spawnChild('subgraphs', spawnOptions);
  children.push(subgraphs);
  const supergraph = composeSupergraph(SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphs.subgraphs![name]!, typeDefs: subgraphTypeDefs(name) })));
  writeFileSync(supergraphFile, supergraph);

  const directNames = args.extended ? [...new Set(operations.map((o) => o.directSubgraph).filter((s): s is string => Boolean(s)))] : [];
  const gatewayIds: TargetId[] = [
    ...new Set<TargetId>([
      'plain',
      'privacy',
      'privacy-audit',
      'apollo',
      // Every visitor operation is counted through the cache (below), measured or not.
      ...(mixOn || operations.some((o) => o.cache || o.persona === 'visitor') ? (['privacy-cache'] as const) : []),
      ...(args.extended && operations.some((o) => o.facts) ? (['privacy-uncached'] as const) : []),
      ...(mixOn ? MIX_TARGETS.filter((t) => t !== 'privacy-audit-pg' || auditDatabase.url) : []),
    ]),
  ];
  // Every child that started is stopped at the end, even when another failed to start.
  const spawned = await Promise.allSettled([...directNames.map((name) => TARGETS.direct.mode(name)), ...gatewayIds.map((id) => TARGETS[id].mode())].map((mode) => spawnChild(mode, spawnOptions)));
  for (const s of spawned) if (s.status === 'fulfilled') children.push(s.value);
  const failed = spawned.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const all = spawned.map((s) => (s as PromiseFulfilledResult<RunningChild>).value);
  const directList = all.slice(0, directNames.length);
  const gatewayList = all.slice(directNames.length);
  const direct = new Map(directNames.map((name, i) => [name, directList[i]!]));
  const gateways = new Map(gatewayIds.map((id, i) => [id, gatewayList[i]!]));
  log(`started subgraphs, ${directNames.length} direct subgraph targets and ${gatewayIds.join(', ')}`);

  const childFor = (op: BenchOperation, target: TargetId) => (target === 'direct' ? direct.get(op.directSubgraph!)! : gateways.get(target === 'plain-with-inputs' ? 'plain' : target)!);
  // The plain gateway asked what the privacy gateway executes for the operation's caller, rows' inputs as ordinary fields.
  const inputsQuery = new Map<string, string>();
  for (const op of operations.filter((o) => o.readsRows)) {
    const token = tokens.get(op.persona);
    const caller = await createCallerVerifier({ publicKey: keys.publicJwk })(token ? `Bearer ${token}` : null);
    const ctx = { caller, purpose: PERSONAS[op.persona]?.purpose ?? null, config: loadPolicyConfig() };
    inputsQuery.set(op.id, print(plainWithInputs(supergraph, parse(op.query), ctx)));
  }
  const hostFor = (op: BenchOperation, target: TargetId) => (target === 'direct' ? direct.get(op.directSubgraph!)! : subgraphs);
  // A subgraph asked directly answers only signed requests: the direct target signs each one as the gateway would.
  const signingSecret = childEnv.SUBGRAPH_SIGNING_SECRET;
  const directBody = (op: BenchOperation) => () => JSON.stringify(signGraphQLRequest(signingSecret, op.directSubgraph!, { query: op.query, variables: op.variables }));
  const requestFor = (op: BenchOperation, target: TargetId): HttpRequest => {
    const sent = target === 'plain-with-inputs' ? { ...op, query: inputsQuery.get(op.id.split('@')[0]!)! } : op;
    const request: HttpRequest = { url: childFor(op, target).url, ...requestOf(sent, tokens.get(op.persona)) };
    return target === 'direct' ? { ...request, body: directBody(op)(), freshBody: directBody(op) } : request;
  };
  const send = async (request: HttpRequest): Promise<AnswerBody> => {
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
    const text = await response.text();
    try {
      return JSON.parse(text) as AnswerBody;
    } catch {
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
    }
  };

  // --- 1. answers: same data everywhere, masked where the policy says ---
  const checks: CheckResult[] = [];
  for (const op of operations) {
    const plain = await send(requestFor(op, 'plain'));
    for (const target of targetsFor(op)) {
      if (target === 'plain' || target === 'plain-with-inputs') continue;
      const answer = await send(requestFor(op, target));
      if (target === 'privacy' || target === 'privacy-audit') checks.push(checkPrivacyAnswer(op.id, target, plain, answer));
      else if (target === 'privacy-uncached') checks.push(checkSameAnswer(op.id, target, await send(requestFor(op, 'privacy')), answer));
      else if (target === 'privacy-cache') {
        const reference = await send(requestFor(op, 'privacy'));
        const again = await send(requestFor(op, target)); // the second one is served from the cache
        const first = checkSameAnswer(op.id, target, reference, answer);
        const second = checkSameAnswer(op.id, target, reference, again);
        checks.push(first.ok ? second : first);
      } else checks.push(checkSameData(op.id, target, plain, answer));
    }
  }
  for (const c of checks) log(`check ${c.operation} on ${c.target}: ${c.ok ? 'ok' : 'FAILED'} ${c.ok ? c.summary : c.problems.join('; ')}`);
  if (checks.some((c) => !c.ok)) exitCode = 1;

  // --- 2. counts per request, with and without privacy, and 50 vs 500 rows ---
  const counts: CountResult[] = [];
  for (const op of operations) {
    const sizes = op.rows ? [...new Set([50, op.rows.size, 500])].sort((a, b) => a - b) : [null];
    for (const size of sizes) {
      const variant = size === null ? op : withRows(op, size);
      // Every visitor operation is counted through the cache too: the counts show whether it was shared.
      // The audit and the rows' inputs change no count worth a row of their own.
      const targets = [...targetsFor(op), ...(op.persona === 'visitor' && !op.cache ? (['privacy-cache'] as const) : [])].filter((t) => t !== 'privacy-audit' && t !== 'plain-with-inputs');
      for (const target of targets) {
        if (target === 'privacy-cache' && size !== null) continue;
        const request = { ...requestFor(variant, target) };
        const result = await measureCounts(() => send(request), hostFor(op, target));
        counts.push({ operation: variant.id, rows: size, target, counts: result });
      }
    }
  }
  log(`counted SQL statements and calls for ${counts.length} (operation, rows, target) combinations`);

  // --- 3. load: warm-up, then interleaved rounds (A B C D, D C B A, A B C D, ...) ---
  const loadSettings: LoadSettings = { durationS: settings.durationS, connections: settings.connections };
  for (const op of operations) {
    for (const target of targetsFor(op)) await runLoad(requestFor(op, target), { ...loadSettings, durationS: settings.warmupS });
  }
  log('warm-up done');
  const cells = new Map<string, CellResult>();
  for (let round = 1; round <= settings.rounds; round++) {
    for (const op of operations) {
      // Every other round in reverse order: a drift of the machine's speed during a round then
      // favours neither target of a pair.
      const order = round % 2 ? targetsFor(op) : targetsFor(op).reverse();
      for (const target of order) {
        const measured = await measureCell(childFor(op, target), target === 'direct' ? null : subgraphs, requestFor(op, target), loadSettings, backendCpus);
        const key = `${op.id}|${target}`;
        if (!cells.has(key)) cells.set(key, { operation: op.id, target, rounds: [] });
        cells.get(key)!.rounds.push(measured);
        log(`round ${round}/${settings.rounds} ${op.id} ${target}: ${measured.rps.toFixed(0)} req/s, p99 ${measured.p99.toFixed(1)} ms, ${measured.cpuMsPerRequest.toFixed(2)} ms CPU/req, other load ${(measured.foreignCpuShare * 100).toFixed(0)}%${measured.non2xx + measured.errors ? `, ${measured.non2xx + measured.errors} failed` : ''}`);
      }
    }
  }

  // --- 4. the storefront mix, open loop: every target climbs the arrival rates ---
  const ladders: LadderResult[] = [];
  if (mixOn) {
    const mixFor = (rate: number) => storefrontMix(callerTokens, 1 + rate);
    // One request of every kind, to every target: an answer the mix counts as an error under load must not be one at rest.
    const samples = mixFor(0).samples();
    for (const target of MIX_TARGETS) {
      const child = gateways.get(target);
      if (!child) continue;
      const problems: string[] = [];
      await Promise.all(
        samples.map(async ({ kind, request }) => {
          const answer = await send({ url: child.url, headers: request.headers, body: request.body });
          const wrong = (answer.errors ?? []).filter((e) => e.extensions?.code !== 'PRIVACY_BLOCKED' || e.extensions?.rule === 'P-82');
          if (wrong.length || answer.data == null) problems.push(`${kind}: ${wrong[0]?.message ?? 'no data'}`);
        }),
      );
      checks.push({ operation: 'storefront mix, one of each kind', target, ok: problems.length === 0, summary: `${samples.length} kinds answered`, problems });
      log(`check storefront mix on ${target}: ${problems.length ? `FAILED ${problems.join('; ')}` : 'ok'}`);
    }
    const subgraphsCpu = async () => (await subgraphs.stats()).cpuMicros / 1000;
    const mixTargets = MIX_TARGETS.filter((t) => gateways.has(t)).map((id) => {
      const child = gateways.get(id)!;
      return { id, url: child.url, ours: OURS.has(id), backendCpuMs: async () => (await child.stats()).cpuMicros / 1000 + (await subgraphsCpu()) };
    });
    ladders.push(
      ...(await climbTogether(mixTargets, {
        mixFor,
        stepS: Number(args.step),
        onStep: (target, s) => log(`mix ${target} @${s.offered}/s: ${s.achieved.toFixed(0)} answered/s, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, ${s.errors} errors, ${s.overBlocked} P-82${s.auditRefused ? `, ${s.auditRefused} audit refusals` : ''}, backend ${((s.backendCpuMs ?? NaN) / Math.max(1, s.ok)).toFixed(1)} ms CPU/answer`),
      })),
    );
  }

  // --- 5. profile: the privacy and the plain gateway again, under --cpu-prof, over the same requests ---
  let profile: BenchRun['profile'];
  if (profileSeconds > 0) {
    const profileDir = join(dataDir, 'profile');
    // As many requests of each operation as the privacy gateway answers in `profileSeconds`.
    const amounts = new Map(operations.map((op) => [op.id, Math.max(50, Math.round((summarizeCell(cells.get(`${op.id}|privacy`)!).rps || 10) * profileSeconds))]));
    const totals: Partial<Record<TargetId, ProfileTotals>> = {};
    const accountedMsPerRequest: Record<string, number> = {};
    const profiledIds = [profileTarget, 'plain'] as const;
    // Both start at once: start-up (loading and compiling every module) is most of this step's
    // time, and a child waiting its turn is idle, which the profile leaves out (`from` below).
    const profiledChildren = await Promise.all(profiledIds.map((id) => spawnChild(TARGETS[id].mode(), { ...spawnOptions, cpuProfileDir: join(profileDir, id) })));
    children.push(...profiledChildren); // stopped at the end however the run ends (stopping twice is harmless)
    for (const [i, id] of profiledIds.entries()) {
      const dir = join(profileDir, id);
      const profiled = profiledChildren[i]!;
      for (const op of operations) await runLoad({ ...requestFor(op, id), url: profiled.url }, { ...loadSettings, durationS: 0.5 });
      const from = await profiled.mark(); // start-up and warm-up are not what we profile
      const before = await profiled.stats();
      let requests = 0;
      for (const op of operations) requests += (await runLoad({ ...requestFor(op, id), url: profiled.url }, { connections: settings.connections, amount: amounts.get(op.id)! })).requests;
      accountedMsPerRequest[id] = ((await profiled.stats()).cpuMicros - before.cpuMicros) / 1000 / requests;
      await profiled.stop();
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no CPU profile was written for ${id}`);
      copyFileSync(join(dir, file), join(here, `${id}-gateway.cpuprofile`));
      totals[id] = readProfile(join(dir, file), root, from, requests);
    }
    const privacy = totals[profileTarget]!;
    const plain = totals.plain!;
    profile = {
      requestsPerOperation: Object.fromEntries(amounts),
      privacyBusyMsPerRequest: busyPerRequest(privacy),
      plainBusyMsPerRequest: busyPerRequest(plain),
      accountedMsPerRequest: { privacy: accountedMsPerRequest[profileTarget]!, plain: accountedMsPerRequest.plain! },
      top: topLines(privacy, privacy.byFunction),
      byModule: topLines(privacy, privacy.byModule, 12),
      inclusive: topLines(privacy, privacy.projectInclusive, 12),
      extraByFunction: extraLines(privacy, plain, (t) => t.byFunction),
      extraByModule: extraLines(privacy, plain, (t) => t.byModule, 12),
    };
    log(`profiles written to bench/${profileTarget}-gateway.cpuprofile and bench/plain-gateway.cpuprofile`);
  }

  // --- 6. the report ---
  const run: BenchRun = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: {
      nproc: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      os: `${osType()} ${release()}`,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage: { start: loadAtStart[0]!, end: loadavg()[0]! },
    },
    cpuPlan,
    settings,
    operations,
    cells: [...cells.values()],
    counts,
    checks,
    mix: mixOn ? { ladders, stepS: Number(args.step), auditDatabase: auditDatabase.note } : undefined,
    profile,
    wallS: (performance.now() - started) / 1000,
  };
  writeFileSync(args.out!, renderReport(run));
  log(`wrote ${relative(process.cwd(), args.out!)}`);
  printSummary(run);
} catch (error) {
  exitCode = 1;
  console.error(error);
} finally {
  await Promise.all(children.map((c) => c.stop()));
  if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
  else log(`kept ${dataDir}`);
}
process.exit(exitCode);

/**
 * A fresh PostgreSQL database for the audit target (BENCH_AUDIT_DATABASE_URL, default bench_rw_audit
 * on 127.0.0.1:5432): dropped and created again, migrated by the target. Without `psql` or a server, no PostgreSQL row.
 */
function createAuditDatabase(): { url: string | undefined; note: string } {
  const url = process.env.BENCH_AUDIT_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bench_rw_audit';
  const parsed = new URL(url);
  const name = parsed.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const run = (sql: string) => spawnSync('psql', [admin.toString(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { encoding: 'utf8' });
  const dropped = run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const created = dropped.status === 0 ? run(`CREATE DATABASE "${name}"`) : dropped;
  if (created.status !== 0) return { url: undefined, note: `not measured (${(created.stderr || created.error?.message || 'psql failed').trim().split('\n')[0]})` };
  return { url, note: `database ${name} on ${parsed.host}` };
}

function printSummary(run: BenchRun): void {
  console.log('\noperation            target          req/s    p50 ms   p99 ms   CPU ms/req');
  for (const s of run.cells.map(summarizeCell)) {
    console.log(`${s.operation.padEnd(20)} ${s.target.padEnd(14)} ${s.rps.toFixed(0).padStart(6)} ${s.p50.toFixed(1).padStart(9)} ${s.p99.toFixed(1).padStart(8)} ${s.cpu.toFixed(2).padStart(11)}`);
  }
  console.log('\nbudgets:');
  for (const b of budgets(run)) console.log(`  ${b.operation}: privacy CPU ${b.cpuRatio.toFixed(2)}× plain, rounds ${b.cpuMin.toFixed(2)}–${b.cpuMax.toFixed(2)}×, totals ${b.cpuTotals.toFixed(2)}× (≤ ${b.budget}: ${b.cpuOk ? 'met' : 'NOT met'}); privacy/Apollo req/s ${b.apolloRatio.toFixed(2)} (${b.apolloOk ? 'met' : 'NOT met'})`);
  for (const gain of cacheGain(run)) {
    console.log(`  public cache on ${gain.operation}: ${Number.isFinite(gain.ratio) ? `${gain.ratio.toFixed(2)}× req/s` : `not loaded (${gain.shared ? 'shared' : 'not shareable: passed through'})`}`);
  }
  for (const g of growthRows(run)) console.log(`  ${g.operation}: counts ${g.grows ? 'GROW' : 'do not grow'} from 50 to 500 rows (SQL ${g.small.sql} → ${g.large.sql}, facts ${g.small.factsLookups} → ${g.large.factsLookups})`);
}
