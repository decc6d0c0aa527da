import { spawn } from 'node:child_process';
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
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
