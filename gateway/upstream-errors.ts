import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** Extensions the runtime adds to subgraph errors: the subgraph's URL and the signed request body. */
const UPSTREAM_EXTENSIONS = ['request', 'response', 'serviceName'];
/** A URL or host:port in an error message (e.g. a refused connection). */
const ADDRESS = /\b(?:https?:\/\/\S+|(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|\[[0-9a-f:]+\](?::\d+)?|localhost(?::\d+)?)/gi;

/** Codes a subgraph's resolvers write on purpose, in words meant for the client: their message is kept. */
const DELIBERATE_CODES = new Set(['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'SERVICE_UNAVAILABLE']);
/** Extensions a subgraph's error keeps: what the client may branch on. */
const KEPT_EXTENSIONS = new Set(['code', 'rule']);
export const UPSTREAM_FAILURE_MESSAGE = 'a service behind the gateway failed to answer this field';

/**
 * Errors about a subgraph tell the client what happened, never where the subgraph is nor what was
 * sent to it: the runtime attaches the upstream URL and request body (with its signature) to a
 * timeout error, and `maskedErrors` leaves GraphQL errors as they are. A subgraph's error
 * (the runtime marks it with `serviceName`) keeps its message only under a deliberate code: any
 * other text is not the gateway's to forward (a driver's SQL, a stack, a value).
 */
export function useUpstreamErrorScrub(): GatewayPlugin {
  return {
    onResultProcess({ result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: unknown[] } | null)?.errors;
        if (Array.isArray(errors)) for (const error of errors) scrub(error as { message: string; extensions?: Record<string, unknown> });
      }
    },
  } as GatewayPlugin;
}

function scrub(error: { message: string; extensions?: Record<string, unknown> }): void {
  const extensions = error.extensions;
  if (extensions && 'serviceName' in extensions) {
    const code = typeof extensions.code === 'string' ? extensions.code : '';
    for (const key of Object.keys(extensions)) if (!KEPT_EXTENSIONS.has(key)) delete extensions[key];
    if (!DELIBERATE_CODES.has(code)) {
      error.message = UPSTREAM_FAILURE_MESSAGE;
      extensions.code = 'DOWNSTREAM_SERVICE_ERROR';
      delete extensions.rule;
    }
    return;
  }
  if (extensions) for (const key of UPSTREAM_EXTENSIONS) if (key in extensions) delete extensions[key];
  if (extensions?.code === 'GATEWAY_TIMEOUT') error.message = 'a service behind the gateway did not answer in time';
  else if (ADDRESS.test(error.message)) error.message = error.message.replace(ADDRESS, '[upstream]');
  ADDRESS.lastIndex = 0;
}
