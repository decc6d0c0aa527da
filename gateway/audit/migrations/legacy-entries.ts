import { createHash } from 'node:crypto';
import { GENESIS_HASH, chainAuditRecords, type NewAuditRecord } from '../audit-chain.js';
import { auditInsertStatements, subjectRows } from '../audit-log.js';

/** A row of `audit_entry`, the audit's first layout: one hash-chained row per decision. */
interface LegacyRow {
  seq: number | string;
  at: Date | string | number;
  request_id: string;
  caller_sub: string | null;
  role: string;
  purpose: string | null;
  case_ref: string | null;
  subject: string | null;
  field_path: string;
  coordinate: string;
  outcome: string;
  rule: string;
  prev_hash: string;
  hash: string;
}

/** A stored time as the dialect returns it: a Date (PostgreSQL), or milliseconds, perhaps as text (SQLite). */
export function storedTime(at: Date | string | number): Date {
  return new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : at);
}

/** The first layout's hash: sha256(prevHash + the entry's content as JSON with sorted keys). */
function legacyHash(row: LegacyRow): string {
  const content = {
    at: storedTime(row.at).toISOString(),
    callerSub: row.caller_sub ?? null,
    caseRef: row.case_ref ?? null,
    coordinate: row.coordinate,
    fieldPath: row.field_path,
    outcome: row.outcome,
    purpose: row.purpose ?? null,
    requestId: row.request_id,
    role: row.role,
    rule: row.rule,
    seq: Number(row.seq),
    subject: row.subject ?? null,
  };
  return createHash('sha256').update(row.prev_hash + JSON.stringify(content)).digest('hex');
}

/**
 * Moves the per-decision entries of `audit_entry` into records (one per run of a request's
 * entries, in chain order), after checking their chain: an audit that does not verify is not
 * rewritten (the migration fails and changes nothing; `npm run audit:verify` on the previous
 * release names the entry). `run` executes SQL in the migration's transaction.
 */
export async function moveLegacyEntries(run: (sql: string, params?: unknown[]) => Promise<any[]>, rows: LegacyRow[], postgres: boolean): Promise<void> {
  let prev = GENESIS_HASH;
  rows.forEach((row, i) => {
    if (Number(row.seq) !== i + 1 || row.prev_hash !== prev || legacyHash(row) !== row.hash) {
      throw new Error(`the access audit's entry seq ${row.seq} does not verify; the audit was left as it is (audit_entry)`);
    }
    prev = row.hash;
  });
  const records: NewAuditRecord[] = [];
  for (const row of rows) {
    const decision = { subject: row.subject ?? null, fieldPath: row.field_path, coordinate: row.coordinate, outcome: row.outcome, rule: row.rule };
    const last = records[records.length - 1];
    if (last && last.requestId === row.request_id) last.decisions.push(decision);
    else records.push({ at: storedTime(row.at), requestId: row.request_id, callerSub: row.caller_sub ?? null, role: row.role, purpose: row.purpose ?? null, caseRef: row.case_ref ?? null, decisions: [decision] });
  }
  const chained = chainAuditRecords(null, null, records); // unkeyed, as the chain then was: the next migration keys it
  for (const statement of auditInsertStatements(chained, subjectRows(chained, records), postgres)) await run(statement.sql, statement.params);
}
