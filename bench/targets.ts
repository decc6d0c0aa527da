import { loadAuditChainKey } from '../gateway/audit/audit-key.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATEWAY_NODE_FLAGS } from '../gateway/node-flags.js';
import { READY_PREFIX, type ProbeStats, type ReadyMessage } from './probe.js';
import { loadSigningSecret, secretFromEnvOrDataDir } from '../schema/signing-secret.js';

/**
 * What the children need to run as production does, which takes its secrets from the environment:
 * the run's own, generated under its DATA_DIR. Partner roles run registered documents only in
 * production (gateway/trusted-documents.ts); the benchmarks send their operations as text.
 */
export function productionEnv(dataDir: string): Record<string, string> {
  return {
    TRUSTED_DOCUMENTS: 'off',
    SUBGRAPH_SIGNING_SECRET: loadSigningSecret({ DATA_DIR: dataDir }),
    PSEUDONYM_SECRET: secretFromEnvOrDataDir({ DATA_DIR: dataDir }, 'PSEUDONYM_SECRET', 'pseudonym-secret', 'pseudonyms'),
    AUDIT_CHAIN_KEY: loadAuditChainKey({ DATA_DIR: dataDir }),
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** What the benchmark compares, per operation. */
export type TargetId =
  | 'direct'
  | 'plain'
  | 'plain-with-inputs'
  | 'plain-response-cache'
  | 'privacy'
  | 'privacy-audit'
  | 'privacy-audit-pg'
  | 'privacy-cache'
  | 'privacy-uncached'
  | 'apollo';

export interface TargetSpec {
  id: TargetId;
  label: string;
  /** The child's mode (bench/serve-target.ts); `direct` depends on the operation's subgraph. */
  mode: (subgraph?: string) => string;
}

export const TARGETS: Record<TargetId, TargetSpec> = {
  direct: { id: 'direct', label: 'subgraph, direct', mode: (subgraph) => `direct:${subgraph}` },
  plain: { id: 'plain', label: 'Hive gateway, no privacy', mode: () => 'plain' },
  // The plain gateway asked the operation the privacy gateway executes, rows' inputs as ordinary fields (bench/plain-with-inputs.ts).
  'plain-with-inputs': { id: 'plain-with-inputs', label: 'Hive gateway, no privacy, with the rows\' inputs', mode: () => 'plain' },
  'plain-response-cache': { id: 'plain-response-cache', label: 'Hive gateway, no privacy, response cache per caller', mode: () => 'plain-response-cache' },
  privacy: { id: 'privacy', label: 'Hive gateway + privacy, audit off', mode: () => 'privacy' },
  'privacy-audit': { id: 'privacy-audit', label: 'Hive gateway + privacy, audit on (SQLite)', mode: () => 'privacy-audit' },
  'privacy-audit-pg': { id: 'privacy-audit-pg', label: 'Hive gateway + privacy, audit on (PostgreSQL)', mode: () => 'privacy-audit-pg' },
  'privacy-cache': { id: 'privacy-cache', label: 'Hive gateway + privacy + public cache, audit on (SQLite)', mode: () => 'privacy-cache' },
  'privacy-uncached': { id: 'privacy-uncached', label: 'Hive gateway + privacy, facts cache off', mode: () => 'privacy-uncached' },
  apollo: { id: 'apollo', label: 'Apollo Gateway, no privacy', mode: () => 'apollo' },
};

/**
 * The core budget: the backends (subgraphs and the target under load) share one set of CPUs and
 * the load generator (this process) runs on the other, so the two never compete. On a machine
 * with fewer than two CPUs, or without `taskset`, nothing is pinned (and the report says so).
 */
export interface CpuPlan {
  pinned: boolean;
  load: string;
  backend: string;
  note: string;
}

export function planCpus(env = process.env): CpuPlan {
  const hasTaskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  const cpus = availableParallelism();
  if (!hasTaskset || cpus < 2) {
    return { pinned: false, load: '', backend: '', note: hasTaskset ? `only ${cpus} CPU: nothing pinned` : 'taskset not found: nothing pinned' };
  }
  const load = env.BENCH_LOAD_CPUS ?? '0';
  const backend = env.BENCH_BACKEND_CPUS ?? (cpus >= 4 ? `1-${Math.floor(cpus / 2)}` : '1');
  return { pinned: true, load, backend, note: `backends (subgraphs + the target under load) on CPU ${backend}; load generator on CPU ${load}` };
}

/** Pins this process (every thread) to the load generator's CPUs. */
export function pinSelf(plan: CpuPlan): void {
  if (!plan.pinned) return;
  spawnSync('taskset', ['-a', '-cp', plan.load, String(process.pid)], { stdio: 'ignore' });
}

export interface RunningChild {
  mode: string;
  pid: number;
  url: string;
  probe: string;
  subgraphs?: Record<string, string>;
  stats(): Promise<ProbeStats>;
  counting(on: boolean): Promise<void>;
  /** The child's monotonic clock in microseconds (V8 CPU profile timestamps use the same clock). */
  mark(): Promise<number>;
  /** Asks the child to exit cleanly (so a CPU profile gets written), then makes sure it is gone; again, it waits for the first. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  plan: CpuPlan;
  env: Record<string, string>;
  logDir: string;
  /** Write a V8 CPU profile (`--cpu-prof`) into this folder on exit. */
  cpuProfileDir?: string;
  timeoutMs?: number;
}

/**
 * Starts one child (bench/serve-target.ts) and waits until it serves, then pins it (every thread)
 * to the backend CPUs: start-up (loading and compiling modules) may use every CPU, the
 * measurements run pinned.
 */
export async function spawnChild(mode: string, options: SpawnOptions): Promise<RunningChild> {
  const nodeArgs = [...GATEWAY_NODE_FLAGS, '--import', 'tsx', ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []), join(here, 'serve-target.ts'), mode];
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', GATEWAY_LOG_LEVEL: 'error', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = join(options.logDir, `${mode.replace(/[^a-z0-9-]/gi, '_')}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr!.pipe(log);

  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${mode} did not start within ${options.timeoutMs ?? 300_000} ms; see ${logFile}`)), options.timeoutMs ?? 300_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith(READY_PREFIX)) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice(READY_PREFIX.length)) as ReadyMessage);
        } else log.write(line + '\n');
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} exited (${code}) before it served:\n${safeRead(logFile).slice(-3000)}`));
    });
  });

  if (options.plan.pinned) {
    const pinned = spawnSync('taskset', ['-a', '-cp', options.plan.backend, String(child.pid)], { stdio: 'ignore' });
    if (pinned.status !== 0) throw new Error(`could not pin ${mode} (pid ${child.pid}) to CPU ${options.plan.backend}`);
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  return {
    mode,
    pid: child.pid!,
    url: ready.url,
    probe: ready.probe,
    subgraphs: ready.subgraphs,
    stats: async () => (await (await fetch(`${ready.probe}/stats`)).json()) as ProbeStats,
    mark: async () => ((await (await fetch(`${ready.probe}/mark`)).json()) as { monotonicMicros: number }).monotonicMicros,
    counting: async (on) => {
      await fetch(`${ready.probe}/counting?on=${on ? 1 : 0}`, { method: 'POST' });
    },
    // Once, however often it is asked: the benchmark stops every child again when it ends.
    stop: () =>
      (stopping ??= (async () => {
        try {
          await fetch(`${ready.probe}/exit`, { method: 'POST' });
        } catch {
          // already gone
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
        log.end();
      })()),
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
