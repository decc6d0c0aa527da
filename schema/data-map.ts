import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { PolicyConfig } from '../directives/policy-config.js';
import { readPolicyRules } from '../directives/policy-rules.js';
import { CompositionError } from './compose.js';
import { buildFidesDataMap, dataMapProblems, manifestYaml, type FidesDataMap } from './fides-export.js';
import { fidesVocabulary } from './fides-vocabulary.js';
import type { InventoryEntry } from './privacy-inventory.js';
import { loadProcessingFacts, processingRecord, processingRecordMarkdown, type ProcessingFacts } from './processing-record.js';
import { SUBGRAPH_NAMES } from './subgraphs.js';

/**
 * The data map of a composed supergraph, by path under schema/: the record of processing
 * (RECORD-OF-PROCESSING.md, record-of-processing.json) and the Fides manifests (fides/*.yml).
 * Throws CompositionError when the reviewed facts disagree with the policy, or the map would use
 * a key Fides does not know, a flow that leads nowhere, or a shape fideslang's models refuse
 * (schema/fides-manifest.schema.json). Only `npm run compose` needs it: the
 * gateway serves without it.
 */
export function composeDataMap(supergraph: string, inventory: InventoryEntry[], policy: PolicyConfig, facts: unknown = loadProcessingFacts()): Record<string, string> {
  const vocabulary = fidesVocabulary();
  const record = processingRecord(supergraph, inventory, policy, vocabulary, facts);
  const fides = buildFidesDataMap(inventory, record, facts as ProcessingFacts, vocabulary, SUBGRAPH_NAMES);
  const problems = [...manifestShapeProblems(fides), ...dataMapProblems(fides, vocabulary)];
  if (problems.length) throw new CompositionError(problems);
  const files: Record<string, string> = {
    'RECORD-OF-PROCESSING.md': processingRecordMarkdown(record, readPolicyRules()),
    'record-of-processing.json': JSON.stringify(record, null, 2) + '\n',
  };
  for (const [file, manifest] of Object.entries(fides)) files[`fides/${file}`] = manifestYaml(manifest, policy.version);
  return files;
}

/** Each manifest checked against the shape of fideslang's models. */
function manifestShapeProblems(fides: FidesDataMap): string[] {
  const schema = JSON.parse(readFileSync(new URL('./fides-manifest.schema.json', import.meta.url), 'utf8'));
  const validate = new Ajv({ allErrors: true }).compile(schema);
  return Object.entries(fides).flatMap(([file, manifest]) => (validate(manifest) ? [] : (validate.errors ?? []).map((e) => `fides/${file}${e.instancePath.replace(/\//g, '.')}: ${e.message}`)));
}
