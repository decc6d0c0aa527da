/**
 * npm start — the whole marketplace on one machine: migrates and (on first run) seeds the embedded
 * database, starts the eight subgraphs on 127.0.0.1:4001…4008, composes the supergraph from them,
 * and serves the privacy gateway on :4000 with GraphiQL. Configuration: see README "Configuration".
 */
import { databaseKind } from '../resolvers/orm.js';
import { openMarketplaceOrm, prepareMarketplace } from './marketplace-database.js';
import { SUBGRAPH_MODULES } from '../resolvers/modules.js';
import { startSubgraph, type RunningSubgraph } from '../resolvers/subgraph-server.js';
import { SUBGRAPH_NAMES } from '../schema/subgraphs.js';
import { composeMarketplace } from '../resolvers/compose-marketplace.js';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { identityOptionsFromEnv } from '../gateway/identity-from-env.js';
import { DEFAULT_POLICY_PATH } from '../directives/policy-config.js';
import { createPrivacyGateway } from '../gateway/privacy-gateway.js';
import { cancellationRetryFromEnv, retentionIntervalFromEnv } from '../gateway/rights/use-rights-routes.js';
import { explorerForServing, graphiqlForServing } from '../gateway/graphiql-personas.js';
import { corsOriginsFromEnv } from '../gateway/cors-options.js';
import { serveGateway } from '../gateway/serve.js';
import { tracingFromEnv } from '../gateway/tracing-from-env.js';
import { missingProductionSecrets } from '../schema/signing-secret.js';
import { publicCacheFromEnv } from '../gateway/use-public-cache.js';
import { explainStartFailure } from './start-failure.js';

// A start that fails says why in one line (scripts/start-failure.ts); a top-level await's failure arrives here.
process.on('uncaughtException', (error) => {
  console.error(process.env.DEBUG ? error : explainStartFailure(error));
  process.exit(1);
});

// Production never falls back to secrets generated on disk.
const missingSecrets = missingProductionSecrets(process.env, ['SUBGRAPH_SIGNING_SECRET', 'PSEUDONYM_SECRET', 'AUDIT_CHAIN_KEY']);
if (missingSecrets) {
  console.error(missingSecrets);
  process.exit(1);
}
const started = Date.now();
const host = process.env.SUBGRAPH_HOST ?? '127.0.0.1';
const basePort = Number(process.env.SUBGRAPH_BASE_PORT ?? 4001);
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 4000);
const gatewayHost = process.env.GATEWAY_HOST ?? '127.0.0.1';

console.log(`database: ${databaseKind() === 'postgresql' ? 'PostgreSQL (DATABASE_URL)' : `SQLite at ${process.env.DATA_DIR ?? '.data'}/marketplace.db`}`);
const orm = await openMarketplaceOrm();
const { migrated, seeded } = await prepareMarketplace(orm, { seed: true });
console.log(`  migrations applied: ${migrated.length ? migrated.join(', ') : 'none (up to date)'}; demo data: ${seeded ? 'seeded' : 'already there'}`);

const subgraphs: RunningSubgraph[] = [];
for (const module of SUBGRAPH_MODULES) {
  const port = basePort + SUBGRAPH_NAMES.indexOf(module.name as any);
  subgraphs.push(await startSubgraph(module, orm, port, host));
}
console.log(`subgraphs: ${subgraphs.map((s) => `${s.name} ${s.url}`).join('\n           ')}`);

const { supergraph, inventory } = composeMarketplace(Object.fromEntries(subgraphs.map((s) => [s.name, s.url])));
console.log(`supergraph composed: ${inventory.length} annotated fields`);

const devKeys = () => loadDevKeys();
const identity = await identityOptionsFromEnv(process.env, devKeys);
const graphiqlServed = await graphiqlForServing({ host: gatewayHost, corsOrigins: corsOriginsFromEnv() }, devKeys);
const graphiql = graphiqlServed.graphiql;
const explorerServed = explorerForServing({ host: gatewayHost, corsOrigins: corsOriginsFromEnv() });
// orm: the access audit (P-80) and the rights routes (P-60, P-62, P-64) live in the shared database.
const factsCacheMs = process.env.FACTS_CACHE_MS ? Number(process.env.FACTS_CACHE_MS) : undefined;
const upstreamTimeoutMs = process.env.UPSTREAM_TIMEOUT_MS ? Number(process.env.UPSTREAM_TIMEOUT_MS) : undefined;
const cancellationRetryMs = cancellationRetryFromEnv(process.env);
const gateway = createPrivacyGateway({ supergraph, identity, graphiql, explorer: explorerServed.explorer, orm, factsCacheMs, upstreamTimeoutMs, cancellationRetryMs, retentionIntervalMs: retentionIntervalFromEnv(process.env), policyFile: process.env.POLICY_FILE ?? DEFAULT_POLICY_PATH, tracing: await tracingFromEnv(), publicCache: publicCacheFromEnv(process.env) });
await serveGateway(gateway as any, {
  port: gatewayPort,
  host: gatewayHost,
  onClose: async () => {
    await Promise.all(subgraphs.map((s) => s.close()));
    await orm.close();
  },
});

const url = `http://${gatewayHost === '0.0.0.0' ? '127.0.0.1' : gatewayHost}:${gatewayPort}/graphql`;
console.log(`
privacy gateway ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  GraphQL + GraphiQL: ${url}   ${graphiql ? `(open it in a browser: one tab per persona, ${graphiqlServed.tokens ? 'with' : 'without'} development tokens: ${graphiqlServed.reason})` : `(GraphiQL off: ${graphiqlServed.reason})`}
  privacy explorer:   ${url.replace(/\/graphql$/, '/privacy/explorer')}   (${explorerServed.reason})
  health:             http://127.0.0.1:${gatewayPort}/healthcheck   readiness: /readiness

Try, as a visitor (the anonymous review's author is a placeholder):
  curl -s ${url} -H 'content-type: application/json' \\
    -d '{"query":"{ product(id: \\"p-trail-boots\\") { name reviews { text anonymous author { nickname } } } }"}'

And as the store's merchant (phones masked, other stores' orders come back as nothing):
  curl -s ${url} -H 'content-type: application/json' -H 'x-purpose: essential.service.operations' \\
    -H "authorization: Bearer $(${process.env.DATA_DIR ? `DATA_DIR=${shellQuoted(process.env.DATA_DIR)} ` : ''}npm run -s token -- --persona merchant-deer)" \\
    -d '{"query":"{ storeOrders(storeId: \\"deer-outfitters\\", first: 3) { id consigneeName consigneePhone } }"}'
`);

/** A value as one shell word: the token command signs with the keys under the DATA_DIR this start uses. */
function shellQuoted(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
