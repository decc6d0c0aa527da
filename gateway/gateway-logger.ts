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
    // An error logged on its own (a subgraph down) keeps what went wrong, value-free, or its line said nothing.
    const error = errorOf(attrs) ?? errorOf(attrs?.err) ?? errorOf(attrs?.error);
    if (error) kept.error = valueFree(`${error.class ?? error.name ?? 'Error'}: ${error.message}`);
    return this.inner.write(level, kept, msg == null ? msg : valueFree(msg));
  }
}

/** An error as the logger serializes it (`{ class, name, message, stack, code }`), or undefined. */
function errorOf(value: unknown): { class?: string; name?: string; message: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const e = value as Record<string, unknown>;
  return typeof e.message === 'string' && (typeof e.stack === 'string' || typeof e.class === 'string') ? (e as { class?: string; name?: string; message: string }) : undefined;
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
