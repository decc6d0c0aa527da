import { echoInput } from '../echoed-input.js';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { CallerVerifier } from '../identity.js';
import { IdentityError } from '../identity.js';
import { ErrorCode, errorResponse } from '../error-codes.js';
import { RightsError, type RightsService } from './rights-service.js';
import { millisecondsFromEnv } from '../env-values.js';
import { purposeRefusal } from '../use-caller.js';
import { policyNow, type PolicyRef } from '../policy-ref.js';

export interface UseRightsRoutesOptions {
  rights: RightsService;
  verify: CallerVerifier;
  /** The policy: a purpose declared in `x-purpose` must be one the caller's role may declare, as on `/graphql`. */
  policy: PolicyRef;
  /** Retry open cancellations every this many ms (P-62). Default: off (0). */
  retryIntervalMs?: number;
  /** Run the retention job at start and every this many ms (P-66), with these periods. Default: off. */
  retention?: {
    intervalMs: number;
    retentionDays: Record<string, number>;
    onRun?: (run: Awaited<ReturnType<RightsService['runRetention']>>) => void;
    /** A run that failed whole (the rights service threw): retried within a minute. */
    onError?: (error: unknown) => void;
  };
}

/** The rights endpoints, beside `/graphql` on the gateway. */
export const RIGHTS_ROUTES = {
  /** GET: the verified member's data as one JSON file (P-60); a guardian adds `?memberId=<ward>`. */
  myData: '/privacy/my-data',
  /** POST: cancel the account (P-62); a guardian adds `?memberId=<ward>`. */
  cancel: '/privacy/cancel-account',
  /** POST /privacy/requests/<id>/retry: retry a pending cancellation (member or privacy officer). */
  retry: /^\/privacy\/requests\/([^/]+)\/retry$/,
} as const;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body, null, 2), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers } });

/**
 * Serves the members' rights that span every subgraph as plain HTTP routes of the gateway
 * rather than GraphQL fields: a download is one machine-readable file (P-60), not a selection of
 * fields, and cancellation (P-62) is an orchestration across subgraphs with its own status, which
 * no single subgraph can own. Both need a verified token with a recent `auth_time` (P-64).
 * Optionally retries pending cancellations and runs the retention job on an interval (P-66).
 */
