/**
 * Signatures of the privacy-contract calls (`/privacy/facts`, `export`, `erase`, `retain`,
 * `changes`) the gateway makes to a subgraph. The HMAC covers the method, the path, a timestamp and
 * the exact body bytes, so a subgraph answers only the gateway, only the call it signed, and only
 * within {@link MAX_CONTRACT_SIGNATURE_AGE_MS} of signing (a captured call cannot be replayed later).
 */
import { hmacBase64, signaturesMatch } from './hmac.js';

export const CONTRACT_TIMESTAMP_HEADER = 'x-gateway-timestamp';
export const CONTRACT_SIGNATURE_HEADER = 'x-gateway-signature';
export const MAX_CONTRACT_SIGNATURE_AGE_MS = 60_000;

export interface ContractCall {
  method: string;
  /** The request path as the subgraph receives it, e.g. `/privacy/facts`. */
  path: string;
  /** The body bytes (empty for GET). */
  body: string | Buffer;
}

function signedText(call: ContractCall, timestamp: string): string {
  const body = typeof call.body === 'string' ? call.body : call.body.toString('utf8');
  return `${call.method.toUpperCase()}\n${call.path}\n${timestamp}\n${body}`;
}

/** The two headers that sign one contract call. */
export function signContractCall(secret: string, call: ContractCall, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return { [CONTRACT_TIMESTAMP_HEADER]: timestamp, [CONTRACT_SIGNATURE_HEADER]: hmacBase64(secret, signedText(call, timestamp)) };
}

/** Null when the call carries the gateway's fresh signature of exactly this method, path and body; else why not. */
export function contractCallProblem(secret: string, call: ContractCall, headers: Record<string, string | string[] | undefined>, now = Date.now()): string | null {
  const timestamp = headers[CONTRACT_TIMESTAMP_HEADER];
  const signature = headers[CONTRACT_SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d{1,16}$/.test(timestamp)) return 'the call is not signed by the gateway';
  if (!signaturesMatch(hmacBase64(secret, signedText(call, timestamp)), signature)) return 'the call signature does not match';
  if (Math.abs(now - Number(timestamp)) > MAX_CONTRACT_SIGNATURE_AGE_MS) return 'the call signature has expired';
  return null;
}

/**
 * Sends one signed contract call: the signature covers exactly the method, path and body sent.
 * Rejects like `fetch` (unreachable, timed out); the caller reads the answer and decides what a refusal means.
 */
export function fetchSigned(secret: string, url: URL, call: { method: 'GET' | 'POST'; body?: string; timeoutMs?: number }): Promise<Response> {
  const body = call.body ?? '';
  const signature = signContractCall(secret, { method: call.method, path: url.pathname + url.search, body });
  return fetch(url, {
    method: call.method,
    headers: call.method === 'POST' ? { 'content-type': 'application/json', ...signature } : signature,
    ...(call.method === 'POST' ? { body } : {}),
    signal: AbortSignal.timeout(call.timeoutMs ?? 10_000),
  });
}
