import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * Answers to a request that carries a token are the caller's own (their data, what their role
 * sees): `cache-control: no-store`, so neither the browser's disk cache nor a proxy keeps them.
 * A visitor's answers hold public data only and keep the runtime's headers.
 */
export function useNoStoreForCallers(endpoint: string): GatewayPlugin {
  return {
    onResponse({ request, response }) {
      if (!request.headers.has('authorization') || new URL(request.url).pathname !== endpoint) return;
      response.headers.set('cache-control', 'no-store');
    },
  } as GatewayPlugin;
}
