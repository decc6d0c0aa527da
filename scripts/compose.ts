/**
 * npm run compose — composes the subgraphs into schema/supergraph.graphql and writes the privacy
 * inventory (schema/privacy-inventory.json, schema/PRIVACY.md) and the data map (the Fides manifests
 * schema/fides/*.yml, the record of processing schema/RECORD-OF-PROCESSING.md and its JSON twin). Exits 1, naming subgraph and
 * field, on composition errors, lost or non-null annotations, and unannotated personal fields.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyConfig } from '../directives/policy-config.js';
import { CompositionError } from '../schema/compose.js';
import { composeDataMap } from '../schema/data-map.js';
import { composeMarketplace } from '../resolvers/compose-marketplace.js';

const schemaDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema');
try {
  const policy = loadPolicyConfig();
  const { supergraph, inventory, inventoryMarkdown } = composeMarketplace({}, policy);
  const dataMap = composeDataMap(supergraph, inventory, policy);
  writeFileSync(join(schemaDir, 'supergraph.graphql'), supergraph);
  writeFileSync(join(schemaDir, 'privacy-inventory.json'), JSON.stringify(inventory, null, 2) + '\n');
  writeFileSync(join(schemaDir, 'PRIVACY.md'), inventoryMarkdown);
  for (const [file, text] of Object.entries(dataMap)) {
    mkdirSync(dirname(join(schemaDir, file)), { recursive: true });
    writeFileSync(join(schemaDir, file), text);
  }
  console.log(`composed ${inventory.length} annotated fields → schema/supergraph.graphql, schema/privacy-inventory.json, schema/PRIVACY.md; the data map → ${Object.keys(dataMap).map((f) => `schema/${f}`).join(', ')}`);
} catch (error) {
  if (error instanceof CompositionError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
