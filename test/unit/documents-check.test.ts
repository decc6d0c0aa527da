import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { readPolicyRules } from '../../directives/policy-rules.js';
import { buildDocumentManifest } from '../../gateway/document-manifest.js';
import { previewDocuments } from '../../gateway/document-preview.js';
import { clientSchemaFromSupergraph } from '../../gateway/role-contract-sdl.js';

const client = clientSchemaFromSupergraph(readFileSync('schema/supergraph.graphql', 'utf8'));
const policy = loadPolicyConfig();
const rules = readPolicyRules();
const scratch = mkdtempSync(join(tmpdir(), 'privacy-gateway-documents-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A documents/ tree with one document for `role`. */
function documentsWith(role: string, name: string, body: string): string {
  const root = mkdtempSync(join(scratch, 'root-'));
  mkdirSync(join(root, 'documents', role), { recursive: true });
  writeFileSync(join(root, 'documents', role, `${name}.graphql`), body);
  return root;
}

describe('npm run documents:check: the privacy preview of the registered documents', () => {
  it('P-21 P-22 P-23 P-51 every registered document is within its role’s contract, and the preview says what each field gives, in every situation that releases more', () => {
    const { lines, violations } = previewDocuments(client, policy, rules, buildDocumentManifest('.'));
    expect(violations).toEqual([]);
    const text = lines.join('\n');
    expect(text).toMatch(/documents\/merchant\/StoreOrders\.graphql — Merchant \(role merchant\), purpose essential\.service\.operations/);
    expect(text).toMatch(/storeOrdersConnection\.nodes\.consigneePhone {2}Order\.consigneePhone {2}masked \(P-21\)/);
    expect(text).toMatch(/shipmentsConnection\.nodes\.consigneePhone {2}Shipment\.consigneePhone {2}the value \(P-22\)/);
    expect(text).toMatch(/browsingEvents\.memberId {2}BrowsingEvent\.memberId {2}analytics\.reporting: pseudonymized/);
    expect(text).toContain('P-21: A merchant reads the orders of its own store only');
    // A situation that releases more than the row described is named: the carrier reads a cross-border waybill's customs id masked.
    expect(text).toMatch(/shipment\.customsId {2}Shipment\.customsId {2}refused .*\(P-23\), on a related cross-border row, consents on: masked \(P-23\)/);
  });

  it('P-81 a merchant document asking for the access audit is a violation naming file, field and role', () => {
    const root = documentsWith('merchant', 'Audit', 'query Audit { auditEntries { __typename } }\n');
    const { violations } = previewDocuments(client, policy, rules, buildDocumentManifest(root));
    expect(violations).toEqual([expect.stringMatching(/^documents\/merchant\/Audit\.graphql: Query\.auditEntries \(at auditEntries\) is never given to role merchant \(Merchant\)/)]);
  });

  it('the command exits 1 on a violation, with the message, and 0 on the committed documents', () => {
    const root = documentsWith('advertiser', 'People', 'query People { members(ids: ["m-buyer"]) { phone } }\n');
    const failed = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/documents-check.ts', root], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/documents\/advertiser\/People\.graphql: .* is never given to role advertiser \(Advertiser\)/);
    expect(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/documents-check.ts'], { encoding: 'utf8' })).toMatch(/registered documents within their roles' contracts/);
  }, 60_000);
});
