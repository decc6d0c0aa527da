/**
 * Identity: turns the `Authorization` header of a request into a {@link Caller}.
 *
 * The token is a JWT (RFC 7519) signed by the identity provider, verified against a remote JWKS
 * (RFC 7517) or one configured public key. No header means a visitor; any header that does not
 * verify to a complete caller is refused with {@link IdentityError} (P-82, fail closed): a broken
 * token never degrades to a visitor or to a partly bound caller.
 */
import { createRemoteJWKSet, errors as joseErrors, importJWK, jwtVerify } from 'jose';
import type { CryptoKey, JWK, JWTPayload, JWTVerifyGetKey, KeyObject } from 'jose';
import { BINDING_KEYS, VISITOR, bindingKey, missingClaims } from '../directives/caller.js';
import type { BindingKey, Caller } from '../directives/caller.js';
import { LEGAL_OBLIGATION, loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { ANONYMOUS_ID } from '../directives/transforms/placeholder.js';
import { ERASED_MEMBER_ID } from '../schema/privacy-contract.js';
import { policyNow, type PolicyRef } from './policy-ref.js';

/** The issuer the dev tokens carry (`scripts/token.ts`), and the verifier's default. */
export const DEFAULT_ISSUER = 'privacy-gateway-dev';
/** The audience the dev tokens carry, and the verifier's default. */
export const DEFAULT_AUDIENCE = 'privacy-gateway';
/** The signature algorithms accepted by default. */
export const DEFAULT_ALGORITHMS: readonly string[] = ['ES256'];
/** Clock skew allowed on `exp`, `nbf`, `iat` and `auth_time`, in seconds, by default. */
export const DEFAULT_CLOCK_TOLERANCE = 5;
/** The longest a token may still be valid for when it is presented: a week (GraphiQL's development tokens live that long). */
export const MAX_TOKEN_LIFETIME_S = 7 * 86_400;

/** A public key for local verification: a public JWK, a WebCrypto `CryptoKey` or a Node `KeyObject`. */
export type VerificationKey = JWK | CryptoKey | KeyObject;

export interface IdentityOptions {
  /**
   * URL of the identity provider's JWKS; keys are fetched and cached by jose's
   * `createRemoteJWKSet` and chosen by the token's `kid`. Exactly one of `jwksUrl` and
   * `publicKey` is required.
   * @default undefined
   */
  jwksUrl?: string;
  /**
   * A single public key to verify with locally (e.g. `loadDevKeys().publicJwk`). A private JWK is
   * refused as configuration. Exactly one of `jwksUrl` and `publicKey` is required.
   * @default undefined
   */
  publicKey?: VerificationKey;
  /**
   * The required `iss` claim.
   * @default 'privacy-gateway-dev'
   */
  issuer?: string;
  /**
   * The required `aud` claim (the token's `aud` must contain it).
   * @default 'privacy-gateway'
   */
  audience?: string;
  /**
   * The JWS `alg` values accepted; anything else, `none` included, is refused. `none` and HMAC
   * algorithms (`HS*`, which would let a public key act as a shared secret) cannot be configured.
   * @default ['ES256']
   */
  algorithms?: string[];
  /**
   * Clock skew tolerated when checking `exp`, `nbf`, `iat` and `auth_time`, in seconds.
   * @default 5
   */
  clockTolerance?: number;
  /**
   * How many verified tokens to remember until they expire (0: verify every request).
   * @default 10000
   */
  cacheSize?: number;
  /**
   * The policy whose `roles` a token's role must be one of, with each role's binding; a function
   * answering the current one makes a reload apply to tokens already verified.
   * @default the policy file (POLICY_FILE, else directives/policy.json), read once
   */
  policy?: PolicyRef;
}

/** Verifies one request's `Authorization` header; resolves to the caller or rejects with {@link IdentityError}. */
export type CallerVerifier = (authorizationHeader: string | null) => Promise<Caller>;

/**
 * The request's credentials are missing a part, malformed or not acceptable. Maps to HTTP 401 and
 * a GraphQL error with `extensions.code = 'UNAUTHENTICATED'`. The message says what was wrong and
 * never contains the token or its claim values.
 */
export class IdentityError extends Error {
  readonly code = 'UNAUTHENTICATED' as const;
  readonly status = 401 as const;
  constructor(message: string) {
    super(message);
    this.name = 'IdentityError';
  }
}

/** The identity options are unusable; thrown when the verifier is created, never per request. */
export class IdentityConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityConfigError';
  }
}

