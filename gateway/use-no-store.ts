import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { readsRows } from './privacy-plan.js';

/**
 * `cache-control: no-store` on the answers neither a browser's disk cache nor a proxy may keep:
 * - an answer to a request that carries a token: the caller's own (their data, what their role sees);
 * - an answer decided from rows (a plan that reads them, `readsRows`): a person's consent or age
 *   decided it, and a consent change governs the very next request (P-11, P-34, P-70), which a
 *   copy kept downstream would outlive. A visitor's homepage or product page with reviews is one.
 * Other visitor answers (decided by the operation alone) keep the runtime's headers.
 */
export function useNoStore(endpoint: string): GatewayPlugin {
  const decidedFromRows = new WeakSet<Request>();
  return {
    onExecute() {
      return {
        onExecuteDone({ args }) {
          const request = (args.contextValue as { request?: Request }).request;
          if (request && readsRows(args.document)) decidedFromRows.add(request);
        },
      };
    },
    onResponse({ request, response }) {
      if (new URL(request.url).pathname !== endpoint) return;
      if (request.headers.has('authorization') || decidedFromRows.has(request)) response.headers.set('cache-control', 'no-store');
    },
  } as GatewayPlugin;
}
