import { createServer, type Server } from 'node:http';
import { withValidRequestTarget } from '../../schema/request-target.js';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { initOrm, databaseKind } from '../../resolvers/orm.js';
import { openMarketplaceOrm, prepareMarketplace } from '../../scripts/marketplace-database.js';
import { SUBGRAPH_MODULES } from '../../resolvers/modules.js';
import { startSubgraph, type RunningSubgraph } from '../../resolvers/subgraph-server.js';
import { composeSupergraph } from '../../schema/compose.js';
import { subgraphTypeDefs } from '../../schema/subgraphs.js';
import { createPrivacyGateway, type PrivacyGatewayOptions } from '../../gateway/privacy-gateway.js';
import { createPlainGateway } from '../../gateway/create-gateway.js';
import { loadDevKeys, type DevKeys } from '../../gateway/dev-keys.js';
import { tokenForPersona } from '../../gateway/sign-token.js';
import { PERSONAS } from '../../gateway/personas.js';
import { signGraphQLRequest } from '../../schema/caller-envelope.js';
import { loadSigningSecret } from '../../schema/signing-secret.js';

export interface GraphQLAnswer {
  status: number;
  body: { data?: any; errors?: any[]; extensions?: any };
  /** The gateway's id for the request (`x-request-id`): the one its audit entries and log lines carry. */
  requestId?: string | null;
  /** The answer's `cache-control` header. */
  cacheControl?: string | null;
}

export interface AskOptions {
  variables?: Record<string, unknown>;
  /** Overrides the persona's default purpose; `null` sends none. */
  purpose?: string | null;
  headers?: Record<string, string>;
  /** The operation to run, in a document with several. */
  operationName?: string;
  /** Send the operation as a GET query string instead of a POST body. */
  method?: 'GET' | 'POST';
}

/**
 * The whole marketplace for an end-to-end test: a fresh database (a SQLite file, or a fresh
 * PostgreSQL database when DATABASE_URL is set), migrated and seeded; the eight subgraphs on real
 * sockets; the supergraph composed from them; the gateway on a real socket with real signed tokens.
 */
export class Marketplace {
  private constructor(
    readonly orm: MikroORM,
    readonly subgraphs: RunningSubgraph[],
    readonly supergraph: string,
    readonly gatewayUrl: string,
    readonly keys: DevKeys,
    private readonly closers: (() => Promise<void>)[],
  ) {}

