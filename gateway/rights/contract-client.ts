import type { PrivacyOperation } from '../../schema/privacy-contract.js';
import { fetchSigned } from '../../schema/contract-signing.js';

/** The `/privacy/<operation>` URL beside a subgraph's GraphQL URL (`changes`: the facts change stream, resolvers/facts-change-feed.ts). */
export function privacyOperationUrl(graphqlUrl: string, operation: PrivacyOperation | 'changes'): string {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + `/privacy/${operation}`;
  return url.toString();
}

/** A subgraph the contract is called on: its name and GraphQL URL (the contract is served beside it). */
export interface ContractTarget {
  name: string;
  url: string;
}

/** One subgraph's answer to a privacy-contract call. */
export type ContractAnswer<T> =
  | { subgraph: string; status: 'ok'; value: T }
  /** The subgraph does not implement the operation: it holds no personal data (compose checks, P-60). */
  | { subgraph: string; status: 'not_implemented' }
  | { subgraph: string; status: 'failed'; error: string };

/**
 * Calls one privacy-contract operation on every subgraph, in parallel, and reports each answer
 * separately: the caller decides what a failure means (a download fails whole; a cancellation is
 * left pending and retried, P-62). Never throws.
 */
export async function callPrivacyContract<T>(
  subgraphs: readonly ContractTarget[],
  operation: PrivacyOperation,
  body: Record<string, unknown>,
  options: { timeoutMs?: number; signingSecret: string },
): Promise<ContractAnswer<T>[]> {
  return Promise.all(subgraphs.map((s) => callSubgraphContract<T>(s, operation, body, options)));
}

/** Calls one privacy-contract operation on one subgraph. Never throws: a failure is an answer. */
export async function callSubgraphContract<T>(
  subgraph: ContractTarget,
  operation: PrivacyOperation,
  body: Record<string, unknown>,
  options: { timeoutMs?: number; signingSecret: string },
): Promise<ContractAnswer<T>> {
  try {
    const url = new URL(privacyOperationUrl(subgraph.url, operation));
    const response = await fetchSigned(options.signingSecret, url, { audience: subgraph.name, method: 'POST', body: JSON.stringify(body), timeoutMs: options.timeoutMs });
    if (response.status === 404) return { subgraph: subgraph.name, status: 'not_implemented' };
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) return { subgraph: subgraph.name, status: 'failed', error: String(answer.error ?? `HTTP ${response.status}`) };
    const value = (operation === 'export' ? answer.data : operation === 'facts' ? answer.facts : operation === 'requests' ? answer : answer.report) as T;
    return { subgraph: subgraph.name, status: 'ok', value };
  } catch (error) {
    return { subgraph: subgraph.name, status: 'failed', error: (error as Error).message };
  }
}
