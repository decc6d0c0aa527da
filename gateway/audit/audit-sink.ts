import type { AuditedDecision } from '../privacy-pass.js';
import type { PrivacyRequestContext } from '../use-caller.js';
import type { AuditLog, AuditRecord } from './audit-log.js';

/**
 * The `onAudit` of `usePrivacy` that writes to the access audit (P-80): one entry per decision
 * (caller, role, purpose, case, subject, field path, field, outcome, rule, time, request id),
 * one batch per request, committed before the response leaves.
 */
export function auditSink(log: AuditLog) {
  return async (entries: AuditedDecision[], request: PrivacyRequestContext & { requestId: string }): Promise<void> => {
    const at = new Date();
    const records: AuditRecord[] = entries.map((e) => ({
      at,
      requestId: request.requestId,
      callerSub: request.caller.sub ?? null,
      role: request.caller.role,
      purpose: request.purpose,
      caseRef: request.caller.caseRef ?? null,
      subject: e.subject,
      fieldPath: e.path,
      coordinate: e.field,
      outcome: e.outcome,
      rule: e.rule,
    }));
    await log.append(records);
  };
}
