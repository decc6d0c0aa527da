import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import { costLimitError } from './cost-rule.js';
import { largestExpansion } from './fragment-expansion.js';
import { nulCharacterError } from './nul-characters.js';
import { LimitCode, queryTooComplex, type QueryLimit } from './limit-errors.js';
import type { RequestLimits } from './request-limits.js';

export interface RequestLimitsPluginOptions {
  /** Keep graphql-js's "Did you mean …?" hints in errors. Default: only outside production. */
  fieldSuggestions?: boolean;
}

/**
 * The limits on an operation's shape and cost, each refusal before anything is fetched:
 * - tokens, while parsing (graphql-armor): a huge document is not even parsed to the end;
 * - fields the document expands to, before validation (an `onValidate` hook whose `setResult`
 *   skips validation): graphql-js's OverlappingFieldsCanBeMerged takes time exponential in a
 *   document of fragments that each spread the next twice, so that must never reach it;
 * - depth, aliases and directives, as validation rules (graphql-armor), which throw on the first
 *   rule broken so the rest of validation does not run;
 * - cost, after validation with the request's variables (gateway/cost-rule.ts): `first: $n` is
 *   costed with the n sent, and validation results are cached per document, not per variables;
 * - no NUL character in a string argument (gateway/nul-characters.ts).
 * Field suggestions are removed from errors in production: they map the schema for a stranger.
 * Goes first among the plugins, so that no other plugin's execution hook runs on a refused operation.
 */
export function useRequestLimits(limits: RequestLimits, options: RequestLimitsPluginOptions = {}): GatewayPlugin {
  const fieldSuggestions = options.fieldSuggestions ?? process.env.NODE_ENV !== 'production';
  // Armor reports a broken limit as a "Syntax Error" without a code; ours names the limit and the value.
  const refuse =
    (limit: QueryLimit, max: number) =>
    (_context: unknown, error: GraphQLError): never => {
      const found = /found (\d+)/.exec(error.message)?.[1];
      throw queryTooComplex(limit, max, found === undefined ? undefined : Number(found));
    };
  const armor = new EnvelopArmor({
    maxTokens: { n: limits.maxTokens, onReject: [refuse('tokens', limits.maxTokens)] },
    maxDepth: { n: limits.maxDepth, flattenFragments: true, onReject: [refuse('depth', limits.maxDepth)] },
    maxAliases: { n: limits.maxAliases, onReject: [refuse('aliases', limits.maxAliases)] },
    maxDirectives: { n: limits.maxDirectives, onReject: [refuse('directives', limits.maxDirectives)] },
    // Armor's cost does not grow with list sizes; gateway/cost-rule.ts does.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !fieldSuggestions, mask: '' },
  }).protect();

  return {
    onPluginInit({ addPlugin }) {
      for (const plugin of armor.plugins) addPlugin(plugin as Parameters<typeof addPlugin>[0]);
    },
    onResultProcess({ result }) {
      // The runtime marks parse errors as the spec's (HTTP 200 under `application/json`); ours are 400s.
      for (const error of ('errors' in result && Array.isArray(result.errors) ? result.errors : []) as GraphQLError[]) {
        const http = error.extensions?.code === LimitCode.QUERY_TOO_COMPLEX ? (error.extensions.http as { spec?: boolean } | undefined) : undefined;
        if (http) http.spec = false;
      }
    },
    onValidate({ params, setResult }) {
      const fields = largestExpansion(params.documentAST);
      if (fields > limits.maxFields) setResult([queryTooComplex('fields', limits.maxFields, fields)]);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const nul = nulCharacterError(args.document, args.variableValues);
      if (nul) return setResultAndStopExecution({ errors: [nul] });
      const tooCostly = costLimitError(args.schema, args.document, { maxCost: limits.maxCost, defaultListSize: limits.defaultListSize, variables: args.variableValues });
      if (tooCostly) setResultAndStopExecution({ errors: [tooCostly] });
    },
  } as GatewayPlugin;
}
