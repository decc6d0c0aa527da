import type { SubjectFacts } from '../resolvers/privacy-contract.js';
import type { FactsLoader } from './privacy-pass.js';

/** A subgraph that answers the privacy contract's `facts` operation. */
export interface FactsProvider {
  name: string;
  /** The subgraph's GraphQL URL; the contract is served beside it at `/privacy/facts`. */
  url: string;
}

export interface FactsClientOptions {
  providers: FactsProvider[];
  /** How long to wait for a provider before treating its facts as unavailable (P-82). Default 2000 ms. */
  timeoutMs?: number;
  /** Called when a provider fails, for logging. */
  onProviderError?: (provider: string, error: Error) => void;
}

/** The `/privacy/facts` URL beside a subgraph's GraphQL URL. */
export function factsUrl(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/privacy/facts';
  return url.toString();
}

/**
 * The policy information point: asks every facts provider about a batch of subjects, in parallel,
 * once per request (the privacy pass collects the whole response's subjects first), and merges the
 * answers. A provider that fails or times out contributes nothing, so the decisions that need its
 * facts see them missing and block (P-82); the others still answer. Facts are never cached across
 * requests, so a consent change governs the very next request (P-11).
 */
export function createFactsLoader(options: FactsClientOptions): FactsLoader {
  const timeoutMs = options.timeoutMs ?? 2000;
  return async (subjectIds) => {
    const merged = new Map<string, SubjectFacts | 'unavailable'>();
    const answers = await Promise.all(
      options.providers.map(async (provider) => {
        try {
          const response = await fetch(factsUrl(provider.url), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ subjects: subjectIds }),
            signal: AbortSignal.timeout(timeoutMs),
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const body = (await response.json()) as { facts?: Record<string, SubjectFacts> };
          return body.facts ?? {};
        } catch (error) {
          options.onProviderError?.(provider.name, error as Error);
          return {};
        }
      }),
    );
    for (const id of subjectIds) {
      const facts: SubjectFacts = {};
      for (const answer of answers) if (answer[id]) Object.assign(facts, answer[id]);
      merged.set(id, facts);
    }
    return merged;
  };
}

/** The subgraphs named in a supergraph (`@join__graph(name:, url:)`), as facts providers. */
export function subgraphsOfSupergraph(supergraphSdl: string): FactsProvider[] {
  const found: FactsProvider[] = [];
  const pattern = /@join__graph\(\s*name:\s*"([^"]+)"\s*,\s*url:\s*"([^"]+)"\s*\)/g;
  for (const match of supergraphSdl.matchAll(pattern)) found.push({ name: match[1], url: match[2] });
  return found;
}
