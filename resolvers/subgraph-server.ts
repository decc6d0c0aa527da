import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { subgraphTypeDefs } from '../schema/subgraphs.js';
import { RequestLoaders } from './request-loaders.js';
import type { SubgraphContext } from './subgraph-context.js';
import type { PrivacyContract } from './privacy-contract.js';
import { FactsChangeFeed, usePublishOnMutation } from './facts-change-feed.js';

/** One subgraph: its name (its SDL is `schema/<name>.graphql`), resolvers and privacy contract. */
export interface SubgraphModule {
  name: string;
  resolvers: GraphQLResolverMap<SubgraphContext>;
  privacy?: PrivacyContract;
}

/**
 * The subgraph's GraphQL server: Apollo's subgraph schema served by Yoga, one forked EM per
 * request. With a change feed, every mutation announces that facts may have changed (P-11).
 */
export function createSubgraphYoga(module: SubgraphModule, orm: MikroORM, changes?: FactsChangeFeed): YogaServerInstance<{}, SubgraphContext> {
  const schema = buildSubgraphSchema({ typeDefs: subgraphTypeDefs(module.name), resolvers: module.resolvers as any });
  return createYoga<{}, SubgraphContext>({
    schema,
    plugins: changes ? [usePublishOnMutation(changes)] : [],
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    // Subgraph errors reach only the gateway, which decides what clients see.
    maskedErrors: false,
    context: ({ request }) => {
      const em = orm.em.fork();
      return {
        em,
        loaders: new RequestLoaders(em),
        callerSub: request.headers.get('x-caller-sub'),
        callerRole: request.headers.get('x-caller-role'),
        callerAuthTime: numberHeader(request.headers.get('x-caller-auth-time')),
        callerPurpose: request.headers.get('x-caller-purpose'),
        callerCase: request.headers.get('x-caller-case'),
      };
    },
  });
}

function numberHeader(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts a subgraph on host:port (port 0 picks a free one) and serves its privacy contract too. */
export async function startSubgraph(module: SubgraphModule, orm: MikroORM, port = 0, host = '127.0.0.1'): Promise<RunningSubgraph> {
  const changes = new FactsChangeFeed();
  const yoga = createSubgraphYoga(module, orm, changes);
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/privacy/changes') return changes.serve(req, res);
    if (req.url?.startsWith('/privacy/')) return servePrivacyContract(module, orm, req, res, changes);
    return yoga(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    name: module.name,
    url: `http://${host}:${bound}/graphql`,
    server,
    close: () => {
      changes.close(); // open change streams would keep the server from closing
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function servePrivacyContract(
  module: SubgraphModule,
  orm: MikroORM,
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  changes: FactsChangeFeed,
) {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const operation = req.url!.slice('/privacy/'.length).split('?')[0];
    const contract = module.privacy ?? {};
    if (operation === 'facts') {
      const ids: string[] = Array.isArray(input.subjects) ? input.subjects.map(String) : [];
      const facts = contract.facts ? await contract.facts(orm.em.fork(), ids) : {};
      return send(200, { facts });
    }
    if (operation === 'export' || operation === 'erase') {
      const memberId = typeof input.memberId === 'string' && input.memberId ? input.memberId : null;
      if (!memberId) return send(400, { error: `${operation} needs a memberId` });
      const run = contract[operation];
      // A subgraph without the operation holds no personal data (compose refuses one with @pii, P-60/P-62).
      if (!run) return send(404, { error: `subgraph '${module.name}' does not implement '${operation}'` });
      const result = await run(orm.em.fork(), memberId);
      if (operation === 'erase') changes.publish();
      return send(200, operation === 'export' ? { data: result } : { report: result });
    }
    if (operation === 'retain') {
      if (!contract.retain) return send(404, { error: `subgraph '${module.name}' does not implement 'retain'` });
      const retentionDays = input.retentionDays && typeof input.retentionDays === 'object' ? input.retentionDays : {};
      const now = typeof input.now === 'number' ? input.now : Date.now();
      const report = await contract.retain(orm.em.fork(), { retentionDays, now });
      changes.publish();
      return send(200, { report });
    }
    return send(404, { error: `unknown privacy operation '${operation}'` });
  } catch (error) {
    // A failed erase or retention run may still have changed something: say so anyway.
    changes.publish();
    return send(500, { error: (error as Error).message });
  }
}
