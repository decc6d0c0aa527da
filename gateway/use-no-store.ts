import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { readsPersons, readsRows } from './privacy-plan.js';

/**
 * `cache-control: no-store` on the answers neither a browser's disk cache nor a proxy may keep:
 * - an answer to a request that carries a token: the caller's own (their data, what their role sees);
 * - an answer decided from rows (a plan that reads them, `readsRows`): a person's consent or age
 *   decided it, and a consent change governs the very next request (P-11, P-34, P-70), which a
 *   copy kept downstream would outlive. A visitor's homepage or product page with reviews is one;
 * - an answer that holds a person's row at all (`readsPersons`: a review's text, however public):
 *   a copy kept downstream would be a read the access audit never sees (a child's review, P-70,
 *   P-80) and would outlive the author's erasure (P-62).
 * Other visitor answers (the catalog: products, stores) keep the runtime's headers, and name the
 * request headers that change them (`vary`), so a cache downstream never serves one to a request
 * with another token, purpose, privacy mode or format.
 */
const VARY = 'Accept, Authorization, X-Purpose, X-Privacy-Mode';
/** Requests answered from a person's rows without executing here (a public cache's copy): marked by whoever answered. */
const answeredFromPersons = new WeakSet<Request>();

/** Marks `request` as answered from a person's rows though nothing executed for it (a cached answer, gateway/use-public-cache.ts). */
export function markAnsweredFromPersons(request: Request): void {
  answeredFromPersons.add(request);
}

export function useNoStore(endpoint: string): GatewayPlugin {
  const personal = new WeakSet<Request>();
  return {
    onExecute() {
      return {
        onExecuteDone({ args }) {
          const request = (args.contextValue as { request?: Request }).request;
          if (request && (readsRows(args.document) || readsPersons(args.document))) personal.add(request);
        },
      };
    },
    onResponse({ request, response }) {
      if (new URL(request.url).pathname !== endpoint) return;
      // Answers hold what members wrote (a review's text, a nickname): read as JSON only, never sniffed as a page.
      if ((response.headers.get('content-type') ?? '').includes('json')) response.headers.set('x-content-type-options', 'nosniff');
      if (request.headers.has('authorization') || personal.has(request) || answeredFromPersons.has(request)) response.headers.set('cache-control', 'no-store');
      else response.headers.append('vary', VARY);
    },
  } as GatewayPlugin;
}
