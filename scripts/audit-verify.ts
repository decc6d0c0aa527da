/**
 * Verifies the hash-chained access audit (P-80): recomputes every record's hash, checks every
 * link and the subject index. Exits 0 when the chain is intact, 1 naming the first record that was
 * edited, inserted or deleted, 2 when the database cannot be read.
 *
 * Usage: npm run audit:verify            (the database of DATABASE_URL, else DATA_DIR's SQLite file)
 */
import { openAuditOrm } from './marketplace-database.js';
import { verifyAuditChain } from '../gateway/audit/audit-log.js';

let orm;
try {
  orm = await openAuditOrm();
} catch (error) {
  console.error(`audit:verify: cannot open the database: ${(error as Error).message}`);
  process.exit(2);
}
try {
  const verdict = await verifyAuditChain(orm.em.fork());
  if (verdict.ok) {
    const head = verdict.head ? `head seq ${verdict.head.seq}, hash ${verdict.head.hash}` : 'the log is empty';
    console.log(`audit:verify OK: ${verdict.records} record${verdict.records === 1 ? '' : 's'} (${verdict.decisions} decision${verdict.decisions === 1 ? '' : 's'}) verified, chain and subject index unbroken (${head})`);
    process.exitCode = 0;
  } else {
    console.error(`audit:verify FAILED at record seq ${verdict.firstBad.seq} (${verdict.firstBad.problem}): ${verdict.firstBad.message}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`audit:verify: cannot read the audit: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await orm.close(true);
}