  static async start(options: { plain?: boolean; gateway?: Partial<PrivacyGatewayOptions> } = {}): Promise<Marketplace> {
    const dir = mkdtempSync(join(tmpdir(), 'privacy-gateway-test-'));
    process.env.DATA_DIR = dir;
    const pgName = `pg_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const orm = await openMarketplaceOrm(databaseKind() === 'postgresql' ? { dbName: pgName } : { dbName: join(dir, 'marketplace.db') });
    await prepareMarketplace(orm, { seed: true });
    // Ports are picked at start: a subgraph finds a peer (the privacy subgraph's contract) once all are up.
    const urls = new Map<string, string>();
    const peerUrl = (name: string) => urls.get(name) ?? 'http://127.0.0.1:1/graphql';
    const subgraphs = await Promise.all(SUBGRAPH_MODULES.map((m) => startSubgraph(m, orm, 0, '127.0.0.1', { peerUrl })));
    for (const s of subgraphs) urls.set(s.name, s.url);
    const supergraph = composeSupergraph(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: subgraphTypeDefs(s.name) })));
    const keys = await loadDevKeys(dir);
    const gateway = options.plain
      ? createPlainGateway({ supergraph })
      : createPrivacyGateway({ supergraph, identity: { publicKey: keys.publicJwk }, graphiql: true, orm, ...options.gateway });
    const server: Server = createServer(withValidRequestTarget(gateway as any));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    // The privacy subgraph reads the gateway's access audit over its signed /audit/entries route.
    urls.set('gateway', url);
    const closers = [
      async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await (gateway as any).dispose?.();
      },
      async () => {
        await Promise.all(subgraphs.map((s) => s.close()));
      },
      async () => {
        await orm.close(true);
        if (databaseKind() === 'postgresql') {
          const admin = await initOrm({ dbName: 'postgres' });
          await admin.schema.dropDatabase(pgName);
          await admin.close(true);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    ];
    return new Marketplace(orm, subgraphs, supergraph, url, keys, closers);
  }

  /** A signed token for a demo persona (null for `visitor`). */
  token(persona: string, opts: Parameters<typeof tokenForPersona>[2] = {}): Promise<string | null> {
    return tokenForPersona(persona, this.keys, opts);
  }

  /** Posts a GraphQL operation to the gateway as a persona, with its default purpose unless told otherwise. */
  async ask(persona: string, query: string, options: AskOptions = {}): Promise<GraphQLAnswer> {
    const token = await this.token(persona);
    const purpose = options.purpose === undefined ? PERSONAS[persona]?.purpose : options.purpose;
    const headers = {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(purpose ? { 'x-purpose': purpose } : {}),
      ...options.headers,
    };
    if (options.method === 'GET') return this.get(query, headers, options.variables, options.operationName);
    return this.post(query, headers, options.variables, options.operationName);
  }

  /**
   * Calls one of the gateway's HTTP routes (e.g. `/privacy/my-data`) as a persona, with a fresh
   * token (recent `auth_time`) unless `token` is given; `null` sends no token.
   */
  async route(path: string, persona: string, init: { method?: string; token?: string | null } = {}): Promise<{ status: number; headers: Headers; body: any }> {
    const token = init.token === undefined ? await this.token(persona) : init.token;
    return callRoute(new URL(path, this.gatewayUrl), { method: init.method, token });
  }

  async post(query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLAnswer> {
    const response = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: response.status, requestId: response.headers.get('x-request-id'), cacheControl: response.headers.get('cache-control'), body: (await response.json()) as GraphQLAnswer['body'] };
  }

  /** The same as a GET, the operation in the query string (as GraphiQL links and CDN-cached clients send it). */
  async get(query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLAnswer> {
    const url = new URL(this.gatewayUrl);
    url.searchParams.set('query', query);
    if (variables) url.searchParams.set('variables', JSON.stringify(variables));
    if (operationName) url.searchParams.set('operationName', operationName);
    const response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
    return { status: response.status, requestId: response.headers.get('x-request-id'), cacheControl: response.headers.get('cache-control'), body: (await response.json()) as GraphQLAnswer['body'] };
  }

  /** Asks one subgraph directly, behind the gateway's back, as `caller`, signed as the gateway signs (schema/caller-envelope.ts). */
  /** Asks one subgraph as the gateway would for `caller`, signed in just now (a grant needs a recent sign-in, P-64). */
  async askSubgraph(name: string, query: string, caller: { sub: string; role: string; authTime?: number }, variables?: Record<string, unknown>): Promise<GraphQLAnswer> {
    const response = await fetch(this.subgraph(name).url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signGraphQLRequest(loadSigningSecret(), name, { query, variables }, { authTime: Math.floor(Date.now() / 1000), ...caller })),
    });
    return { status: response.status, body: (await response.json()) as GraphQLAnswer['body'] };
  }

  subgraph(name: string): RunningSubgraph {
    const found = this.subgraphs.find((s) => s.name === name);
    if (!found) throw new Error(`no subgraph ${name}`);
    return found;
  }

  async close(): Promise<void> {
    for (const close of this.closers) await close();
  }
}

/** Calls an HTTP route with an optional bearer token and body; the answer's body parsed as JSON when it is JSON. */
export async function callRoute(
  url: string | URL,
  init: { method?: string; token?: string | null; body?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    body: init.body,
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body };
}

/** The errors of an answer with `extensions.code` PRIVACY_BLOCKED, keyed by every path each covers (`extensions.paths`). */
export function blockedPaths(answer: GraphQLAnswer): Map<string, any> {
  const byPath = new Map<string, any>();
  for (const error of answer.body.errors ?? []) {
    if (error.extensions?.code !== 'PRIVACY_BLOCKED') continue;
    for (const path of error.extensions.paths ?? [error.path]) byPath.set(path.join('.'), error);
  }
  return byPath;
}