/** Tokens longer than this are refused before parsing (a JWT with our claims is < 1 KiB). */
const MAX_TOKEN_LENGTH = 8192;
/** RFC 6750 §2.1: `Bearer` (case-insensitive), one or more spaces, then the token. */
const BEARER = /^Bearer +(\S+)$/i;
/** A compact JWS: three base64url segments (the signature may be empty, as in `alg: none`). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/**
 * What a binding claim (a store, carrier, partner, project, provider or institution) may hold: the
 * policy's ids are letters, digits, `.`, `_` and `-`. A pseudonym's audience is built from the claim
 * (`partner:<id>#<purpose>`), so a `#` or a `:` in it could name another audience.
 */
const BINDING_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/**
 * What `sub` may hold: an account id (`m-buyer`, `u-agent`), a UUID, an e-mail-like or
 * provider-prefixed id (`auth0|123`). Not a character a header, a file name or the audit's index
 * could not carry as it is (a control, format or non-ASCII character).
 */
const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._:@|+-]{0,127}$/;
/** The stand-ins the data holds in place of people (an erased member, an anonymous author): no caller is one of them. */
const STAND_IN_SUBJECTS: ReadonlySet<string> = new Set([ERASED_MEMBER_ID, ANONYMOUS_ID]);
/**
 * A case reference is text the audit records and an officer reads: letters, digits, marks,
 * punctuation, symbols and spaces, with a letter or digit among them, starting with no mark. No
 * control or format character (a bidi override would reorder it), nor one that shows as nothing
 * (U+2800 braille blank, the Hangul fillers, a variation selector): a case nobody can read opens none (P-81).
 */
const CASE_REFERENCE = /^(?=[^]*[\p{L}\p{N}])(?!\p{M})(?:(?![\p{C}\p{Default_Ignorable_Code_Point}\u2800])[\p{L}\p{M}\p{N}\p{P}\p{S} ]){1,128}$/u;
/** More marks on one letter than any script writes: the case reads as another under them. */
const STACKED_MARKS = /\p{M}{4}/u;

/** String claims copied to the caller, as token claim → `Caller` field. */
const STRING_CLAIMS = [
  ['sub', 'sub'],
  ['store', 'store'],
  ['carrier', 'carrier'],
  ['partner', 'partner'],
  ['project', 'project'],
  ['case', 'caseRef'],
  ['provider', 'provider'],
  ['institution', 'institution'],
] as const;

/**
 * Creates the verifier of the gateway's callers. Throws {@link IdentityConfigError} when the
 * options are inconsistent (no key source or two, `none` or HMAC allowed, a private key given).
 */
export function createCallerVerifier(options: IdentityOptions): CallerVerifier {
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
  const clockTolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
  const key = resolveKey(options);

  if (!issuer) throw new IdentityConfigError('identity: `issuer` must not be empty');
  if (!audience) throw new IdentityConfigError('identity: `audience` must not be empty');
  if (algorithms.length === 0) throw new IdentityConfigError('identity: `algorithms` must list at least one algorithm');
  for (const alg of algorithms) {
    if (alg.toLowerCase() === 'none' || /^HS/i.test(alg)) {
      throw new IdentityConfigError(`identity: algorithm "${alg}" cannot be allowed; use an asymmetric algorithm such as ES256`);
    }
  }
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0) {
    throw new IdentityConfigError('identity: `clockTolerance` must be a non-negative number of seconds');
  }

  const verifyOptions = { issuer, audience, algorithms, clockTolerance, requiredClaims: ['exp'] };
  // A JWK is imported once, not on every request (jose would import it per call).
  let imported: Promise<unknown> | null = null;
  const verificationKey = () => (isJwk(key as VerificationKey) ? (imported ??= importJWK(key as JWK, (key as JWK).alg ?? algorithms[0])) : Promise.resolve(key));
  const verified = new VerifiedTokens(options.cacheSize ?? 10_000);
  const policy = options.policy ?? loadPolicyConfig();

  return async function verifyCaller(authorizationHeader: string | null): Promise<Caller> {
    if (authorizationHeader === null || authorizationHeader === undefined) return VISITOR;

    const token = extractBearerToken(authorizationHeader);
    const roles = policyNow(policy).roles;
    const known = verified.get(token, clockTolerance);
    if (known) {
      if (known.roles === roles) return known.caller;
      // The policy was reloaded: the claims are read again against its roles (a removed role is refused).
      const caller = callerFromClaims(known.payload, roles, clockTolerance);
      verified.set(token, caller, known.payload, roles);
      return caller;
    }
    let payload: JWTPayload;
    try {
      // Both overloads (key / key resolver) take the same options; the cast only picks one.
      ({ payload } = await jwtVerify(token, (await verificationKey()) as JWTVerifyGetKey, verifyOptions));
    } catch (error) {
      throw new IdentityError(describeVerificationFailure(error, algorithms, options.jwksUrl !== undefined));
    }
    const caller = callerFromClaims(payload, roles, clockTolerance);
    verified.set(token, caller, payload, roles);
    return caller;
  };
}

