/**
 * The compiled build: `npm run build` writes dist/, and the production entry points run from it
 * with plain node (no tsx): the whole demo answers a storefront query, and the gateway alone
 * answers over a migrated database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const PRODUCT = '{ product(id: "p-trail-boots") { name reviews { anonymous author { nickname } } } }';
let dataDir: string;

beforeAll(() => {
  const build = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
  dataDir = mkdtempSync(join(tmpdir(), 'privacy-gateway-dist-'));
}, 180_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `node <script>` and posts `query` until it answers with data (60 s at most). */
async function firstAnswer(script: string, args: string[], port: number, query: string, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(port), SUBGRAPH_BASE_PORT: String(port + 1), ...extraEnv };
  if (!process.env.KEEP_DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    const started = Date.now();
    while (Date.now() - started < 60_000 && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 250));
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
        const body = (await response.json()) as { data?: any };
        if (response.ok && body.data) return { body, output };
      } catch {
        /* not up yet */
      }
    }
    throw new Error(`${script} gave no answer:\n${output}`);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
}

it('npm run build compiles every entry point and copies the json and graphql files the code reads', () => {
  for (const file of ['scripts/start.js', 'scripts/gateway.js', 'scripts/subgraph.js', 'scripts/migrate.js', 'directives/policy.json', 'directives/categories.json', 'directives/privacy.graphql', 'schema/accounts.graphql', 'schema/pii-allowlist.json', 'resolvers/computed-personal-fields.json']) {
    expect(existsSync(join('dist', file)), file).toBe(true);
  }
});

it('P-82 the compiled demo (node dist/scripts/start.js) serves the storefront with the anonymous author hidden', async () => {
  const port = 15000 + Math.floor(Math.random() * 400);
  const { body, output } = await firstAnswer('dist/scripts/start.js', [], port, PRODUCT);
  expect(body.data.product.name).toBe('Trail Boots');
  expect(body.data.product.reviews.find((r: any) => r.anonymous).author.nickname).toBe('Anonymous');
  expect(output).toContain('privacy gateway ready');
}, 90_000);

it('the compiled gateway alone (npm run start:prod) answers over the database the demo migrated', async () => {
  const port = 15500 + Math.floor(Math.random() * 400);
  const { body } = await firstAnswer('dist/scripts/gateway.js', ['--port', String(port)], port, '{ __typename }');
  expect(body.data.__typename).toBe('Query');
}, 90_000);
