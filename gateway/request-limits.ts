import { positiveInteger } from './env-values.js';

/** The limits every request to the gateway is held to, whoever sends it (token or none). */
export interface RequestLimits {
  /** Tokens in the document (counted while parsing; the parse stops at the limit). */
  maxTokens: number;
  /** Nesting of fields; fragments add no level of their own. Introspection's `__schema` is not counted. */
  maxDepth: number;
  /** Aliases in the operation, fragments expanded (`__typename` is free). */
  maxAliases: number;
  /** Directives in the operation, fragments expanded. */
  maxDirectives: number;
  /** Fields any operation or fragment of the document expands to once fragments are spread. */
  maxFields: number;
  /** Cost of the operation: a field costs 1 plus its children's cost once per list item (gateway/cost-rule.ts). */
  maxCost: number;
  /** The list size the cost assumes for a list field without a `first`/`limit` argument or default. */
  defaultListSize: number;
  /** Bytes of a request body. */
  maxBodyBytes: number;
}

/**
 * Defaults sized on the storefront's own operations with room to spare. The largest of the 177 in
 * test/, the GraphiQL samples and the benchmark: 118 tokens, depth 5, 14 aliases, 1 directive,
 * 52 fields; cost 21,501 (the benchmark's store orders at 500 rows), 6,001 (a 1,000-row export).
 */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxTokens: 2000,
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 20,
  maxFields: 500,
  maxCost: 50_000,
  defaultListSize: 10,
  maxBodyBytes: 100_000,
};

/** The environment variable that sets each limit (README "Configuration"). */
export const REQUEST_LIMIT_ENV: Record<keyof RequestLimits, string> = {
  maxTokens: 'GATEWAY_MAX_TOKENS',
  maxDepth: 'GATEWAY_MAX_DEPTH',
  maxAliases: 'GATEWAY_MAX_ALIASES',
  maxDirectives: 'GATEWAY_MAX_DIRECTIVES',
  maxFields: 'GATEWAY_MAX_FIELDS',
  maxCost: 'GATEWAY_MAX_COST',
  defaultListSize: 'GATEWAY_DEFAULT_LIST_SIZE',
  maxBodyBytes: 'GATEWAY_MAX_BODY_BYTES',
};

/**
 * The limits in force: the defaults, overridden by the environment, overridden by `given`. A value
 * that is not a positive integer stops the gateway at start-up rather than running unlimited.
 */
export function resolveRequestLimits(given: Partial<RequestLimits> = {}, env: NodeJS.ProcessEnv = process.env): RequestLimits {
  const limits = { ...DEFAULT_REQUEST_LIMITS };
  for (const key of Object.keys(limits) as (keyof RequestLimits)[]) {
    const name = REQUEST_LIMIT_ENV[key];
    const raw = env[name];
    if (raw !== undefined && raw !== '') limits[key] = positiveInteger(raw.trim(), name);
    const value = given[key];
    if (value !== undefined) limits[key] = positiveInteger(String(value), `limits.${key}`);
  }
  return limits;
}
