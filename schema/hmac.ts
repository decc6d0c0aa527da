import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `text` under `secret`, base64 (what the Hive gateway's upstream signature produces). */
export function hmacBase64(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64');
}

/** Whether `given` is the signature `expected`, compared in constant time (no early exit to time). */
export function signaturesMatch(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
