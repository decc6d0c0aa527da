import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { AudienceKeys } from '../directives/apply-decision.js';
import { readPrivacyIndex, type PrivacyIndex } from '../directives/annotations.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import { ErrorCode } from './error-codes.js';
import { PLAN_APPLIED } from './use-privacy-guard.js';
import { compilePrivacyPlan, type PrivacyPlan } from './privacy-plan.js';
import { runPrivacyPass, type AuditedDecision, type FactsByKindLoader, type PassResult } from './privacy-pass.js';
import type { PrivacyRequestContext } from './use-caller.js';
import { auditEntriesOf, selectsStaticSensitiveField, stripAuditAliases, withAuditSubjects } from './audit/audit-subjects.js';
import { randomUUID } from 'node:crypto';
import { reservedAlias } from './reserved-aliases.js';

export interface UsePrivacyOptions {
  policy: PolicyConfig;
  loadFacts: FactsByKindLoader;
  audienceKeys: AudienceKeys;
  /**
   * Receives the decisions on sensitive fields of each request (P-80), each naming its subject,
   * and under `essential.legal_obligation` the decisions on every field of every personal row read
   * (P-81); awaited before the response leaves, so a failing audit fails the request (P-82).
   */
  onAudit?: (entries: AuditedDecision[], request: PrivacyRequestContext & { requestId: string }) => Promise<void> | void;
}

/**
 * The privacy layer as one gateway plugin. Before execution it swaps the operation for its privacy
 * plan's document (blocked fields removed, row inputs added); after execution it runs the privacy
 * pass over the result and adds `extensions.privacy`. Plans are cached per parsed document and
 * (role, purpose, case): the per-request work is only the walk over annotated, selected fields.
 */
export function usePrivacy(options: UsePrivacyOptions): GatewayPlugin {
  let index: PrivacyIndex = new Map();
  let schemaSeen: GraphQLSchema | null = null;
  let plans = new WeakMap<DocumentNode, Map<string, PrivacyPlan>>();
  // The document actually executed: the plan's, plus each personal row's subject id for the audit (P-80).
  let executed = new WeakMap<PrivacyPlan, { document: DocumentNode; augmented: boolean; staticSensitive: boolean }>();
  const executedFor = (schema: GraphQLSchema, plan: PrivacyPlan, original: DocumentNode, state: PrivacyRequestContext) => {
    let found = executed.get(plan);
    if (!found) {
      found = options.onAudit
        ? { ...withAuditSubjects(schema, index, plan.document), staticSensitive: selectsStaticSensitiveField(schema, index, original, { caller: state.caller, purpose: state.purpose, config: options.policy }) }
        : { document: plan.document, augmented: false, staticSensitive: false };
      executed.set(plan, found);
    }
    return found;
  };

  const planFor = (schema: GraphQLSchema, document: DocumentNode, state: PrivacyRequestContext): PrivacyPlan => {
    if (schema !== schemaSeen) {
      schemaSeen = schema;
      index = readPrivacyIndex(schema);
      plans = new WeakMap();
      executed = new WeakMap();
    }
    const key = `${state.caller.role}|${state.purpose ?? ''}|${state.caller.caseRef ? 1 : 0}`;
    let byContext = plans.get(document);
    if (!byContext) plans.set(document, (byContext = new Map()));
    let plan = byContext.get(key);
    if (!plan) {
      plan = compilePrivacyPlan(schema, index, document, { caller: state.caller, purpose: state.purpose, config: options.policy });
      byContext.set(key, plan);
    }
    return plan;
  };

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as any;
      const state = context as PrivacyRequestContext;
      if (!state.caller) {
        // Fail closed: the caller plugin did not run for this request (P-82).
        setResultAndStopExecution({ errors: [new GraphQLError('privacy context missing: request refused', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } })] });
        return;
      }
      const original = args.document;
      const reserved = reservedAlias(original);
      if (reserved) {
        setResultAndStopExecution({ errors: [new GraphQLError(`the alias ${reserved} is reserved by the gateway`, { extensions: { code: 'BAD_USER_INPUT', rule: 'P-82' } })] });
        return;
      }
      const plan = planFor(args.schema, original, state);
      if (state.strict && plan.blocksStatically) {
        setResultAndStopExecution(refusal('a selected field is blocked for this caller and purpose'));
        return;
      }
      const run = executedFor(args.schema, plan, original, state);
      context[PLAN_APPLIED] = true; // the shield guard on annotated fields lets them resolve (use-privacy-guard.ts)
      (args as { document: DocumentNode }).document = run.document;
      return {
        async onExecuteDone({ result, setResult }) {
          if (!isSingleResult(result)) return;
          let pass: PassResult;
          try {
            pass = await runPrivacyPass(plan, result.data as Record<string, unknown>, {
              ctx: { caller: state.caller, purpose: state.purpose, config: options.policy },
              loadFacts: options.loadFacts,
              audienceKeys: options.audienceKeys,
            });
          } catch (error) {
            // Fail closed: if the pass itself fails, nothing of the result leaves (P-82).
            setResult({ data: null, errors: [new GraphQLError(`privacy policy could not be evaluated: ${(error as Error).message}`, { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } })] });
            return;
          }
          if (options.onAudit) {
            const entries = auditEntriesOf({
              schema: args.schema,
              index,
              document: original,
              data: result.data as Record<string, unknown>,
              passAudit: pass.audit,
              ctx: { caller: state.caller, purpose: state.purpose, config: options.policy },
              staticSensitive: run.staticSensitive,
            });
            if (entries.length) {
              const requestId = requestIdOf(context);
              try {
                await options.onAudit(entries, { ...state, requestId });
              } catch (error) {
                // Fail closed: what cannot be audited does not leave (P-80, P-82).
                setResult({ data: null, errors: [new GraphQLError(`access audit unavailable: request refused (${(error as Error).message})`, { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-80' } })] });
                return;
              }
            }
          } else if (run.augmented) stripAuditAliases(result.data);
          if (state.strict && pass.blocked > 0) {
            setResult(refusal(`${pass.blocked} field value(s) would be blocked`, pass));
            return;
          }
          if (!pass.errors.length && !pass.explanations.length) return;
          const errors = [...(result.errors ?? []), ...pass.errors];
          setResult({
            ...result,
            ...(errors.length ? { errors } : {}),
            extensions: {
              ...(result.extensions ?? {}),
              privacy: { purpose: state.purpose, role: state.caller.role, decisions: pass.explanations },
            },
          });
        },
      };
    },
  } as GatewayPlugin;
}

/** The request's id for the audit: a well-formed client `x-request-id`, else a fresh UUID (kept on the context). */
function requestIdOf(context: any): string {
  if (typeof context.requestId === 'string' && context.requestId) return context.requestId;
  const sent = context.request?.headers?.get?.('x-request-id');
  context.requestId = typeof sent === 'string' && /^[\w.:-]{1,128}$/.test(sent) ? sent : randomUUID();
  return context.requestId;
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return Boolean(result) && typeof (result as any)[Symbol.asyncIterator] !== 'function';
}

function refusal(reason: string, pass?: PassResult): ExecutionResult {
  return {
    data: null,
    errors: [new GraphQLError(`request refused in strict privacy mode: ${reason}`, { extensions: { code: ErrorCode.PRIVACY_REFUSED, rule: 'P-83' } })],
    extensions: pass ? { privacy: { decisions: pass.explanations } } : undefined,
  };
}
