/**
 * The "pseudonymize" outcome (POLICY.md, Outcomes): a stable token in place of a person or
 * device id. Analysts get ids pseudonymized per partner (P-51), researchers per research
 * project (P-52), AI training per its audience (P-41): the same subject gives the same token to
 * one audience, so its rows still join up, and different, unlinkable tokens to two audiences.
 * The token is a keyed hash, so without the audience key it cannot be reversed or recomputed.
 */
import { createHmac } from 'node:crypto';

/** Every pseudonym starts with this, so a token is never mistaken for a real id. */
export const PSEUDONYM_PREFIX = 'psn_';

/** Characters of the base64url HMAC kept after the prefix: 22 characters = 132 bits. */
export const PSEUDONYM_HASH_LENGTH = 22;

const PSEUDONYM = new RegExp(`^${PSEUDONYM_PREFIX}[A-Za-z0-9_-]{${PSEUDONYM_HASH_LENGTH}}$`);

/**
 * P-51 / P-52: `"psn_" + base64url(HMAC-SHA256(audienceKey, subjectId))`, truncated to 22
 * characters after the prefix. The result is a string, so it is a valid `ID` and `String`.
 *
 * Fails closed (P-82) by throwing, never by returning something the caller could pass on:
 * a missing or blank audience key is a configuration error (hashing without a key, or with one
 * shared key, would make tokens linkable across audiences), and a missing or empty subject id
 * is a data error (every such row would collapse into one token that looks like a real person).
 * A numeric id is read as its decimal text, as GraphQL serialises an `ID` given as an integer.
 */
export function pseudonymize(audienceKey: string, subjectId: string | number): string {
  if (typeof audienceKey !== 'string' || audienceKey.trim() === '') {
    throw new TypeError('pseudonymize: the audience key is missing (configuration error)');
  }
  let subject: string;
  if (typeof subjectId === 'string') subject = subjectId;
  else if (typeof subjectId === 'number' && Number.isSafeInteger(subjectId)) subject = String(subjectId);
  else throw new TypeError('pseudonymize: the subject id must be a string or an integer');
  if (subject === '') throw new TypeError('pseudonymize: the subject id is empty');

  const digest = createHmac('sha256', audienceKey).update(subject, 'utf8').digest('base64url');
  return PSEUDONYM_PREFIX + digest.slice(0, PSEUDONYM_HASH_LENGTH);
}

/** True for a string shaped like a `pseudonymize` token (lets callers avoid hashing twice). */
export function isPseudonym(value: unknown): value is string {
  return typeof value === 'string' && PSEUDONYM.test(value);
}