/** A verified token's caller, read against `roles` (the policy's roles then in force). */
interface VerifiedToken {
  caller: Caller;
  payload: JWTPayload;
  roles: PolicyConfig['roles'];
}

/**
 * Tokens already verified, until they expire: a token's claims cannot change, so checking its
 * signature again on every request (asymmetric crypto, the largest per-request cost the benchmark
 * profile showed) buys nothing. Bounded; the oldest entries go first.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();
  constructor(private readonly limit: number) {}

  get(token: string, clockTolerance: number): VerifiedToken | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (Date.now() / 1000 > entry.payload.exp! + clockTolerance) {
      this.entries.delete(token);
      return null;
    }
    return entry;
  }

  set(token: string, caller: Caller, payload: JWTPayload, roles: PolicyConfig['roles']): void {
    if (this.limit <= 0) return;
    if (!this.entries.has(token) && this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { caller, payload, roles });
  }
}

function resolveKey(options: IdentityOptions): VerificationKey | JWTVerifyGetKey {
  const { jwksUrl, publicKey } = options;
  if (jwksUrl !== undefined && publicKey !== undefined) {
    throw new IdentityConfigError('identity: set exactly one of `jwksUrl` and `publicKey`, not both');
  }
  if (jwksUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw new IdentityConfigError('identity: `jwksUrl` is not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new IdentityConfigError('identity: `jwksUrl` must be an http(s) URL');
    }
    return createRemoteJWKSet(url);
  }
  if (publicKey !== undefined && publicKey !== null) {
    if (isJwk(publicKey) && ('d' in publicKey || publicKey.kty === 'oct')) {
      throw new IdentityConfigError('identity: `publicKey` must be a public key; a private or symmetric JWK was given');
    }
    if (!isJwk(publicKey) && publicKey.type !== 'public') {
      throw new IdentityConfigError(`identity: \`publicKey\` must be a public key; a ${publicKey.type} key was given`);
    }
    return publicKey;
  }
  throw new IdentityConfigError('identity: one of `jwksUrl` (remote JWKS) or `publicKey` (local key) is required');
}

function isJwk(key: VerificationKey): key is JWK {
  return typeof key === 'object' && key !== null && 'kty' in key;
}

/** RFC 6750 §2.1 `Authorization: Bearer <token>`; anything else present is refused, not ignored. */
function extractBearerToken(header: string): string {
  const match = BEARER.exec(header.trim());
  if (!match) throw new IdentityError('Authorization header must have the form "Bearer <token>"');
  const token = match[1]!;
  if (token.length > MAX_TOKEN_LENGTH) throw new IdentityError('bearer token is too large');
  if (!COMPACT_JWS.test(token)) throw new IdentityError('bearer token is not a compact JWT (header.payload.signature)');
  return token;
}

/** A message for a jose failure that names the problem but never the token or a claim value. */
function describeVerificationFailure(error: unknown, algorithms: string[], remote: boolean): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'token issuer is not accepted';
      case 'aud':
        return 'token audience is not accepted';
      case 'nbf':
        return 'token is not valid yet (nbf)';
      case 'iat':
        return 'token issue time (iat) is invalid';
      case 'exp':
        return error.reason === 'missing' ? 'token has no expiry (exp)' : 'token expiry (exp) is invalid';
      default:
        return `token claim "${error.claim}" is invalid`;
    }
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return `token signature algorithm is not allowed (accepted: ${algorithms.join(', ')})`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no known signing key matches the token';
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) return 'the token does not identify its signing key (kid)';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
    return 'signing keys could not be fetched; the token cannot be verified';
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'token is malformed';
  if (error instanceof joseErrors.JWKInvalid) return 'signing key is unusable; the token cannot be verified';
  // What is left with a remote JWKS is its fetch failing (network error, non-200, bad JSON).
  if (remote) return 'signing keys could not be fetched; the token cannot be verified';
  return 'token could not be verified';
}

