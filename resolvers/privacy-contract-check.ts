import { visit } from 'graphql';
import { subgraphTypeDefs } from '../schema/subgraphs.js';
import { subgraphModule } from './modules.js';
import { REQUIRED_PRIVACY_OPERATIONS } from '../schema/privacy-contract.js';

/** True when the subgraph's SDL declares at least one `@pii` field: it holds personal data. */
export function subgraphHasPii(name: string): boolean {
  let found = false;
  visit(subgraphTypeDefs(name), {
    FieldDefinition(node) {
      if (node.directives?.some((d) => d.name.value === 'pii')) found = true;
    },
    DirectiveDefinition: () => false,
  });
  return found;
}

/**
 * The privacy contract operations `name` is missing for the personal data it declares: empty
 * when the subgraph has no `@pii` fields, or implements `export` (P-60) and `erase` (P-62).
 */
export function missingPrivacyOperations(name: string): string[] {
  if (!subgraphHasPii(name)) return [];
  const contract = subgraphModule(name).privacy ?? {};
  return REQUIRED_PRIVACY_OPERATIONS.filter((op) => typeof contract[op] !== 'function');
}

/**
 * For `npm run compose`: does the subgraph implement the privacy contract its personal data
 * requires? A subgraph with `@pii` fields must export (P-60) and erase (P-62) a member's data,
 * so that "download my data" and account cancellation reach every store of personal data.
 * A subgraph without `@pii` fields (catalog) needs nothing and passes.
 */
export function subgraphImplementsPrivacyContract(name: string): boolean {
  return missingPrivacyOperations(name).length === 0;
}

/** One line per subgraph that fails the check, naming what it lacks; empty when all pass. */
export function privacyContractProblems(names: readonly string[]): string[] {
  return names
    .map((name) => [name, missingPrivacyOperations(name)] as const)
    .filter(([, missing]) => missing.length)
    .map(([name, missing]) => `subgraph '${name}' has @pii fields but does not implement the privacy contract's ${missing.map((m) => `'${m}'`).join(' and ')} (P-60, P-62; schema/privacy-contract.ts)`);
}
