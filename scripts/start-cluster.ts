/**
 * npm run start:cluster [-- --port N] [--seed] — the deploy topology as plain processes on one
 * machine: `npm run migrate` once, the eight subgraphs, two gateway replicas (ports N+10 and N+11)
 * and a round-robin proxy on N (default 4000) in front, all on PostgreSQL from DATABASE_URL and
 * sharing SUBGRAPH_SIGNING_SECRET, PSEUDONYM_SECRET and REDIS_URL. `--seed` writes the demo
 * personas into an empty database. Ctrl-C stops everything; SIGHUP restarts the replicas one after
 * the other (A, then B) while the proxy keeps serving; a replica that dies is started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseKind, initOrm } from '../resolvers/orm.js';
import { prepareDatabase } from '../resolvers/prepare-database.js';
import { composeMarketplace } from '../resolvers/compose-marketplace.js';
import { SUBGRAPH_NAMES } from '../schema/subgraphs.js';
import { loadSigningSecret } from '../schema/signing-secret.js';
import { loadAuditChainKey } from '../gateway/audit/audit-key.js';
import { loadPseudonymSecret } from '../gateway/audience-keys.js';
import { startRoundRobinProxy } from './round-robin-proxy.js';

/** How a process is run: the one place to switch from `tsx` to the compiled `node dist/scripts/<name>.js`. */
const runScript = (name: string, args: string[]): [string, string[]] => [process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', `scripts/${name}.ts`, ...args]];

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'boolean', default: false } } });
if (databaseKind() !== 'postgresql') {
  console.error('refusing to start: start:cluster needs PostgreSQL; set DATABASE_URL=postgres://user@host:5432/db (several gateways on one SQLite file are not supported)');
  process.exit(2);
}
const proxyPort = Number(values.port ?? process.env.GATEWAY_PORT ?? 4000);
const host = values.host ?? process.env.GATEWAY_HOST ?? '127.0.0.1';
const subgraphHost = process.env.SUBGRAPH_HOST ?? '127.0.0.1';
const subgraphBase = Number(process.env.SUBGRAPH_BASE_PORT ?? 4001);
const dataDir = process.env.DATA_DIR ?? '.data';
// Every process must agree on the secrets: resolve them once (environment, or DATA_DIR) and hand them down.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SUBGRAPH_SIGNING_SECRET: loadSigningSecret(),
  PSEUDONYM_SECRET: loadPseudonymSecret(dataDir),
  AUDIT_CHAIN_KEY: loadAuditChainKey({ ...process.env, DATA_DIR: dataDir }),
};
const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, `http://${subgraphHost}:${subgraphBase + i}/graphql`]));
for (const [name, url] of Object.entries(subgraphUrls)) env[`SUBGRAPH_${name.toUpperCase()}_URL`] = url;
// The privacy subgraph reads the gateway's access audit (P-80) through the proxy: either replica answers.
env.AUDIT_URL ??= `http://${host}:${proxyPort}/graphql`;
// The replicas sit behind the proxy, which appends each client's address to x-forwarded-for.
env.GATEWAY_TRUSTED_PROXIES ??= '1';
// Every connection comes from the proxy: the per-address bound would cap all clients together.
env.GATEWAY_MAX_CONNECTIONS_PER_ADDRESS ??= '4096';
if (!env.REDIS_URL) console.warn('REDIS_URL is not set: each replica counts the rate limits on its own, so a caller gets each budget once per replica');

interface Service {
  name: string;
  args: [string, string[]];
  ready: RegExp;
  child?: ChildProcess;
  stopping?: boolean;
  /** Runs to completion (migrate): its exit is not a failure. */
  oneShot?: boolean;
}
let shuttingDown = false;

