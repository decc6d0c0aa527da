import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { corsOptions, corsOriginsFromEnv, useVaryOnOrigin } from './cors-options.js';
import { resolveRequestLimits, type RequestLimits } from './request-limits.js';
import { useRequestBodyGuard } from './use-request-body-guard.js';
import { useRequestLimits } from './use-request-limits.js';

/** Options of the gateway without the privacy layer (the baseline the benchmark compares with). */
export interface PlainGatewayOptions {
  /** The supergraph SDL, or a path to it. */
  supergraph: string;
  /** Extra plugins, in order (the privacy layer is one such list). */
  plugins?: GatewayPlugin[];
  /** Serve GraphiQL on GET /graphql with Accept: text/html. Default: true outside production. */
  graphiql?: boolean | Record<string, unknown>;
  /** Gateway-only schema additions (stitching type definitions and resolvers, with `selectionSet` dependencies). */
  additionalTypeDefs?: string;
  additionalResolvers?: Record<string, unknown>;
  /** Headers forwarded to every subgraph request (per request). */
  subgraphHeaders?: (context: any) => Record<string, string | null | undefined>;
  /** Request limits (gateway/request-limits.ts); each unset one comes from its environment variable, else its default. */
  limits?: Partial<RequestLimits>;
  /** Origins allowed to call from a browser (`*`: any), without credentials. Default: `CORS_ORIGINS`, else none. */
  corsOrigins?: string[];
}

/**
 * The Hive gateway runtime over a supergraph: `/graphql`, `/healthcheck`, `/readiness`.
 * It serves any supergraph given to it, not only ours.
 */
export function createPlainGateway(options: PlainGatewayOptions) {
  const limits = resolveRequestLimits(options.limits);
  const origins = options.corsOrigins ?? corsOriginsFromEnv();
  return createGatewayRuntime({
    supergraph: options.supergraph,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthcheck',
    readinessCheckEndpoint: '/readiness',
    graphiql: options.graphiql ?? process.env.NODE_ENV !== 'production',
    landingPage: false,
    logging: process.env.GATEWAY_LOG_LEVEL ?? 'warn',
    // Subgraph errors carry upstream URLs and queries; clients get masked errors (DESIGN traps).
    maskedErrors: true,
    // The limits first: a refused request reaches no other plugin.
    plugins: () => [
      useRequestBodyGuard({ endpoint: '/graphql', maxBodyBytes: limits.maxBodyBytes }),
      useRequestLimits(limits),
      ...(origins.length ? [useVaryOnOrigin()] : []),
      ...(options.plugins ?? []),
    ],
    cors: corsOptions(origins),
    ...(options.additionalTypeDefs ? { additionalTypeDefs: options.additionalTypeDefs, additionalResolvers: options.additionalResolvers ?? {} } : {}),
    propagateHeaders: options.subgraphHeaders
      ? { fromClientToSubgraphs: ({ context }: any) => options.subgraphHeaders!(context) }
      : undefined,
  } as any);
}
