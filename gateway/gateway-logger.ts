import { ConsoleLogWriter, JSONLogWriter, Logger, type LogLevel, type LogWriter } from '@graphql-hive/logger';
import { valueFree } from '../schema/fault-description.js';

/**
 * Attributes a log line keeps: who asked which request and how it went, never what was read or
 * sent. The runtime's debug plugins attach subgraph queries, variables, bodies and results: dropped.
 */
const KEPT_ATTRIBUTES = new Set(['requestId', 'clientRequestId', 'subgraphName', 'serviceName', 'fetchId', 'duration', 'status', 'code', 'rule', 'operationName']);

/** Drops every attribute not in {@link KEPT_ATTRIBUTES} and replaces literals and long numbers in messages, then writes. */
export class ValueFreeLogWriter implements LogWriter {
  constructor(private readonly inner: LogWriter) {}
  write(level: LogLevel, attrs: Record<string, unknown> | null | undefined, msg: string | null | undefined) {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(attrs ?? {})) if (KEPT_ATTRIBUTES.has(key) && (typeof value !== 'object' || value === null)) kept[key] = value;
    return this.inner.write(level, kept, msg == null ? msg : valueFree(msg));
  }
}

export interface GatewayLoggerOptions {
  /** Default: GATEWAY_LOG_LEVEL, else `warn`. */
  level?: LogLevel | false;
  /** `json`: one JSON object a line. Default: LOG_FORMAT, else the runtime's console lines. */
  format?: 'json' | 'text';
  /** Where lines go (tests capture them); default by `format`. */
  writer?: LogWriter;
}

/** The gateway's logger: value-free lines at the configured level, as text or JSON (LOG_FORMAT=json). */
export function createGatewayLogger(options: GatewayLoggerOptions = {}): Logger {
  const level = options.level ?? ((process.env.GATEWAY_LOG_LEVEL as LogLevel | undefined) ?? 'warn');
  const format = options.format ?? (process.env.LOG_FORMAT === 'json' ? 'json' : 'text');
  const inner = options.writer ?? (format === 'json' ? new JSONLogWriter() : new ConsoleLogWriter());
  return new Logger({ level, writers: [new ValueFreeLogWriter(inner)] });
}
