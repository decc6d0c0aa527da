import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, rule } from 'graphql-shield';
import { readPrivacyIndex } from '../directives/annotations.js';
import { ErrorCode } from './error-codes.js';

/** Set on the request context by `usePrivacy` once the privacy plan replaced the operation. */
export const PLAN_APPLIED = Symbol.for('privacy-gateway.plan-applied');

/**
 * The shield rule every annotated field answers to: this request went through the privacy plan.
 * `contextual` cache: evaluated once per request, whatever the number of values it guards.
 */
export const privacyPlanApplied = rule('privacyPlanApplied', { cache: 'contextual' })(
  (_parent, _args, ctx: Record<symbol, unknown>) => ctx[PLAN_APPLIED] === true,
);

const SHIELD_OPTIONS = {
  debug: false,
  allowExternalErrors: false,
  fallbackRule: allow,
  fallbackError: () => new GraphQLError('privacy guard: the privacy plan was not applied to this request', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } }),
  // The rule reads only the context: every value of a request shares one cache entry.
  hashFunction: () => 'request',
};

/**
 * Defence in depth (P-82): graphql-shield guards every annotated field of the gateway schema, and
 * only those, so that if the privacy plugin were ever left out or ordered after execution, personal
 * fields would resolve to null with PRIVACY_BLOCKED instead of leaking. Shield's own generator would
 * wrap every field of every type (measured +48% CPU, DESIGN.md); here graphql-middleware receives a
 * field map of the annotated fields alone, and each evaluates the shield rule.
 */
export function usePrivacyGuard(): GatewayPlugin {
  const guarded = new WeakSet<GraphQLSchema>();
  return {
    onSchemaChange({ schema, replaceSchema }) {
      if (guarded.has(schema)) return;
      const middleware: Record<string, Record<string, typeof guard>> = {};
      for (const typePolicy of readPrivacyIndex(schema).values()) {
        for (const field of typePolicy.fields.values()) {
          // Implicit subject ids are federation keys; the gateway's own planning reads them.
          if (!field.implicit) (middleware[typePolicy.typeName] ??= {})[field.fieldName] = guard;
        }
      }
      const next = applyMiddleware(schema, middleware);
      guarded.add(next);
      replaceSchema(next);
    },
  } as GatewayPlugin;
}

/** The request's verdict, once the shield rule has been evaluated for it. */
const VERDICT = Symbol.for('privacy-gateway.guard-verdict');

/**
 * Evaluates the shield rule on the request's first annotated value and keeps the verdict on the
 * context: every other value of the request is checked synchronously. A per-value async
 * middleware cost 3–4× CPU on a 1,000-row export (bench/RESULTS.md); this costs one call.
 */
function guard(resolve: (...a: any[]) => unknown, parent: unknown, args: Record<string, unknown>, ctx: any, info: any): unknown {
  const verdict = ctx[VERDICT];
  if (verdict === true) return resolve(parent, args, ctx, info);
  if (verdict === false) return SHIELD_OPTIONS.fallbackError();
  ctx._shield ??= { cache: {} };
  return privacyPlanApplied.resolve(parent as object, args, ctx, info, SHIELD_OPTIONS as any).then((allowed) => {
    ctx[VERDICT] = allowed === true;
    return allowed === true ? resolve(parent, args, ctx, info) : SHIELD_OPTIONS.fallbackError();
  });
}
