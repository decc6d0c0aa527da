import type { DevKeys } from './dev-keys.js';
import type { IdentityOptions } from './identity.js';

/**
 * Token verification settings from the environment: `IDENTITY_JWKS_URL` (production: the identity
 * provider's key set), `IDENTITY_ISSUER`, `IDENTITY_AUDIENCE`, `IDENTITY_ALGORITHMS` (comma list),
 * `IDENTITY_CLOCK_TOLERANCE` (seconds). Without a JWKS URL the locally generated development key
 * verifies tokens (the ones `npm run token` prints); that is refused when NODE_ENV=production.
 */
export function identityOptionsFromEnv(env: NodeJS.ProcessEnv, devKeys: () => Promise<DevKeys>): Promise<IdentityOptions> | IdentityOptions {
  const common = {
    ...(env.IDENTITY_ISSUER ? { issuer: env.IDENTITY_ISSUER } : {}),
    ...(env.IDENTITY_AUDIENCE ? { audience: env.IDENTITY_AUDIENCE } : {}),
    ...(env.IDENTITY_ALGORITHMS ? { algorithms: env.IDENTITY_ALGORITHMS.split(',').map((a) => a.trim()) } : {}),
    ...(env.IDENTITY_CLOCK_TOLERANCE ? { clockTolerance: Number(env.IDENTITY_CLOCK_TOLERANCE) } : {}),
  };
  if (env.IDENTITY_JWKS_URL) return { ...common, jwksUrl: env.IDENTITY_JWKS_URL } as IdentityOptions;
  if (env.NODE_ENV === 'production') throw new Error('IDENTITY_JWKS_URL is required in production (the development key is for local use only)');
  return devKeys().then((keys) => ({ ...common, publicKey: keys.publicJwk }) as IdentityOptions);
}
