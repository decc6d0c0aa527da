import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, getOperationAST } from 'graphql';
import { maskError } from 'graphql-yoga';
import { scrub as scrubPersonalData } from '../directives/transforms/scrub.js';
import { boundedMessage } from './echoed-input.js';

/** Extensions the runtime adds to subgraph errors: the subgraph's URL and the signed request body. */
const UPSTREAM_EXTENSIONS = ['request', 'response', 'serviceName'];
/**
 * A URL or an address in an error message (e.g. a refused connection): a URL with any scheme, an
 * IPv4 or bracketed IPv6 address, a bare IPv6 address with `::`, a host name with a letter and a
 * port (`orders:4003`, `orders.svc.cluster.local:4003`), `localhost`; not a time (`12:10:08`), nor a
 * list position (`i[1]`: a bracketed IPv6 address holds a colon).
 */
const ADDRESS = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/\S+|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|\[[0-9a-f.]*:[0-9a-f:.]*\](?::\d+)?|(?<![\w:])(?:[0-9a-f]{1,4}:){0,6}:(?::?[0-9a-f]{1,4}){1,7}(?![\w:])|(?<![\w.:-])(?=[a-z0-9.-]*[a-z])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*:\d{2,5}(?![\d:.])|\blocalhost\b/gi;
/** A rule id as the policy writes it: a subgraph's `extensions.rule` is kept only in this form. */
const RULE_ID = /^P-\d{2}$/;

/** Codes a subgraph's resolvers write on purpose, in words meant for the client: their message is kept. */
const DELIBERATE_CODES = new Set(['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'SERVICE_UNAVAILABLE', 'TOO_MANY_OPEN_REQUESTS']);
/**
 * What no deliberate message holds, so a message holding it is not the subgraph's words but a
 * driver's or a stack's: a SQL statement, a source file, a stack frame, a database's error prefix.
 */
const NOT_A_MESSAGE = [
  /\b(?:select|insert|update|delete)\b[\s\S]*\b(?:from|into|set|where|values)\b|[\w.-]+\.(?:[cm]?[jt]s|sql|db|sqlite)\b|(?:^|\s)\/[\w.-]+\/|\n\s*at\s/i,
  /\b(?:SQLITE_[A-Z_]+|ER_[A-Z_]+|ECONN[A-Z]+|ETIMEDOUT|SQLSTATE|ERROR)\b/,
];
/** Extensions a subgraph's error keeps: what the client may branch on. */
const KEPT_EXTENSIONS = new Set(['code', 'rule']);
export const UPSTREAM_FAILURE_MESSAGE = 'a service behind the gateway failed to answer this field';
/**
 * The same on a mutation: a subgraph that did not answer in time may still make the change (its
 * signed request stays valid for a minute), so the member is not told it failed.
 */
export const UPSTREAM_FAILURE_ON_CHANGE = 'a service behind the gateway failed to answer this field: the change may or may not have been made; read it back before trying again';

/**
 * Errors about a subgraph tell the client what happened, never where the subgraph is nor what was
 * sent to it: the runtime attaches the upstream URL and request body (with its signature) to a
 * timeout error, and `maskedErrors` leaves GraphQL errors as they are. A subgraph's error
 * (the runtime marks it with `serviceName`) keeps its message only under a deliberate code: any
 * other text is not the gateway's to forward (a driver's SQL, a stack, a value).
 */
export function useUpstreamErrorScrub(): GatewayPlugin {
  const mutations = new WeakSet<Request>();
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request && getOperationAST(args.document, args.operationName)?.operation === 'mutation') mutations.add(request);
    },
    onResultProcess({ request, result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: unknown[] } | null)?.errors;
        if (Array.isArray(errors)) for (const error of errors) scrub(error as { message: string; extensions?: Record<string, unknown> }, mutations.has(request));
      }
    },
  } as GatewayPlugin;
}

/**
 * The runtime's masking (`maskedErrors`), with one change: a subgraph that could not be reached
 * (refused, reset, timed out: the runtime's `SUBREQUEST_HTTP_ERROR`, naming the subgraph) is
 * reported as the service failure it is, `DOWNSTREAM_SERVICE_ERROR`, not as the gateway's own
 * "Unexpected error.", which tells a member withdrawing a consent nothing. Its words (an address)
 * and the signed request it carries never leave.
 */
export function maskUpstreamError(error: unknown, message: string, isDev?: boolean): Error {
  const masked = maskError(error, message, isDev);
  // A subgraph's own GraphQL error is not masked (useUpstreamErrorScrub decides its words); what the runtime masks of a subgraph's is a failure to reach it.
  if (masked !== error && error instanceof GraphQLError && typeof error.extensions?.serviceName === 'string') {
    return new GraphQLError(UPSTREAM_FAILURE_MESSAGE, { nodes: error.nodes, path: error.path, extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
  }
  return masked;
}

function scrub(error: { message: string; extensions?: Record<string, unknown> }, change: boolean): void {
  // What the client sent and the message quotes back, bounded before any pattern reads it.
  if (typeof error.message === 'string') error.message = boundedMessage(error.message);
  const extensions = error.extensions;
  // The runtime marks a subgraph's error with `serviceName`; a copy it puts at another path of the same fetch carries only its code.
  if (extensions && ('serviceName' in extensions || extensions.code === 'DOWNSTREAM_SERVICE_ERROR')) {
    const code = typeof extensions.code === 'string' ? extensions.code : '';
    for (const key of Object.keys(extensions)) if (!KEPT_EXTENSIONS.has(key)) delete extensions[key];
    if (!DELIBERATE_CODES.has(code)) {
      error.message = change ? UPSTREAM_FAILURE_ON_CHANGE : UPSTREAM_FAILURE_MESSAGE;
      extensions.code = 'DOWNSTREAM_SERVICE_ERROR';
      delete extensions.rule;
      return;
    }
    // Kept in the subgraph's words, but never an address, nor a "rule" that is not a rule id.
    if (typeof extensions.rule !== 'string' || !RULE_ID.test(extensions.rule)) delete extensions.rule;
    // A deliberate code on words that are not a deliberate message (a driver's SQL, a path, a
    // phone or e-mail the scrubber finds) keeps its code and loses its words: the code is what a
    // client branches on, and the words may hold a value the caller may not read.
    const words = error.message.replace(ADDRESS, '[upstream]');
    error.message = NOT_A_MESSAGE.some((pattern) => pattern.test(words)) || scrubPersonalData(words) !== words ? UPSTREAM_FAILURE_MESSAGE : words;
    return;
  }
  // Where a request body did not parse, the parser's own error (its name and a slice of the body) adds nothing the message does not say.
  if (extensions && 'originalError' in extensions) delete extensions.originalError;
  // A request that is not well-formed (a body that is not JSON) is a 400 whatever the client
  // accepts: Yoga keeps 200 for `application/json` on errors it marks `spec`, which reads as answered.
  const http = extensions?.http as { spec?: boolean; status?: number } | undefined;
  if (http?.spec && http.status === 400 && extensions?.code === 'BAD_REQUEST') delete http.spec;
  if (extensions) for (const key of UPSTREAM_EXTENSIONS) if (key in extensions) delete extensions[key];
  if (extensions?.code === 'GATEWAY_TIMEOUT') error.message = 'a service behind the gateway did not answer in time';
  else error.message = error.message.replace(ADDRESS, '[upstream]');
}
