/**
 * npm run gateway -- --supergraph <file> [--port N] [--host H] [--plain]
 * The gateway alone over any supergraph file (default schema/supergraph.graphql). `--plain` serves
 * the same runtime without the privacy layer (the benchmark's baseline).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDevKeys } from '../gateway/dev-keys.js';
import { identityOptionsFromEnv } from '../gateway/identity-from-env.js';
import { AnnotationError } from '../directives/annotation-check.js';
import { createPrivacyGateway } from '../gateway/privacy-gateway.js';
import { createPlainGateway } from '../gateway/create-gateway.js';
import { graphiqlWithPersonas } from '../gateway/graphiql-personas.js';
import { serveGateway } from '../gateway/serve.js';
import { tracingFromEnv } from '../gateway/tracing-from-env.js';
import { openAuditOrm } from './marketplace-database.js';
import { exitUnlessMigrated } from './exit-unless-migrated.js';
import { missingProductionSecrets } from '../schema/signing-secret.js';

const { values } = parseArgs({
  options: { supergraph: { type: 'string', default: 'schema/supergraph.graphql' }, port: { type: 'string' }, host: { type: 'string' }, plain: { type: 'boolean', default: false } },
});
// Production never falls back to secrets generated on disk.
const missingSecrets = missingProductionSecrets(process.env, values.plain ? ['SUBGRAPH_SIGNING_SECRET'] : ['SUBGRAPH_SIGNING_SECRET', 'PSEUDONYM_SECRET']);
if (missingSecrets) {
  console.error(missingSecrets);
  process.exit(1);
}
let supergraph: string;
try {
  supergraph = readFileSync(values.supergraph!, 'utf8');
} catch (error) {
  console.error(`cannot read supergraph ${values.supergraph}: ${(error as Error).message}\n(run npm run compose to write schema/supergraph.graphql)`);
  process.exit(2);
}
const production = process.env.NODE_ENV === 'production';
// The privacy store (access audit, data-subject requests) lives in the shared database, which
// `npm run migrate` brings up to date; the gateway never migrates nor seeds it.
const orm = values.plain ? undefined : await openAuditOrm();
if (orm) await exitUnlessMigrated(orm);
const identity = values.plain ? undefined : await identityOptionsFromEnv(process.env, () => loadDevKeys());
const graphiql = values.plain || (production && process.env.GRAPHIQL !== 'on') ? false : await graphiqlWithPersonas(await loadDevKeys());
const upstreamTimeoutMs = process.env.UPSTREAM_TIMEOUT_MS ? Number(process.env.UPSTREAM_TIMEOUT_MS) : undefined;
const tracing = await tracingFromEnv();
let gateway;
try {
  gateway = values.plain
    ? createPlainGateway({ supergraph, upstreamTimeoutMs })
    : createPrivacyGateway({ supergraph, orm, identity: identity!, graphiql, factsCacheMs: process.env.FACTS_CACHE_MS ? Number(process.env.FACTS_CACHE_MS) : undefined, upstreamTimeoutMs, tracing });
} catch (error) {
  // A refused annotation is the operator's to fix: its one line, no stack.
  if (!(error instanceof AnnotationError)) throw error;
  console.error(error.message);
  await orm?.close();
  process.exit(1);
}
const port = Number(values.port ?? process.env.GATEWAY_PORT ?? 4000);
const host = values.host ?? process.env.GATEWAY_HOST ?? '127.0.0.1';
await serveGateway(gateway as any, { port, host, onClose: async () => orm?.close() });
console.log(`${values.plain ? 'plain' : 'privacy'} gateway over ${values.supergraph} at http://${host}:${port}/graphql`);
