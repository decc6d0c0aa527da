import { defineEntity, p } from '@mikro-orm/core';

/**
 * One record of the access audit (P-80): one request's decisions on sensitive fields (or, under
 * `essential.legal_obligation`, on every field of a personal row, P-81), with who asked and why.
 *
 * `seq` is the position in the chain and the primary key: two writers that both try to append
 * after the same record collide on it, so the chain cannot fork (gateway/audit/audit-log.ts).
 * `hash = sha256(prevHash + canonical JSON of the record)`; see `hashAuditRecord`.
 * Append-only: nothing in the API updates or deletes a row.
 *
 * The table is the gateway's, with its own migrations (audit-migrations.ts): only the gateway
 * appends (audit-log.ts) and reads it. The privacy officer's `auditEntries` reaches it through
 * the gateway's signed `/audit/entries` contract (use-audit-entries-route.ts).
 */
export const AuditRecord = defineEntity({
  name: 'AuditRecord',
  tableName: 'audit_record',
  properties: {
    seq: p.integer().primary().autoincrement(false),
    at: p.datetime(),
    requestId: p.string().index(),
    callerSub: p.string().nullable(),
    role: p.string(),
    purpose: p.string().nullable(),
    /** The privacy officer's case reference under legal obligation (P-81). */
    caseRef: p.string().nullable(),
    /** The decisions, as `encodeDecisions` writes them (a JSON array), hashed as stored. */
    decisions: p.text(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
});
