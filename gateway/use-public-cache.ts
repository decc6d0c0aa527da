import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  Kind,
  TypeInfo,
  getOperationAST,
  print,
  visit,
  visitWithTypeInfo,
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { readPrivacyIndex, type PrivacyIndex } from '../directives/annotations.js';
import type { Caller } from '../directives/caller.js';
import { ErrorCode } from './error-codes.js';
import { TYPENAME_ALIAS, isSubjectAlias, readsPersons, readsRows } from './privacy-plan.js';
import { markAnsweredFromPersons } from './use-no-store.js';
import { onOffFromEnv } from './env-values.js';
import { INPUT_PREFIX } from './row-inputs.js';
import { AUDITED_READS, auditUnavailable, requestIdOf, type UsePrivacyOptions } from './use-privacy.js';
import { mutationMayWrite } from './mutation-may-write.js';
import { LEGAL_OBLIGATION, type AuditedDecision } from './privacy-pass.js'; // every read under it is audited (P-81): never served from a cache
import type { FactsCache } from './facts-cache.js';
import type { PrivacyRequestContext } from './use-caller.js';

/** What happened to one request, for metrics and tests. */
export type PublicCacheEvent =
  /** Served from a stored response of the same privacy context (its audited reads recorded again). */
  | 'hit'
  /** Waited for an identical request of the same privacy context already running, and got its response. */
  | 'shared'
  /** Executed; its response was stored. */
  | 'stored'
  /** Executed; its response is not shareable (see {@link usePublicCache}). */
  | 'uncacheable'
  /** Not considered: a mutation, a context the options exclude, or no privacy context. */
  | 'bypass';

