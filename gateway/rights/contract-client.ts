import type { PrivacyOperation } from '../../schema/privacy-contract.js';
import type { FactsProvider } from '../subject-facts.js';
import { signContractCall } from '../../schema/contract-signing.js';

/** The `/privacy/<operation>` URL beside a subgraph's GraphQL URL (`changes`: the facts change stream, resolvers/facts-change-feed.ts). */
export function privacyOperationUrl(graphqlUrl: string, operation: PrivacyOperation | 'changes'): string {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + `/privacy/${operation}`;
  return url.toString();
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
  subgraphs: readonly FactsProvider[],
  operation: PrivacyOperation,
  body: Record<string, unknown>,
  options: { timeoutMs?: number; signingSecret: string },
): Promise<ContractAnswer<T>[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const payload = JSON.stringify(body);
  return Promise.all(
    subgraphs.map(async (s): Promise<ContractAnswer<T>> => {
      try {
        const url = new URL(privacyOperationUrl(s.url, operation));
        const signature = signContractCall(options.signingSecret, { method: 'POST', path: url.pathname + url.search, body: payload });
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signature },
          body: payload,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.status === 404) return { subgraph: s.name, status: 'not_implemented' };
        const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (!response.ok) return { subgraph: s.name, status: 'failed', error: String(answer.error ?? `HTTP ${response.status}`) };
        const value = (operation === 'export' ? answer.data : operation === 'facts' ? answer.facts : answer.report) as T;
        return { subgraph: s.name, status: 'ok', value };
      } catch (error) {
        return { subgraph: s.name, status: 'failed', error: (error as Error).message };
      }
    }),
  );
}
