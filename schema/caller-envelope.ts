/**
 * Who is asking, as the gateway tells a subgraph: the caller travels in the GraphQL request's
 * `extensions.caller`, and the request's HMAC (`extensions["hmac-signature"]`, the Hive gateway's
 * upstream signature) covers the query, the variables and this envelope together. A subgraph reads
 * the caller from the envelope only after the signature matches, so neither a direct call nor a
 * changed caller, query or variable passes, and headers carry nothing a subgraph trusts.
 */
import { defaultExecutionRequestSerializer, defaultParamsSerializer } from '@graphql-mesh/hmac-upstream-signature';
import { randomBytes } from 'node:crypto';
import { hmacBase64, signaturesMatch } from './hmac.js';

/** The extension holding the signature (the Hive gateway plugin's default name). */
export const SIGNATURE_EXTENSION = 'hmac-signature';
/** The extension holding the {@link CallerEnvelope}. */
export const CALLER_EXTENSION = 'caller';
/** A signed request older (or newer) than this is refused, so a captured one cannot be replayed later. */
export const MAX_SIGNATURE_AGE_MS = 60_000;

export interface CallerEnvelope {
  /** The member id the gateway verified; null for a visitor. */
  sub: string | null;
  role: string | null;
  /** When the caller last authenticated (token `auth_time`, seconds): rights operations need a recent one (P-64). */
  authTime: number | null;
  /** The purpose the caller declared, already checked by the gateway. */
  purpose: string | null;
  /** The privacy officer's case reference (P-81). */
  caseRef: string | null;
  /** When the gateway signed the request (ms since the epoch). */
  signedAt: number;
  /** The subgraph the request is for (its name in the supergraph): another subgraph refuses it. */
  audience: string;
  /**
   * Random on a mutation, null otherwise: a subgraph runs a signed mutation once, so a captured one
   * is not run again within its window. Queries carry none, so identical in-flight ones stay
   * identical and the runtime may deduplicate them.
   */
  nonce: string | null;
}

type Params = { query?: string; variables?: Record<string, unknown> | null; extensions?: Record<string, unknown> | null };

/** The envelope in one canonical form: fixed order, fixed types. */
function envelopeText(e: CallerEnvelope): string {
  return JSON.stringify(['caller/3', e.audience, e.sub, e.role, e.authTime, e.purpose, e.caseRef, e.signedAt, e.nonce]);
}

/** What the gateway signs for one subgraph request: the runtime's serialized request, then the envelope. */
export function signedRequestText(executionRequest: Parameters<typeof defaultExecutionRequestSerializer>[0], envelope: CallerEnvelope): string {
  return `${defaultExecutionRequestSerializer(executionRequest)}\n${envelopeText(envelope)}`;
}

/** The same text, as the subgraph rebuilds it from the parameters it received. */
function receivedText(params: Params, envelope: CallerEnvelope): string {
  return `${defaultParamsSerializer({ query: params.query, variables: params.variables ?? undefined } as any)}\n${envelopeText(envelope)}`;
}

/** The envelope in a request's extensions, if it has exactly the expected shape. */
function readEnvelope(value: unknown): CallerEnvelope | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const text = (k: string) => v[k] === null || typeof v[k] === 'string';
  if (!text('sub') || !text('role') || !text('purpose') || !text('caseRef')) return null;
  if (v.authTime !== null && (typeof v.authTime !== 'number' || !Number.isFinite(v.authTime))) return null;
  if (typeof v.signedAt !== 'number' || !Number.isFinite(v.signedAt)) return null;
  if (typeof v.audience !== 'string') return null;
  if (!(v.nonce === null || (typeof v.nonce === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(v.nonce)))) return null;
  return { sub: v.sub as string | null, role: v.role as string | null, authTime: v.authTime as number | null, purpose: v.purpose as string | null, caseRef: v.caseRef as string | null, signedAt: v.signedAt, audience: v.audience, nonce: v.nonce };
}

/**
 * The signature the gateway would have made for what arrived, or null when what arrived cannot be
 * serialized (variables nested past the stack): unverifiable is refused like forged, never a 500.
 */
function signatureOf(secret: string, params: Params, envelope: CallerEnvelope): string | null {
  try {
    return hmacBase64(secret, receivedText(params, envelope));
  } catch {
    return null;
  }
}

/**
 * The caller of a GraphQL request the subgraph `audience` received, or why it is refused: no or a
 * malformed envelope, a signature that does not match what arrived, one signed for another
 * subgraph, or one signed too long ago.
 */
export function verifyCallerEnvelope(secret: string, audience: string, params: Params, now: number): CallerEnvelope | { refused: string } {
  const envelope = readEnvelope(params.extensions?.[CALLER_EXTENSION]);
  const signature = params.extensions?.[SIGNATURE_EXTENSION];
  if (!envelope || typeof signature !== 'string') return { refused: 'the request is not signed by the gateway' };
  const expected = signatureOf(secret, params, envelope);
  if (expected === null || !signaturesMatch(expected, signature)) return { refused: 'the request signature does not match' };
  if (envelope.audience !== audience) return { refused: 'the request was signed for another subgraph' };
  if (Math.abs(now - envelope.signedAt) > MAX_SIGNATURE_AGE_MS) return { refused: 'the request signature has expired' };
  return envelope;
}

/** A fresh nonce for a mutation's envelope: 128 random bits. */
export const newNonce = (): string => randomBytes(16).toString('base64url');

/**
 * A GraphQL request body signed as the gateway signs it, for callers that are not the Hive runtime
 * (tests that ask a subgraph directly, the Apollo Gateway baseline of the benchmark), for the
 * subgraph named `audience`. A mutation carries a nonce unless told `nonce: null`, as the gateway's do.
 */
export function signGraphQLRequest<P extends { query: string; variables?: Record<string, unknown> }>(
  secret: string,
  audience: string,
  params: P,
  caller: Partial<Omit<CallerEnvelope, 'signedAt' | 'audience'>> = {},
  now = Date.now(),
): P & { extensions: Record<string, unknown> } {
  const nonce = caller.nonce === undefined ? (/^\s*mutation\b/.test(params.query) ? newNonce() : null) : caller.nonce;
  const envelope: CallerEnvelope = { sub: caller.sub ?? null, role: caller.role ?? null, authTime: caller.authTime ?? null, purpose: caller.purpose ?? null, caseRef: caller.caseRef ?? null, signedAt: now, audience, nonce };
  const signature = hmacBase64(secret, receivedText(params, envelope));
  return { ...params, extensions: { [CALLER_EXTENSION]: envelope, [SIGNATURE_EXTENSION]: signature } };
}
