import { loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';
import { createAudienceKeys } from './audience-keys.js';
import { createPlainGateway } from './create-gateway.js';
import { createCallerVerifier, type IdentityOptions } from './identity.js';
import { createFactsLoader, subgraphsOfSupergraph } from './subject-facts.js';
import { useCaller } from './use-caller.js';
import { usePrivacy, type UsePrivacyOptions } from './use-privacy.js';

export interface PrivacyGatewayOptions {
  /** Supergraph SDL (not a path: the facts providers are read from it). */
  supergraph: string;
  /** How tokens are verified (issuer, audience, key or JWKS URL). */
  identity: IdentityOptions;
  /** The policy; default: directives/policy.json, validated. */
  policy?: PolicyConfig;
  /** Subgraphs that answer the privacy `facts` contract. Default: accounts, support, privacy. */
  factsProviders?: string[];
  /** Audit sink for decisions on sensitive fields (P-80). */
  onAudit?: UsePrivacyOptions['onAudit'];
  graphiql?: boolean | Record<string, unknown>;
}

/** The gateway with the privacy layer: identity and purpose, plan, execution, privacy pass, audit. */
export function createPrivacyGateway(options: PrivacyGatewayOptions) {
  const policy = options.policy ?? loadPolicyConfig();
  const wanted = new Set(options.factsProviders ?? ['accounts', 'support', 'privacy']);
  const providers = subgraphsOfSupergraph(options.supergraph).filter((p) => wanted.has(p.name));
  return createPlainGateway({
    supergraph: options.supergraph,
    graphiql: options.graphiql,
    plugins: [
      useCaller({ verify: createCallerVerifier(options.identity), policy }),
      usePrivacy({
        policy,
        loadFacts: createFactsLoader({ providers }),
        audienceKeys: createAudienceKeys(policy.audiences),
        onAudit: options.onAudit,
      }),
    ],
    // Subgraphs learn who is asking from the gateway only; client-sent copies are overwritten.
    subgraphHeaders: (context) => ({
      'x-caller-sub': context?.caller?.sub ?? null,
      'x-caller-role': context?.caller?.role ?? null,
    }),
  });
}
