import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/**
 * Spans of the privacy layer (identity, plan, facts lookups, privacy pass, audit write), opened in
 * the active context: children of the runtime's request or operation span when tracing is on
 * (gateway/tracing.ts), no-ops otherwise. Attributes are counts and enumerations only, never a
 * value, a subject, a caller or a document.
 */
const tracer = trace.getTracer('privacy-gateway');

export const SPAN = {
  identity: 'privacy.identity',
  plan: 'privacy.plan',
  pass: 'privacy.pass',
  facts: 'privacy.facts',
  audit: 'privacy.audit',
} as const;

/** Runs `fn` in a span named `name`, ended when `fn` returns or its promise settles; an error marks the span and is rethrown. */
export function inSpan<T>(name: string, attributes: Attributes | undefined, fn: (span: Span) => T): T {
  return tracer.startActiveSpan(name, attributes ? { attributes } : {}, (span) => {
    const fail = (error: unknown) => {
      // The error's message may quote what a store answered: the span records only that it failed.
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw error;
    };
    let out: T;
    try {
      out = fn(span);
    } catch (error) {
      return fail(error);
    }
    if (out instanceof Promise) {
      return out.then((value) => {
        span.end();
        return value;
      }, fail) as T;
    }
    span.end();
    return out;
  });
}
