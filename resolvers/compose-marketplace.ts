import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { CompositionError, composeSupergraph } from '../schema/compose.js';
import { lintUnannotatedPersonalFields, type AllowListEntry } from '../schema/pii-lint.js';
import { buildPrivacyInventory, inventoryMarkdown, type InventoryEntry } from '../schema/privacy-inventory.js';
import { SUBGRAPH_NAMES, defaultSubgraphUrl, subgraphTypeDefs } from '../schema/subgraphs.js';
import { readPolicyRules } from '../directives/policy-rules.js';
import { privacyContractProblems } from './privacy-contract-check.js';
import { marketplaceErasureProblems } from './erasure-coverage.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface ComposedMarketplace {
  supergraph: string;
  inventory: InventoryEntry[];
  inventoryMarkdown: string;
}

/** schema/pii-allowlist.json: the fields that look personal and are not; unreadable, it fails composition naming the file. */
function readAllowList(): AllowListEntry[] {
  try {
    return JSON.parse(readFileSync(join(here, '..', 'schema', 'pii-allowlist.json'), 'utf8')) as AllowListEntry[];
  } catch (error) {
    throw new CompositionError([`schema/pii-allowlist.json cannot be read: ${(error as Error).message}`]);
  }
}

/**
 * Composes the marketplace's subgraphs (at the given URLs, default 127.0.0.1:4001…) after linting
 * their SDL for unannotated personal fields and checking each implements the privacy contract its
 * personal data requires, and derives the privacy inventory. Throws
 * CompositionError listing every problem, each naming subgraph and field. It lives beside the
 * subgraph modules: the contract check reads what each of them implements.
 */
export function composeMarketplace(urls: Record<string, string> = {}, policy: PolicyConfig = loadPolicyConfig()): ComposedMarketplace {
  const allowList = readAllowList();
  const sources = SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name] ?? defaultSubgraphUrl(name), typeDefs: subgraphTypeDefs(name) }));
  const lint = [
    ...sources.flatMap((s) => lintUnannotatedPersonalFields(s.name, s.typeDefs, allowList)),
    // P-60, P-62: a subgraph holding personal data must export and erase a member's data.
    ...privacyContractProblems(SUBGRAPH_NAMES),
    // P-62: every user.* field is a column erasure clears, or a computed field listed with a reason.
    ...marketplaceErasureProblems(SUBGRAPH_NAMES),
  ];
  if (lint.length) throw new CompositionError(lint);
  const supergraph = composeSupergraph(sources, policy);
  const inventory = buildPrivacyInventory(supergraph, policy);
  return { supergraph, inventory, inventoryMarkdown: inventoryMarkdown(inventory, policy, readPolicyRules()) };
}
