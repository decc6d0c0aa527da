/**
 * One benchmark child process: `node --import tsx bench/serve-target.ts <mode>`, started by
 * bench/targets.ts under `taskset`. Modes:
 *
 * - `subgraphs`: the eight subgraphs over the benchmark's database (DATA_DIR), each with its own
 *   MikroORM instance so that SQL statements are counted per subgraph (in the ORM's query logger,
 *   only while the parent counts);
 * - `direct:<name>`: one subgraph alone, the target that answers an operation without a gateway;
 * - `plain`, `plain-response-cache`: the Hive gateway runtime without the privacy layer (with the
 *   runtime's own response cache, one per caller), over the supergraph in BENCH_SUPERGRAPH;
 * - `privacy` (audit off), `privacy-audit` (audit in the SQLite database), `privacy-audit-pg`
 *   (audit in PostgreSQL), `privacy-cache` (public-data cache, audit in SQLite), `privacy-uncached`
 *   (facts cache off, so that every request asks the facts owners): with the privacy layer;
 * - `apollo`: Apollo Gateway + Apollo Server (standalone) over the same supergraph, no privacy.
 *
 * It prints one READY line (bench/probe.ts) with its URL and its probe's URL, then serves until
 * the parent posts `/exit` to the probe.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, type LogContext } from '@mikro-orm/core';
import { initOrm } from '../resolvers/orm.js';
import { subgraphModule } from '../resolvers/modules.js';
import { startSubgraph } from '../resolvers/subgraph-server.js';
import { SUBGRAPH_NAMES } from '../schema/subgraphs.js';
import { announceReady, startProbe } from './probe.js';

const mode = process.argv[2] ?? '';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

/** Subgraphs with per-subgraph counters: `graphql:<name>` and `facts:<name>` requests, `sql:<name>` statements. */
async function hostSubgraphs(names: readonly string[]): Promise<void> {
  const counters: Record<string, number> = {};
  const bump = (key: string) => (counters[key] = (counters[key] ?? 0) + 1);
  const urls: Record<string, string> = {};
  let counting = false;
  for (const name of names) {
    // Every statement the connection sends passes through logQuery, whatever the debug setting.
    const orm = await initOrm({
      loggerFactory: (options) =>
        new (class extends DefaultLogger {
          override logQuery(context: { query: string } & LogContext): void {
            if (counting) bump(`sql:${name}`);
            super.logQuery(context);
          }
        })(options),
    });
    const running = await startSubgraph(subgraphModule(name), orm);
    // Count requests by kind in front of the subgraph's own handler (which stays as it is).
    const handlers = running.server.listeners('request') as ((...args: unknown[]) => void)[];
    running.server.removeAllListeners('request');
    running.server.on('request', (req, res) => {
      // Facts lookups and GraphQL requests; not the gateways' long-lived change streams.
      if (req.url === '/privacy/facts') bump(`facts:${name}`);
      else if (!req.url?.startsWith('/privacy/')) bump(`graphql:${name}`);
      for (const handler of handlers) handler.call(running.server, req, res);
    });
    urls[name] = running.url;
  }
  const probe = await startProbe({
    counters: () => ({ ...counters }),
    setCounting: (on) => {
      counting = on;
    },
  });
  announceReady({ url: urls[names[0]!]!, probe, subgraphs: urls });
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

/** What a Hive gateway child runs with: the privacy layer or not, and beside it. */
interface HiveSetup {
  privacy: boolean;
  publicCache?: boolean;
  factsCache?: boolean;
  /** The access audit (P-80) in the benchmark's SQLite database (as `npm start`) or in PostgreSQL (BENCH_AUDIT_DATABASE_URL). */
  audit?: 'sqlite' | 'postgresql';
  /** The plain runtime with its own response cache, one per caller (its token), as a user would set it up. */
  responseCache?: boolean;
}

async function hostHiveGateway(setup: HiveSetup): Promise<void> {
  const supergraph = readFileSync(process.env.BENCH_SUPERGRAPH!, 'utf8');
  let gateway: any;
  if (setup.privacy) {
    const { createPrivacyGateway } = await import('../gateway/privacy-gateway.js');
    const { loadDevKeys } = await import('../gateway/dev-keys.js');
    const keys = await loadDevKeys(process.env.DATA_DIR);
    const orm = setup.audit ? await openAudit(setup.audit) : undefined;
    gateway = createPrivacyGateway({
      supergraph,
      identity: { publicKey: keys.publicJwk },
      graphiql: false,
      ...(orm ? { orm } : {}),
      ...(setup.publicCache ? { publicCache: {} } : {}),
      ...(setup.factsCache === false ? { factsCacheMs: 0 } : {}),
      // The load comes from one client and one address as fast as it can: what rate limits refuse or
      // hold back per caller, not what is measured.
      rateLimit: { limits: { visitor: UNLIMITED, member: UNLIMITED, partner: UNLIMITED, visitorAtOnce: UNLIMITED, memberAtOnce: UNLIMITED, partnerAtOnce: UNLIMITED } },
    } as any);
  } else {
    const { createPlainGateway } = await import('../gateway/create-gateway.js');
    const { memoryCache } = await import('./memory-cache.js');
    gateway = createPlainGateway({
      supergraph,
      graphiql: false,
      // The runtime's response cache keyed by the caller's token (a visitor's answers are shared), for as long as the public cache keeps one.
      ...(setup.responseCache ? { responseCaching: { session: (request: Request) => request.headers.get('authorization'), ttl: 1000, cache: memoryCache() } } : {}),
    });
  }
  const url = await listen(createServer(gateway));
  announceReady({ url, probe: await startProbe() });
}

/** The gateway's audit store: the marketplace's SQLite file, or a PostgreSQL database the parent created (migrated here). */
async function openAudit(kind: 'sqlite' | 'postgresql') {
  const { openAuditOrm } = await import('../scripts/marketplace-database.js');
  const { applyPendingMigrations } = await import('../resolvers/migrate-database.js');
  if (kind === 'sqlite') return openAuditOrm({ dbName: join(process.env.DATA_DIR!, 'marketplace.db') });
  process.env.DATABASE_URL = process.env.BENCH_AUDIT_DATABASE_URL;
  const orm = await openAuditOrm();
  await applyPendingMigrations(orm);
  return orm;
}

async function hostApolloGateway(): Promise<void> {
  const supergraph = readFileSync(process.env.BENCH_SUPERGRAPH!, 'utf8');
  const { ApolloGateway, RemoteGraphQLDataSource } = await import('@apollo/gateway');
  const { signGraphQLRequest } = await import('../schema/caller-envelope.js');
  const { loadSigningSecret } = await import('../schema/signing-secret.js');
  const secret = loadSigningSecret();
  // The subgraphs answer only signed requests: Apollo signs each one as the Hive runtime does (nobody as the caller).
  class SignedDataSource extends RemoteGraphQLDataSource {
    constructor(private readonly subgraph: string, options: { url: string }) {
      super(options);
    }
    override willSendRequest({ request }: { request: { query?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> } }) {
      request.extensions = signGraphQLRequest(secret, this.subgraph, { query: request.query ?? '', variables: request.variables }).extensions;
    }
  }
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const { ApolloServerPluginLandingPageDisabled } = await import('@apollo/server/plugin/disabled');
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: supergraph, logger: quietLogger, buildService: ({ name, url }) => new SignedDataSource(name, { url: url! }) }) as any,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    introspection: false,
    logger: quietLogger,
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  announceReady({ url: new URL('/graphql', url).toString(), probe: await startProbe() });
}

const quietLogger = {
  debug() {},
  info() {},
  warn: (...args: unknown[]) => console.error('[apollo]', ...args),
  error: (...args: unknown[]) => console.error('[apollo]', ...args),
};

if (mode === 'subgraphs') await hostSubgraphs(SUBGRAPH_NAMES);
else if (mode.startsWith('direct:')) await hostSubgraphs([mode.slice('direct:'.length)]);
else if (mode === 'plain') await hostHiveGateway({ privacy: false });
else if (mode === 'plain-response-cache') await hostHiveGateway({ privacy: false, responseCache: true });
else if (mode === 'privacy') await hostHiveGateway({ privacy: true });
else if (mode === 'privacy-audit') await hostHiveGateway({ privacy: true, audit: 'sqlite' });
else if (mode === 'privacy-audit-pg') await hostHiveGateway({ privacy: true, audit: 'postgresql' });
else if (mode === 'privacy-cache') await hostHiveGateway({ privacy: true, publicCache: true, audit: 'sqlite' });
else if (mode === 'privacy-uncached') await hostHiveGateway({ privacy: true, factsCache: false });
else if (mode === 'apollo') await hostApolloGateway();
else {
  console.error(`unknown mode '${mode}'`);
  process.exit(2);
}
