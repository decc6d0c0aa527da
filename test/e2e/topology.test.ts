import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseKind, initOrm } from '../../resolvers/orm.js';
import { composeMarketplace } from '../../resolvers/compose-marketplace.js';
import { Member } from '../../resolvers/accounts/member.entity.js';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.js';

/** A process started through its npm script, in a process group of its own so stopping it stops npm's children too. */
interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmRun(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn('npm', ['run', '-s', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves once the process printed `ready`; rejects, with what it printed, if it exits first. */
function readyWhen(started: Started, ready: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (ready.test(started.output())) resolve();
    };
    started.child.stdout!.on('data', check);
    check();
    void started.exited.then((code) => reject(new Error(`exited with ${code} before ready:\n${started.output()}`)));
  });
}

async function stop(started: Started): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  try {
    process.kill(-started.child.pid!, 'SIGTERM');
  } catch {
    /* already gone */
  }
  await started.exited;
}

/**
 * The deployable topology on PostgreSQL: `npm run migrate` as its own step (safe to run twice at
 * once), then eight subgraph processes and the gateway started all at once on the migrated
 * database, none of them migrating or seeding. It needs a PostgreSQL server, so it runs in the
 * suite's PostgreSQL pass.
 */
describe.runIf(databaseKind() === 'postgresql')('deployable topology (PostgreSQL)', () => {
  it('migrate runs once under its lock; subgraphs and gateway as separate processes come up without seeding, and refuse an unmigrated database', async () => {
    const dbName = `pg_topology_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const databaseUrl = new URL(process.env.DATABASE_URL!);
    databaseUrl.pathname = `/${dbName}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'privacy-gateway-topology-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl.toString(),
      DATA_DIR: dataDir,
      SUBGRAPH_SIGNING_SECRET: 'topology-signing-secret-0123456789abcdef',
      PSEUDONYM_SECRET: 'topology-pseudonym-secret-0123456789abcdef',
    };
    delete env.NODE_ENV;
    const ports = Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, 4701 + i]));
    const gatewayPort = 4709;
    const started: Started[] = [];
    try {
      // Before migrate: a subgraph and the gateway refuse, in one line naming the fix.
      const supergraphFile = join(dataDir, 'supergraph.graphql');
      const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`]));
      writeFileSync(supergraphFile, composeMarketplace(urls).supergraph);
      const early = [npmRun(['subgraph', '--', 'accounts', '--port', String(ports.accounts)], env), npmRun(['gateway', '--', '--supergraph', supergraphFile, '--port', String(gatewayPort)], env)];
      started.push(...early);
      for (const p of early) {
        expect(await p.exited, p.output()).toBe(1);
        expect(p.output().trim().split('\n'), p.output()).toHaveLength(1);
        expect(p.output()).toMatch(/^refusing to start: .*run `npm run migrate` first$/m);
      }

      // Two migrate runs at once: both succeed, one applies every migration, the other finds none.
      const migrates = [npmRun(['migrate'], env), npmRun(['migrate'], env)];
      started.push(...migrates);
      const codes = await Promise.all(migrates.map((m) => m.exited));
      expect(codes, migrates.map((m) => m.output()).join('\n---\n')).toEqual([0, 0]);
      const applied = migrates.map((m) => /migrations applied: (.*)/.exec(m.output())?.[1]);
      expect(applied.filter((a) => a === 'none (up to date)'), applied.join(' | ')).toHaveLength(1);
      expect(applied.find((a) => a !== 'none (up to date)')).toMatch(/^Migration\d+(, Migration\d+)+$/);

      // Eight subgraphs and the gateway, all at once.
      const subgraphs = SUBGRAPH_NAMES.map((name) => npmRun(['subgraph', '--', name, '--port', String(ports[name])], env));
      const gateway = npmRun(['gateway', '--', '--supergraph', supergraphFile, '--port', String(gatewayPort)], env);
      started.push(...subgraphs, gateway);
      await Promise.all([...subgraphs.map((s) => readyWhen(s, /^subgraph \w+ at /m)), readyWhen(gateway, /^privacy gateway over /m)]);

      const readiness = await fetch(`http://127.0.0.1:${gatewayPort}/readiness`);
      expect({ status: readiness.status, body: await readiness.json() }).toEqual({ status: 200, body: { ready: true } });
      const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ product(id: "p-trail-boots") { name reviews { text } } }' }),
      });
      expect(await response.json()).toEqual({ data: { product: null } });

      // Nothing seeded the demo personas.
      const orm = await initOrm({ dbName });
      try {
        expect(await orm.em.fork().count(Member, {})).toBe(0);
      } finally {
        await orm.close(true);
      }
    } finally {
      await Promise.all(started.map(stop));
      const admin = await initOrm({ dbName: 'postgres' });
      await admin.schema.dropDatabase(dbName);
      await admin.close(true);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
