import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { verifyCallerEnvelope } from '../schema/caller-envelope.js';

/**
 * Executes only what the gateway signed: the request's HMAC must cover its query, variables and
 * caller envelope and be fresh (schema/caller-envelope.ts), else 401 before anything is parsed or
 * read. `x-caller-*` headers are refused outright: the gateway never sends them, so one is forged.
 * Not `useHmacSignatureValidation` of @graphql-mesh/hmac-upstream-signature: it signs the query and
 * variables only (not the caller) and fails with a plain Error, which is not a 401.
 */
export function useGatewaySignature(secret: string, now: () => number = Date.now): Plugin {
  return {
    onParams({ params, request }) {
      for (const name of request.headers.keys()) if (name.startsWith('x-caller-')) throw unauthorized(`header ${name} is not accepted; the caller travels signed`);
      const verified = verifyCallerEnvelope(secret, params as any, now());
      if ('refused' in verified) throw unauthorized(verified.refused);
    },
  };
}

function unauthorized(message: string) {
  return createGraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
