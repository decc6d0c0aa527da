import { createHmac } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { VISITOR, bindingKey, type Caller } from '../directives/caller.js';
import { loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { policyNow, type PolicyRef } from './policy-ref.js';
import type { CallerVerifier } from './identity.js';
import { errorResponse } from './error-codes.js';
import { callerClass, resolveRateLimits, trustedProxiesFromEnv, WAITING_PER_SLOT, type CallerClass, type RateLimits } from './rate-limits.js';
import { CallerSlots } from './caller-slots.js';

export interface RateLimitOptions {
  /**
   * Verifies a request's token, on the GraphQL endpoint and the gateway's own routes (`/privacy/*`:
   * a download, a cancellation, the explorer). The limiter runs before the caller check
   * (gateway/use-caller.ts) and the explorer, so that a refused token or purpose counts too; a
   * valid token is verified once, its caller remembered by the verifier.
   */
  verify: CallerVerifier;
  /** Keys are HMACs under a key derived from this secret, shared by the replicas: no caller id or address is stored or logged. */
  secret: string;
  limits?: Partial<RateLimits>;
  /** Where replicas share their counts. Default: REDIS_URL; unset, each instance counts in memory. */
  redisUrl?: string;
  /** Prefix of every Redis key. Default `rate:`. */
  keyPrefix?: string;
  /**
   * Proxies in front of the gateway that append the client's address to `x-forwarded-for`.
   * 0 (default): the socket's address; n: the n-th address from the right of the header.
   */
  trustedProxies?: number;
  /** Warnings (the store is unreachable), value-free. */
  warn?: (message: string) => void;
  graphqlEndpoint?: string;
  /**
   * The policy whose `roles` say each role's caller class and binding (a function answering the current one).
   * @default the policy file (POLICY_FILE, else directives/policy.json), read once
   */
  policy?: PolicyRef;
}

/** The gateway's own HTTP routes that count against the caller's budget, beside the GraphQL endpoint. */
const ROUTES = /^\/privacy\//;

/** HTTP 429: the caller's budget for the window is spent. */
export const RATE_LIMITED = 'RATE_LIMITED';

/** How many callers' keys the memo holds before it starts over. */
const KEY_MEMO_SIZE = 10_000;

/** A slot whose response never came (a handler that threw past the server) is freed after this long. */
const SLOT_HOLD_MAX_MS = 120_000;

/**
 * Counts requests per caller in fixed windows and answers 429 with `retry-after` once a caller's
 * budget is spent, before the document is parsed. Each caller's requests also run a few at once
 * (gateway/caller-slots.ts), the rest waiting their turn: within its budget one caller's burst of
 * costly documents would otherwise take every core from everyone else. rate-limiter-flexible does the counting
 * (memory, or Redis with an atomic INCR+EXPIRE script); the runtime's own `rateLimiting` and
 * @envelop/rate-limiter limit fields, raise GraphQL errors during execution and key on the raw
 * authorization header, so they fit neither a 429 per request nor keys without personal values.
 *
 * When Redis is unreachable each instance goes on counting in memory (rate-limiter-flexible's
 * insurance limiter) and a warning is logged once per outage: refusing everything would turn a
 * cache outage into a gateway outage, and letting everything through would lift the limits
 * exactly when something is already wrong; counting per instance keeps a bound (the replica
 * count times the limit) until Redis is back.
 */
export function useRateLimit(options: RateLimitOptions): GatewayPlugin {
  const limits = resolveRateLimits(options.limits);
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const keySecret = createHmac('sha256', options.secret).update('rate-limit-keys').digest();
  // A caller's key never changes, and an HMAC per request cost more than counting it. A Map emptied
  // when full rather than an LRU: a memo that forgets everyone at once only costs one HMAC each.
  const keys = new Map<string, string>();
  const keyOf = (identity: string): string => {
    let key = keys.get(identity);
    if (key === undefined) {
      if (keys.size >= KEY_MEMO_SIZE) keys.clear();
      key = createHmac('sha256', keySecret).update(identity).digest('base64url').slice(0, 32);
      keys.set(identity, key);
    }
    return key;
  };
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const trustedProxies = options.trustedProxies ?? trustedProxiesFromEnv();
  const policy = options.policy ?? loadPolicyConfig();
  let redis: Redis | undefined;
  if (redisUrl) {
    // No offline queue: while Redis is down a count fails at once and the instance counts in memory.
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    let down = false;
    redis.on('error', () => {
      if (down) return;
      down = true;
      warn('rate limits: the shared store (REDIS_URL) is unreachable; each instance counts on its own until it is back');
    });
    redis.on('ready', () => {
      if (down) warn('rate limits: the shared store (REDIS_URL) is back');
      down = false;
    });
  }
  // The first requests wait for the connection (at most a second), so a fresh replica counts in Redis from its first request.
  let connecting: Promise<void> | undefined = redis
    ? new Promise<void>((resolve) => {
        redis!.once('ready', () => resolve());
        redis!.once('error', () => resolve());
        setTimeout(resolve, 1000).unref();
      })
    : undefined;
  const limiters = new Map<CallerClass, RateLimiterAbstract>();
  for (const kind of ['visitor', 'member', 'partner'] as const) {
    const points = limits[kind];
    const duration = limits.windowSeconds;
    const keyPrefix = `${options.keyPrefix ?? 'rate:'}${kind}`;
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    limiters.set(kind, redis ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory);
  }
  const slots = new Map<CallerClass, CallerSlots>();
  for (const kind of ['visitor', 'member', 'partner'] as const) slots.set(kind, new CallerSlots(limits[`${kind}AtOnce`], limits[`${kind}AtOnce`] * WAITING_PER_SLOT));
  // Keyed by the server context, which stays the same object while plugins may replace the request.
  const held = new WeakMap<object, () => void>();
  const awaiting = new WeakMap<object, () => Promise<Response | null>>();
  /** Waits for a slot of the caller's and holds it until the response (or SLOT_HOLD_MAX_MS); the 429 when the line is full. */
  const takeSlot = async (kind: CallerClass, key: string, context: object): Promise<Response | null> => {
    const slot = slots.get(kind)!.acquire(key);
    if (!slot) {
      const atOnce = limits[`${kind}AtOnce`];
      const response = errorResponse(
        429,
        RATE_LIMITED,
        `too many requests at once: a ${kind} may have ${atOnce} running and ${atOnce * WAITING_PER_SLOT} waiting; retry after 1 s`,
        { limit: `${kind}AtOnce`, max: atOnce, retryAfter: 1 },
      );
      response.headers.set('retry-after', '1');
      return response;
    }
    const release = await slot;
    const timer = setTimeout(release, SLOT_HOLD_MAX_MS);
    timer.unref();
    held.set(context, () => {
      clearTimeout(timer);
      release();
    });
    return null;
  };

  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== endpoint && !ROUTES.test(url.pathname)) return;
      // A bad token still counts, as a visitor by address: refusing it must not be free either.
      const caller: Caller = await options.verify(request.headers.get('authorization')).catch(() => VISITOR);
      if (connecting) {
        await connecting;
        connecting = undefined;
      }
      const roles = policyNow(policy).roles;
      const kind = callerClass(caller.role, roles);
      const identity = kind === 'visitor' ? `address:${clientAddress(request, serverContext, trustedProxies)}` : callerIdentity(caller, kind, roles);
      const key = keyOf(identity);
      try {
        await limiters.get(kind)!.consume(key);
      } catch (refused) {
        if (!(refused instanceof RateLimiterRes)) throw refused;
        const retryAfter = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
        const response = errorResponse(
          429,
          RATE_LIMITED,
          `rate limit exceeded: a ${kind} may send ${limits[kind]} requests per ${limits.windowSeconds} s; retry after ${retryAfter} s`,
          { limit: `${kind}Requests`, max: limits[kind], windowSeconds: limits.windowSeconds, retryAfter },
        );
        response.headers.set('retry-after', String(retryAfter));
        return endResponse(response);
      }
      const take = () => takeSlot(kind, key, contextKey(serverContext, request));
      // A GraphQL request takes its slot once its body is in (a slow body holds none); a route at once.
      if (url.pathname === endpoint) awaiting.set(contextKey(serverContext, request), take);
      else {
        const refused = await take();
        if (refused) return endResponse(refused);
      }
    },
    onRequestParse({ serverContext, request, requestParser, setRequestParser }) {
      const take = awaiting.get(contextKey(serverContext, request));
      if (!take || !requestParser) return;
      const parse = requestParser;
      setRequestParser(async (req) => {
        const params = await parse(req);
        return params instanceof Response ? params : ((await take()) ?? params);
      });
    },
    onResponse({ serverContext, request }) {
      held.get(contextKey(serverContext, request))?.();
    },
    async onDispose() {
      await redis?.quit().catch(() => redis?.disconnect());
    },
  } as GatewayPlugin;
}

const contextKey = (serverContext: unknown, request: Request): object => (serverContext && typeof serverContext === 'object' ? serverContext : request);

/** A partner counts as its organisation (the role's binding), anyone else signed in as their subject. */
function callerIdentity(caller: Caller, kind: CallerClass, roles: PolicyConfig['roles']): string {
  const binding = bindingKey(Object.hasOwn(roles, caller.role) ? roles[caller.role]!.binding : undefined);
  if (kind === 'partner' && binding && caller[binding]) return `${caller.role}:${binding}:${caller[binding]}`;
  return `${caller.role}:sub:${caller.sub ?? ''}`;
}

function clientAddress(request: Request, serverContext: any, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (request.headers.get('x-forwarded-for') ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    const address = hops[hops.length - trustedProxies];
    if (address) return address;
  }
  return serverContext?.req?.socket?.remoteAddress ?? 'unknown';
}
