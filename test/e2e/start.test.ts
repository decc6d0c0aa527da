import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/** `npm start` on a fresh data folder: migrates, seeds, starts everything, answers within 60 s. */
it('npm start brings up the whole marketplace with demo data and answers a storefront query', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'privacy-gateway-start-'));
  const gatewayPort = 14000 + Math.floor(Math.random() * 500);
  const basePort = gatewayPort + 500;
  const env = { ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(gatewayPort), SUBGRAPH_BASE_PORT: String(basePort) };
  if (!process.env.KEEP_DATABASE_URL) delete (env as any).DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    const started = Date.now();
    let answer: any = null;
    while (Date.now() - started < 60_000 && !answer) {
      await new Promise((r) => setTimeout(r, 500));
      try {
        const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ product(id: "p-trail-boots") { name reviews { anonymous author { nickname } } } }' }),
        });
        if (response.ok) answer = await response.json();
      } catch {
        /* not up yet */
      }
    }
    expect(answer, output).not.toBeNull();
    expect(answer.data.product.name).toBe('Trail Boots');
    expect(answer.data.product.reviews.find((r: any) => r.anonymous).author.nickname).toBe('Anonymous');
    expect(output).toContain('privacy gateway ready');
    // The merchant's sample, as printed, signs its token with this start's DATA_DIR: run from any shell, it is served.
    const tokenCommand = /Bearer \$\((.+?)\)" \\/.exec(output)?.[1];
    expect(tokenCommand, output).toContain(`DATA_DIR=${dataDir} npm run -s token -- --persona merchant-deer`);
    const { DATA_DIR: _, ...shell } = process.env;
    const token = spawnSync('bash', ['-c', tokenCommand!], { env: shell, encoding: 'utf8' }).stdout.trim();
    const merchant = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-purpose': 'essential.service.operations', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ storeOrders(storeId: "deer-outfitters", first: 3) { id consigneePhone } }' }),
    });
    expect(merchant.status).toBe(200);
    expect((await merchant.json()).data.storeOrders).toHaveLength(3);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

/** Runs a start script to its end; what it printed and how it exited. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

it('P-82 with NODE_ENV=production the gateway and the subgraphs refuse to start without their secrets, in one line', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'privacy-gateway-production-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir };
  delete env.SUBGRAPH_SIGNING_SECRET;
  delete env.PSEUDONYM_SECRET;
  delete env.AUDIT_CHAIN_KEY;
  try {
    const cases = [
      { script: 'scripts/start.ts', args: [], extra: {}, missing: /SUBGRAPH_SIGNING_SECRET, PSEUDONYM_SECRET and AUDIT_CHAIN_KEY must be set/ },
      { script: 'scripts/gateway.ts', args: [], extra: { SUBGRAPH_SIGNING_SECRET: 'set' }, missing: /^refusing to start: PSEUDONYM_SECRET and AUDIT_CHAIN_KEY must be set/ },
      { script: 'scripts/subgraph.ts', args: ['accounts'], extra: {}, missing: /^refusing to start: SUBGRAPH_SIGNING_SECRET must be set/ },
    ];
    for (const c of cases) {
      const { code, output } = await runScript(c.script, c.args, { ...env, ...c.extra });
      expect(code, c.script).toBe(1);
      expect(output.trim().split('\n'), c.script).toHaveLength(1);
      expect(output.trim(), c.script).toMatch(c.missing);
      expect(output).not.toMatch(/\n\s+at /);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
