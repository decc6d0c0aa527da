import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';

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
}

/**
 * The Hive gateway runtime over a supergraph: `/graphql`, `/healthcheck`, `/readiness`.
 * It serves any supergraph given to it, not only ours.
 */
export function createPlainGateway(options: PlainGatewayOptions) {
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
    plugins: () => options.plugins ?? [],
    ...(options.additionalTypeDefs ? { additionalTypeDefs: options.additionalTypeDefs, additionalResolvers: options.additionalResolvers ?? {} } : {}),
    propagateHeaders: options.subgraphHeaders
      ? { fromClientToSubgraphs: ({ context }: any) => options.subgraphHeaders!(context) }
      : undefined,
  } as any);
}