/**
 * Builds the caller from verified claims. The role must be one the policy declares and not
 * `visitor`; every role but visitor needs `sub`, and bound roles their binding (the role's
 * `binding` in the policy). A binding claim that belongs to another role is dropped, so a customer
 * token carrying `store` is not read as a merchant's.
 */
function callerFromClaims(payload: JWTPayload, roles: PolicyConfig['roles'], clockTolerance: number): Caller {
  // A token that never expires for practical purposes cannot be withdrawn by waiting: leaked, it is
  // someone's role for good. Defence in depth beside the identity provider's own lifetimes.
  if (typeof payload.exp === 'number' && payload.exp - Date.now() / 1000 > MAX_TOKEN_LIFETIME_S) {
    throw new IdentityError(`token expires more than ${MAX_TOKEN_LIFETIME_S / 86_400} days from now: longer-lived tokens are refused`);
  }
  const role = payload['role'];
  if (role === undefined) throw new IdentityError('token has no "role" claim');
  if (typeof role !== 'string' || !Object.hasOwn(roles, role)) throw new IdentityError('token "role" claim is not a known role');
  if (role === 'visitor') throw new IdentityError('a token cannot carry the visitor role; send no Authorization header instead');

  for (const [claim] of STRING_CLAIMS) {
    const value = payload[claim];
    if (value !== undefined && typeof value !== 'string') throw new IdentityError(`token claim "${claim}" must be a string`);
  }
  const spec = roles[role]!;
  const missing = missingClaims(role, spec.binding, payload as Partial<Record<'sub' | BindingKey, unknown>>);
  if (missing.length > 0) {
    const list = missing.map((claim) => `"${claim}"`).join(' and ');
    throw new IdentityError(`token for role ${role} is missing the ${list} claim${missing.length > 1 ? 's' : ''}`);
  }

  const caller: Caller = { role };
  const binding = bindingKey(spec.binding);
  for (const [claim, field] of STRING_CLAIMS) {
    const value = payload[claim];
    if (typeof value !== 'string' || value.trim() === '') continue; // a blank claim is no claim (a case reference of spaces opens no case, P-81)
    if (field === 'sub' && (!SUBJECT_ID.test(value) || STAND_IN_SUBJECTS.has(value))) throw new IdentityError('token claim "sub" is not an account id (ASCII letters, digits and . _ : @ | + -, not a stand-in id)');
    // A case is what the legal obligation is read under: on another role's token it would file that role's reads under a case (P-81).
    if (field === 'caseRef' && !spec.purposes.includes(LEGAL_OBLIGATION)) continue;
    if (field === 'caseRef' && !CASE_REFERENCE.test(value)) throw new IdentityError('token claim "case" must be at most 128 letters, digits, marks, punctuation, symbols or spaces, with a letter or digit among them (no control, format or invisible characters)');
    // One case, one spelling: `CASE-A ` or an accent written apart (`e` + U+0301) would file the same case's reads under a second name.
    if (field === 'caseRef' && (value !== value.trim() || value.normalize('NFC') !== value || STACKED_MARKS.test(value))) throw new IdentityError('token claim "case" must have no space at either end and be written composed (Unicode NFC), with at most 3 marks on a letter');
    if ((BINDING_KEYS as readonly string[]).includes(field)) {
      if (field !== binding) continue;
      if (!BINDING_ID.test(value)) throw new IdentityError(`token claim "${claim}" is not an id (letters, digits, '.', '_' and '-')`);
    }
    caller[field] = value;
  }

  // jose reads `iat` but does not refuse one in the future: a token issued later than now was not
  // issued by a provider with a sane clock, and would outlive what its `exp` suggests.
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat))) throw new IdentityError('token issue time (iat) is invalid');
  if (payload.iat !== undefined && payload.iat > Date.now() / 1000 + clockTolerance) throw new IdentityError('token issue time (iat) is in the future');
  const authTime = payload['auth_time'];
  if (authTime !== undefined) {
    if (typeof authTime !== 'number' || !Number.isFinite(authTime)) {
      throw new IdentityError('token claim "auth_time" must be a number of seconds');
    }
    if (authTime > Date.now() / 1000 + clockTolerance) throw new IdentityError('token claim "auth_time" is in the future');
    caller.authTime = authTime;
  }
  return caller;
}
