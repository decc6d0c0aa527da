import type { AuditedDecision } from '../privacy-pass.js';
import type { PrivacyRequestContext } from '../use-caller.js';
import type { AuditLog } from './audit-log.js';

/**
 * The `onAudit` of `usePrivacy` that writes to the access audit (P-80): one record per request
 * (caller, role, purpose, case, request id, time) holding every decision (subject, field path,
 * field, outcome, rule), committed before the response leaves.
 */
export function auditSink(log: AuditLog) {
  return async (entries: AuditedDecision[], request: PrivacyRequestContext & { requestId: string }): Promise<void> => {
    await log.append({
      at: new Date(),
      requestId: request.requestId,
      callerSub: request.caller.sub ?? null,
      role: request.caller.role,
      purpose: request.purpose,
      caseRef: request.caller.caseRef ?? null,
      decisions: entries.map((e) => ({ subject: e.subject, fieldPath: e.path, coordinate: e.field, outcome: e.outcome, rule: e.rule })),
    });
  };
}
