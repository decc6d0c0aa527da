import type { Plugin } from 'graphql-yoga';
import { readBodyUpTo } from '../schema/read-body-up-to.js';

/**
 * Refuses a request body over `maxBytes` with 413 before it is parsed, and so before its signature
 * is checked: by its `content-length` without reading it, and a body sent without one (chunked) is
 * read up to the limit and no further (as the gateway's own body guard does). An unsigned caller
 * then costs the subgraph at most `maxBytes` of reading, never a parse or a hash of more.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    // Not async: a hook that defers lets the server's adapter start the body without it (an empty body, 400); only a body without a length is awaited.
    onRequest({ request, setRequest, endResponse, fetchAPI }) {
      const method = request.method.toUpperCase();
      if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
      const length = request.headers.get('content-length');
      if (length !== null) {
        // Node's parser delivers exactly content-length bytes, so the header alone bounds the body.
        if (!/^\d+$/.test(length)) return endResponse(refusal(fetchAPI, 400, 'BAD_REQUEST', 'the content-length header is not a byte count'));
        if (Number(length) > maxBytes) return endResponse(tooLarge(fetchAPI, maxBytes));
        return;
      }
      if (!request.body) return;
      return readBodyUpTo(request.body, maxBytes).then((body) => {
        if (body === null) return endResponse(tooLarge(fetchAPI, maxBytes));
        setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }));
      });
    },
  };
}

/** 413 in the gateway's words (`REQUEST_TOO_LARGE`, gateway/limit-errors.ts). */
function tooLarge(fetchAPI: { Response: typeof Response }, maxBytes: number): Response {
  return refusal(fetchAPI, 413, 'REQUEST_TOO_LARGE', `the request body exceeds the limit of ${maxBytes} bytes`, { limit: 'bodyBytes', max: maxBytes });
}

/** A refusal before the body is read; the connection closes, so the unread rest is not read either. */
function refusal(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
  });
}
