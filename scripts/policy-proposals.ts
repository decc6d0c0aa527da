/**
 * The example policy proposals of docs/policy/proposals/: each is today's directives/policy.json
 * with one small edit. `npx tsx scripts/policy-proposals.ts` rewrites the files from the current
 * policy, so they differ from it by their edit only; the dry-run test applies the same edits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PROPOSALS_DIR = join(repo, 'docs', 'policy', 'proposals');

type PolicyJson = Record<string, any>;

/** Each example: what it changes, and the edit. */
export const PROPOSALS: Readonly<Record<string, { comment: string; edit: (policy: PolicyJson) => void }>> = {
  'tighten-delivery-window': {
    comment: 'Only tightens: carriers read delivery data 14 days after delivery instead of 30 (P-22); aggregates need 10 subjects instead of 5 (P-52).',
    edit: (policy) => {
      policy.deliveryWindowDays = 14;
      policy.kAnonymity = 10;
    },
  },
  'merchant-support-purpose': {
    comment: 'Releases: merchants may also declare essential.service.operations.support, and so read their orders\' consignee and invoice data for customer support too.',
    edit: (policy) => {
      policy.roles.merchant.purposes.push('essential.service.operations.support');
    },
  },
};

/** The proposal `name` over a policy's JSON text, as the file holds it. */
export function proposalText(name: string, currentPolicyText: string): string {
  const policy = JSON.parse(currentPolicyText) as PolicyJson;
  const proposal = PROPOSALS[name]!;
  proposal.edit(policy);
  return `${JSON.stringify({ ...policy, $comment: `Example proposal for npm run policy:diff (scripts/policy-proposals.ts). ${proposal.comment}` }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const current = readFileSync(join(repo, 'directives', 'policy.json'), 'utf8');
  for (const name of Object.keys(PROPOSALS)) {
    writeFileSync(join(PROPOSALS_DIR, `${name}.json`), proposalText(name, current));
    console.log(`docs/policy/proposals/${name}.json`);
  }
}
