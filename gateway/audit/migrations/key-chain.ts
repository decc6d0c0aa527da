import { GENESIS_HASH, hashAuditRecord, type AuditRecordContent } from '../audit-chain.js';
import { loadAuditChainKey } from '../audit-key.js';
import { storedTime } from './legacy-entries.js';

/** A row of `audit_record` as the dialect returns it. */
interface RecordRow {
  seq: number | string;
  at: Date | string | number;
  request_id: string;
  caller_sub: string | null;
  role: string;
  purpose: string | null;
  case_ref: string | null;
  decisions: string;
  prev_hash: string;
  hash: string;
}

function contentOf(row: RecordRow): AuditRecordContent {
  return { seq: Number(row.seq), at: storedTime(row.at), requestId: row.request_id, callerSub: row.caller_sub, role: row.role, purpose: row.purpose, caseRef: row.case_ref, decisions: row.decisions };
}

/**
 * Keys a chain written before it was keyed (gateway/audit/audit-key.ts): checks it as it was
 * (unkeyed sha256 links from the genesis), then rewrites every record's `prevHash` and `hash` as
 * HMACs under the key. A chain that does not verify is not rewritten: the migration fails and
 * changes nothing (`npm run audit:verify` on the previous release names the record). Only with
 * AUDIT_KEY_UNKEYED_CHAIN=1: see below. `run` executes SQL in the migration's transaction.
 */
export async function keyTheChain(run: (sql: string, params?: unknown[]) => Promise<any[]>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const rows = (await run('select * from audit_record order by seq')) as RecordRow[];
  if (!rows.length) return; // nothing to re-key: a new database needs no key to migrate
  // Whether this migration ran is a row of the same database: whoever can write it could rewrite
  // the audit unkeyed, delete that row and have the next start sign the forgery. So an unkeyed
  // chain is keyed only when the operator says, once, that it is one written before the key.
  if (env.AUDIT_KEY_UNKEYED_CHAIN !== '1') {
    throw new Error(`the access audit holds ${rows.length} record(s) hashed without a key. If this database comes from a release before the audit was keyed, run \`npm run migrate\` once with AUDIT_KEY_UNKEYED_CHAIN=1 to key them; otherwise the audit was rewritten: keep the database as it is and run \`npm run audit:verify\``);
  }
  let prev = GENESIS_HASH;
  rows.forEach((row, i) => {
    if (Number(row.seq) !== i + 1 || row.prev_hash !== prev || hashAuditRecord(null, row.prev_hash, contentOf(row)) !== row.hash) {
      throw new Error(`the access audit's record seq ${row.seq} does not verify; the audit was left as it is (audit_record)`);
    }
    prev = row.hash;
  });
  const key = loadAuditChainKey();
  prev = GENESIS_HASH;
  for (const row of rows) {
    const hash = hashAuditRecord(key, prev, contentOf(row));
    await run('update audit_record set prev_hash = ?, hash = ? where seq = ?', [prev, hash, Number(row.seq)]);
    prev = hash;
  }
}
