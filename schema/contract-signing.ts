/**
 * Signatures of the privacy-contract calls (`/privacy/facts`, `export`, `erase`, `retain`,
 * `changes`) the gateway makes to a subgraph. The HMAC covers the method, the path, a timestamp and
 * the exact body bytes, so a subgraph answers only the gateway, only the call it signed, and only
 * within {@link MAX_CONTRACT_SIGNATURE_AGE_MS} of signing (a captured call cannot be replayed later).
 * A random nonce, signed too, makes each call's signature unique, and a receiver that keeps a
 * {@link FirstUse} accepts it once (a captured call cannot be replayed within the window either).
 */
import { randomBytes } from 'node:crypto';
import { hmacBase64, signaturesMatch } from './hmac.js';
import type { FirstUse } from './first-use.js';

export const CONTRACT_TIMESTAMP_HEADER = 'x-gateway-timestamp';
export const CONTRACT_SIGNATURE_HEADER = 'x-gateway-signature';
export const CONTRACT_NONCE_HEADER = 'x-gateway-nonce';
/** The audience of a call to the gateway itself (`/audit/entries`); a subgraph's is its name. */
export const GATEWAY_AUDIENCE = 'gateway';
export const MAX_CONTRACT_SIGNATURE_AGE_MS = 60_000;

export interface ContractCall {
  /**
   * Who the call is for: the subgraph's name (`accounts`, ...) or `gateway`. Signed, so a call
   * captured on its way to one subgraph is refused by every other (they check their own name).
   */
  audience: string;
  method: string;
  /** The request path as the subgraph receives it, e.g. `/privacy/facts`. */
  path: string;
  /** The body bytes (empty for GET). */
  body: string | Buffer;
}

function signedText(call: ContractCall, timestamp: string, nonce: string): string {
  const body = typeof call.body === 'string' ? call.body : call.body.toString('utf8');
  return `${call.audience}\n${call.method.toUpperCase()}\n${call.path}\n${timestamp}\n${nonce}\n${body}`;
}

/** The three headers that sign one contract call. */
export function signContractCall(secret: string, call: ContractCall, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('base64url');
  return { [CONTRACT_TIMESTAMP_HEADER]: timestamp, [CONTRACT_NONCE_HEADER]: nonce, [CONTRACT_SIGNATURE_HEADER]: hmacBase64(secret, signedText(call, timestamp, nonce)) };
}

/**
 * Null when the call carries the gateway's fresh signature of exactly this method, path and body,
 * not presented before to `firstUse`; else why not.
 */
export function contractCallProblem(secret: string, call: ContractCall, headers: Record<string, string | string[] | undefined>, firstUse: FirstUse, now = Date.now()): string | null {
  const timestamp = headers[CONTRACT_TIMESTAMP_HEADER];
  const nonce = headers[CONTRACT_NONCE_HEADER];
  const signature = headers[CONTRACT_SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || typeof nonce !== 'string' || !/^\d{1,16}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return 'the call is not signed by the gateway';
  if (!signaturesMatch(hmacBase64(secret, signedText(call, timestamp, nonce)), signature)) return 'the call signature does not match';
  if (Math.abs(now - Number(timestamp)) > MAX_CONTRACT_SIGNATURE_AGE_MS) return 'the call signature has expired';
  if (!firstUse.claim(signature, Number(timestamp), now)) return 'the call was already received, or signed before this service started: a signed call runs once';
  return null;
}

/**
 * Sends one signed contract call: the signature covers exactly the audience, method, path and body sent.
 * Rejects like `fetch` (unreachable, timed out); the caller reads the answer and decides what a refusal means.
 */
export function fetchSigned(secret: string, url: URL, call: { audience: string; method: 'GET' | 'POST'; body?: string; timeoutMs?: number }): Promise<Response> {
  const body = call.body ?? '';
  const signature = signContractCall(secret, { audience: call.audience, method: call.method, path: url.pathname + url.search, body });
  return fetch(url, {
    method: call.method,
    headers: call.method === 'POST' ? { 'content-type': 'application/json', ...signature } : signature,
    ...(call.method === 'POST' ? { body } : {}),
    signal: AbortSignal.timeout(call.timeoutMs ?? 10_000),
  });
}
