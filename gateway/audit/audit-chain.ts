import { createHash, createHmac } from 'node:crypto';

/** The `prevHash` of the first record: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** One decision on a sensitive field (P-80): whose value, where in the response, which field, what the caller got, why. */
export interface AuditDecision {
  subject: string | null;
  fieldPath: string;
  coordinate: string;
  outcome: string;
  rule: string;
}

/**
 * The content of one audit record that its hash covers (everything but `prevHash` and `hash`):
 * one request's decisions, with who asked and why. A request writes one record, not a row per
 * decision: a merchant's list of 50 orders is 150 decisions, and 150 hashed, indexed rows cost
 * the database more than the request itself.
 */
export interface AuditRecordContent {
  seq: number;
  at: Date | string;
  requestId: string;
  callerSub: string | null;
  role: string;
  purpose: string | null;
  caseRef: string | null;
  /** The decisions as stored and hashed: {@link encodeDecisions}. */
  decisions: string;
}

/** A stored record: its content, the previous record's hash and its own. */
export interface ChainedAuditRecord extends AuditRecordContent {
  prevHash: string;
  hash: string;
}

/** A request's record before it is placed in the chain, its decisions not yet encoded. */
export type NewAuditRecord = Omit<AuditRecordContent, 'seq' | 'decisions'> & { decisions: AuditDecision[] };

/** The stored text of a record's decisions: a JSON array of `[subject, fieldPath, coordinate, outcome, rule]`, in response order. */
export function encodeDecisions(decisions: readonly AuditDecision[]): string {
  return JSON.stringify(decisions.map((d) => [d.subject, d.fieldPath, d.coordinate, d.outcome, d.rule]));
}

/** The decisions of a stored record; throws on text that is not what {@link encodeDecisions} writes. */
export function decodeDecisions(text: string): AuditDecision[] {
  const rows = JSON.parse(text) as unknown;
  if (!Array.isArray(rows)) throw new Error('audit decisions are not a list');
  return rows.map((row) => {
    if (!Array.isArray(row) || row.length !== 5) throw new Error('an audit decision is not [subject, fieldPath, coordinate, outcome, rule]');
    const [subject, fieldPath, coordinate, outcome, rule] = row as [string | null, string, string, string, string];
    return { subject, fieldPath, coordinate, outcome, rule };
  });
}

/** The distinct data subjects of a record's decisions, in first-seen order (the subject index's rows). */
export function subjectsOf(decisions: readonly AuditDecision[]): string[] {
  const seen = new Set<string>();
  // A row's decisions come together, with the same subject: only a new one is looked up.
  let last: string | null = null;
  for (const d of decisions) {
    if (d.subject === null || d.subject === last) continue;
    seen.add((last = d.subject));
  }
  return [...seen];
}

/**
 * The canonical JSON of a record's content: keys in a fixed (sorted) order, the time as an ISO
 * string in UTC with milliseconds, absent values as null, the decisions as their stored text. The
 * same record read back from SQLite or PostgreSQL gives the same text, so the same hash.
 */
export function canonicalAuditJson(record: AuditRecordContent): string {
  return JSON.stringify({
    at: new Date(record.at).toISOString(),
    callerSub: record.callerSub ?? null,
    caseRef: record.caseRef ?? null,
    decisions: record.decisions,
    purpose: record.purpose ?? null,
    requestId: record.requestId,
    role: record.role,
    seq: Number(record.seq),
  });
}

/**
 * P-80: `HMAC-SHA256(key, prevHash + canonical JSON of the record)`, hex (gateway/audit/audit-key.ts).
 * With `key` null, the unkeyed form `sha256(prevHash + ...)` the chain had before it was keyed,
 * read only to re-key such a chain (migrations) and to name it when verifying.
 */
export function hashAuditRecord(key: string | null, prevHash: string, record: AuditRecordContent): string {
  const hash = key === null ? createHash('sha256') : createHmac('sha256', key);
  return hash.update(prevHash + canonicalAuditJson(record)).digest('hex');
}

/** Links `records` after the record with `head` (seq and hash; null for an empty log), hashed under `key`. */
export function chainAuditRecords(key: string | null, head: { seq: number; hash: string } | null, records: readonly NewAuditRecord[]): ChainedAuditRecord[] {
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head ? head.hash : GENESIS_HASH;
  return records.map((record) => {
    seq += 1;
    const content: AuditRecordContent = { ...record, seq, decisions: encodeDecisions(record.decisions) };
    const hash = hashAuditRecord(key, prevHash, content);
    const chained = { ...content, prevHash, hash };
    prevHash = hash;
    return chained;
  });
}

