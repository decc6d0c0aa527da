import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** One dependency the gateway cannot serve without: its name (never an address) and a probe. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects or times out when it does not. */
  probe: () => Promise<unknown>;
}

export interface UseReadinessOptions {
  /** Default `/readiness`. */
  endpoint?: string;
  checks: ReadinessCheck[];
  /** How long one probe may take. Default 2000 ms. */
  timeoutMs?: number;
  /** How long one round of probes answers every request. Default 1000 ms. */
  reuseMs?: number;
}

/**
 * `/readiness` that says whether the gateway can answer as it should: every dependency a decision
 * or the audit needs answers (the facts owners, the privacy store's database). The runtime's own
 * check (the supergraph loads) stays at `/readiness/schema`. A gateway that would refuse personal fields for want of facts (P-82) or fail every
 * audited read (P-80) is up but not ready, so a load balancer sends its traffic elsewhere.
 * 503 names the failing dependencies, never their addresses. The route is public and unlimited,
 * so one round of probes answers every request for `reuseMs`, and requests during a round wait
 * for it: a flood costs one round a second, not a round each (which overloaded the subgraphs and
 * turned the gateway "not ready").
 */
export function useReadiness(options: UseReadinessOptions): GatewayPlugin {
  const endpoint = options.endpoint ?? '/readiness';
  const timeoutMs = options.timeoutMs ?? 2000;
  const probe = (check: ReadinessCheck) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      check.probe().then(
        () => resolve(true),
        () => resolve(false),
      ).finally(() => clearTimeout(timer));
    });
  const reuseMs = options.reuseMs ?? 1000;
  let round: { startedAt: number; failing: Promise<string[]> } | null = null;
  const failingNow = () => {
    if (!round || performance.now() - round.startedAt > reuseMs) {
      const failing = Promise.all(options.checks.map(async (check) => ((await probe(check)) ? null : check.name))).then((results) => results.filter((n): n is string => n !== null));
      round = { startedAt: performance.now(), failing };
    }
    return round.failing;
  };
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      const failing = await failingNow();
      const body = JSON.stringify(failing.length ? { ready: false, failing } : { ready: true });
      endResponse(new fetchAPI.Response(body, { status: failing.length ? 503 : 200, headers: { 'content-type': 'application/json' } }));
    },
  } as GatewayPlugin;
}

/** Probes a subgraph's health route (`/health`, served by its Yoga), which needs no signature. */
export function subgraphProbe(graphqlUrl: string): () => Promise<unknown> {
  const health = new URL('/health', graphqlUrl);
  return async () => {
    const response = await fetch(health, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`health ${response.status}`);
  };
}
