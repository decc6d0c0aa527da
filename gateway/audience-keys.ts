import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AudienceKeys } from '../directives/apply-decision.js';

/**
 * Per-audience pseudonymization keys (P-51, P-52): each partner and research project gets its own
 * key, derived from one secret, so tokens are stable within an audience and unlinkable across two.
 * The secret comes from PSEUDONYM_SECRET, or is generated once under DATA_DIR (never committed).
 * An audience the policy does not list has no key: the field then blocks (fail closed, P-82).
 */
export function createAudienceKeys(audiences: string[], secret = loadPseudonymSecret()): AudienceKeys {
  const allowed = new Set(audiences);
  const cache = new Map<string, string>();
  return (audience) => {
    if (!allowed.has(audience)) throw new Error(`no pseudonymization key for audience '${audience}'`);
    let key = cache.get(audience);
    if (!key) {
      key = createHmac('sha256', secret).update(`audience:${audience}`).digest('hex');
      cache.set(audience, key);
    }
    return key;
  };
}

export function loadPseudonymSecret(dir = process.env.DATA_DIR ?? '.data'): string {
  if (process.env.PSEUDONYM_SECRET) return process.env.PSEUDONYM_SECRET;
  const file = join(dir, 'pseudonym-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
