import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * The tracing plugin when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is
 * set, with the OTLP exporter registered; undefined otherwise. Imported lazily: the OpenTelemetry
 * SDK costs about 0.3 s of start-up, paid only where traces are exported.
 */
export async function tracingFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<GatewayPlugin | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  const { setupTracing, useTracing } = await import('./tracing.js');
  return setupTracing() ? useTracing() : undefined;
}
