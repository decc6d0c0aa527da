import { defineEntity, p } from '@mikro-orm/core';

/**
 * One entry of the access audit (P-80): one decision on a sensitive field (or, under
 * `essential.legal_obligation`, on any field of a personal row, P-81) for one request.
 *
 * `seq` is the position in the chain and the primary key: two writers that both try to append
 * after the same entry collide on it, so the chain cannot fork (gateway/audit/audit-log.ts).
 * `hash = sha256(prevHash + canonical JSON of the entry)`; see `hashAuditEntry`.
 * Append-only: nothing in the API updates or deletes a row.
 *
 * The table is the gateway's, with its own migrations (audit-migrations.ts): only the gateway
 * appends (audit-log.ts) and reads it. The privacy officer's `auditEntries` reaches it through
 * the gateway's signed `/audit/entries` contract (use-audit-entries-route.ts).
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    seq: p.integer().primary().autoincrement(false),
    at: p.datetime(),
    requestId: p.string().index(),
    callerSub: p.string().nullable(),
    role: p.string(),
    purpose: p.string().nullable(),
    /** The privacy officer's case reference under legal obligation (P-81). */
    caseRef: p.string().nullable(),
    /** The data subject (member id) the field is about; null when the row names none. */
    subject: p.string().nullable().index(),
    fieldPath: p.text(),
    coordinate: p.string(),
    outcome: p.string(),
    rule: p.string(),
    prevHash: p.string().length(64),
    hash: p.string().length(64).unique(),
  },
});
