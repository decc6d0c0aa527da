import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { MikroORM } from '@mikro-orm/core';
import { contractCallProblem, GATEWAY_AUDIENCE, MAX_CONTRACT_SIGNATURE_AGE_MS } from '../../schema/contract-signing.js';
import { FirstUse } from '../../schema/first-use.js';
import { AUDIT_ENTRIES_PATH, parseAuditEntriesQuery, type AuditEntriesAnswer } from '../../schema/audit-entries.js';
import { readAuditEntries } from './audit-log.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * Serves the access audit (P-80), which the gateway owns, over the signed `/audit/entries`
 * contract (schema/audit-entries.ts): the privacy subgraph reads it there for the privacy
 * officer's `auditEntries`, which passes the privacy pass and is itself audited (P-81). A call
 * without a fresh signature of exactly its path and query gets 401 and nothing else; a store
 * failure gets 503 naming nothing of the store.
 */
export function useAuditEntriesRoute(options: { orm: MikroORM; signingSecret: string; warn?: (message: string) => void }): GatewayPlugin {
  const firstUse = new FirstUse(MAX_CONTRACT_SIGNATURE_AGE_MS);
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== AUDIT_ENTRIES_PATH) return;
      if (request.method !== 'GET') return endResponse(json(405, { error: 'use GET' }));
      const headers = Object.fromEntries(request.headers.entries());
      const problem = contractCallProblem(options.signingSecret, { audience: GATEWAY_AUDIENCE, method: 'GET', path: url.pathname + url.search, body: '' }, headers, firstUse);
      if (problem) return endResponse(json(401, { error: problem }));
      const query = parseAuditEntriesQuery(url.searchParams);
      if (typeof query === 'string') return endResponse(json(400, { error: query }));
      try {
        const entries = await readAuditEntries(options.orm.em, query);
        return endResponse(json(200, { entries } satisfies AuditEntriesAnswer));
      } catch (error) {
        options.warn?.(`access audit read failed: ${(error as Error).name}`);
        return endResponse(json(503, { error: 'access audit unavailable' }));
      }
    },
  } as GatewayPlugin;
}
