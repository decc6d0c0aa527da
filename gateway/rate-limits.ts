import type { Role } from '../directives/caller.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import { positiveInteger } from './env-values.js';

/** The three kinds of caller a rate limit counts separately. */
export type CallerClass = 'visitor' | 'member' | 'partner';

/**
 * Requests per window for each kind of caller:
 * - `visitor`: per client address (no token);
 * - `member`: per token subject, for people signed in to the marketplace's own clients
 *   (customers, guardians, support agents, the privacy officer);
 * - `partner`: per partner organisation (its binding: store, carrier, partner, project,
 *   provider or institution; the subject where the role has none), for code other companies run.
 */
export interface RateLimits {
  windowSeconds: number;
  visitor: number;
  member: number;
  partner: number;
  /** Requests of one caller running at once (per instance); as many again times eight wait their turn, more get 429. */
  visitorAtOnce: number;
  memberAtOnce: number;
  partnerAtOnce: number;
}

/**
 * Defaults: room for a busy storefront page (a visitor address may be a whole office behind one
 * NAT), tighter for partners, whose batch clients page through lists and gain nothing from
 * faster loops. At once: a browser's six connections to one host for a person, more for an
 * address or an organisation, which are many people or jobs.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { windowSeconds: 60, visitor: 3000, member: 3000, partner: 1200, visitorAtOnce: 16, memberAtOnce: 6, partnerAtOnce: 8 };

/** Requests of one caller that may wait for a slot, per slot. */
export const WAITING_PER_SLOT = 8;

/** The environment variable of each setting (README "Configuration"). */
export const RATE_LIMIT_ENV: Record<keyof RateLimits, string> = {
  windowSeconds: 'GATEWAY_RATE_WINDOW_SECONDS',
  visitor: 'GATEWAY_RATE_VISITOR',
  member: 'GATEWAY_RATE_MEMBER',
  partner: 'GATEWAY_RATE_PARTNER',
  visitorAtOnce: 'GATEWAY_AT_ONCE_VISITOR',
  memberAtOnce: 'GATEWAY_AT_ONCE_MEMBER',
  partnerAtOnce: 'GATEWAY_AT_ONCE_PARTNER',
};

/** The class a role counts in: its `callerClass` in the policy file's `roles`, the visitor apart. */
export function callerClass(role: Role, roles: PolicyConfig['roles']): CallerClass {
  if (role === 'visitor') return 'visitor';
  // A role that names no class gets the partner budget: the tighter default, counted per organisation.
  return (Object.hasOwn(roles, role) ? roles[role]!.callerClass : undefined) ?? 'partner';
}

/**
 * The limits in force: defaults, overridden by the environment, overridden by `given`. A value
 * that is not a positive integer stops the gateway at start-up rather than running unlimited.
 */
export function resolveRateLimits(given: Partial<RateLimits> = {}, env: NodeJS.ProcessEnv = process.env): RateLimits {
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const key of Object.keys(limits) as (keyof RateLimits)[]) {
    const raw = env[RATE_LIMIT_ENV[key]];
    if (raw !== undefined && raw !== '') limits[key] = positiveInteger(raw.trim(), RATE_LIMIT_ENV[key]);
    if (given[key] !== undefined) limits[key] = positiveInteger(String(given[key]), `rateLimits.${key}`);
  }
  return limits;
}


/** `GATEWAY_TRUSTED_PROXIES`: how many proxies append to `x-forwarded-for` in front of the gateway (default 0). */
export function trustedProxiesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GATEWAY_TRUSTED_PROXIES?.trim();
  if (raw === undefined || raw === '') return 0;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new Error(`GATEWAY_TRUSTED_PROXIES must be a non-negative integer, got '${raw}'`);
  return Number(raw);
}
