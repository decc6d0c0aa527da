import type { SubjectFacts } from '../directives/subject-facts.js';
import type { FactKind } from '../directives/decide.js';
import type { FactsByKindLoader, FactsLoader } from './privacy-pass.js';
import { FactsTimeoutError, postJson, postTarget, type PostTarget } from './facts-http-client.js';
import { positiveFromEnv } from './env-values.js';
import { privacyOperationUrl } from './rights/contract-client.js';
import { signContractCall } from '../schema/contract-signing.js';
import { loadSigningSecret } from '../schema/signing-secret.js';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { inSpan, SPAN } from './privacy-spans.js';
import { secondsSince } from './privacy-metrics.js';
import { coalescedAsk } from './facts-batching.js';

/** Which subgraph owns each kind of facts about a subject. */
export const FACT_OWNERS: Record<FactKind, string> = { consents: 'privacy', person: 'accounts', agents: 'support' };
/**
 * The owners whose data each kind of facts is made from, its owner first: the privacy subgraph
 * reads accounts' birth dates to void a grant a child made alone (P-70), so a change announced by
 * accounts (an officer's correction of a birth date) changes consents too.
 */
export const FACT_SOURCES: Record<FactKind, readonly string[]> = { consents: ['privacy', 'accounts'], person: ['accounts'], agents: ['support'] };

/** A subgraph that answers the privacy contract's `facts` operation. */
export interface FactsProvider {
  name: string;
  /** The subgraph's GraphQL URL; the contract is served beside it at `/privacy/facts`. */
  url: string;
}

export interface FactsClientOptions {
  providers: FactsProvider[];
  /** How long a sent call may wait for its answer before its facts are unavailable (P-82). Default: FACTS_TIMEOUT_MS, else 2000 ms. */
  timeoutMs?: number;
  /** How long a call may wait in all, its turn for a socket included. Default: FACTS_QUEUE_TIMEOUT_MS, else 5 × `timeoutMs`. */
  queueTimeoutMs?: number;
  /** Called when a provider fails, for logging. */
  onProviderError?: (provider: string, error: Error) => void;
  /** Told of every call to a provider: its name, how long it took, and whether it answered, failed or timed out. */
  onLookup?: (provider: string, seconds: number, result: FactsLookupResult) => void;
  /** Signs each call (schema/contract-signing.ts). Default: SUBGRAPH_SIGNING_SECRET, or the one under DATA_DIR. */
  signingSecret?: string;
}

export type FactsLookupResult = 'ok' | 'failed' | 'timeout';

/** The `/privacy/facts` URL beside a subgraph's GraphQL URL. */
export function factsUrl(graphqlUrl: string): string {
  return privacyOperationUrl(graphqlUrl, 'facts');
}

const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const FACT_SHAPES: Record<keyof SubjectFacts, (v: unknown) => boolean> = {
  consents: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'boolean'),
  minor: (v) => typeof v === 'boolean',
  guardians: isStringList,
  agents: isStringList,
  loginProviders: isStringList,
  cancelled: (v) => typeof v === 'boolean',
};

/**
 * A subject's facts as a provider answered them, if every field has its type: a `minor` of null
 * or 0 would otherwise read as "not a minor". Anything malformed makes the subject's facts from
 * that provider unavailable, so what depends on them blocks (P-82).
 */
function wellFormed(facts: unknown): SubjectFacts | null {
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) return null;
  for (const [field, value] of Object.entries(facts)) {
    // Own fields only: `__proto__` or `constructor` in an answer name no fact.
    if (Object.hasOwn(FACT_SHAPES, field) && !FACT_SHAPES[field as keyof SubjectFacts](value)) return null;
  }
  return facts as SubjectFacts;
}

/** The facts each owner answers for (FACT_OWNERS): another subgraph's word on them is not read. */
const OWNED_FACTS: Record<string, readonly (keyof SubjectFacts)[]> = {
  privacy: ['consents'],
  accounts: ['minor', 'guardians', 'loginProviders', 'cancelled'],
  support: ['agents'],
};

/**
 * Every kind of facts about a few subjects, each from its owner, in parallel: what the rights
 * service reads (a guardian link, a cancellation) before it acts. Only the owner's fields are
 * read from its answer, so no other subgraph can name a guardian. When accounts, the owner of
 * the person facts a right is decided on, fails or times out, every subject is `unavailable` and
 * the right is refused (P-82); another owner that fails contributes nothing. It never remembers:
 * a right is decided on what the owners hold now. The privacy pass uses
 * {@link createFactsByKindLoader} instead, behind the facts cache (gateway/facts-cache.ts).
 */
