import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readPolicyRules } from '../../directives/policy-rules.js';

describe('the policy in the repository', () => {
  const rules = readPolicyRules();

  it('every rule id P-01 … P-83 resolves to its text and its source in the published policies', () => {
    expect(rules.size).toBeGreaterThan(30);
    for (const rule of rules.values()) {
      expect(rule.text.length, rule.id).toBeGreaterThan(10);
      // P-82 (fail closed) is the gateway's own rule, marked — as its source.
      expect(rule.source, rule.id).toMatch(/00[04]|—/);
    }
  });

  it('every rule id the code or the schema cites is a rule of docs/policy/POLICY.md', () => {
    const cited = execFileSync('git', ['grep', '-hwoE', 'P-[0-9]{2}', '--', 'directives', 'gateway', 'resolvers', 'schema/*.graphql'], { encoding: 'utf8' });
    const unknown = [...new Set(cited.split('\n').filter(Boolean))].filter((id) => !rules.has(id));
    expect(unknown).toEqual([]);
  });
});
