/**
 * npm run contracts — writes each role's contract (contracts/<role>.graphql) from the committed
 * supergraph and the policy: the fields the role can ever receive, each described by what the role
 * gets under each purpose it may declare and the rule that says so; and the manifest of the
 * documents partner roles may run (documents/manifest.json: id = sha256 of the body); and the
 * policy's roles into the response contract (contracts/response.schema.json, `Role`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyConfig } from '../directives/policy-config.js';
import { readPolicyRules } from '../directives/policy-rules.js';
import { buildDocumentManifest, manifestText } from '../gateway/document-manifest.js';
import { clientSchemaFromSupergraph, roleContractSdl } from '../gateway/role-contract-sdl.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const client = clientSchemaFromSupergraph(readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8'));
const policy = loadPolicyConfig();
const rules = readPolicyRules();
const roles = Object.keys(policy.roles);
for (const role of roles) writeFileSync(join(root, 'contracts', `${role}.graphql`), roleContractSdl(client, role, policy, rules));
// The response contract names the roles a response's extensions.privacy.role can carry: the policy's.
const responseSchema = join(root, 'contracts', 'response.schema.json');
const ROLE_ENUM = /("title": "Role",[\s\S]*?"enum": )\[[^\]]*\]/;
const responseText = readFileSync(responseSchema, 'utf8');
if (!ROLE_ENUM.test(responseText)) throw new Error('contracts/response.schema.json: no Role enum to write the policy roles into');
writeFileSync(responseSchema, responseText.replace(ROLE_ENUM, (_, head: string) => `${head}[${roles.map((r) => JSON.stringify(r)).join(', ')}]`));
const manifest = buildDocumentManifest(root, roles);
writeFileSync(join(root, 'documents', 'manifest.json'), manifestText(manifest));
console.log(`wrote ${roles.length} role contracts → contracts/<role>.graphql, ${Object.keys(manifest.documents).length} registered documents → documents/manifest.json`);
