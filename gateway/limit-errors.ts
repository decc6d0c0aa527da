import { GraphQLError, type ASTNode } from 'graphql';
import { errorResponse } from './error-codes.js';

/** Codes of the request-limit refusals (`extensions.code`); `extensions.limit` names the limit. */
export const LimitCode = {
  /** The operation is over a limit of its shape or cost. HTTP 400. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The request body is over the size limit. HTTP 413. */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** A POST that is not `application/json`. HTTP 415. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
} as const;

/** The limits on an operation's shape and cost. */
export type QueryLimit = 'tokens' | 'nesting' | 'depth' | 'aliases' | 'directives' | 'fields' | 'cost';

const WHAT: Record<QueryLimit, string> = {
  tokens: 'number of tokens in the document',
  nesting: 'nesting of brackets in the document',
  depth: 'depth of the operation',
  aliases: 'number of aliases in the operation',
  directives: 'number of directives in the operation',
  fields: 'number of fields the document expands to (fragments spread)',
  cost: 'cost of the operation (list fields count once per item)',
};

/**
 * The refusal of an operation over `limit`: the message and the extensions name the limit, its
 * maximum and what was found. HTTP 400 whatever the Accept header (the runtime answers validation
 * errors with 200 under `application/json` otherwise).
 */
export function queryTooComplex(limit: QueryLimit, max: number, found?: number, node?: ASTNode): GraphQLError {
  const message = found === undefined ? `the ${WHAT[limit]} exceeds the limit of ${max}` : `the ${WHAT[limit]} is ${found}, over the limit of ${max}`;
  return new GraphQLError(message, {
    nodes: node,
    extensions: { code: LimitCode.QUERY_TOO_COMPLEX, limit, max, ...(found === undefined ? {} : { found }), http: { status: 400, spec: false } },
  });
}

/** 413: the body is over `maxBytes`. */
export function bodyTooLarge(maxBytes: number): Response {
  return errorResponse(413, LimitCode.REQUEST_TOO_LARGE, `the request body exceeds the limit of ${maxBytes} bytes`, { limit: 'bodyBytes', max: maxBytes });
}

/** 415: a POST whose content type is not JSON. */
export function unsupportedMediaType(contentType: string | null): Response {
  return errorResponse(
    415,
    LimitCode.UNSUPPORTED_MEDIA_TYPE,
    `POST bodies must be application/json${contentType ? `, not ${contentType.split(';')[0]!.trim().slice(0, 100)}` : ' (no content-type was sent)'}; queries may also be sent with GET`,
  );
}