/** The outcome of checking a chain; `firstBad` names the first record that does not verify. */
export type ChainVerification =
  | { ok: true; records: number; decisions: number; head: { seq: number; hash: string } | null }
  | { ok: false; records: number; firstBad: { seq: number; problem: 'edited' | 'inserted' | 'deleted' | 'unlinked' | 'unindexed' | 'unkeyed'; message: string } };

/**
 * Checks records given in `seq` order, streaming: `check(record, indexedSubjects)` per record,
 * then `finish()`. The first record that fails decides the verdict:
 * - a gap in `seq` (or a first record other than 1): records were deleted before it;
 * - `prevHash` not equal to the previous record's hash: a record was inserted or deleted before it
 *   (or this one was re-linked);
 * - `hash` not equal to the recomputed hash: the record was edited (or inserted with a made-up hash);
 *   recomputed without the key (`unkeyed`), by someone who does not hold it;
 * - the subject index not naming exactly the record's subjects: the index was edited, which would
 *   hide the record from a member's download and the officer's search by subject.
 */
export function createChainVerifier(key: string) {
  let previous: { seq: number; hash: string } | null = null;
  let count = 0;
  let decisions = 0;
  let bad: Extract<ChainVerification, { ok: false }>['firstBad'] | null = null;
  const describe = (r: ChainedAuditRecord) => `record seq ${r.seq} (request ${r.requestId})`;
  return {
    check(r: ChainedAuditRecord, indexedSubjects: readonly string[]): boolean {
      if (bad) return false;
      count++;
      const seq = Number(r.seq);
      const expectedSeq = previous ? previous.seq + 1 : 1;
      // A seq that is no whole number (text, a fraction) was written by no gateway: named by the place it holds.
      if (!Number.isSafeInteger(seq)) {
        bad = { seq: expectedSeq, problem: 'edited', message: `${describe({ ...r, seq: expectedSeq })}: its seq reads ${JSON.stringify(String(r.seq)).slice(0, 40)}, not a whole number; the record was edited` };
        return false;
      }
      if (seq !== expectedSeq) {
        const missing = seq - expectedSeq;
        bad = {
          seq,
          problem: 'deleted',
          message: `${describe(r)}: expected seq ${expectedSeq}; record${missing === 1 ? '' : 's'} ${expectedSeq}${missing > 1 ? `…${seq - 1}` : ''} ${missing === 1 ? 'is' : 'are'} missing (deleted)`,
        };
        return false;
      }
      // A time no clock reads cannot be hashed, nor have been written by the gateway.
      if (Number.isNaN(new Date(r.at).getTime())) {
        bad = { seq, problem: 'edited', message: `${describe(r)}: its time cannot be read; the record was edited` };
        return false;
      }
      const expectedPrev = previous ? previous.hash : GENESIS_HASH;
      const recomputed = hashAuditRecord(key, r.prevHash, r);
      if (r.prevHash !== expectedPrev) {
        bad = {
          seq,
          problem: recomputed === r.hash ? 'inserted' : 'unlinked',
          message: `${describe(r)}: prevHash does not match the hash of record ${expectedSeq - 1 || 'genesis'}; the chain was broken before it (a record inserted, replaced or deleted)`,
        };
        return false;
      }
      if (recomputed !== r.hash) {
        bad =
          hashAuditRecord(null, r.prevHash, r) === r.hash
            ? { seq, problem: 'unkeyed', message: `${describe(r)}: its hash was computed without the audit's key; the record was rewritten by someone who does not hold it (or the key is not the one it was written with)` }
            : { seq, problem: 'edited', message: `${describe(r)}: its hash does not match its content under the audit's key; the record was edited or inserted (or the key is not the one it was written with)` };
        return false;
      }
      let decoded: AuditDecision[];
      try {
        decoded = decodeDecisions(r.decisions);
      } catch {
        bad = { seq, problem: 'edited', message: `${describe(r)}: its decisions cannot be read although its hash matches; the record was forged` };
        return false;
      }
      const expected = subjectsOf(decoded).sort();
      const indexed = [...indexedSubjects].sort();
      if (expected.length !== indexed.length || expected.some((s, i) => s !== indexed[i])) {
        bad = { seq, problem: 'unindexed', message: `${describe(r)}: the subject index names ${indexed.length} subject(s) where the record has ${expected.length}; the index was edited` };
        return false;
      }
      decisions += decoded.length;
      previous = { seq, hash: r.hash };
      return true;
    },
    finish(): ChainVerification {
      return bad ? { ok: false, records: count, firstBad: bad } : { ok: true, records: count, decisions, head: previous };
    },
  };
}
