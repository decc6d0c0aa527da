import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { createYoga, maskError as maskUnexpected, type YogaServerInstance } from 'graphql-yoga';
import { describeFault, valueFreeLogger } from '../schema/fault-description.js';
import { subgraphTypeDefs } from '../schema/subgraphs.js';
import { loadSigningSecret } from '../schema/signing-secret.js';
import { PageCursors } from './page-cursor.js';
import { contractCallProblem, MAX_CONTRACT_SIGNATURE_AGE_MS } from '../schema/contract-signing.js';
import { FirstUse } from '../schema/first-use.js';
import { CALLER_EXTENSION, type CallerEnvelope } from '../schema/caller-envelope.js';
import { useGatewaySignature } from './gateway-signature.js';
import { useBodyLimit } from './use-body-limit.js';
import { RequestLoaders } from './request-loaders.js';
import { flushErasedPages } from './orm.js';
import type { SubgraphContext } from './subgraph-context.js';
import { ContractInputError, type ContractPeers, type PrivacyContract } from '../schema/privacy-contract.js';
import { FactsChangeFeed, usePublishOnMutation } from './facts-change-feed.js';
import { privacyRequestsClient } from './privacy-requests-client.js';
import { correctionClient } from './correction-client.js';
import { factsClient } from './facts-client.js';
import { defaultSubgraphUrl } from '../schema/subgraphs.js';
import { defaultGatewayUrl } from '../schema/audit-entries.js';
import { auditEntriesClient } from './audit-entries-client.js';
import { withValidRequestTarget } from '../schema/request-target.js';
import { retryWhenBusy } from './busy-retry.js';
import { minorAge } from './policy-in-force.js';

/** One subgraph: its name (its SDL is `schema/<name>.graphql`), resolvers and privacy contract. */
export interface SubgraphModule {
  name: string;
  resolvers: GraphQLResolverMap<SubgraphContext>;
  privacy?: PrivacyContract;
}

export interface SubgraphServerOptions {
  /** The secret the gateway signs its calls with. Default: SUBGRAPH_SIGNING_SECRET, or the one under DATA_DIR. */
  signingSecret?: string;
  /** The clock retention runs by (ms since the epoch); tests pass a later one. Default: `Date.now`. */
  now?: () => number;
  /** Where another subgraph serves GraphQL (its contract beside it), or for `gateway` the gateway. Default: `defaultSubgraphUrl`, `defaultGatewayUrl`. */
  peerUrl?: (name: string) => string;
}

/** Where the other subgraphs and the gateway listen, unless told: the ports `npm start` gives them. */
const defaultPeerUrl = (name: string) => (name === 'gateway' ? defaultGatewayUrl() : defaultSubgraphUrl(name));

/**
 * The largest GraphQL body a subgraph reads. The gateway's largest in the tests and the benchmark is
 * 60 KB; the cost limit (50,000) bounds its entity fetches to ~25,000 keys of <60 bytes, ~1.5 MB.
 */
export const MAX_GRAPHQL_BODY_BYTES = 4 << 20;

/**
 * The subgraph's GraphQL server: Apollo's subgraph schema served by Yoga, one forked EM per
 * request. Only requests the gateway signed are executed, and the caller is read from the signed
 * envelope (schema/caller-envelope.ts), never from headers. With a change feed, every mutation
 * announces that facts may have changed (P-11).
 */
export function createSubgraphYoga(
  module: SubgraphModule,
  orm: MikroORM,
  changes?: FactsChangeFeed,
  signingSecret = loadSigningSecret(),
  peerUrl: (name: string) => string = defaultPeerUrl,
): YogaServerInstance<{}, SubgraphContext> {
  const privacyRequests = privacyRequestsClient(() => peerUrl('privacy'), signingSecret);
  const correctCopies = correctionClient(peerUrl, signingSecret);
  const auditEntries = auditEntriesClient(() => peerUrl('gateway'), signingSecret);
  const schema = buildSubgraphSchema({ typeDefs: subgraphTypeDefs(module.name), resolvers: module.resolvers as any });
  const cursors = new PageCursors(signingSecret);
  return createYoga<{}, SubgraphContext>({
    schema,
    // The size check comes first: nothing of a body over the limit is parsed or hashed.
    plugins: [useBodyLimit(MAX_GRAPHQL_BODY_BYTES), useGatewaySignature(signingSecret, module.name), ...(changes ? [usePublishOnMutation(changes)] : [])],
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    // Only the gateway calls a subgraph, never a browser: no CORS headers for any origin.
    cors: false,
    // An error the resolvers did not write (a driver's, with its SQL and values) leaves as
    // "Unexpected error." with no stack; GraphQLErrors with a code (FORBIDDEN, NOT_FOUND...) leave as written.
    maskedErrors: { isDev: false, maskError: (error, message) => maskUnexpected(error, message, false) },
    // Yoga logs each error it masked, whole: a driver's error holds its SQL with the values bound in
    // (a search term, an id). The log gets the class, code and message without values instead.
    logging: valueFreeLogger(`subgraph ${module.name}`),
    // useGatewaySignature has verified the envelope before the context is built.
    context: ({ params }) => {
      const caller = params.extensions?.[CALLER_EXTENSION] as CallerEnvelope;
      const em = orm.em.fork();
      return {
        em,
        loaders: new RequestLoaders(em),
        callerSub: caller.sub,
        callerRole: caller.role,
        callerAuthTime: caller.authTime,
        callerPurpose: caller.purpose,
        callerCase: caller.caseRef,
        cursors,
        privacyRequests,
        correctCopies,
        auditEntries,
      };
    },
  });
}