export interface PublicCacheOptions {
  /**
   * How long a stored response is served, in milliseconds. Only responses whose privacy decisions
   * did not depend on any person's row or facts are stored, so the TTL bounds how stale the
   * *data* can be (a price, a review's text), never a consent or another privacy fact.
   * @default 1000
   */
  ttlMs?: number;
  /**
   * Most responses kept; the oldest is dropped first.
   * @default 1000
   */
  maxEntries?: number;
  /**
   * Let identical requests of the same privacy context that arrive while one is executing wait for
   * its response instead of executing again (in-flight deduplication).
   * @default true
   */
  deduplicate?: boolean;
  /**
   * The longest a request waits for an identical one in flight before executing itself.
   * @default 5000
   */
  maxWaitMs?: number;
  /**
   * Which privacy contexts may share responses at all. The default admits callers without a
   * subject (`sub`), i.e. visitors: public data. Signed-in contexts are keyed on their `sub` too,
   * so widening this never crosses callers, but their responses may carry the caller's own records
   * read by a subgraph (`myConsents`), which change through the caller's own actions: a mutation
   * through this gateway clears the cache, any other writer is bounded by `ttlMs`.
   * @default (caller) => !caller.sub
   */
  shareable?: (context: PrivacyRequestContext) => boolean;
  /** The GraphQL endpoint whose POST requests are answered from the cache before any parsing. @default '/graphql' */
  graphqlEndpoint?: string;
  /**
   * The access audit (`usePrivacy`'s `onAudit`). With it, a response holding audited reads (a
   * minor's review on a product page, P-70) is stored with its entries, and every request served
   * from it records them again under its own request id before it is answered; an audit that
   * fails refuses that request (P-80). Without it such responses are not stored.
   */
  audit?: UsePrivacyOptions['onAudit'];
  /**
   * The facts cache whose change feeds decide how long a response may stay whose audited reads a
   * person's facts decided (whether the review's author is a minor): it is stored only while
   * every owner's feed is open, and served only until the next change any owner announces (P-11).
   * Without it such responses (any whose plan asks a row's subject) are not stored.
   */
  facts?: Pick<FactsCache, 'changes'>;
  /** Called once per request with what the cache did (for a hit: whether before parsing or at execution). */
  onEvent?: (event: PublicCacheEvent, where: 'request' | 'execution') => void;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

interface Entry {
  expires: number;
  /** The response as JSON text: every hit gets its own copy, nothing is shared by reference. */
  json: string;
  /** The audit entries its reads made (P-70): recorded again for every request it serves. */
  audit?: AuditedDecision[];
  /** When its audited reads came from a person's facts: the facts cache's change count it is valid at. */
  factsAt?: number;
  /** Its plan read rows or a person's row: every copy served is `no-store`, as the answer it copies (gateway/use-no-store.ts). */
  personal?: true;
}

/** A stored HTTP response, served as it was sent: status, headers and body bytes. Never one with audited reads. */
interface StoredResponse {
  expires: number;
  factsAt?: number;
  status: number;
  headers: [string, string][];
  body: string;
}

interface InFlight {
  since: number;
  promise: Promise<Entry | null>;
  resolve: (entry: Entry | null) => void;
}

interface Leader {
  key: string;
  /** The request's raw key (see `rawKeyOf`), when its response may be kept as it is sent. */
  rawKey: string | undefined;
  flight: InFlight | null;
  /** The write generation when this execution started: a write since makes its response unfit to keep. */
  generation: number;
  /** Decided from the executed document once the privacy plan replaced it; false until then. */
  cacheable: boolean;
  /** The executed document asks rows' subjects (for the audit's minors check): its response is valid at `factsAt` only. */
  readsFacts: boolean;
  /** The executed document reads rows or a person's row (`readsRows`, `readsPersons`). */
  personal: boolean;
  /** The facts cache's change count when this execution started (null: a feed is down, or no facts cache). */
  factsAt: number | null;
  /** The request's context: the privacy pass marks it when the response holds audited reads. */
  context: Record<symbol, unknown>;
}

/**
 * Privacy-aware response sharing for public data (opt-in): identical requests of the *same
 * privacy context* share one execution while it runs, and its response for `ttlMs` afterwards.
 *
 * The key holds every input of the privacy decision and of the subgraphs' answer: the whole
 * verified caller (role, `sub`, every binding — store, carrier, partner, project, provider, institution —,
 * case reference and auth time), the declared purpose, strict mode, the operation (its printed
 * document and name), the variables and the schema generation. Two requests that differ in any of
 * these never share a response (P-02, P-21, P-22, P-51).
 *
 * A response is stored only when sharing it cannot outlive a privacy fact:
 * - the privacy plan reads no row (`readsRows` in privacy-plan.ts): every decision in it was taken from
 *   (operation, role, purpose) alone, none from a row, a person's facts, a consent or the time, so
 *   a consent change governs the very next request as the facts loader promises (P-11);
 * - no selected field is sensitive and the purpose is not a legal obligation: those reads are
 *   audited one by one (P-80, P-81);
 * - the reads of a minor's data the pass recorded for the audit (P-70) are recorded again, under
 *   its own request id, for every request a stored copy serves (`audit`); and since a person's
 *   facts told who is a minor, a response whose plan asks rows' subjects is kept on the facts
 *   cache's terms (`facts`): stored while every owner's change feed is open, served until the
 *   next change one announces;
 * - it is a query, and it has no errors other than the policy's own `PRIVACY_BLOCKED` ones (a
 *   failing subgraph is never remembered).
 *
 * Two levels serve a stored response. A JSON POST identical to the one that stored it — the same
 * path and query string (`?purpose=`), the same headers (the exact `Authorization` token string,
 * `x-purpose`, `x-privacy-mode`, `Accept`, ...; framing and tracing headers aside) and the same
 * body — gets its bytes right after `useCaller` accepted it: the same token string verifies to the
 * same caller, and it verified again just now (an expired or revoked token never reaches the
 * cache). Any other request of the same privacy context is served at execution, keyed as above.
 *
 * A mutation through the gateway, or a POST to one of its rights routes (`/privacy/cancel-account`,
 * a retry), clears the whole cache, and a response computed while a mutation ran is not kept.
 * Place this plugin after `useCaller` (it reads the privacy context) and before `usePrivacy`: a
 * served response skips the privacy pass it already went through once (`createPrivacyGateway({
 * publicCache })` does this).
 *
 * Hand-written rather than the runtime's `responseCaching` (@graphql-mesh/plugin-response-cache):
 * that option installs its plugin before ours, so it would store a result before the privacy pass
 * ran; placed after `usePrivacy` by hand (session = the privacy context, `enabled` from the plan's
 * `decidedWithoutRows`), it served the storefront product page at 0.33× this cache's requests/s
 * (246 against 646; median of 8 interleaved 2 s rounds, 10 connections), with no in-flight sharing.
 */
export function usePublicCache(options: PublicCacheOptions = {}): GatewayPlugin {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 1000;
  const deduplicate = options.deduplicate ?? true;
  const maxWaitMs = options.maxWaitMs ?? 5000;
  const shareable = options.shareable ?? ((context: PrivacyRequestContext) => !context.caller.sub);
  const now = options.now ?? Date.now;
  const onEvent = options.onEvent ?? (() => {});
  const emit = (event: PublicCacheEvent, where: 'request' | 'execution' = 'execution') => onEvent(event, where);

  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const entries = new Map<string, Entry>();
  const responses = new Map<string, StoredResponse>();
  // Per request: the body read for the raw key (handed to Yoga's parser instead of the consumed stream) and the key.
  const bodies = new WeakMap<Request, string>();
  const rawKeys = new WeakMap<Request, string>();
  // Per request: the response to keep once it is sent (its leader's result was stored).
  const toKeep = new WeakMap<Request, { rawKey: string; generation: number; factsAt?: number }>();
  const inFlight = new Map<string, InFlight>();
  // Keys whose last execution could not be stored (a row-reading plan, a facts feed down), until
  // when: identical requests then execute at once instead of waiting for a leader whose response
  // they cannot take, which halved the requests/s of such a page.
  const unshareable = new Map<string, number>();
  // Per request: the executions this request leads (a batched request may carry several).
  const leaders = new WeakMap<Request, Leader[]>();
  const documentText = new WeakMap<DocumentNode, string>();
  const schemaIds = new WeakMap<GraphQLSchema, number>();
  const indexes = new WeakMap<GraphQLSchema, PrivacyIndex>();
  const executedShareable = new WeakMap<DocumentNode, ExecutedDocument>();
  let schemaCount = 0;
  // Bumped when a mutation starts and when it ends: a response computed across a write is not kept.
  let generation = 0;

  const schemaId = (schema: GraphQLSchema) => {
    let id = schemaIds.get(schema);
    if (id === undefined) schemaIds.set(schema, (id = ++schemaCount));
    return id;
  };
  const textOf = (document: DocumentNode) => {
    let text = documentText.get(document);
    if (text === undefined) documentText.set(document, (text = print(document)));
    return text;
  };
  const indexOf = (schema: GraphQLSchema) => {
    let index = indexes.get(schema);
    if (!index) indexes.set(schema, (index = readPrivacyIndex(schema)));
    return index;
  };
  const executedDocument = (schema: GraphQLSchema, executed: DocumentNode) => {
    let found = executedShareable.get(executed);
    if (found === undefined) executedShareable.set(executed, (found = readExecutedDocument(schema, indexOf(schema), executed)));
    return found;
  };
  /** Still servable: not expired, and no facts change since the facts that decided its audited reads. */
  const fresh = (entry: { expires: number; factsAt?: number }) =>
    entry.expires > now() && (entry.factsAt === undefined || options.facts?.changes() === entry.factsAt);
  /** A stored response for one more request: its audited reads recorded again first, or refused (P-80). */
  const serve = async (entry: Entry, context: PrivacyRequestContext & { request?: Request }): Promise<ExecutionResult> => {
    // Served here, the copy never reaches the execution useNoStore reads the plan from: it is told.
    if (entry.personal && context.request) markAnsweredFromPersons(context.request);
    if (entry.audit) {
      const request = { caller: context.caller, purpose: context.purpose, strict: context.strict, requestId: requestIdOf(context) };
      try {
        await options.audit!(entry.audit, request);
      } catch {
        return auditUnavailable();
      }
    }
    return JSON.parse(entry.json);
  };
  const store = <T>(map: Map<string, T>, key: string, value: T) => {
    map.delete(key);
    map.set(key, value);
    while (map.size > maxEntries) map.delete(map.keys().next().value as string);
  };
  const finish = (leader: Leader, entry: Entry | null) => {
    if (!leader.flight) return;
    if (inFlight.get(leader.key) === leader.flight) inFlight.delete(leader.key);
    leader.flight.resolve(entry);
    leader.flight = null;
  };
  /**
   * Whether a shareable response may be kept: its audited reads can be recorded again, and what
   * decided them (a person's facts) is still what the facts cache would serve, with its feeds open.
   */
  const keepable = (leader: Leader, audit: AuditedDecision[] | undefined) =>
    (!audit || options.audit !== undefined) &&
    (!leader.readsFacts || (leader.factsAt !== null && options.facts?.changes() === leader.factsAt));

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      // Runs after useCaller's onRequest: a request that reaches this point carries a valid token (or none).
      if (url.pathname !== endpoint || request.method !== 'POST' || !isJsonContent(request.headers.get('content-type'))) return;
      const body = await request.text();
      bodies.set(request, body);
      const rawKey = rawKeyOf(request, url, body);
      rawKeys.set(request, rawKey);
      const hit = responses.get(rawKey);
      if (!hit) return;
      if (!fresh(hit)) {
        responses.delete(rawKey);
        return;
      }
      emit('hit', 'request');
      endResponse(new fetchAPI.Response(hit.body, { status: hit.status, headers: hit.headers }));
    },
    onRequestParse({ request, requestParser, setRequestParser }) {
      // The body stream was read above: Yoga's own JSON parser gets the text instead.
      const body = bodies.get(request);
      if (body === undefined || !requestParser) return;
      const parse = requestParser;
      setRequestParser(() => parse({ method: request.method, url: request.url, headers: request.headers, text: async () => body, json: async () => JSON.parse(body) } as unknown as Request));
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as unknown as PrivacyRequestContext & { request?: Request };
      const operation = getOperationAST(args.document, args.operationName);
      // A mutation that can change nothing clears nothing (gateway/mutation-may-write.ts).
      if (operation?.operation === 'mutation' && !mutationMayWrite(args.document, args.operationName, context?.caller)) {
        emit('bypass');
        return;
      }
      if (operation?.operation === 'mutation') {
        // Whatever the mutation changes must show on the very next read, also to reads already running.
        const clear = () => {
          generation++;
          entries.clear();
          responses.clear();
        };
        clear();
        emit('bypass');
        return { onExecuteDone: clear };
      }
      if (!context?.caller || !context.request || operation?.operation !== 'query' || !shareable(context)) {
        emit('bypass');
        return;
      }
      const key = cacheKey(context, textOf(args.document), args.operationName, args.variableValues, schemaId(args.schema));
      if (key === null) {
        emit('bypass');
        return;
      }

      const entry = entries.get(key);
      if (entry) {
        if (fresh(entry)) {
          emit('hit');
          setResultAndStopExecution(await serve(entry, context));
          return;
        }
        entries.delete(key);
      }

      let flight: InFlight | null = null;
      const notShared = unshareable.get(key);
      if (deduplicate && !(notShared !== undefined && notShared > now())) {
        const running = inFlight.get(key);
        if (running && now() - running.since < maxWaitMs) {
          const shared = await Promise.race([running.promise, delay(maxWaitMs - (now() - running.since))]);
          if (shared) {
            emit('shared');
            setResultAndStopExecution(await serve(shared, context));
            return;
          }
          // Not shareable after all (or too slow): execute this one on its own.
        } else {
          let resolve!: (entry: Entry | null) => void;
          const promise = new Promise<Entry | null>((r) => (resolve = r));
          flight = { since: now(), promise, resolve };
          inFlight.set(key, flight);
        }
      }

      const leader: Leader = {
        key,
        rawKey: rawKeys.get(context.request),
        flight,
        generation,
        cacheable: false,
        readsFacts: false,
        personal: false,
        factsAt: options.facts?.changes() ?? null,
        context: context as unknown as Record<symbol, unknown>,
      };
      const list = leaders.get(context.request);
      if (list) list.push(leader);
      else leaders.set(context.request, [leader]);
      return {
        onExecuteDone({ args: done }) {
          // By now the privacy plugin has swapped in the executed document (its plan's).
          const executed = executedDocument(done.schema, done.document);
          leader.cacheable = context.purpose !== LEGAL_OBLIGATION && executed.shareable;
          leader.readsFacts = executed.readsSubjects;
          leader.personal = readsRows(done.document) || readsPersons(done.document);
        },
      };
    },
    onResultProcess({ request, result }) {
      const list = leaders.get(request);
      if (!list) return;
      leaders.delete(request);
      const single = list.length === 1 && isSingleResult(result) ? result : null;
      for (const leader of list) {
        let entry: Entry | null = null;
        const audit = leader.context[AUDITED_READS] as AuditedDecision[] | undefined;
        if (single && leader.cacheable && leader.generation === generation && onlyPolicyErrors(single) && keepable(leader, audit)) {
          entry = { expires: now() + ttlMs, json: JSON.stringify(single), ...(audit ? { audit } : {}), ...(leader.readsFacts ? { factsAt: leader.factsAt! } : {}), ...(leader.personal ? { personal: true as const } : {}) };
          store(entries, leader.key, entry);
          unshareable.delete(leader.key);
          // Bytes served before parsing skip the execution where audited reads are recorded again.
          if (leader.rawKey && !audit) toKeep.set(request, { rawKey: leader.rawKey, generation: leader.generation, factsAt: entry.factsAt });
          emit('stored');
        } else {
          store(unshareable, leader.key, now() + ttlMs);
          emit('uncacheable');
        }
        finish(leader, entry);
      }
    },
    async onResponse({ request, response }) {
      // A rights route wrote (a cancellation erased a member, P-62): as after a mutation, nothing computed before it is served.
      // Not after a refusal (4xx: a bad token, a body, a cancelled account), which wrote nothing: anyone could empty the cache with one.
      if (request.method === 'POST' && isRightsRoute(new URL(request.url).pathname) && !(response.status >= 400 && response.status < 500)) {
        generation++;
        entries.clear();
        responses.clear();
        return;
      }
      const keep = toKeep.get(request);
      if (!keep) return;
      toKeep.delete(request);
      if (keep.generation !== generation || response.status !== 200) return;
      const body = await response.clone().text();
      const headers: [string, string][] = [];
      response.headers.forEach((value, name) => headers.push([name, value]));
      if (keep.generation === generation) store(responses, keep.rawKey, { expires: now() + ttlMs, ...(keep.factsAt !== undefined ? { factsAt: keep.factsAt } : {}), status: response.status, headers, body });
    },
  } as GatewayPlugin;
}

