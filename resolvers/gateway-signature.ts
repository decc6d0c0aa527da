import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { Kind, type DocumentNode } from 'graphql';
import { CALLER_EXTENSION, MAX_SIGNATURE_AGE_MS, SIGNATURE_EXTENSION, verifyCallerEnvelope, type CallerEnvelope } from '../schema/caller-envelope.js';
import { FirstUse } from '../schema/first-use.js';

/**
 * Executes only what the gateway signed: the request's HMAC must cover its query, variables and
 * caller envelope and be fresh (schema/caller-envelope.ts), else 401 before anything is parsed or
 * read. `x-caller-*` headers are refused outright: the gateway never sends them, so one is forged.
 * Not `useHmacSignatureValidation` of @graphql-mesh/hmac-upstream-signature: it signs the query and
 * variables only (not the caller) and fails with a plain Error, which is not a 401.
 */
export function useGatewaySignature(secret: string, subgraphName: string, now: () => number = Date.now): Plugin {
  // A signed mutation runs once: its envelope's nonce makes its signature unique (schema/caller-envelope.ts).
  const firstUse = new FirstUse(MAX_SIGNATURE_AGE_MS, now());
  return {
    onParams({ params, request }) {
      for (const name of request.headers.keys()) if (name.startsWith('x-caller-')) throw unauthorized(`header ${name} is not accepted; the caller travels signed`);
      const at = now();
      const verified = verifyCallerEnvelope(secret, subgraphName, params as any, at);
      if ('refused' in verified) throw unauthorized(verified.refused);
      if (verified.nonce !== null && !firstUse.claim(String(params.extensions![SIGNATURE_EXTENSION]), verified.signedAt, at)) throw unauthorized('the request was already received, or signed before this subgraph started: a signed request with a nonce runs once');
    },
    onParse({ context }) {
      return ({ result }) => {
        // The gateway sends one operation per request; the signature does not cover `operationName`,
        // so a document of several would let a captured request run another of them.
        if (isDocument(result) && result.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length > 1) {
          throw unauthorized('a signed request holds one operation');
        }
        const nonce = ((context as any).params?.extensions?.[CALLER_EXTENSION] as CallerEnvelope | undefined)?.nonce;
        if (nonce == null && isDocument(result) && result.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation')) {
          throw unauthorized('a mutation must carry a nonce in its signed envelope');
        }
      };
    },
  };
}

const isDocument = (value: unknown): value is DocumentNode => Boolean(value) && (value as DocumentNode).kind === Kind.DOCUMENT;

function unauthorized(message: string) {
  return createGraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
