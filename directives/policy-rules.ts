import { readFileSync } from 'node:fs';

/** One rule of the policy: its text and where in the published policies it comes from. */
export interface PolicyRule {
  id: string;
  text: string;
  source: string;
}

/** The policy's rules as written in the repository (docs/policy/POLICY.md), by id (`P-31`). */
export function readPolicyRules(file = new URL('../docs/policy/POLICY.md', import.meta.url)): Map<string, PolicyRule> {
  const rules = new Map<string, PolicyRule>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    // A rule is one table row: | P-31 | text | source |
    const match = /^\|\s*(P-\d{2})\s*\|(.*)\|([^|]*)\|\s*$/.exec(line);
    if (match) rules.set(match[1]!, { id: match[1]!, text: match[2]!.trim(), source: match[3]!.trim() });
  }
  return rules;
}
