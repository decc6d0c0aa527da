/**
 * The replay half of a policy's dry run (`npm run policy:diff`): the eight subgraphs over a fresh
 * demo database, two privacy gateways in this process (the current policy and the proposed one),
 * each operation sent to both, and the values whose release differs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { readPrivacyIndex } from '../directives/annotations.js';
import type { LogWriter } from '@graphql-hive/logger';
import type { PolicyConfig } from '../directives/policy-config.js';
import { openMarketplaceOrm, prepareMarketplace } from './marketplace-database.js';
import { SUBGRAPH_MODULES } from '../resolvers/modules.js';
import { startSubgraph, type RunningSubgraph } from '../resolvers/subgraph-server.js';
import { composeSupergraph } from '../schema/compose.js';
import { subgraphTypeDefs } from '../schema/subgraphs.js';
import { createPrivacyGateway } from '../gateway/privacy-gateway.js';
import { createGatewayLogger } from '../gateway/gateway-logger.js';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { tokenForPersona } from '../gateway/sign-token.js';
import { PERSONAS } from '../gateway/personas.js';
import { clientSchemaFromSupergraph } from '../gateway/role-contract-sdl.js';
import { compareReleases, releasedValues, volatilePaths, type ResponseBody, type ValueChange } from '../gateway/released-values.js';
import type { ReplayOperation } from './replay-corpus.js';

export interface ReplayedOperation extends ReplayOperation {
  role: string;
  status: { current: number; proposed: number };
  changes: ValueChange[];
}

/** The report's log lines go to stderr: stdout is the report. */
const stderrWriter: LogWriter = { write: (level, _attrs, msg) => void process.stderr.write(`gateway ${level}: ${msg ?? ''}\n`) };

/** Replays `operations` against a gateway with each policy, over the demo data; `progress` gets a line per step. */
export async function replayOperations(current: PolicyConfig, proposed: PolicyConfig, operations: ReplayOperation[], progress: (line: string) => void): Promise<ReplayedOperation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'policy-diff-'));
  // The demo database, keys and secrets live in the temporary directory, and the database is SQLite whatever DATABASE_URL says.
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  const closers: (() => Promise<unknown>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  try {
    progress('seeding the demo data into a temporary SQLite database');
    const orm = await openMarketplaceOrm({ dbName: join(dir, 'marketplace.db') });
    closers.unshift(() => orm.close(true));
    await prepareMarketplace(orm, { seed: true });
    const urls = new Map<string, string>();
    const subgraphs: RunningSubgraph[] = await Promise.all(SUBGRAPH_MODULES.map((m) => startSubgraph(m, orm, 0, '127.0.0.1', { peerUrl: (name) => urls.get(name) ?? 'http://127.0.0.1:1/graphql' })));
    closers.unshift(() => Promise.all(subgraphs.map((s) => s.close())));
    for (const s of subgraphs) urls.set(s.name, s.url);
    progress(`${subgraphs.length} subgraphs started`);
    const supergraph = composeSupergraph(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: subgraphTypeDefs(s.name) })), current);
    const keys = await loadDevKeys(dir);
    const start = async (policy: PolicyConfig) => {
      // Audit off (no orm), every document ad hoc (recordings may be partners' drafts), no rate limit in the way of a replay.
      const gateway = createPrivacyGateway({
        supergraph,
        identity: { publicKey: keys.publicJwk },
        policy,
        trustedDocuments: { mode: 'off' },
        metrics: false,
        rateLimit: { limits: { visitor: 1_000_000, member: 1_000_000, partner: 1_000_000 } },
        logging: createGatewayLogger({ level: 'error', writer: stderrWriter }),
      });
      const server: Server = createServer(gateway as any);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      closers.unshift(async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await (gateway as any).dispose?.();
      });
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    };
    const currentUrl = await start(current);
    const proposedUrl = await start(proposed);
    progress('gateways started: current and proposed policy');

    const schema = clientSchemaFromSupergraph(supergraph);
    const governed = new Set(readPrivacyIndex(schema).keys());
    const tokens = new Map<string, string | null>();
    const ask = async (url: string, op: ReplayOperation) => {
      if (!tokens.has(op.persona)) tokens.set(op.persona, await tokenForPersona(op.persona, keys));
      const token = tokens.get(op.persona);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(op.purpose ? { 'x-purpose': op.purpose } : {}) },
        body: JSON.stringify({ query: op.query, variables: op.variables, operationName: op.operationName }),
      });
      return { status: response.status, body: (await response.json()) as ResponseBody };
    };
    const replayed: ReplayedOperation[] = [];
    for (const [i, op] of operations.entries()) {
      const document = parse(op.query);
      const read = (body: ResponseBody) => releasedValues(schema, document, op.operationName, body, governed);
      // Sent twice under the current policy: what differs between those two (a sealed cursor) is compared by presence only.
      const first = await ask(currentUrl, op);
      const again = await ask(currentUrl, op);
      const next = await ask(proposedUrl, op);
      const before = read(first.body);
      const changes = compareReleases(before, read(next.body), volatilePaths(before, read(again.body)));
      replayed.push({ ...op, role: PERSONAS[op.persona]?.claims?.role ?? 'visitor', status: { current: first.status, proposed: next.status }, changes });
      progress(`[${i + 1}/${operations.length}] ${op.label} as ${op.persona}${op.purpose ? ` for ${op.purpose}` : ''}: ${changes.length} value${changes.length === 1 ? '' : 's'} differ`);
    }
    return replayed;
  } finally {
    for (const close of closers) await close();
  }
}
