/**
 * Signs development tokens (ES256) that `createCallerVerifier` accepts with the dev keys. Used by
 * `scripts/token.ts` and the tests; production tokens come from the identity provider.
 */
import { SignJWT } from 'jose';
import type { CryptoKey, JWK, KeyObject } from 'jose';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './identity.js';
import { PERSONAS, PERSONA_NAMES, isPersonaName } from './personas.js';
import type { TokenClaims } from './personas.js';

export interface SignOptions {
  /** The ES256 private key (e.g. `loadDevKeys().privateKey`). */
  privateKey: CryptoKey | KeyObject | JWK;
  /**
   * Lifetime: a jose time span (`'8h'`, `'15m'`, `'-1h'` for an already expired token) or a
   * number of seconds from now.
   * @default '8h'
   */
  expiresIn?: string | number;
  /** @default 'privacy-gateway-dev' */
  issuer?: string;
  /** @default 'privacy-gateway' */
  audience?: string;
  /** `auth_time`, seconds since the epoch. @default now */
  authTime?: number;
  /** `kid` header, so a JWKS verifier can pick the key. @default none */
  kid?: string;
}

/**
 * Signs `claims` as a JWT: header `{ alg: 'ES256', typ: 'JWT', kid? }`, with `iss`, `aud`, `iat`,
 * `exp` and `auth_time`. The claims are not validated here (tests sign incomplete ones on
 * purpose); the verifier is the judge.
 */
export async function signToken(claims: TokenClaims | Record<string, unknown>, options: SignOptions): Promise<string> {
  const { privateKey, expiresIn = '8h', issuer = DEFAULT_ISSUER, audience = DEFAULT_AUDIENCE, kid } = options;
  const now = Math.floor(Date.now() / 1000);
  const authTime = options.authTime ?? now;
  const exp = typeof expiresIn === 'number' ? now + Math.trunc(expiresIn) : expiresIn;
  return new SignJWT({ ...claims, auth_time: authTime })
    .setProtectedHeader(kid ? { alg: 'ES256', typ: 'JWT', kid } : { alg: 'ES256', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(privateKey);
}

/** The keys `tokenForPersona` needs: `loadDevKeys()` fits. */
export interface PersonaKeys {
  privateKey: SignOptions['privateKey'];
  /** When given, its `kid` goes into the token header. */
  publicJwk?: JWK;
}

/**
 * A signed dev token for a persona of `PERSONAS`, or `null` for `visitor` (who sends no token).
 * Throws for an unknown persona, listing the known ones.
 */
export async function tokenForPersona(
  name: string,
  keys: PersonaKeys,
  opts: Omit<SignOptions, 'privateKey'> = {},
): Promise<string | null> {
  if (!isPersonaName(name)) {
    throw new Error(`unknown persona "${name}"; known personas: ${PERSONA_NAMES.join(', ')}`);
  }
  const claims = PERSONAS[name]!.claims;
  if (claims === null) return null;
  return signToken(claims, { ...opts, kid: opts.kid ?? keys.publicJwk?.kid, privateKey: keys.privateKey });
}
