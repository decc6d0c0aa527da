import { fetchSigned, GATEWAY_AUDIENCE } from '../schema/contract-signing.js';
import { AUDIT_ENTRIES_PATH, auditEntriesSearch, type AuditEntriesAnswer, type AuditEntriesQuery, type AuditEntryRecord } from '../schema/audit-entries.js';

/** Reads the gateway's access audit over its `/audit/entries` contract (schema/audit-entries.ts). */
export type AuditEntriesClient = (query: AuditEntriesQuery) => Promise<AuditEntryRecord[]>;

/**
 * A signed client of the gateway's `/audit/entries`, for the privacy subgraph's `auditEntries`
 * (P-80, P-81). It throws on any failure (unreachable, refused, malformed answer): the officer
 * gets an error, never a partial or empty audit passed off as complete.
 */
export function auditEntriesClient(gatewayGraphqlUrl: () => string, signingSecret: string, timeoutMs = 10_000): AuditEntriesClient {
  return async (query) => {
    const url = new URL(gatewayGraphqlUrl());
    url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + AUDIT_ENTRIES_PATH;
    url.search = auditEntriesSearch(query);
    const response = await fetchSigned(signingSecret, url, { audience: GATEWAY_AUDIENCE, method: 'GET', timeoutMs });
    const answer = (await response.json().catch(() => null)) as AuditEntriesAnswer | null;
    if (!response.ok || !answer || !Array.isArray(answer.entries)) throw new Error(`the gateway did not answer the access audit (HTTP ${response.status})`);
    return answer.entries;
  };
}
