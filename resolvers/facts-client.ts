import { fetchSigned } from '../schema/contract-signing.js';
import type { ContractPeers, SubjectFacts } from '../schema/privacy-contract.js';

/**
 * A signed client of other subgraphs' `/privacy/facts` (schema/privacy-contract.ts), for a
 * contract operation that needs a fact another subgraph owns. It throws unless the subgraph
 * answered: the operation then fails, and its caller refuses what it was doing (fail closed).
 */
export function factsClient(peerUrl: (name: string) => string, signingSecret: string, timeoutMs = 5_000): ContractPeers['facts'] {
  return async (subgraph, subjectIds) => {
    const url = new URL(peerUrl(subgraph));
    url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/privacy/facts';
    const response = await fetchSigned(signingSecret, url, { audience: subgraph, method: 'POST', body: JSON.stringify({ subjects: subjectIds }), timeoutMs });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`subgraph ${subgraph} gave no facts (HTTP ${response.status})`);
    }
    const { facts } = (await response.json()) as { facts: Record<string, SubjectFacts> };
    return facts;
  };
}
