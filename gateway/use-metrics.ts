import { timingSafeEqual, createHash } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Logger } from '@graphql-hive/logger';
import useMeshPrometheus, { createHistogram, createCounter } from '@graphql-mesh/plugin-prometheus';
import type { Registry } from 'prom-client';
import { errorResponse } from './error-codes.js';
import { isLocalRequest, isLoopbackHost } from './loopback.js';

export const METRICS_ENDPOINT = '/metrics';

export interface MetricsAccess {
  /** A bearer token `/metrics` asks for (METRICS_TOKEN); with it, any address that presents it may read. */
  token?: string;
  /** Without a token: loopback callers only (true), or nobody (false: `/metrics` answers 404). */
  loopback: boolean;
}

/**
 * Who may read `/metrics`: with METRICS_TOKEN, whoever presents it as a bearer token; without it,
 * loopback callers only, and in production nobody (a proxy on the same host would make every
 * caller look local).
 */
export function metricsAccessFromEnv(env: NodeJS.ProcessEnv = process.env): MetricsAccess {
  const token = env.METRICS_TOKEN?.trim();
  if (token) return { token, loopback: false };
  return { loopback: env.NODE_ENV !== 'production' };
}

/**
 * `/metrics` in Prometheus text: the runtime's request, phase and subgraph metrics
 * (@graphql-mesh/plugin-prometheus) and whatever else is on `registry` (the privacy layer's,
 * gateway/privacy-metrics.ts), behind the access check. Labels naming a client-chosen operation
 * name, an error path or a URL are left out: only enumerations and the subgraph's name.
 */
export function useMetrics(options: { registry: Registry; access: MetricsAccess; log: Logger }): GatewayPlugin[] {
  const { registry, access } = options;
  const subgraphLabels = ({ subgraphName, executionRequest }: { subgraphName: string; executionRequest: { operationType?: string } }) => ({
    subgraphName,
    operationType: executionRequest.operationType || 'query',
  });
  const prometheus = useMeshPrometheus({
    endpoint: METRICS_ENDPOINT,
    registry,
    log: options.log,
    labels: { operationName: false, path: false, fieldName: false, typeName: false, returnType: false, phase: true, operationType: true },
    metrics: {
      // Per request, a t-digest for the summary and a TypeInfo walk of the document for deprecated
      // fields: measurable CPU for what graphql_envelop_request_duration (a histogram) and the schema already say.
      graphql_envelop_request_time_summary: false,
      graphql_envelop_deprecated_field: false,
      // Its default labels carry the URL (a GET's query string is the document) and the operation name.
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: { name: 'graphql_yoga_http_duration', help: 'Time spent on HTTP connection', labelNames: ['method', 'statusCode', 'operationType'] },
        fillLabelsFn: ((params: { operationType?: string }, { request, response }: { request: Request; response: Response }) => ({
          method: request.method,
          statusCode: response.status,
          operationType: params.operationType || 'unknown',
        })) as any,
        phases: ['request'],
      }) as any,
      // Its labels carry the subgraph's URL (host and port): subgraph_execute_duration covers the call by name.
      graphql_gateway_fetch_duration: false,
      // The runtime's defaults label the client's operation name, which a client may set to anything.
      graphql_gateway_subgraph_execute_duration: createHistogram({
        registry,
        histogram: { name: 'graphql_gateway_subgraph_execute_duration', help: 'Time spent on subgraph execution', labelNames: ['subgraphName', 'operationType'] },
        fillLabelsFn: subgraphLabels as any,
        phases: ['subgraphExecute'],
      }) as any,
      graphql_gateway_subgraph_execute_errors: createCounter({
        registry,
        counter: { name: 'graphql_gateway_subgraph_execute_errors', help: 'Number of errors on subgraph execution', labelNames: ['subgraphName', 'operationType'] },
        fillLabelsFn: subgraphLabels as any,
        phases: ['subgraphExecute'],
      }) as any,
    },
  } as any) as GatewayPlugin;
  const guard = {
    onRequest({ url, request, serverContext, endResponse }: any) {
      if (url.pathname !== METRICS_ENDPOINT) return;
      if (access.token) {
        if (!bearerMatches(request.headers.get('authorization'), access.token)) {
          endResponse(errorResponse(401, 'UNAUTHENTICATED', 'metrics need the metrics bearer token'));
        }
        return;
      }
      // The Host check keeps a page on another site, resolved to 127.0.0.1 (DNS rebinding), out; an
      // Origin, a page's script on another origin (which CORS_ORIGINS would let read the answer). A scraper sends neither.
      if (!access.loopback || !isLoopbackHost(serverContext?.req?.socket?.remoteAddress ?? '') || !isLocalRequest(request) || request.headers.has('origin')) {
        endResponse(errorResponse(404, 'NOT_FOUND', 'not found'));
      }
    },
  } as GatewayPlugin;
  return [guard, prometheus];
}

/** Compared in constant time, over digests so that the lengths do not leak either. */
function bearerMatches(header: string | null, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!presented) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

