import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { CALLER_EXTENSION, newNonce, signedRequestText, type CallerEnvelope } from '../schema/caller-envelope.js';
import { loadSigningSecret } from '../schema/signing-secret.js';
import { maskUpstreamError, useUpstreamErrorScrub } from './upstream-errors.js';
import { corsOptions, corsOriginsFromEnv, useVaryOnOrigin } from './cors-options.js';
import { resolveRequestLimits, type RequestLimits } from './request-limits.js';
import { useRequestBodyGuard } from './use-request-body-guard.js';
import { useRequestLimits } from './use-request-limits.js';
import { createGatewayLogger } from './gateway-logger.js';
import { useRequestId } from './use-request-id.js';
import { useGraphiQLAssets } from './graphiql-assets.js';
import { renderGraphiQLPage, useGraphiQLPageHeaders } from './graphiql-page.js';
import { useExactEndpoint } from './use-exact-endpoint.js';
import { useNoStore } from './use-no-store.js';
import { useInputErrorCode } from './use-input-error-code.js';
import type { Logger } from '@graphql-hive/logger';
import type { Registry } from 'prom-client';
import { useOneAuthorization } from './use-one-authorization.js';
import { metricsAccessFromEnv, useMetrics, type MetricsAccess } from './use-metrics.js';

/** Who asks, as told to the subgraphs (signed); the plain gateway knows no one. */
export type SubgraphCaller = Omit<CallerEnvelope, 'signedAt' | 'nonce' | 'audience'>;
const NOBODY: SubgraphCaller = { sub: null, role: null, authTime: null, purpose: null, caseRef: null };

/** How long a subgraph may take to answer one request before the client gets a clean timeout error. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;

/** Options of the gateway without the privacy layer (the baseline the benchmark compares with). */
export interface PlainGatewayOptions {
  /** The supergraph SDL, or a path to it, or a function answering it (re-asked every `pollingInterval`). */
  supergraph: string | (() => Promise<string>);
  /** With a supergraph function: re-ask it every this many ms. Default: never. */
  pollingInterval?: number;
  /** Extra plugins, in order (the privacy layer is one such list). */
  plugins?: GatewayPlugin[];
  /** Serve GraphiQL on GET /graphql with Accept: text/html. Default: true outside production. */
  graphiql?: boolean | Record<string, unknown> | ((request: Request) => Record<string, unknown>);
  /** Gateway-only schema additions (stitching type definitions and resolvers, with `selectionSet` dependencies). */
  additionalTypeDefs?: string;
  additionalResolvers?: Record<string, unknown>;
  /** The caller each subgraph request is made for, from the request's context. Default: nobody (a visitor). */
  subgraphCaller?: (context: any) => SubgraphCaller;
  /** The secret subgraph requests are signed with. Default: SUBGRAPH_SIGNING_SECRET, or the one under DATA_DIR. */
  signingSecret?: string;
  /** Per subgraph request, in ms. Default {@link DEFAULT_UPSTREAM_TIMEOUT_MS}. */
  upstreamTimeoutMs?: number;
  /** Request limits (gateway/request-limits.ts); each unset one comes from its environment variable, else its default. */
  limits?: Partial<RequestLimits>;
  /** The readiness route's plugin (gateway/use-readiness.ts); the runtime's own check moves to `/readiness/schema`. Default: the runtime's. */
  readiness?: GatewayPlugin;
  /** Origins allowed to call from a browser (`*`: any), without credentials. Default: `CORS_ORIGINS`, else none. */
  corsOrigins?: string[];
  /** The logger (gateway/gateway-logger.ts). Default: value-free lines at GATEWAY_LOG_LEVEL (else `warn`), JSON with LOG_FORMAT=json. */
  logging?: Logger;
  /** The runtime's `persistedDocuments` option (gateway/trusted-documents.ts). Default: none, any document runs. */
  persistedDocuments?: Record<string, unknown>;
  /** Serve `/metrics` (gateway/use-metrics.ts) from this registry. Default: off. */
  metrics?: { registry: Registry; access?: MetricsAccess };
  /** The runtime's tracing plugin (gateway/tracing.ts `useTracing`, after `setupTracing`), loaded only where tracing is on. Default: none. */
  tracing?: GatewayPlugin;
  /** The runtime's own `responseCaching` option, as given. Default: none. */
  responseCaching?: Record<string, unknown>;
}

