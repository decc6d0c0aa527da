import { defineEntity, p } from '@mikro-orm/core';

/**
 * The access audit's index by data subject: one row per record and member it has decisions
 * about, written in the record's transaction. It is what a member's download (P-60) and the
 * officer's search by subject read; `verifyAuditChain` checks it against the records.
 */
export const AuditSubject = defineEntity({
  name: 'AuditSubject',
  tableName: 'audit_subject',
  properties: {
    subject: p.string().primary(),
    seq: p.integer().primary().autoincrement(false),
  },
});
