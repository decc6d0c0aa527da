import { createHmac } from 'node:crypto';
import { secretFromEnvOrDataDir } from '../schema/signing-secret.js';
import type { AudienceKeys } from '../directives/apply-decision.js';

/**
 * Per-audience pseudonymization keys (P-51, P-52): each partner and research project gets its own
 * key for each purpose it declares, derived from one secret, so tokens are stable within an
 * audience and unlinkable across two (another partner's, or the same partner's under another purpose).
 * The secret comes from PSEUDONYM_SECRET, or is generated once under DATA_DIR (never committed);
 * with NODE_ENV=production it must be set.
 * An audience the policy does not list has no key: the field then blocks (fail closed, P-82).
 */
export function createAudienceKeys(audiences: string[], secret = loadPseudonymSecret()): AudienceKeys {
  const allowed = new Set(audiences);
  const cache = new Map<string, string>();
  return (audience) => {
    // Asked once per pseudonymized value (thousands in an export): a key derived once is only looked up.
    const known = cache.get(audience);
    if (known !== undefined) return known;
    // Which audiences the policy lists is configuration: the error names none of them.
    // `partner:x#analytics.reporting`: partner x's key for one purpose, derived apart from its others.
    if (!allowed.has(audience.split('#', 1)[0]!)) throw new Error('no pseudonymization key for this partner or project: the policy lists no such audience');
    const key = createHmac('sha256', secret).update(`audience:${audience}`).digest('hex');
    cache.set(audience, key);
    return key;
  };
}

/** PSEUDONYM_SECRET, or outside production one generated under DATA_DIR; production refuses to run without it. */
export function loadPseudonymSecret(dir = process.env.DATA_DIR ?? '.data'): string {
  return secretFromEnvOrDataDir({ ...process.env, DATA_DIR: dir }, 'PSEUDONYM_SECRET', 'pseudonym-secret', 'partners\' and researchers\' pseudonyms are derived from it');
}