/**
 * The cache key: every input of the privacy decision and of the answer. The caller goes in
 * whole, field by field in a fixed order, so a new claim added to `Caller` is keyed without a
 * change here. Null (not cached) for variables nested past {@link MAX_KEYED_DEPTH}.
 */
export function cacheKey(
  context: PrivacyRequestContext,
  document: string,
  operationName: string | null | undefined,
  variables: unknown,
  schemaGeneration: number,
): string | null {
  const keyedVariables = stableJson(variables ?? {});
  if (keyedVariables === null) return null;
  return JSON.stringify([
    callerKey(context.caller),
    context.purpose ?? null,
    context.strict === true,
    operationName ?? null,
    keyedVariables,
    schemaGeneration,
    document,
  ]);
}

function callerKey(caller: Caller): [string, unknown][] {
  return Object.keys(caller)
    .sort()
    .map((k) => [k, (caller as Record<string, unknown>)[k]] as [string, unknown])
    .filter(([, v]) => v !== undefined);
}

/** Variables nested deeper than this are keyed by nothing: the request bypasses the cache (5,000 levels overflowed the stack). */
const MAX_KEYED_DEPTH = 32;

/** Variables as one text whatever their keys' order; null past {@link MAX_KEYED_DEPTH} levels. */
function stableJson(value: unknown, depth = 0): string | null {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth >= MAX_KEYED_DEPTH) return null;
  const obj = value as Record<string, unknown>;
  const keys = Array.isArray(value) ? null : Object.keys(obj).sort().filter((k) => obj[k] !== undefined);
  const parts: string[] = [];
  for (const k of keys ?? (value as unknown[]).keys()) {
    const text = stableJson(obj[k as string], depth + 1);
    if (text === null) return null;
    parts.push(keys ? `${JSON.stringify(k)}:${text}` : text);
  }
  return keys ? `{${parts.join(',')}}` : `[${parts.join(',')}]`;
}

