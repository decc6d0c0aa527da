/**
 * The gateway's `/audit/entries` contract: the privacy subgraph reads the access audit (P-80),
 * which the gateway owns, for the privacy officer's `auditEntries` (P-81). A signed GET
 * (schema/contract-signing.ts) over the exact path and query string; the answer is the entries in
 * chain order.
 */

export const AUDIT_ENTRIES_PATH = '/audit/entries';
/** The most entries one call returns. */
export const MAX_AUDIT_ENTRIES = 1000;

export interface AuditEntriesQuery {
  subject?: string | null;
  requestId?: string | null;
  /** Entries of the records after this chain position (0: from the start). */
  afterSeq: number;
  /** With it, the entries of record `afterSeq` after this index come first (a page that ended inside a record). */
  afterIndex?: number | null;
  first: number;
}

/** One decision as the contract carries it, with its record's position, context and hashes (`at` as an ISO string). */
export interface AuditEntryRecord {
  seq: number;
  /** The entry's position within its record. */
  index: number;
  at: string;
  requestId: string;
  callerSub: string | null;
  role: string;
  purpose: string | null;
  caseRef: string | null;
  subject: string | null;
  fieldPath: string;
  coordinate: string;
  outcome: string;
  rule: string;
  prevHash: string;
  hash: string;
}

export interface AuditEntriesAnswer {
  entries: AuditEntryRecord[];
}

/** The query string of one call, in a fixed order so the signed path is the one sent. */
export function auditEntriesSearch(query: AuditEntriesQuery): string {
  const params = new URLSearchParams();
  if (query.subject) params.set('subject', query.subject);
  if (query.requestId) params.set('requestId', query.requestId);
  params.set('afterSeq', String(query.afterSeq));
  if (query.afterIndex != null) params.set('afterIndex', String(query.afterIndex));
  params.set('first', String(query.first));
  return `?${params}`;
}

/** The call's query, or what is wrong with it. */
export function parseAuditEntriesQuery(params: URLSearchParams): AuditEntriesQuery | string {
  const afterSeq = Number(params.get('afterSeq') ?? 0);
  const first = Number(params.get('first') ?? 100);
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) return 'afterSeq must be a non-negative integer';
  if (!Number.isSafeInteger(first) || first < 1 || first > MAX_AUDIT_ENTRIES) return `first must be an integer from 1 to ${MAX_AUDIT_ENTRIES}`;
  const afterIndex = params.has('afterIndex') ? Number(params.get('afterIndex')) : null;
  if (afterIndex !== null && (!Number.isSafeInteger(afterIndex) || afterIndex < 0)) return 'afterIndex must be a non-negative integer';
  return { subject: params.get('subject'), requestId: params.get('requestId'), afterSeq, afterIndex, first };
}

/** Where a subgraph reaches the gateway's contract routes: AUDIT_URL, else the gateway on GATEWAY_PORT (default 4000) of this host. */
export function defaultGatewayUrl(env = process.env): string {
  if (env.AUDIT_URL) return env.AUDIT_URL;
  const host = !env.GATEWAY_HOST || env.GATEWAY_HOST === '0.0.0.0' ? '127.0.0.1' : env.GATEWAY_HOST;
  return `http://${host}:${Number(env.GATEWAY_PORT ?? 4000)}/graphql`;
}