/**
 * The Hive gateway runtime over a supergraph: `/graphql`, `/healthcheck`, `/readiness`.
 * It serves any supergraph given to it, not only ours. Every subgraph request is signed, with the
 * caller inside what is signed (schema/caller-envelope.ts).
 */
export function createPlainGateway(options: PlainGatewayOptions) {
  const callerOf = options.subgraphCaller ?? (() => NOBODY);
  const limits = resolveRequestLimits(options.limits);
  const origins = options.corsOrigins ?? corsOriginsFromEnv();
  const graphiql = options.graphiql ?? process.env.NODE_ENV !== 'production';
  return createGatewayRuntime({
    supergraph: options.supergraph,
    ...(options.pollingInterval ? { pollingInterval: options.pollingInterval } : {}),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthcheck',
    readinessCheckEndpoint: options.readiness ? '/readiness/schema' : '/readiness',
    // Only at the exact endpoint: the runtime renders the page before any plugin runs, at any URL ending in it (gateway/use-exact-endpoint.ts).
    graphiql: graphiql === false ? false : (request: Request) => (new URL(request.url).pathname === '/graphql' && (typeof graphiql === 'function' ? graphiql(request) : graphiql)),
    // GraphiQL's files come from this gateway, not a CDN (gateway/graphiql-page.ts, gateway/graphiql-assets.ts).
    renderGraphiQL: renderGraphiQLPage,
    landingPage: false,
    logging: options.logging ?? createGatewayLogger(),
    // The runtime's would take the client's id as the request's: ours is server-generated (gateway/use-request-id.ts).
    requestId: false,
    // Subgraph errors carry upstream URLs and queries; clients get masked errors (DESIGN traps), an unreachable subgraph as a service failure.
    maskedErrors: { maskError: maskUpstreamError },
    // The limits first: a refused request reaches no other plugin.
    plugins: (ctx: { log: Logger }) => [
      // First: its request span is the parent of every other span.
      ...(options.tracing ? [options.tracing] : []),
      useRequestId(),
      useExactEndpoint('/graphql'),
      useOneAuthorization(),
      useNoStore('/graphql'),
      ...(options.metrics ? useMetrics({ registry: options.metrics.registry, access: options.metrics.access ?? metricsAccessFromEnv(), log: ctx.log }) : []),
      useRequestBodyGuard({ endpoint: '/graphql', maxBodyBytes: limits.maxBodyBytes }),
      useRequestLimits(limits),
      ...(origins.length ? [useVaryOnOrigin()] : []),
      ...(graphiql !== false ? [useGraphiQLAssets(), useGraphiQLPageHeaders('/graphql')] : []),
      useUpstreamErrorScrub(),
      useInputErrorCode(),
      ...(options.readiness ? [options.readiness] : []),
      ...(options.plugins ?? []),
    ],
    cors: corsOptions(origins),
    ...(options.additionalTypeDefs ? { additionalTypeDefs: options.additionalTypeDefs, additionalResolvers: options.additionalResolvers ?? {} } : {}),
    hmacSignature: {
      secret: options.signingSecret ?? loadSigningSecret(),
      // The runtime signs before any of our plugins sees the request, so the envelope is put in
      // here, where it is signed: what leaves is exactly what was signed.
      serializeExecutionRequest: (executionRequest: any) => {
        // To the whole second: identical in-flight requests of one caller stay identical, so the
        // runtime may still deduplicate them; callers never share one (the caller is in the body).
        // A mutation gets a nonce: the subgraph runs it once, so a captured one cannot be run again.
        const nonce = executionRequest.operationType === 'mutation' ? newNonce() : null;
        // The subgraph it is for (the runtime names it on the request): no other subgraph accepts it.
        const envelope: CallerEnvelope = { ...callerOf(executionRequest.context), signedAt: Math.floor(Date.now() / 1000) * 1000, audience: String(executionRequest.subgraphName ?? ''), nonce };
        executionRequest.extensions = { ...executionRequest.extensions, [CALLER_EXTENSION]: envelope };
        return signedRequestText(executionRequest, envelope);
      },
    },
    upstreamTimeout: options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
    ...(options.persistedDocuments ? { persistedDocuments: options.persistedDocuments } : {}),
    ...(options.responseCaching ? { responseCaching: options.responseCaching } : {}),
  } as any);
}