/** Starts a service, its output prefixed with its name; resolves once it printed its ready line. */
function run(service: Service): Promise<void> {
  const [command, args] = service.args;
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  service.child = child;
  service.stopping = false;
  return new Promise((resolve, reject) => {
    let ready = false;
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) console.log(`[${service.name}] ${line}`);
      if (!ready && service.ready.test(chunk.toString())) {
        ready = true;
        resolve();
      }
    };
    child.stdout!.on('data', relay);
    child.stderr!.on('data', relay);
    child.once('exit', (code, signal) => {
      if (!ready) return reject(new Error(`${service.name} exited (${signal ?? code}) before it was ready`));
      if (shuttingDown || service.stopping || service.oneShot) return;
      console.log(`[cluster] ${service.name} exited (${signal ?? code}); starting it again`);
      setTimeout(() => void run(service).catch((error) => console.error(`[cluster] ${error.message}`)), 1000);
    });
  });
}

async function stop(service: Service): Promise<void> {
  const child = service.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  service.stopping = true;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const services: Service[] = [];
let proxy: Server | undefined;
const shutdown = async () => {
  if (shuttingDown) return;
  shuttingDown = true;
  proxy?.close();
  // Gateways first (they drain), then the subgraphs they call.
  await Promise.all(services.filter((s) => s.name.startsWith('gateway')).map(stop));
  await Promise.all(services.map(stop));
  process.exit();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown());
// Should this process die without its signal handlers, its children go with it.
process.on('exit', () => services.forEach((s) => s.child?.exitCode === null && s.child.kill('SIGTERM')));
const started = Date.now();
try {
  // 1. The schema step, once, before anything else.
  const migrate: Service = { name: 'migrate', args: runScript('migrate', []), ready: /migrations applied/, oneShot: true };
  await run(migrate);
  await new Promise((resolve) => (migrate.child!.exitCode !== null ? resolve(null) : migrate.child!.once('exit', resolve)));
  if (migrate.child!.exitCode !== 0) throw new Error('migrate failed');
  if (values.seed) {
    const orm = await initOrm();
    const { seeded } = await prepareDatabase(orm, { seed: true });
    await orm.close(true);
    console.log(`[cluster] demo data: ${seeded ? 'seeded' : 'already there'}`);
  }
  // 2. The subgraphs, all at once.
  const subgraphs = SUBGRAPH_NAMES.map((name, i): Service => ({ name, args: runScript('subgraph', [name, '--port', String(subgraphBase + i), '--host', subgraphHost]), ready: /^subgraph \w+ at /m }));
  services.push(...subgraphs);
  await Promise.all(subgraphs.map(run));
  // 3. The supergraph over where the subgraphs listen, then the two replicas and the proxy.
  mkdirSync(dataDir, { recursive: true });
  const supergraphFile = join(dataDir, 'supergraph.cluster.graphql');
  writeFileSync(supergraphFile, composeMarketplace(subgraphUrls).supergraph);
  // The replicas listen on loopback only: they trust the x-forwarded-for the proxy appends, which a
  // caller reaching them directly would write as they please (another visitor's budget, or none).
  const replicas = ['A', 'B'].map((letter, i): Service => ({ name: `gateway-${letter}`, args: runScript('gateway', ['--supergraph', supergraphFile, '--port', String(proxyPort + 10 + i), '--host', '127.0.0.1']), ready: /^privacy gateway over /m }));
  services.push(...replicas);
  await Promise.all(replicas.map(run));
  proxy = await startRoundRobinProxy(replicas.map((_, i) => new URL(`http://127.0.0.1:${proxyPort + 10 + i}`)), { port: proxyPort, host });
  console.log(`[cluster] ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  proxy (round-robin): http://${host}:${proxyPort}/graphql
${replicas.map((r, i) => `  replica ${r.name}: http://127.0.0.1:${proxyPort + 10 + i}/graphql pid ${r.child!.pid}`).join('\n')}
  Ctrl-C stops everything; kill -HUP ${process.pid} restarts the replicas one after the other`);

  let rolling = false;
  process.on('SIGHUP', async () => {
    if (rolling) return;
    rolling = true;
    for (const replica of replicas) {
      await stop(replica);
      await run(replica);
      console.log(`[cluster] ${replica.name} restarted, pid ${replica.child!.pid}`);
    }
    console.log('[cluster] rolling restart done');
    rolling = false;
  });
} catch (error) {
  console.error(`[cluster] ${(error as Error).message}; stopping`);
  process.exitCode = 1;
  await shutdown();
}
