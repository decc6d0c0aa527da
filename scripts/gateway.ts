/**
 * npm run gateway -- --supergraph <file|url> [--port N] [--host H] [--plain]
 * The gateway alone over any supergraph file or URL (default schema/supergraph.graphql). `--plain` serves
 * the same runtime without the privacy layer (the benchmark's baseline).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { identityOptionsFromEnv } from '../gateway/identity-from-env.js';
import { AnnotationError } from '../directives/annotation-check.js';
import { DEFAULT_POLICY_PATH } from '../directives/policy-config.js';
import { createPrivacyGateway } from '../gateway/privacy-gateway.js';
import { cancellationRetryFromEnv, retentionIntervalFromEnv } from '../gateway/rights/use-rights-routes.js';
import { createPlainGateway } from '../gateway/create-gateway.js';
import { explorerForServing, graphiqlForServing } from '../gateway/graphiql-personas.js';
import { corsOriginsFromEnv } from '../gateway/cors-options.js';
import { serveGateway } from '../gateway/serve.js';
import { tracingFromEnv } from '../gateway/tracing-from-env.js';
import { openAuditOrm } from './marketplace-database.js';
import { exitUnlessMigrated } from './exit-unless-migrated.js';
import { missingProductionSecrets } from '../schema/signing-secret.js';
import { publicCacheFromEnv } from '../gateway/use-public-cache.js';

const { values } = parseArgs({
  options: { supergraph: { type: 'string', default: 'schema/supergraph.graphql' }, port: { type: 'string' }, host: { type: 'string' }, plain: { type: 'boolean', default: false } },
});
// Production never falls back to secrets generated on disk.
const missingSecrets = missingProductionSecrets(process.env, values.plain ? ['SUBGRAPH_SIGNING_SECRET'] : ['SUBGRAPH_SIGNING_SECRET', 'PSEUDONYM_SECRET', 'AUDIT_CHAIN_KEY']);
if (missingSecrets) {
  console.error(missingSecrets);
  process.exit(1);
}
const fromUrl = /^https?:\/\//.test(values.supergraph!);
let supergraph: string;
try {
  const response = fromUrl ? await fetch(values.supergraph!, { signal: AbortSignal.timeout(10_000) }) : undefined;
  if (response && !response.ok) throw new Error(`HTTP ${response.status}`);
  supergraph = response ? await response.text() : readFileSync(values.supergraph!, 'utf8');
} catch (error) {
  console.error(`cannot read supergraph ${values.supergraph}: ${(error as Error).message}\n(run npm run compose to write schema/supergraph.graphql)`);
  process.exit(2);
}
// The privacy store (access audit, data-subject requests) lives in the shared database, which
// `npm run migrate` brings up to date; the gateway never migrates nor seeds it.
const orm = values.plain ? undefined : await openAuditOrm();
if (orm) await exitUnlessMigrated(orm);
const identity = values.plain ? undefined : await identityOptionsFromEnv(process.env, () => loadDevKeys());
const port = Number(values.port ?? process.env.GATEWAY_PORT ?? 4000);
const host = values.host ?? process.env.GATEWAY_HOST ?? '127.0.0.1';
const graphiql = values.plain ? false : (await graphiqlForServing({ host, corsOrigins: corsOriginsFromEnv() }, () => loadDevKeys())).graphiql;
const { explorer } = explorerForServing({ host, corsOrigins: corsOriginsFromEnv() });
// SUPERGRAPH_POLL_MS: re-read --supergraph (file or URL) that often while serving (gateway/supergraph-reload.ts).
const supergraphPollMs = process.env.SUPERGRAPH_POLL_MS ? Number(process.env.SUPERGRAPH_POLL_MS) : undefined;
const upstreamTimeoutMs = process.env.UPSTREAM_TIMEOUT_MS ? Number(process.env.UPSTREAM_TIMEOUT_MS) : undefined;
const tracing = await tracingFromEnv();
let gateway;
try {
  gateway = values.plain
    ? createPlainGateway({ supergraph, upstreamTimeoutMs })
    : createPrivacyGateway({ supergraph, orm, identity: identity!, graphiql, explorer, cancellationRetryMs: cancellationRetryFromEnv(process.env), retentionIntervalMs: retentionIntervalFromEnv(process.env), policyFile: process.env.POLICY_FILE ?? DEFAULT_POLICY_PATH, supergraphSource: supergraphPollMs ? values.supergraph : undefined, supergraphPollMs, factsCacheMs: process.env.FACTS_CACHE_MS ? Number(process.env.FACTS_CACHE_MS) : undefined, upstreamTimeoutMs, tracing, publicCache: publicCacheFromEnv(process.env) });
} catch (error) {
  // A refused annotation is the operator's to fix: its one line, no stack.
  if (!(error instanceof AnnotationError)) throw error;
  console.error(error.message);
  await orm?.close();
  process.exit(1);
}
await serveGateway(gateway as any, { port, host, onClose: async () => orm?.close() });
console.log(`${values.plain ? 'plain' : 'privacy'} gateway over ${values.supergraph} at http://${host}:${port}/graphql`);
