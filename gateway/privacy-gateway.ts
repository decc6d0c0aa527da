import { buildASTSchema, parse } from 'graphql';
import { readCheckedPrivacyIndex } from '../directives/annotations.js';
import { loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { loadGazetteer } from '../directives/transforms/generalize.js';
import { ReloadablePolicy } from './policy-reload.js';
import { reloadingSupergraph } from './supergraph-reload.js';
import { createAudienceKeys } from './audience-keys.js';
import { createPlainGateway } from './create-gateway.js';
import { createCallerVerifier, type IdentityOptions } from './identity.js';
import { createFactsByKindLoader, createFactsLoader, subgraphsOfSupergraph } from './subject-facts.js';
import { useCaller, verifiedCaller } from './use-caller.js';
import { useRateLimit, type RateLimitOptions } from './use-rate-limit.js';
import { createGatewayLogger } from './gateway-logger.js';
import { readDocumentManifest, type DocumentManifest } from './document-manifest.js';
import { trustedDocuments, trustedDocumentsModeFromEnv, type TrustedDocumentsMode } from './trusted-documents.js';
import { usePrivacy, type UsePrivacyOptions } from './use-privacy.js';
import { usePrivacyGuard } from './use-privacy-guard.js';
import type { MikroORM } from '@mikro-orm/core';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { AuditLog } from './audit/audit-log.js';
import { auditSink } from './audit/audit-sink.js';
import { RightsService } from './rights/rights-service.js';
import { useRightsRoutes } from './rights/use-rights-routes.js';
import { useAuditEntriesRoute } from './audit/use-audit-entries-route.js';
import { usePrivacyExplorer } from './explorer/use-privacy-explorer.js';
import { usePublicCache, type PublicCacheOptions } from './use-public-cache.js';
import { FactsCache, MAX_FACTS_CACHE_MS } from './facts-cache.js';
import { followFactsChanges, useForgetFactsOnMutation } from './facts-freshness.js';
import { rowInputsExtension } from './row-inputs.js';
import { useClientSchema } from './use-client-schema.js';
import { subgraphProbe, useReadiness } from './use-readiness.js';
import { loadSigningSecret } from '../schema/signing-secret.js';
import type { PlainGatewayOptions } from './create-gateway.js';
import { PrivacyMetrics, secondsSince } from './privacy-metrics.js';
import { inSpan, SPAN } from './privacy-spans.js';
import type { MetricsAccess } from './use-metrics.js';

export interface PrivacyGatewayOptions {
  /** Supergraph SDL (not a path: the facts providers are read from it). */
  supergraph: string;
  /** How tokens are verified (issuer, audience, key or JWKS URL). */
  identity: IdentityOptions;
  /** The policy; default: directives/policy.json, validated. */
  policy?: PolicyConfig;
  /** Watch this policy file (and SIGHUP): valid changes apply without restart (gateway/policy-reload.ts). Default: none. */
  policyFile?: string;
  /**
   * Re-read the supergraph from this file or URL every `supergraphPollMs` (gateway/supergraph-reload.ts).
   * A new one serves only if its annotations pass the current policy and its facts owners and row
   * inputs are unchanged (those are wired at start). Default: the supergraph is fixed.
   */
  supergraphSource?: string;
  supergraphPollMs?: number;
  /** Subgraphs that answer the privacy `facts` contract. Default: accounts, support, privacy. */
  factsProviders?: string[];
  /** Audit sink for decisions on sensitive fields (P-80). Default: the access audit in `orm`'s database. */
  onAudit?: UsePrivacyOptions['onAudit'];
  /**
   * The gateway's database (the shared one): the hash-chained access audit (P-80). With it the
   * gateway audits every request and serves the rights routes `/privacy/my-data` (P-60),
   * `/privacy/cancel-account` (P-62) and `/privacy/requests/<id>/retry`; the data-subject requests
   * (P-64) they record are the privacy subgraph's, reached over its contract. Default: none (no
   * audit, no rights routes).
   */
  orm?: MikroORM;
  /** The access audit to append to; default `new AuditLog(orm)` (one per gateway process). */
  auditLog?: AuditLog;
  /** Retry open cancellations every this many ms (P-62). Default: off. */
  cancellationRetryMs?: number;
  /** Run the retention job (P-66) at start and every this many ms. Default: off here; the scripts pass `RETENTION_INTERVAL_MS` (an hour by default). */
  retentionIntervalMs?: number;
  graphiql?: PlainGatewayOptions['graphiql'];
  /**
   * The privacy explorer at `/privacy/explorer` (gateway/explorer/): the privacy officer's token
   * opens it; `openOnLoopback` also opens it without a token at a loopback address, for a
   * development gateway (`explorerForServing`, gateway/graphiql-personas.ts). false: not served.
   * Default: served to the privacy officer only.
   */
  explorer?: { openOnLoopback?: boolean } | false;
  /**
   * Opt-in defence in depth: graphql-shield guards every annotated field, so that a misassembled
   * gateway blocks personal fields instead of leaking them (gateway/use-privacy-guard.ts). Costs
   * CPU per annotated value (measured: +58% on a 1,000-row export). Default: off.
   */
  privacyGuard?: boolean;
  /** Opt-in: share responses between requests of the same privacy context (gateway/use-public-cache.ts). Default: off. */
  publicCache?: PublicCacheOptions | boolean;
  /**
   * How long facts about a subject (consents, age, assigned agents) may serve later requests,
   * while their owner's change stream is open (gateway/facts-cache.ts). At most 1000 ms (P-11);
   * 0 asks the owners on every request. Default: 1000.
   */
  factsCacheMs?: number;
  /** Signs every call to the subgraphs (GraphQL and privacy contract). Default: SUBGRAPH_SIGNING_SECRET, or the one under DATA_DIR. */
  signingSecret?: string;
  /** How long one subgraph request may take, in ms. Default 10 000. */
  upstreamTimeoutMs?: number;
  /** Request limits and allowed browser origins (gateway/request-limits.ts, gateway/cors-options.ts). */
  limits?: PlainGatewayOptions['limits'];
  corsOrigins?: PlainGatewayOptions['corsOrigins'];
  /** Requests per window per caller, and where replicas share the counts (gateway/use-rate-limit.ts). Default: the environment's (GATEWAY_RATE_*, REDIS_URL). */
  rateLimit?: Omit<RateLimitOptions, 'verify' | 'secret' | 'warn'>;
  logging?: PlainGatewayOptions['logging'];
  /**
   * Registered documents for partner roles (gateway/trusted-documents.ts). Default: the committed
   * documents/manifest.json, enforced as TRUSTED_DOCUMENTS says (else in production only).
   */
  trustedDocuments?: { mode?: TrustedDocumentsMode; manifest?: DocumentManifest };
  /** The privacy layer's metrics, served with the runtime's at `/metrics`; false: no `/metrics`. Default: a fresh registry. */
  metrics?: PrivacyMetrics | false;
  /** Who may read `/metrics` (gateway/use-metrics.ts). Default: METRICS_TOKEN, else loopback outside production. */
  metricsAccess?: MetricsAccess;
  /** The runtime's tracing plugin: spans for the request, its subgraph calls and the privacy layer (gateway/tracing.ts). Default: none. */
  tracing?: PlainGatewayOptions['tracing'];
}

/** The gateway with the privacy layer: identity and purpose, plan, execution, privacy pass, audit. */
export function createPrivacyGateway(options: PrivacyGatewayOptions) {
  const policy = options.policy ?? loadPolicyConfig(options.policyFile);
  // Fail closed before serving: an annotation naming a category, purpose or consent no rule knows
  // throws AnnotationError (one line, naming field, key and the nearest valid key), P-82.
  const supergraphSchema = buildASTSchema(parse(options.supergraph), { assumeValidSDL: true });
  readCheckedPrivacyIndex(supergraphSchema, policy);
  // Read once now, not inside the first request that generalizes an address (about a second).
  loadGazetteer();
  let servedSchema = supergraphSchema;
  let servedSdl = options.supergraph;
  const reloadable = options.policyFile
    ? // Against the supergraph served now, which a supergraph reload may have replaced since start.
      new ReloadablePolicy({ path: options.policyFile, initial: policy, check: (next) => void readCheckedPrivacyIndex(servedSchema, next) }).watch()
    : undefined;
  const currentPolicy = reloadable ? () => reloadable.current : policy;
  const wanted = new Set(options.factsProviders ?? ['accounts', 'support', 'privacy']);
  const allSubgraphs = subgraphsOfSupergraph(options.supergraph);
  const providers = allSubgraphs.filter((p) => wanted.has(p.name));
  const signingSecret = options.signingSecret ?? loadSigningSecret();
  const metrics = options.metrics === false ? undefined : (options.metrics ?? new PrivacyMetrics());
  const loadFacts = createFactsLoader({ providers, signingSecret });
  const verifyToken = createCallerVerifier({ ...options.identity, policy: currentPolicy });
  const verify: typeof verifyToken = (authorization) => inSpan(SPAN.identity, undefined, () => verifyToken(authorization));
  const auditLog = options.auditLog ?? (options.orm ? new AuditLog(options.orm, { onCommit: metrics && ((c) => metrics.auditCommit(c.requests, c.ok)) }) : undefined);
  const store = auditLog ? measuredAudit(auditSink(auditLog), metrics) : undefined;
  const onAudit: UsePrivacyOptions['onAudit'] =
    options.onAudit && store ? async (entries, request) => { await store(entries, request); await options.onAudit!(entries, request); } : (options.onAudit ?? store);
  const rights = options.orm ? new RightsService({ orm: options.orm, subgraphs: allSubgraphs, loadFacts, signingSecret, auditLog }) : undefined;
  const factsCacheMs = options.factsCacheMs ?? MAX_FACTS_CACHE_MS;
  const factsCache = factsCacheMs > 0 ? new FactsCache({ ttlMs: factsCacheMs }) : undefined;
  const stopFollowing = factsCache ? followFactsChanges(factsCache, providers, { signingSecret }) : undefined;
  const loadFactsByKind = createFactsByKindLoader({ providers, signingSecret, onLookup: metrics && ((owner, seconds, result) => metrics.factsLookup(owner, seconds, result)) });
  // One field per row carries its policy inputs (gateway/row-inputs.ts).
  const rowInputs = rowInputsExtension(options.supergraph);
  const logging = options.logging ?? createGatewayLogger();
  const policyNow = () => reloadable?.current ?? policy;
  const factsOwners = JSON.stringify(providers);
  const supergraph = options.supergraphSource
    ? reloadingSupergraph({
        source: options.supergraphSource,
        initial: options.supergraph,
        accept: (sdl) => {
          const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
          readCheckedPrivacyIndex(schema, policyNow());
          if (JSON.stringify(subgraphsOfSupergraph(sdl).filter((p) => wanted.has(p.name))) !== factsOwners) throw new Error('the facts owners changed: that takes a restart');
          if (rowInputsExtension(sdl)?.typeDefs !== rowInputs?.typeDefs) throw new Error('the annotated types\' row inputs changed: that takes a restart');
          servedSchema = schema;
          servedSdl = sdl;
        },
      })
    : options.supergraph;
  return createPlainGateway({
    supergraph,
    pollingInterval: options.supergraphSource ? (options.supergraphPollMs ?? 10_000) : undefined,
    graphiql: options.graphiql,
    limits: options.limits,
    // Not ready while a facts owner or the privacy store is down: decisions would block (P-82), audits fail (P-80).
    readiness: useReadiness({
      checks: [
        ...providers.map((p) => ({ name: `facts:${p.name}`, probe: subgraphProbe(p.url) })),
        // The audit's own probe: the head row read and, on SQLite, the write lock taken (`select 1` touched neither).
        ...(options.orm ? [{ name: 'privacy-store', probe: auditLog ? () => auditLog.probe() : () => options.orm!.em.getConnection().execute('select 1') }] : []),
      ],
    }),
    corsOrigins: options.corsOrigins,
    logging,
    persistedDocuments: trustedDocuments({
      manifest: options.trustedDocuments?.manifest ?? readDocumentManifest(),
      mode: options.trustedDocuments?.mode ?? trustedDocumentsModeFromEnv(),
      callerOf: verifiedCaller,
      policy: currentPolicy,
    }),
    additionalTypeDefs: rowInputs?.typeDefs,
    additionalResolvers: rowInputs?.resolvers,
    plugins: [
      // The access audit is the gateway's table; the privacy subgraph reads it over this signed route (P-80, P-81).
      ...(options.orm ? [useAuditEntriesRoute({ orm: options.orm, signingSecret, warn: (m) => logging.warn(m) })] : []),
      // Before the explorer and the caller check: a refused token or purpose counts against the budget too.
      // Unspanned: the caller check's verification (a cache hit for a valid token) is the request's identity span.
      useRateLimit({ ...options.rateLimit, verify: verifyToken, policy: currentPolicy, secret: signingSecret, warn: (m) => logging.warn(m) }),
      ...(options.explorer !== false
        ? [usePrivacyExplorer({ verify, current: () => ({ policy: policyNow(), supergraph: servedSdl }), openOnLoopback: options.explorer?.openOnLoopback })]
        : []),
      useClientSchema({ policy: currentPolicy }),
      useCaller({ verify, policy: currentPolicy }),
      ...(reloadable ? [{ onDispose: () => reloadable.close() } as GatewayPlugin] : []),
      ...(rights
        ? [useRightsRoutes({
            rights,
            verify,
            policy: currentPolicy,
            retryIntervalMs: options.cancellationRetryMs,
            retention: options.retentionIntervalMs
              ? {
                  intervalMs: options.retentionIntervalMs,
                  retentionDays: policy.retentionDays,
                  // A subgraph that could not run it is retried within a minute; say so, naming no data.
                  onRun: (run) => {
                    const failed = Object.keys(run.failed);
                    if (failed.length) logging.warn(`retention (P-66): ${run.total} rows anonymized; not run on ${failed.join(', ')}, retried within a minute`);
                    else logging.info(`retention (P-66): ${run.total} rows anonymized`);
                  },
                  onError: () => logging.warn('retention (P-66): the run failed; retried within a minute'),
                }
              : undefined,
          })]
        : []),
      // After the caller is known, before the privacy pass: a shared response has been through it once.
      // It records a stored response's audited reads again for each request it serves, and keeps those a person's facts decided on the facts cache's terms.
      ...(options.publicCache ? [usePublicCache({ audit: onAudit, facts: factsCache, ...(options.publicCache === true ? {} : options.publicCache) })] : []),
      ...(options.privacyGuard ? [usePrivacyGuard()] : []),
      ...(factsCache ? [useForgetFactsOnMutation(factsCache), { onDispose: stopFollowing } as GatewayPlugin] : []),
      usePrivacy({
        policy: currentPolicy,
        loadFacts: factsCache ? factsCache.loader(loadFactsByKind) : loadFactsByKind,
        knownFacts: factsCache ? (kind, subjectId) => factsCache.peek(kind, subjectId) : undefined,
        auditKnownPerson: factsCache ? (subjectId) => factsCache.peekForAudit('person', subjectId) : undefined,
        audienceKeys: createAudienceKeys(policy.audiences),
        onAudit,
        metrics,
      }),
    ],
    // Subgraphs learn who is asking from the gateway only, inside the signed request (schema/caller-envelope.ts).
    subgraphCaller: (context) => ({
      sub: context?.caller?.sub ?? null,
      role: context?.caller?.role ?? null,
      // P-64: rights operations in the subgraphs need a recent identity confirmation.
      authTime: context?.caller?.authTime ?? null,
      // P-81: the audit is served to the privacy officer under legal obligation, with a case, only.
      purpose: context?.purpose ?? null,
      caseRef: context?.caller?.caseRef ?? null,
    }),
    signingSecret,
    upstreamTimeoutMs: options.upstreamTimeoutMs,
    metrics: metrics ? { registry: metrics.registry, access: options.metricsAccess } : undefined,
    tracing: options.tracing,
  });
}

/** The audit sink, timed and counted (one batch per request), in its own span. */
function measuredAudit(store: NonNullable<UsePrivacyOptions['onAudit']>, metrics: PrivacyMetrics | undefined): NonNullable<UsePrivacyOptions['onAudit']> {
  return (entries, request) =>
    inSpan(SPAN.audit, { 'privacy.audit.entries': entries.length }, async () => {
      const start = performance.now();
      try {
        await store(entries, request);
        metrics?.auditAppend(secondsSince(start), entries.length, true);
      } catch (error) {
        metrics?.auditAppend(secondsSince(start), entries.length, false);
        throw error;
      }
    });
}
