import { createHash } from 'node:crypto';

/** The `prevHash` of the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The content of one audit entry that its hash covers (everything but `prevHash` and `hash`). */
export interface AuditEntryContent {
  seq: number;
  at: Date | string;
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
}

/** A stored entry: its content, the previous entry's hash and its own. */
export interface ChainedAuditEntry extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

const CONTENT_KEYS: (keyof AuditEntryContent)[] = ['at', 'callerSub', 'caseRef', 'coordinate', 'fieldPath', 'outcome', 'purpose', 'requestId', 'role', 'rule', 'seq', 'subject'];

/**
 * The canonical JSON of an entry's content: keys in a fixed (sorted) order, the time as an ISO
 * string in UTC with milliseconds, absent values as null. The same entry read back from SQLite or
 * PostgreSQL gives the same text, so the same hash.
 */
export function canonicalAuditJson(entry: AuditEntryContent): string {
  const out: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS) {
    const value = (entry as any)[key];
    out[key] = key === 'at' ? new Date(value).toISOString() : key === 'seq' ? Number(value) : (value ?? null);
  }
  return JSON.stringify(out);
}

/** P-80: `sha256(prevHash + canonical JSON of the entry)`, hex. */
export function hashAuditEntry(prevHash: string, entry: AuditEntryContent): string {
  return createHash('sha256').update(prevHash + canonicalAuditJson(entry)).digest('hex');
}

/** Links `contents` after the entry with `head` (seq and hash; null for an empty log). */
export function chainAuditEntries(head: { seq: number; hash: string } | null, contents: Omit<AuditEntryContent, 'seq'>[]): ChainedAuditEntry[] {
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head ? head.hash : GENESIS_HASH;
  return contents.map((content) => {
    seq += 1;
    const entry = { ...content, seq };
    const hash = hashAuditEntry(prevHash, entry);
    const chained = { ...entry, prevHash, hash };
    prevHash = hash;
    return chained;
  });
}

/** The outcome of checking a chain; `firstBad` names the first entry that does not verify. */
export type ChainVerification =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | { ok: false; entries: number; firstBad: { seq: number; problem: 'edited' | 'inserted' | 'deleted' | 'unlinked'; message: string } };

/**
 * Checks entries given in `seq` order, streaming: `check(entry)` per entry, then `finish()`.
 * The first entry that fails decides the verdict:
 * - a gap in `seq` (or a first entry other than 1): entries were deleted before it;
 * - `prevHash` not equal to the previous entry's hash: an entry was inserted or deleted before it
 *   (or this one was re-linked);
 * - `hash` not equal to the recomputed hash: the entry was edited (or inserted with a made-up hash).
 */
export function createChainVerifier() {
  let previous: { seq: number; hash: string } | null = null;
  let count = 0;
  let bad: Extract<ChainVerification, { ok: false }>['firstBad'] | null = null;
  const describe = (e: ChainedAuditEntry) => `entry seq ${e.seq} (request ${e.requestId}, ${e.coordinate} at ${e.fieldPath})`;
  return {
    check(e: ChainedAuditEntry): boolean {
      if (bad) return false;
      count++;
      const seq = Number(e.seq);
      const expectedSeq = previous ? previous.seq + 1 : 1;
      if (seq !== expectedSeq) {
        bad = {
          seq,
          problem: 'deleted',
          message: `${describe(e)}: expected seq ${expectedSeq}; entr${seq - expectedSeq === 1 ? 'y' : 'ies'} ${expectedSeq}${seq - expectedSeq > 1 ? `…${seq - 1}` : ''} ${seq - expectedSeq === 1 ? 'is' : 'are'} missing (deleted)`,
        };
        return false;
      }
      const expectedPrev = previous ? previous.hash : GENESIS_HASH;
      const recomputed = hashAuditEntry(e.prevHash, e);
      if (e.prevHash !== expectedPrev) {
        bad = {
          seq,
          problem: recomputed === e.hash ? 'inserted' : 'unlinked',
          message: `${describe(e)}: prevHash does not match the hash of entry ${expectedSeq - 1 || 'genesis'}; the chain was broken before it (an entry inserted, replaced or deleted)`,
        };
        return false;
      }
      if (recomputed !== e.hash) {
        bad = { seq, problem: 'edited', message: `${describe(e)}: its hash does not match its content; the entry was edited or inserted` };
        return false;
      }
      previous = { seq, hash: e.hash };
      return true;
    },
    finish(): ChainVerification {
      return bad ? { ok: false, entries: count, firstBad: bad } : { ok: true, entries: count, head: previous };
    },
  };
}
