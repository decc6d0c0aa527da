/**
 * Verifies the hash-chained access audit (P-80): recomputes every record's hash, checks every
 * link and the subject index. Exits 0 when the chain is intact, 1 naming the first record that was
 * edited, inserted or deleted, 2 when the database cannot be read.
 *
 * Usage: npm run audit:verify            (the database of DATABASE_URL, else DATA_DIR's SQLite file)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openAuditOrm } from './marketplace-database.js';
import { verifyAuditChain } from '../gateway/audit/audit-log.js';
import { databaseKind } from '../resolvers/orm.js';

// A verifier creates nothing: a key it generated would fail every record as "edited", and an empty
// database it created would pass as an empty log.
const dataDir = process.env.DATA_DIR ?? '.data';
try {
  if (!process.env.AUDIT_CHAIN_KEY && !existsSync(join(dataDir, 'audit-chain-key'))) {
    console.error(`audit:verify: no key for the chain: set AUDIT_CHAIN_KEY, or DATA_DIR to the directory whose audit-chain-key wrote the log (${dataDir} has none)`);
    process.exit(2);
  }
  if (databaseKind() === 'sqlite' && !existsSync(join(dataDir, 'marketplace.db'))) {
    console.error(`audit:verify: no database at ${join(dataDir, 'marketplace.db')}: set DATA_DIR, or DATABASE_URL for PostgreSQL`);
    process.exit(2);
  }
} catch (error) {
  console.error(`audit:verify: ${(error as Error).message}`);
  process.exit(2);
}

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
