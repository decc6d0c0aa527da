import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { useOpenTelemetry } from '@graphql-hive/plugin-opentelemetry';
import { openTelemetrySetup } from '@graphql-hive/plugin-opentelemetry/setup';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createGatewayLogger } from './gateway-logger.js';

/**
 * The only span attributes that leave the process: enumerations, counts, hashes and subgraph
 * names. The runtime's plugin also records the document (with its literals: ids, search terms),
 * the client's operation name, URLs with their query strings, the client's address and user
 * agent, and error messages; none of those is exported.
 */
const EXPORTED_ATTRIBUTES = new Set([
  'graphql.operation.type',
  'hive.graphql.operation.hash',
  'hive.graphql.error.count',
  'hive.graphql.error.codes',
  'hive.gateway.upstream.subgraph.name',
  'hive.gateway.operation.subgraph.names',
  'hive.request',
  'hive.graphql',
  'hive.upstream',
  'http.method',
  'http.status_code',
  'gateway.schema.changed',
]);

/** Routes named as they are; any other path (one with an id in it) is named by its method only. */
const STATIC_ROUTES = new Set(['/graphql', '/metrics', '/healthcheck', '/readiness', '/privacy/my-data', '/privacy/cancel-account']);

/** What of an attribute map may leave: the listed keys and the privacy layer's own (`privacy.*`). */
export function exportedAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const key of Object.keys(attributes)) if (EXPORTED_ATTRIBUTES.has(key) || key.startsWith('privacy.')) out[key] = attributes[key];
  return out;
}

/** A span's name without the client's operation name or a path's ids. */
export function exportedName(name: string): string {
  if (name.startsWith('graphql.operation ')) return 'graphql.operation';
  const http = /^([A-Z]+) (\/\S*)$/.exec(name);
  if (http) return STATIC_ROUTES.has(http[2]!) ? name : http[1]!;
  return name;
}

/** Wraps an exporter: every span leaves with its name and attributes scrubbed (events keep their name only, unless an attribute is listed). */
export function scrubbingExporter(inner: SpanExporter): SpanExporter {
  const scrub = (span: ReadableSpan): ReadableSpan =>
    Object.assign(Object.create(span), {
      name: exportedName(span.name),
      attributes: exportedAttributes(span.attributes),
      events: span.events.map((e) => ({ ...e, attributes: e.attributes ? exportedAttributes(e.attributes) : undefined })),
      // A failed span's status message may quote an upstream error.
      status: { code: span.status.code },
    });
  return {
    export: (spans, done) => inner.export(spans.map(scrub), done),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * Registers the process's tracer provider: spans go through {@link scrubbingExporter} to
 * `exporter`, or to OTLP over HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set. Returns false when there is nowhere to send them
 * (tracing stays off). Once per process.
 */
export function setupTracing(options: { exporter?: SpanExporter; batching?: boolean; serviceName?: string } = {}): boolean {
  const env = process.env;
  const exporter = options.exporter ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? new OTLPTraceExporter() : undefined);
  if (!exporter) return false;
  openTelemetrySetup({
    contextManager: new AsyncLocalStorageContextManager(),
    log: createGatewayLogger(),
    resource: { serviceName: options.serviceName ?? env.OTEL_SERVICE_NAME ?? 'privacy-gateway' },
    traces: { exporter: scrubbingExporter(exporter), batching: options.batching ?? true },
  });
  return true;
}

/**
 * The runtime's tracing plugin: the HTTP request span, the operation, parse, validate, context and
 * execute spans, and one span per subgraph call, with the privacy layer's spans
 * (gateway/privacy-spans.ts) among their children. The client's trace context is not inherited
 * (a client does not choose where the gateway's spans go); subgraph calls carry the gateway's.
 */
export function useTracing(): GatewayPlugin {
  return useOpenTelemetry({ inheritContext: false, propagateContext: true, traces: { spans: { upstreamFetch: false, schema: false, initialization: false } } }) as unknown as GatewayPlugin;
}
