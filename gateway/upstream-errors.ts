import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** Extensions the runtime adds to subgraph errors: the subgraph's URL and the signed request body. */
const UPSTREAM_EXTENSIONS = ['request', 'response', 'serviceName'];
/** A URL or host:port in an error message (e.g. a refused connection). */
const ADDRESS = /\b(?:https?:\/\/\S+|(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|\[[0-9a-f:]+\](?::\d+)?|localhost(?::\d+)?)/gi;

/**
 * Errors about a subgraph tell the client what happened, never where the subgraph is nor what was
 * sent to it: the runtime attaches the upstream URL and request body (with its signature) to a
 * timeout error, and `maskedErrors` leaves GraphQL errors as they are.
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
  if (extensions) for (const key of UPSTREAM_EXTENSIONS) if (key in extensions) delete extensions[key];
  if (extensions?.code === 'GATEWAY_TIMEOUT') error.message = 'a service behind the gateway did not answer in time';
  else if (ADDRESS.test(error.message)) error.message = error.message.replace(ADDRESS, '[upstream]');
  ADDRESS.lastIndex = 0;
}
