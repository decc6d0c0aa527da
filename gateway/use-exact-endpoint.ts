import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { errorResponse } from './error-codes.js';

/**
 * Refuses every spelling of the GraphQL endpoint but the exact one (404). The runtime (Yoga)
 * serves any URL that ends with it — `/graphql/`, `//graphql`, `/x/graphql`, `/?next=/graphql` —
 * while the gateway's own checks (token, purpose, rate limit, the JSON-only CSRF rule, GraphiQL's
 * headers) match the path exactly: another spelling would reach the runtime without them.
 */
export function useExactEndpoint(endpoint: string): GatewayPlugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname === endpoint) return;
      if (request.url.endsWith(endpoint) || request.url.endsWith(`${endpoint}/`) || url.pathname.endsWith(endpoint) || url.pathname.endsWith(`${endpoint}/`)) {
        endResponse(errorResponse(404, 'NOT_FOUND', `not found: the GraphQL endpoint is ${endpoint}, spelled exactly`));
      }
    },
  } as GatewayPlugin;
}
