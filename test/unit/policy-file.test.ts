/**
 * The policy file is checked whole before it serves (directives/policy-config.ts): its shape
 * against directives/policy.schema.json, its rule ids against docs/policy/POLICY.md, and each
 * problem is named by its path in the file (P-82: never an unchecked policy).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_PATH, PolicyConfigError, validatePolicyConfig } from '../../directives/policy-config.js';

const original = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
const edited = (edit: (policy: any) => void) => {
  const policy = structuredClone(original);
  edit(policy);
  return policy;
};
const problemsOf = (policy: unknown): string[] => {
  try {
    validatePolicyConfig(policy, 'test-policy.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyConfigError);
    expect((error as Error).message).toContain('invalid policy configuration test-policy.json');
    return (error as PolicyConfigError).problems;
  }
  throw new Error('the policy was accepted');
};

describe('the policy file', () => {
  it('P-82 the reviewed file is valid', () => {
    expect(validatePolicyConfig(structuredClone(original)).outcomes.merchant.relation).toBe('store');
  });

  it('P-82 an outcome the schema does not know is refused, naming its path', () => {
    expect(problemsOf(edited((p) => (p.outcomes.merchant.fields[5].outcome = 'hide')))).toEqual([
      expect.stringMatching(/^outcomes\.merchant\.fields\[5\]\.outcome: must be equal to one of the allowed values \(allow, mask, .*block\)$/),
    ]);
  });

  it('P-82 a misspelt condition is refused, naming it', () => {
    expect(problemsOf(edited((p) => (p.outcomes.merchant.fields[5].when = { kind: ['phone'] })))).toContain("outcomes.merchant.fields[5].when: must NOT have additional properties 'kind'");
  });

  it('P-82 a rule id that is not a rule of docs/policy/POLICY.md is refused', () => {
    expect(problemsOf(edited((p) => (p.outcomes.merchant.fields[5].rule = 'P-99')))).toEqual([
      "outcomes.merchant.fields[5].rule: unknown rule 'P-99' (not a rule of docs/policy/POLICY.md)",
    ]);
  });

  it('P-82 a role without outcomes, a list that may decide nothing, an unknown consent are each refused', () => {
    const problems = problemsOf(
      edited((p) => {
        delete p.outcomes.payment;
        p.outcomes.merchant.fields.pop();
        p.outcomes.logistics.fields[4].requiresConsent = 'cross_boarder';
      }),
    );
    expect(problems).toEqual([
      'outcomes.payment is missing (every role must be listed)',
      expect.stringMatching(/^outcomes\.merchant\.fields\[8\]: the last entry must decide unconditionally/),
      "outcomes.logistics.fields[4].requiresConsent: unknown consent 'cross_boarder'",
    ]);
  });
});
