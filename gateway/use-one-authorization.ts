import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { errorResponse } from './error-codes.js';

/**
 * Refuses, on every route, a request with more than one Authorization header (400). Node keeps the
 * first of two and drops the other: a proxy that reads the last would disagree about who is
 * calling, on the GraphQL endpoint as on the rights routes (a download, a cancellation) and the
 * explorer. Two are refused, as any other malformed header is.
 */
export function useOneAuthorization(): GatewayPlugin {
  return {
    onRequest({ endResponse, serverContext }) {
      if (authorizationHeaders(serverContext) > 1) endResponse(errorResponse(400, 'BAD_REQUEST', 'send one Authorization header, not several'));
    },
  } as GatewayPlugin;
}

/** How many Authorization headers the client sent, as Node received them (its parsed headers keep one). */
function authorizationHeaders(serverContext: unknown): number {
  const raw = (serverContext as { req?: { rawHeaders?: unknown } } | undefined)?.req?.rawHeaders;
  if (!Array.isArray(raw)) return 0;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (typeof raw[i] === 'string' && raw[i].toLowerCase() === 'authorization') count++;
  return count;
}
