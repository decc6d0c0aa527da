import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { readPolicyRules } from '../../directives/policy-rules.js';
import { buildDocumentManifest, manifestText } from '../../gateway/document-manifest.js';
import { clientSchemaFromSupergraph, roleContractSdl } from '../../gateway/role-contract-sdl.js';

const client = clientSchemaFromSupergraph(readFileSync('schema/supergraph.graphql', 'utf8'));
const policy = loadPolicyConfig();
const ROLES = Object.keys(policy.roles);
const rules = readPolicyRules();

describe('published role contracts (contracts/<role>.graphql)', () => {
  it('are up to date with the supergraph and the policy (run `npm run contracts`)', () => {
    for (const role of ROLES) expect(readFileSync(`contracts/${role}.graphql`, 'utf8'), role).toBe(roleContractSdl(client, role, policy, rules));
  });

  it("the response contract's Role names exactly the policy's roles (run `npm run contracts`)", () => {
    const schema = JSON.parse(readFileSync('contracts/response.schema.json', 'utf8'));
    expect(schema.definitions.PrivacyExtension.properties.role.enum).toEqual(ROLES);
  });

  it('documents/manifest.json lists every registered document by the sha256 of its body (run `npm run contracts`)', () => {
    expect(readFileSync('documents/manifest.json', 'utf8')).toBe(manifestText(buildDocumentManifest('.')));
  });

  it('P-21 the merchant contract says the consignee phone is masked under its purpose, with the rule text, and names the role', () => {
    const sdl = readFileSync('contracts/merchant.graphql', 'utf8');
    expect(sdl).toMatch(/^# Merchant \(role `merchant`\)/);
    const phone = buildSchema(sdl).getType('Order')!.toConfig() as { fields: Record<string, { description?: string | null }> };
    const description = Object.entries(phone.fields).find(([name]) => /phone/i.test(name))?.[1].description ?? '';
    expect(description).toContain('Under purpose `essential.service.operations`: masked (P-21)');
    expect(description).toContain('P-21: A merchant reads the orders of its own store only');
  });

  it('P-23 a contract names the rows that release more than the one it describes: the carrier reads a cross-border waybill\'s customs id masked', () => {
    const shipment = buildSchema(readFileSync('contracts/logistics.graphql', 'utf8')).getType('Shipment')!.toConfig() as { fields: Record<string, { description?: string | null }> };
    expect(shipment.fields.customsId!.description).toContain('Under purpose `essential.service.operations.delivery`: refused (null and a PRIVACY_BLOCKED error) (P-23); on a related cross-border row, consents on: masked (P-23).');
  });

  it('P-51 the analyst contract gives pseudonymized ids; P-81 no partner contract offers auditEntries', () => {
    expect(readFileSync('contracts/analyst.graphql', 'utf8')).toMatch(/pseudonymized/);
    expect(readFileSync('contracts/privacy_officer.graphql', 'utf8')).toContain('auditEntries(');
    for (const role of ['visitor', 'merchant', 'logistics', 'payment', 'analyst', 'advertiser', 'researcher', 'login_partner'])
      expect(readFileSync(`contracts/${role}.graphql`, 'utf8'), role).not.toContain('auditEntries(');
  });

  it('P-50 P-51 P-52 a de-identified partner\'s contract offers no field that needs a person\'s or a record\'s key (refused whole); a member\'s still does', () => {
    const lookups = ['member(id:', 'members(ids:', 'order(id:', 'shipment(id:', 'review(id:', 'ticket(id:', 'node(id:', 'homepage(nickname:', 'search(term:'];
    for (const role of ['analyst', 'researcher', 'advertiser']) {
      const sdl = readFileSync(`contracts/${role}.graphql`, 'utf8');
      for (const lookup of lookups) expect(sdl, `${role} ${lookup}`).not.toContain(`  ${lookup}`);
    }
    expect(readFileSync('contracts/analyst.graphql', 'utf8')).toContain('browsingEvents(');
    const customer = readFileSync('contracts/customer.graphql', 'utf8');
    for (const lookup of ['node(id:', 'search(term:', 'homepage(nickname:']) expect(customer, lookup).toContain(`  ${lookup}`);
  });
});
