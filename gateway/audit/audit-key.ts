import { secretFromEnvOrDataDir } from '../../schema/signing-secret.js';

/**
 * The key of the access audit's chain (P-80): each record's hash is an HMAC under it, so someone
 * who can write the database but does not hold the key cannot edit a record and recompute the
 * hashes after it. From AUDIT_CHAIN_KEY; outside production, generated once under DATA_DIR. Only
 * the gateway and `npm run audit:verify` hold it: the subgraphs, which share the database in the
 * demo, never load it (it is not the subgraphs' signing secret).
 */
export function loadAuditChainKey(env: NodeJS.ProcessEnv = process.env): string {
  return secretFromEnvOrDataDir(env, 'AUDIT_CHAIN_KEY', 'audit-chain-key', "the access audit's hash chain is keyed with it, P-80");
}