/** What the public cache needs to know of an executed document (see {@link readExecutedDocument}). */
export interface ExecutedDocument {
  /**
   * Its plan reads no row — so no decision depended on a row, a person's facts or the time —,
   * it selects no sensitive field (audited one by one, P-80), and it holds only queries.
   */
  shareable: boolean;
  /** It asks rows' subjects (`__pg_sid_*`), for the audit's minors check: a person's facts decide its audited reads. */
  readsSubjects: boolean;
}

/**
 * Reads an executed document for the public cache. Row inputs (`__pg_*` aliases other than the
 * audit's subject ids) also count as reading rows, should a document come from elsewhere.
 */
export function readExecutedDocument(schema: GraphQLSchema, index: PrivacyIndex, executed: DocumentNode): ExecutedDocument {
  if (readsRows(executed)) return { shareable: false, readsSubjects: true };
  let shareable = true;
  let readsSubjects = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    executed,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const alias = node.alias?.value;
        if (alias && isSubjectAlias(alias)) readsSubjects = true;
        else if (alias && alias.startsWith(INPUT_PREFIX) && alias !== TYPENAME_ALIAS) {
          shareable = false;
          return BREAK;
        }
        const parent = typeInfo.getParentType();
        const policy = parent ? index.get(parent.name)?.fields.get(node.name.value) : undefined;
        if (policy?.sensitive) {
          shareable = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return { shareable: shareable && executed.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query'), readsSubjects };
}

/** The gateway's own routes that change members' data outside GraphQL (gateway/rights/), the explorer's dry run aside. */
function isRightsRoute(path: string): boolean {
  return path.startsWith('/privacy/') && !path.startsWith('/privacy/explorer');
}

/** Headers that differ from request to request without changing the answer (framing, tracing). */
const UNKEYED_HEADERS = new Set(['content-length', 'connection', 'keep-alive', 'x-request-id', 'traceparent', 'tracestate']);

/**
 * A request as sent — path, query string, every header but framing and tracing ones, body — so
 * two requests with the same raw key are the same request: the same token string (which stands for
 * the caller it verifies to), purpose, strict mode, `Accept`, operation and variables, and
 * whatever header a future privacy input is read from.
 */
function rawKeyOf(request: Request, url: URL, body: string): string {
  const headers: string[] = [];
  request.headers.forEach((value, name) => {
    if (!UNKEYED_HEADERS.has(name.toLowerCase())) headers.push(`${name.toLowerCase()}:${value}`);
  });
  headers.sort();
  return JSON.stringify([url.pathname, url.search, headers, body]);
}

function isJsonContent(contentType: string | null): boolean {
  return Boolean(contentType && /^application\/json\s*(;|$)/i.test(contentType));
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return Boolean(result) && !Array.isArray(result) && typeof result === 'object' && typeof (result as any)[Symbol.asyncIterator] !== 'function';
}

/**
 * A response is remembered with no errors, or only the policy's own blocks, which are the same for
 * every request of the context; never a fail-closed refusal (P-82 facts or policy unavailable,
 * P-80 audit unavailable), which is about this moment, not about the context.
 */
function onlyPolicyErrors(result: ExecutionResult): boolean {
  if (result.data == null) return false;
  return (result.errors ?? []).every((e) => {
    const extensions = (e as { extensions?: { code?: unknown; rule?: unknown } }).extensions;
    return extensions?.code === ErrorCode.PRIVACY_BLOCKED && extensions.rule !== 'P-82' && extensions.rule !== 'P-80';
  });
}

function delay(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), Math.max(0, ms)).unref?.());
}

/**
 * `PUBLIC_CACHE=on` turns the public cache on for a gateway started from the scripts (`npm start`,
 * `npm run gateway`); off by default. Any other value is refused at start.
 */
export function publicCacheFromEnv(env: Record<string, string | undefined>): boolean {
  return onOffFromEnv(env, 'PUBLIC_CACHE');
}
