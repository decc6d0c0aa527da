import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createGraphQLError } from '@graphql-tools/utils';
import { errorResponse } from './error-codes.js';
import { bodyTooLarge, unsupportedMediaType } from './limit-errors.js';
import { readBodyUpTo } from '../schema/read-body-up-to.js';
import { nestsDeeperThan } from './json-depth.js';

export interface RequestBodyGuardOptions {
  /** The GraphQL endpoint, e.g. `/graphql`. */
  endpoint: string;
  /** Bytes a request body may have. */
  maxBodyBytes: number;
}

/**
 * Refuses, before any other plugin runs (token check included), what a GraphQL request body must not be:
 * - a POST to the endpoint that is not `application/json` (415). Forms (url-encoded, multipart) and
 *   `text/plain` are what a foreign page can make a browser send without asking (no CORS
 *   preflight), so refusing them is the CSRF defence; GET runs queries only (the runtime refuses
 *   mutations over GET) and a cross-site page cannot attach the bearer token;
 * - a GET whose `variables` or `extensions` parameter is not a JSON object (400; the runtime's
 *   own parsing of them fails as an internal error);
 * - a body over `maxBodyBytes` (413): by its `content-length` without reading it, and a body sent
 *   without one (chunked) is read up to the limit and no further;
 * - a GraphQL request whose JSON nests deeper than {@link MAX_JSON_DEPTH} levels (400), found
 *   before it is parsed.
 */
export function useRequestBodyGuard(options: RequestBodyGuardOptions): GatewayPlugin {
  const max = options.maxBodyBytes;
  return {
    async onRequest({ request, url, setRequest, endResponse, fetchAPI }) {
      const method = request.method.toUpperCase();
      if (method === 'GET' && url.pathname === options.endpoint) {
        const refused = badQueryParameter(url);
        return refused ? endResponse(refused) : undefined;
      }
      if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
      const contentType = request.headers.get('content-type');
      if (url.pathname === options.endpoint && method === 'POST' && mediaType(contentType) !== 'application/json') {
        return endResponse(unsupportedMediaType(contentType));
      }
      // A media type is case-insensitive (RFC 9110 §8.3.1) and may have spaces before its parameters;
      // the runtime reads only `application/json` written so, and answered `APPLICATION/JSON` or
      // `application/json ; charset=utf-8` with an empty 415.
      if (contentType !== null && mediaType(contentType) === 'application/json' && contentType.split(';')[0] !== 'application/json') {
        request.headers.set('content-type', `application/json${contentType.slice(contentType.split(';')[0]!.length)}`);
      }
      const length = request.headers.get('content-length');
      if (length !== null) {
        // Node's parser delivers exactly content-length bytes, so the header alone bounds the body.
        if (!/^\d+$/.test(length)) return endResponse(errorResponse(400, 'BAD_REQUEST', 'the content-length header is not a byte count'));
        if (Number(length) > max) return endResponse(bodyTooLarge(max));
      }
      if (length !== null || !request.body) return;
      const body = await readBodyUpTo(request.body, max);
      if (body === null) return endResponse(bodyTooLarge(max));
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }));
    },
    // The JSON body is read here, where the runtime parses it, and its nesting checked before
    // JSON.parse builds it: the Request stays the one the trace and the request id are kept by.
    onRequestParse({ request, setRequestParser }: any) {
      if (request.method !== 'POST' || mediaType(request.headers.get('content-type')) !== 'application/json') return;
      setRequestParser(async (req: Request) => {
        const text = await req.text();
        if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw badRequest(`the request's JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw badRequest('POST body sent invalid JSON.');
        }
        // As the runtime's own JSON parser answers (graphql-yoga's parsePOSTJsonRequest).
        if (body === null || typeof body !== 'object') throw badRequest(`POST body is expected to be object but received ${body === null ? 'null' : typeof body}`);
        return body;
      });
    },
  } as GatewayPlugin;
}

/**
 * How deep a GraphQL request's JSON may nest (its document is a string and does not count): far
 * more than any input type of the schema nests, far less than what stalls the process.
 */
const MAX_JSON_DEPTH = 64;

const tooDeep = () => errorResponse(400, 'BAD_REQUEST', `the request's JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
const badRequest = (message: string) => createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

/** The 400 for a GET whose `variables` or `extensions` is not a JSON object, or null when both are fine (or absent). */
function badQueryParameter(url: URL): Response | null {
  for (const name of ['variables', 'extensions']) {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === '') continue;
    if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) return tooDeep();
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) return errorResponse(400, 'BAD_REQUEST', `the ${name} query parameter must be a JSON object`);
  }
  return null;
}

/** `application/json` of `Application/JSON; charset=utf-8`. */
function mediaType(contentType: string | null): string | null {
  return contentType === null ? null : contentType.split(';')[0]!.trim().toLowerCase();
}
