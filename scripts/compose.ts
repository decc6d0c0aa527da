/**
 * npm run compose — composes the subgraphs into schema/supergraph.graphql and writes the privacy
 * inventory (schema/privacy-inventory.json, schema/PRIVACY.md) and the data map (the Fides manifests
 * schema/fides/*.yml, the record of processing schema/RECORD-OF-PROCESSING.md and its JSON twin). Exits 1, naming subgraph and
 * field, on composition errors, lost or non-null annotations, and unannotated personal fields.
 * A failure to compose writes nothing: every output is written beside its file first, then all are
 * renamed; a rename that fails midway (a disk error) leaves the outputs before it renamed.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyConfig } from '../directives/policy-config.js';
import { composeDataMap } from '../schema/data-map.js';
import { composeMarketplace } from '../resolvers/compose-marketplace.js';
import { explainComposeFailure } from './compose-failure.js';

const schemaDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema');

let outputs: Array<[file: string, text: string]>;
let annotated: number;
try {
  const policy = loadPolicyConfig();
  const { supergraph, inventory, inventoryMarkdown } = composeMarketplace({}, policy);
  annotated = inventory.length;
  outputs = [
    ['supergraph.graphql', supergraph],
    ['privacy-inventory.json', JSON.stringify(inventory, null, 2) + '\n'],
    ['PRIVACY.md', inventoryMarkdown],
    ...Object.entries(composeDataMap(supergraph, inventory, policy)),
  ];
} catch (error) {
  console.error(explainComposeFailure(error));
  process.exit(1);
}
// Staged beside their files, then renamed together; whatever fails, no staged file stays behind.
const staged: string[] = [];
try {
  for (const [file, text] of outputs) {
    const path = join(schemaDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.${process.pid}.tmp`, text);
    staged.push(path);
  }
  for (const path of staged) renameSync(`${path}.${process.pid}.tmp`, path);
} catch (error) {
  console.error(`compose: could not write the outputs under schema/: ${(error as Error).message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  for (const path of staged) rmSync(`${path}.${process.pid}.tmp`, { force: true });
}
if (process.exitCode) process.exit();
console.log(`composed ${annotated} annotated fields → ${outputs.map(([file]) => `schema/${file}`).join(', ')}`);
