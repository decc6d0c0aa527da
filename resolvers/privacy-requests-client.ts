import { fetchSigned } from '../schema/contract-signing.js';
import type { RequestsAnswer, RequestsCall } from '../schema/data-subject-requests.js';

/** Calls the privacy subgraph's `/privacy/requests` contract (schema/data-subject-requests.ts). */
export type PrivacyRequestsClient = (call: RequestsCall) => Promise<RequestsAnswer>;

/**
 * A signed client of `/privacy/requests` for a subgraph that must record a data-subject request
 * (P-64) in the table the privacy subgraph owns. It throws on any failure (unreachable, refused,
 * malformed answer): the caller fails closed.
 */
export function privacyRequestsClient(privacyGraphqlUrl: () => string, signingSecret: string, timeoutMs = 10_000): PrivacyRequestsClient {
  return async (call) => {
    const url = new URL(privacyGraphqlUrl());
    url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/privacy/requests';
    const response = await fetchSigned(signingSecret, url, { audience: 'privacy', method: 'POST', body: JSON.stringify(call), timeoutMs });
    const answer = (await response.json().catch(() => null)) as RequestsAnswer | null;
    if (!response.ok || !answer || typeof answer !== 'object') throw new Error(`the privacy subgraph did not record the request (HTTP ${response.status})`);
    return answer;
  };
}
