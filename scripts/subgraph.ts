/**
 * npm run subgraph -- <name> [--port N] [--host H] — one subgraph alone, on its default port
 * (4001… in SUBGRAPH_NAMES order) unless told otherwise. Never migrates nor seeds: it refuses, in
 * one line, a database `npm run migrate` has not brought up to date.
 */
import { parseArgs } from 'node:util';
import { initOrm } from '../resolvers/orm.js';
import { exitUnlessMigrated } from './exit-unless-migrated.js';
import { subgraphModule } from '../resolvers/modules.js';
import { startSubgraph } from '../resolvers/subgraph-server.js';
import { SUBGRAPH_NAMES, defaultSubgraphUrl } from '../schema/subgraphs.js';
import { missingProductionSecrets } from '../schema/signing-secret.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' }, host: { type: 'string' } } });
const name = positionals[0];
if (!name || !(SUBGRAPH_NAMES as readonly string[]).includes(name)) {
  console.error(`usage: npm run subgraph -- <name> [--port N] [--host H]\n  names: ${SUBGRAPH_NAMES.join(', ')}`);
  process.exit(2);
}
// Production never falls back to secrets generated on disk.
const missingSecrets = missingProductionSecrets(process.env, ['SUBGRAPH_SIGNING_SECRET']);
if (missingSecrets) {
  console.error(missingSecrets);
  process.exit(1);
}
const url = new URL(defaultSubgraphUrl(name));
const orm = await initOrm();
await exitUnlessMigrated(orm);
const running = await startSubgraph(subgraphModule(name), orm, Number(values.port ?? url.port), values.host ?? url.hostname);
console.log(`subgraph ${name} at ${running.url} (privacy contract at /privacy/*)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    await running.close();
    await orm.close();
    process.exit(0);
  });
}
