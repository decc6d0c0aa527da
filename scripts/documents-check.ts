/**
 * npm run documents:check [-- <root>] — the privacy preview of the registered documents
 * (<root>/documents/<role>/*.graphql, default the repository): each checked against its role's
 * contract, and per field the outcome the partner will get under its purpose(s). Exits 1, naming
 * file and field, when a document asks for what its role can never receive.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyConfig } from '../directives/policy-config.js';
import { readPolicyRules } from '../directives/policy-rules.js';
import { buildDocumentManifest } from '../gateway/document-manifest.js';
import { previewDocuments } from '../gateway/document-preview.js';
import { clientSchemaFromSupergraph } from '../gateway/role-contract-sdl.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(process.argv[2] ?? repo);
const client = clientSchemaFromSupergraph(readFileSync(join(repo, 'schema', 'supergraph.graphql'), 'utf8'));
let manifest;
try {
  manifest = buildDocumentManifest(root);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const { lines, violations } = previewDocuments(client, loadPolicyConfig(), readPolicyRules(), manifest);
console.log(lines.join('\n'));
if (violations.length) {
  console.error(`\n${violations.length} problem(s): these documents cannot be registered:\n${violations.map((v) => `  ${v}`).join('\n')}`);
  process.exit(1);
}
console.log(`\n${Object.keys(manifest.documents).length} registered documents within their roles' contracts`);
