import { readFileSync } from 'node:fs';
import { buildASTSchema, parse, validateSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { roleContract } from '../../gateway/role-contract.js';

const schema = buildASTSchema(parse(readFileSync('schema/supergraph.graphql', 'utf8')), { assumeValidSDL: true });
const policy = loadPolicyConfig();
const ROLES = Object.keys(policy.roles);

describe('role contracts: what each role can ever receive', () => {
  it('every role gets a valid schema of its own', () => {
    for (const role of ROLES) expect(validateSchema(roleContract(schema, role, policy)), role).toEqual([]);
  });

  it('P-81 P-83 the access audit is in the privacy officer’s contract only, among visitor, merchant, analyst and officer', () => {
    const fieldsOf = (role: string) => Object.keys(roleContract(schema, role, policy).getQueryType()!.getFields());
    expect(fieldsOf('privacy_officer')).toContain('auditEntries');
    for (const role of ['visitor', 'merchant', 'analyst'] as const) expect(fieldsOf(role), role).not.toContain('auditEntries');
  });
});