export function createFactsLoader(options: FactsClientOptions): FactsLoader {
  const ask = askProvider(options);
  const owners = options.providers.filter((provider) => provider.name in OWNED_FACTS);
  return async (subjectIds) => {
    const merged = new Map<string, SubjectFacts | 'unavailable'>();
    const answers = await Promise.all(owners.map(async (provider) => ({ provider: provider.name, answer: await ask(provider, subjectIds) })));
    const personOwner = answers.find((a) => a.provider === FACT_OWNERS.person);
    for (const id of subjectIds) {
      if (!personOwner?.answer) {
        merged.set(id, 'unavailable');
        continue;
      }
      const facts: SubjectFacts = {};
      // Accounts answers every subject it is asked about (one it does not know, as cancelled): one left out is a broken answer.
      let malformed = personOwner.answer[id] === undefined;
      for (const { provider, answer } of answers) {
        if (!answer?.[id]) continue;
        const theirs = wellFormed(answer[id]) as Record<string, unknown> | null;
        if (!theirs) {
          malformed ||= provider === FACT_OWNERS.person;
          continue;
        }
        for (const field of OWNED_FACTS[provider]!) if (field in theirs) (facts as Record<string, unknown>)[field] = theirs[field];
      }
      merged.set(id, malformed ? 'unavailable' : facts);
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

/**
 * POSTs subject ids to one provider's `/privacy/facts`; null when it fails or times out. Over
 * `node:http` with kept-alive sockets rather than `fetch`, which cost 0.6–0.9 ms of gateway CPU per
 * call (gateway/facts-http-client.ts). Each provider's URL is resolved once, not per call.
 */
function askProvider(options: FactsClientOptions) {
  const timeoutMs = options.timeoutMs ?? positiveFromEnv('FACTS_TIMEOUT_MS', 2000);
  const queueTimeoutMs = options.queueTimeoutMs ?? positiveFromEnv('FACTS_QUEUE_TIMEOUT_MS', timeoutMs * 5);
  const secret = options.signingSecret ?? loadSigningSecret();
  const targets = new Map<string, PostTarget>(); // by GraphQL URL
  return (provider: FactsProvider, subjectIds: string[]): Promise<Record<string, SubjectFacts> | null> =>
    inSpan(SPAN.facts, { 'privacy.facts.owner': provider.name, 'privacy.facts.subjects': subjectIds.length }, (span) => ask(provider, subjectIds, span));
  async function ask(provider: FactsProvider, subjectIds: string[], span: Span): Promise<Record<string, SubjectFacts> | null> {
    const start = performance.now();
    try {
      let target = targets.get(provider.url);
      if (!target) targets.set(provider.url, (target = postTarget(factsUrl(provider.url))));
      const path = target.path;
      const sign = (payload: Buffer) => signContractCall(secret, { audience: provider.name, method: 'POST', path, body: payload });
      const body = (await postJson(target, { subjects: subjectIds }, timeoutMs, sign, queueTimeoutMs)) as { facts?: unknown };
      const facts = body?.facts ?? {};
      // An answer whose facts are no map of subjects is a provider that failed (P-82), not one that knows nothing.
      if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) throw new Error('the facts answer is not a map of subjects');
      options.onLookup?.(provider.name, secondsSince(start), 'ok');
      return facts as Record<string, SubjectFacts>;
    } catch (error) {
      options.onLookup?.(provider.name, secondsSince(start), error instanceof FactsTimeoutError ? 'timeout' : 'failed');
      span.setStatus({ code: SpanStatusCode.ERROR });
      options.onProviderError?.(provider.name, error as Error);
      return null;
    }
  }
}

/**
 * The privacy pass's loader: asks only the owner of each kind of facts that some decision needs
 * (FACT_OWNERS), for only the subjects whose decisions need it, all kinds in parallel. A product
 * page asks accounts about its authors' ages; a carrier manifest without cross-border rows asks
 * nobody. A provider that fails, or is not in the supergraph, makes its kind `unavailable` for
 * those subjects, and the decisions that need it block (P-82). Lookups of concurrent requests to
 * the same owner are sent as one call.
 */
export function createFactsByKindLoader(options: FactsClientOptions): FactsByKindLoader {
  const askOne = askProvider(options);
  // Per owner, the lookups of concurrent requests go out together (gateway/facts-batching.ts).
  const asks = new Map(options.providers.map((p) => [p.name, coalescedAsk((ids) => askOne(p, ids))]));
  const providers = new Map(options.providers.map((p) => [p.name, p]));
  return async (needs) => {
    const loaded = new Map<FactKind, Map<string, SubjectFacts | 'unavailable'>>();
    await Promise.all(
      [...needs].map(async ([kind, subjectIds]) => {
        const provider = providers.get(FACT_OWNERS[kind]);
        const answer = provider ? await asks.get(provider.name)!(subjectIds) : null;
        loaded.set(kind, new Map(subjectIds.map((id) => [id, answer ? (wellFormed(answer[id] ?? {}) ?? 'unavailable') : 'unavailable'])));
      }),
    );
    return loaded;
  };
}
