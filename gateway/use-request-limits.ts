import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import { costLimitError } from './cost-rule.js';
import { largestExpansion } from './fragment-expansion.js';
import { unstorableStringError } from './unstorable-strings.js';
import { LimitCode, queryTooComplex, type QueryLimit } from './limit-errors.js';
import type { RequestLimits } from './request-limits.js';

export interface RequestLimitsPluginOptions {
  /**
   * Keep graphql-js's "Did you mean …?" hints in errors. Default: off (env
   * `GATEWAY_FIELD_SUGGESTIONS=true` turns them on): they are drawn from the whole client schema,
   * so they would name fields and types outside the caller's role contract, which introspection
   * and GraphiQL's completion are limited to.
   */
  fieldSuggestions?: boolean;
}

/**
 * The limits on an operation's shape and cost, each refusal before anything is fetched:
 * - brackets nested deeper than {@link MAX_NESTING}, before parsing: graphql-js parses a list or
 *   object value recursively, and a few thousand `[` overflow the stack before the token limit
 *   stops the parser (a 500 where a 400 is due);
 * - tokens, while parsing (graphql-armor): a huge document is not even parsed to the end;
 * - fields the document expands to, before validation (an `onValidate` hook whose `setResult`
 *   skips validation): graphql-js's OverlappingFieldsCanBeMerged takes time exponential in a
 *   document of fragments that each spread the next twice, so that must never reach it;
 * - depth, aliases and directives, as validation rules (graphql-armor), which throw on the first
 *   rule broken so the rest of validation does not run;
 * - cost, after validation with the request's variables (gateway/cost-rule.ts): `first: $n` is
 *   costed with the n sent, and validation results are cached per document, not per variables;
 * - no NUL character or lone surrogate in a string argument (gateway/unstorable-strings.ts).
 * Field suggestions are removed from errors unless turned on: they map the schema for a stranger.
 * Goes first among the plugins, so that no other plugin's execution hook runs on a refused operation.
 */
export function useRequestLimits(limits: RequestLimits, options: RequestLimitsPluginOptions = {}): GatewayPlugin {
  const fieldSuggestions = options.fieldSuggestions ?? process.env.GATEWAY_FIELD_SUGGESTIONS === 'true';
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
        // Armor's rule removes validation's suggestions; a variable's coercion suggests too (`Did you mean "nickname"?`).
        if (!fieldSuggestions) (error as { message: string }).message = withoutSuggestion(error.message);
      }
    },
    onParams({ params, setResult }) {
      const nesting = typeof params.query === 'string' ? bracketNesting(params.query, MAX_NESTING) : 0;
      if (nesting > MAX_NESTING) setResult({ errors: [queryTooComplex('nesting', MAX_NESTING)] });
    },
    onValidate({ params, setResult }) {
      const fields = largestExpansion(params.documentAST);
      if (fields > limits.maxFields) setResult([queryTooComplex('fields', limits.maxFields, fields)]);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const unstorable = unstorableStringError(args.document, args.variableValues);
      if (unstorable) return setResultAndStopExecution({ errors: [unstorable] });
      const tooCostly = costLimitError(args.schema, args.document, { maxCost: limits.maxCost, defaultListSize: limits.defaultListSize, variables: args.variableValues });
      if (tooCostly) setResultAndStopExecution({ errors: [tooCostly] });
    },
  } as GatewayPlugin;
}

/**
 * The message without graphql-js's hint at its end (` Did you mean "x"?`). Found by its last
 * occurrence, not a pattern: `\s*Did you mean` tried from every space of a 95 KB run took 5.7 s.
 */
function withoutSuggestion(message: string): string {
  if (!message.endsWith('?')) return message;
  const at = message.lastIndexOf(' Did you mean ');
  return at < 0 ? message : message.slice(0, at).trimEnd();
}

/**
 * Brackets (`{`, `[`, `(`) a document may nest: far above what the depth limit lets an operation
 * use (each field level opens a selection, its arguments and their lists), far below what
 * overflows the parser's stack.
 */
export const MAX_NESTING = 200;

/** How deep the brackets of `text` nest outside strings and comments, counted only up to `max + 1`. */
export function bracketNesting(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        i = end < 0 ? text.length : end + 2;
        continue;
      }
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x0a; i++) if (text.charCodeAt(i) === 0x5c /* backslash */) i++;
    } else if (c === 0x23 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > deepest && (deepest = depth) > max) return deepest;
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      depth--;
    }
  }
  return deepest;
}
