/**
 * The policy file is checked whole before it serves (directives/policy-config.ts): its shape
 * against directives/policy.schema.json, its rule ids against docs/policy/POLICY.md, and each
 * problem is named by its path in the file (P-82: never an unchecked policy).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../directives/caller.js';
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
    expect(problemsOf(edited((p) => (p.outcomes.merchant.fields[6].outcome = 'hide')))).toEqual([
      expect.stringMatching(/^outcomes\.merchant\.fields\[6\]\.outcome: must be equal to one of the allowed values \(allow, mask, .*block\)$/),
    ]);
  });

  it('P-70 P-82 a minor age below 14, and parameters past any sensible size, are refused', () => {
    expect(problemsOf(edited((p) => (p.minorAge = 0))).join('\n')).toMatch(/minorAge/);
    expect(problemsOf(edited((p) => (p.minorAge = 13))).join('\n')).toMatch(/minorAge/);
    expect(() => validatePolicyConfig(edited((p) => (p.minorAge = 16)))).not.toThrow();
    expect(problemsOf(edited((p) => (p.deliveryWindowDays = 1.79e308))).join('\n')).toMatch(/deliveryWindowDays/);
    expect(problemsOf(edited((p) => (p.kAnonymity = 1e300))).join('\n')).toMatch(/kAnonymity/);
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
    let last = -1;
    const problems = problemsOf(
      edited((p) => {
        delete p.outcomes.payment;
        p.outcomes.merchant.fields.pop();
        last = p.outcomes.merchant.fields.length - 1;
        p.outcomes.logistics.fields[4].requiresConsent = 'cross_boarder';
      }),
    );
    expect(problems).toEqual([
      "outcomes.payment is missing: role 'payment' is declared in roles, so it needs its outcomes (at least relation and rows)",
      expect.stringMatching(new RegExp(`^outcomes\\.merchant\\.fields\\[${last}\\]: the last entry must decide unconditionally`)),
      "outcomes.logistics.fields[4].requiresConsent: unknown consent 'cross_boarder'",
    ]);
  });

  describe('roles are data of the file', () => {
    const broker = { name: 'Customs broker', who: 'a customs broker clearing parcels for one carrier', binding: 'carrier', purposes: ['essential.service.operations.delivery'] };
    const brokerOutcomes = {
      relation: 'carrier',
      rows: [{ requires: 'relation', outcome: 'block', rule: 'P-22', reason: 'not a parcel of your carrier' }, { outcome: 'allow', rule: 'P-22', reason: 'a parcel of your carrier' }],
      fields: [{ when: { kinds: ['customsId'] }, outcome: 'mask', rule: 'P-22', reason: 'customs ids are masked for brokers' }, { outcome: 'block', rule: 'P-22', reason: '{field} is not needed to clear a parcel' }],
    };

    it('P-82 a new role declared in roles with its outcomes is accepted, no code changed', () => {
      const policy = validatePolicyConfig(edited((p) => ((p.roles.customs_broker = broker), (p.outcomes.customs_broker = brokerOutcomes))));
      expect(policy.roles.customs_broker).toEqual(broker);
    });

    it('P-82 a role in outcomes that roles does not declare, and a declared role without outcomes, are both refused at once', () => {
      const problems = problemsOf(
        edited((p) => {
          p.outcomes.customs_broker = brokerOutcomes;
          p.roles.auditor_partner = { name: 'Auditor', binding: 'partner', purposes: [] };
        }),
      );
      expect(problems).toEqual([
        "outcomes.auditor_partner is missing: role 'auditor_partner' is declared in roles, so it needs its outcomes (at least relation and rows)",
        "outcomes.customs_broker: role 'customs_broker' is not declared in roles (declare it with its name and binding)",
      ]);
    });

    it('P-82 a binding that is not a token claim, and a role without its name, are refused with the allowed bindings', () => {
      const problems = problemsOf(
        edited((p) => {
          p.roles.customs_broker = { ...broker, binding: 'country' };
          p.outcomes.customs_broker = brokerOutcomes;
          delete p.roles.merchant.name;
        }),
      );
      expect(problems).toEqual([
        "roles.merchant: must have required property 'name'",
        'roles.customs_broker.binding: must be equal to one of the allowed values (store, carrier, partner, project, provider, institution, none)',
      ]);
    });

    it('P-82 a built-in role the code names cannot be left out, and the visitor is bound to nothing', () => {
      const problems = problemsOf(
        edited((p) => {
          delete p.roles.privacy_officer;
          delete p.outcomes.privacy_officer;
          p.roles.visitor.binding = 'store';
        }),
      );
      expect(problems).toEqual([
        'roles.privacy_officer is missing: the code names this role, so every policy must declare it (built-in roles: visitor, customer, guardian, support, privacy_officer)',
        "roles.visitor.binding: the visitor has no token, so it is bound to nothing ('none', not 'store')",
      ]);
    });

    it('P-82 every role the code compares a caller with is a built-in role, which every policy file must declare', () => {
      const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
      const named = new Set<string>();
      for (const file of ['directives', 'gateway', 'schema', 'resolvers', 'scripts'].flatMap(sources)) {
        for (const [, role] of readFileSync(file, 'utf8').matchAll(/[rR]ole\)? ?[!=]== ?'([a-z_]+)'/g)) if (role !== 'string') named.add(role!);
      }
      expect(named.size).toBeGreaterThan(0);
      expect([...named].filter((role) => !(BUILTIN_ROLES as readonly string[]).includes(role))).toEqual([]);
    });

    it('P-82 a role id must be a plain lower-case name (it names a token claim value, a contract and a documents folder)', () => {
      const problems = problemsOf(edited((p) => ((p.roles['Customs-Broker'] = broker), (p.outcomes['Customs-Broker'] = brokerOutcomes))));
      expect(problems).toEqual([`roles (the name 'Customs-Broker'): must match pattern "^[a-z][a-z0-9_]*$"`]);
    });
  });
});
