import { fetchSigned } from '../schema/contract-signing.js';
import type { CorrectionCall } from '../schema/privacy-contract.js';

/** Applies a correction (P-61) to the copies the named subgraphs keep, over their `/privacy/correct`. */
export type CorrectionClient = (subgraphs: readonly string[], call: CorrectionCall) => Promise<void>;

/**
 * A signed client of the subgraphs' `/privacy/correct` contract (schema/privacy-contract.ts), for
 * the subgraph that owns a corrected value. It throws unless every subgraph named applied it: the
 * caller then refuses the correction (fail closed), so that no copy is left behind.
 */
export function correctionClient(peerUrl: (name: string) => string, signingSecret: string, timeoutMs = 10_000): CorrectionClient {
  return async (subgraphs, call) => {
    await Promise.all(
      subgraphs.map(async (name) => {
        const url = new URL(peerUrl(name));
        url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/privacy/correct';
        const response = await fetchSigned(signingSecret, url, { audience: name, method: 'POST', body: JSON.stringify(call), timeoutMs });
        await response.body?.cancel();
        if (!response.ok) throw new Error(`subgraph ${name} did not apply the correction (HTTP ${response.status})`);
      }),
    );
  };
}