export interface RunningSubgraph {
  name: string;
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts a subgraph on host:port (port 0 picks a free one) and serves its privacy contract too.
 * Every contract call must carry the gateway's signature (schema/contract-signing.ts): 401 otherwise.
 */
export async function startSubgraph(module: SubgraphModule, orm: MikroORM, port = 0, host = '127.0.0.1', options: SubgraphServerOptions = {}): Promise<RunningSubgraph> {
  const secret = options.signingSecret ?? loadSigningSecret();
  // The minor age the gateway started with too (P-70): read now, not at a first request after an edit.
  minorAge();
  const now = options.now ?? Date.now;
  const changes = new FactsChangeFeed();
  const yoga = createSubgraphYoga(module, orm, changes, secret, options.peerUrl);
  const peers: ContractPeers = { facts: factsClient(options.peerUrl ?? defaultPeerUrl, secret) };
  const firstUse = new FirstUse(MAX_CONTRACT_SIGNATURE_AGE_MS);
  const server = createServer(withValidRequestTarget(async (req, res) => {
    if (!req.url?.startsWith('/privacy/')) {
      const { pathname } = new URL(req.url ?? '/', 'http://subgraph');
      // Yoga serves any path ending in its endpoint (`/graphql/`, `/x/graphql`): only the exact one is the subgraph's, and its health route.
      if (pathname !== '/graphql' && pathname !== '/health') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ errors: [{ message: 'not found: a subgraph answers at /graphql, spelled exactly', extensions: { code: 'NOT_FOUND' } }] }));
      }
      // The gateway's calls are signed POSTs: a GET's parameters (a query, variables) are nothing a subgraph reads.
      if (req.method !== 'POST' && pathname === '/graphql') {
        res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' });
        return res.end(JSON.stringify({ errors: [{ message: 'a subgraph answers POST only (the gateway\'s signed calls)', extensions: { code: 'METHOD_NOT_ALLOWED' } }] }));
      }
      return yoga(req, res);
    }
    const body = await readBody(req).catch(() => null);
    if (!body) {
      // Too large to be the gateway's, or the caller went away: nothing was verified, nothing runs.
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      return res.end(JSON.stringify({ error: 'request body refused' }));
    }
    const problem = contractCallProblem(secret, { audience: module.name, method: req.method ?? 'GET', path: req.url, body }, req.headers, firstUse);
    if (problem) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: problem }));
    }
    if (req.method === 'GET' && req.url === '/privacy/changes') return changes.serve(req, res);
    return servePrivacyContract(module, orm, req, body, res, changes, now, peers);
  }));
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

/** Contract bodies are subject ids and retention periods; anything larger is not the gateway's. */
const MAX_CONTRACT_BODY_BYTES = 1 << 20;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CONTRACT_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function servePrivacyContract(
  module: SubgraphModule,
  orm: MikroORM,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  changes: FactsChangeFeed,
  now: () => number,
  peers: ContractPeers,
) {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    const input = body.length ? JSON.parse(body.toString('utf8')) : {};
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
      const filedBy = typeof input.filedBy === 'string' && input.filedBy ? input.filedBy : null;
      const result: unknown = operation === 'erase' ? await retryWhenBusy(async (): Promise<unknown> => contract.erase!(orm.em.fork(), memberId, { filedBy })) : await run(orm.em.fork(), memberId);
      if (operation === 'erase') {
        await flushErasedPages(orm);
        changes.publish();
      }
      return send(200, operation === 'export' ? { data: result } : { report: result });
    }
    if (operation === 'retain') {
      if (!contract.retain) return send(404, { error: `subgraph '${module.name}' does not implement 'retain'` });
      const retentionDays = input.retentionDays && typeof input.retentionDays === 'object' ? input.retentionDays : {};
      // The subgraph's own clock: a caller cannot move retention's cutoff (P-66).
      const report = await retryWhenBusy(() => contract.retain!(orm.em.fork(), { retentionDays, now: now() }));
      await flushErasedPages(orm);
      changes.publish();
      return send(200, { report });
    }
    if (operation === 'correct') {
      if (!contract.correct) return send(404, { error: `subgraph '${module.name}' does not implement 'correct'` });
      const memberId = typeof input.memberId === 'string' && input.memberId ? input.memberId : null;
      const nickname = typeof input.nickname === 'string' && input.nickname.trim() ? input.nickname : null;
      if (!memberId || !nickname) return send(400, { error: 'correct needs a memberId and a nickname' });
      const result = await retryWhenBusy(() => contract.correct!(orm.em.fork(), { memberId, nickname }, peers));
      await flushErasedPages(orm);
      changes.publish();
      return send(200, result);
    }
    if (operation === 'requests') {
      if (!contract.requests) return send(404, { error: `subgraph '${module.name}' does not implement 'requests'` });
      return send(200, await retryWhenBusy(() => contract.requests!(orm.em.fork(), input)));
    }
    return send(404, { error: `unknown privacy operation '${operation}'` });
  } catch (error) {
    if (error instanceof ContractInputError) return send(400, { error: error.message });
    // A failed erase or retention run may still have changed something: say so anyway.
    changes.publish();
    // The driver's words (SQL with values) stay here, in the log, described without values.
    console.error(`subgraph ${module.name}: privacy contract call failed: ${describeFault(error)}`);
    return send(500, { error: 'the subgraph could not complete the operation' });
  }
}