export function useRightsRoutes(options: UseRightsRoutesOptions): GatewayPlugin {
  const timers: NodeJS.Timeout[] = [];
  let stopRetention = () => {};
  if (options.retryIntervalMs && options.retryIntervalMs > 0) {
    timers.push(setInterval(() => void options.rights.retryPending().catch(() => undefined), options.retryIntervalMs));
  }
  if (options.retention && options.retention.intervalMs > 0) {
    const { retentionDays, onRun, onError } = options.retention;
    const interval = Math.min(options.retention.intervalMs, MAX_TIMER_MS);
    // A run that left a subgraph out (not up yet, down) is tried again within a minute, not an interval.
    const retry = Math.min(interval, RETENTION_RETRY_MS);
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    const schedule = (ms: number) => {
      if (stopped) return;
      timer = setTimeout(run, ms);
      timer.unref();
    };
    // Each run is scheduled when the last one ended, so two never overlap.
    const run = async () => {
      let next = interval;
      try {
        const done = await options.rights.runRetention(retentionDays);
        onRun?.(done);
        if (Object.keys(done.failed).length) next = retry;
      } catch (error) {
        onError?.(error);
        next = retry;
      }
      schedule(next);
    };
    // Once at start too: a gateway restarted more often than the interval would otherwise never run it.
    schedule(0);
    stopRetention = () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }
  for (const t of timers) t.unref();

  return {
    async onRequest({ request, url, endResponse }) {
      const path = url.pathname;
      const retry = RIGHTS_ROUTES.retry.exec(path);
      if (path !== RIGHTS_ROUTES.myData && path !== RIGHTS_ROUTES.cancel && !retry) return;
      // Ids are letters, digits, '-' and '_' (member ids, request UUIDs): anything else is refused
      // before any check or lookup, never passed on to a store that would fail on it.
      const requestId = retry ? idFrom(retry[1]!) : null;
      const memberId = url.searchParams.get('memberId');
      // Only `memberId`, and only once: a guardian's typo (`?memberID=`, `?ward=`) read as no ward
      // cancelled the guardian's own account.
      const allowed = retry ? [] : ['memberId'];
      const keys = [...url.searchParams.keys()];
      const unknown = keys.find((key) => !allowed.includes(key)) ?? keys.find((key, i) => keys.indexOf(key) !== i);
      if (unknown !== undefined) {
        return endResponse(errorResponse(400, 'BAD_REQUEST', `this route takes ${retry ? 'no query parameter' : 'only ?memberId=<ward>, once'}: nothing was done (${echoInput(unknown)})`));
      }
      if ((retry && requestId === null) || (memberId !== null && !ID.test(memberId))) {
        return endResponse(errorResponse(400, 'BAD_REQUEST', retry && requestId === null ? 'not a data-subject request id' : 'memberId is not a member id'));
      }
      try {
        const caller = await options.verify(request.headers.get('authorization'));
        // A member's own rights need no purpose; one declared must still be the role's (P-83), refused before anything runs.
        const declared = request.headers.get('x-purpose');
        const refusal = declared === null ? null : purposeRefusal(policyNow(options.policy), caller, declared);
        if (refusal) return endResponse(errorResponse(403, ErrorCode.PURPOSE_NOT_ALLOWED, refusal, { purpose: echoInput(declared!), role: caller.role }));
        if (path === RIGHTS_ROUTES.myData) {
          if (request.method !== 'GET') return endResponse(json(405, { error: 'use GET' }, { allow: 'GET' }));
          const doc = await options.rights.download(caller, memberId, declared);
          return endResponse(json(200, doc, { 'content-disposition': `attachment; filename="my-data-${doc.subject}.json"` }));
        }
        if (request.method !== 'POST') return endResponse(json(405, { error: 'use POST' }, { allow: 'POST' }));
        // These routes read nothing from a body: a guardian who sent `{"memberId": ...}` there
        // cancelled their own account. A body is refused before anything is done, saying where the ward goes.
        const length = request.headers.get('content-length');
        if ((length !== null && length !== '0') || (length === null && request.headers.has('transfer-encoding'))) {
          return endResponse(errorResponse(400, 'BAD_REQUEST', 'this route takes no request body: nothing was done; a guardian names the ward in the query string, ?memberId=<ward>'));
        }
        const outcome = path === RIGHTS_ROUTES.cancel ? await options.rights.cancel(caller, memberId) : await options.rights.retry(caller, requestId!);
        const r = outcome.request;
        return endResponse(
          json(outcome.completed ? 200 : 202, {
            request: { id: r.id, kind: r.kind, status: r.status, createdAt: r.createdAt, dueAt: r.dueAt, completedAt: r.completedAt, attempts: r.attempts, failedSubgraphs: Object.keys(r.progress?.failed ?? {}) },
          }),
        );
      } catch (error) {
        if (error instanceof IdentityError) return endResponse(errorResponse(401, ErrorCode.UNAUTHENTICATED, error.message));
        if (error instanceof RightsError) return endResponse(errorResponse(error.status, error.code, error.message));
        return endResponse(errorResponse(500, 'INTERNAL', 'the rights request failed; nothing was changed silently, its status is recorded'));
      }
    },
    onDispose() {
      for (const t of timers) clearInterval(t);
      stopRetention();
    },
  } as GatewayPlugin;
}

/**
 * How often a gateway started from the scripts retries the cancellations a subgraph failed (P-62):
 * `CANCELLATION_RETRY_MS`, a minute by default, so that a failed erasure's data does not stay
 * until someone retries by hand; `0` turns the sweep off. Anything else that is not a whole
 * number of milliseconds is refused at start.
 */
export function cancellationRetryFromEnv(env: Record<string, string | undefined>): number {
  return millisecondsFromEnv(env, 'CANCELLATION_RETRY_MS', 60_000);
}

/**
 * How often a gateway started from the scripts runs the retention job (P-66: "anonymized by a
 * scheduled job"): `RETENTION_INTERVAL_MS`, an hour by default, and once at start; `0` turns it
 * off (for a deployment that schedules `npm run retention` itself). Anything else that is not a
 * whole number of milliseconds is refused at start.
 */
export function retentionIntervalFromEnv(env: Record<string, string | undefined>): number {
  const ms = millisecondsFromEnv(env, 'RETENTION_INTERVAL_MS', 3_600_000);
  if (ms > MAX_TIMER_MS) throw new Error(`RETENTION_INTERVAL_MS may be at most ${MAX_TIMER_MS} (about 24 days, a timer's limit); for longer, set 0 and schedule npm run retention`);
  return ms;
}

/** The longest delay a Node timer holds (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** How soon a retention run that left a subgraph out is tried again. */
const RETENTION_RETRY_MS = 60_000;

/** What a member or request id may be made of. */
const ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The id in a route's path segment, or null when it is not one (bad percent-encoding included). */
function idFrom(segment: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return ID.test(id) ? id : null;
}
