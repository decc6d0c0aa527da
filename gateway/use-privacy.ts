import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { AudienceKeys } from '../directives/apply-decision.js';
import { readPrivacyIndex, type PrivacyIndex } from '../directives/annotations.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import { policyNow, type PolicyRef } from './policy-ref.js';
import { ErrorCode } from './error-codes.js';
import { serializeBlockedErrors } from './blocked-errors.js';
import { PLAN_APPLIED } from './use-privacy-guard.js';
import { compilePrivacyPlan, type PrivacyPlan } from './privacy-plan.js';
import { runPrivacyPass, type AuditKnownPerson, type AuditedDecision, type FactsByKindLoader, type KnownFacts, type PassResult } from './privacy-pass.js';
import type { PrivacyRequestContext } from './use-caller.js';
import { randomUUID } from 'node:crypto';
import { reservedAlias } from './reserved-aliases.js';
import { executingOperation, onlyOperation } from './executing-operation.js';
import { resolvedConditions } from './resolved-conditions.js';
import { subjectLookups } from './subject-lookups.js';
import { lookupByIdRefused } from '../directives/decide.js';
import { anchorErrors } from './error-anchors.js';
import { purposeHint } from './purpose-hint.js';
import { incrementalDelivery } from './incremental-delivery.js';
import { consentChangeWithOthers } from './consent-change-alone.js';
import type { PrivacyMetrics } from './privacy-metrics.js';
import { inSpan, SPAN } from './privacy-spans.js';
import { REFUSALS_RECORDED_AFTER_MS } from './audit/audit-log.js';
import { refusedActingFor } from './refused-acting-for.js';

/**
 * Set on a request's context to the entries the access audit recorded for its response (P-70,
 * P-80, P-81): a copy served again from a cache must record them again for its own request.
 */
export const AUDITED_READS = Symbol.for('privacy-gateway.audited-reads');


/**
 * The refusal of a response whose reads could not be audited (P-80, P-82): nothing of it leaves.
 * After a mutation ran, its change stands, and the refusal says so (a client told "refused" files again).
 */
export function auditUnavailable(mutationApplied = false): ExecutionResult {
  if (mutationApplied) {
    return { data: null, errors: [new GraphQLError('access audit unavailable: the change was made, but its answer could not be recorded and is refused', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-80', mutationApplied: true } })] };
  }
  return { data: null, errors: [new GraphQLError('access audit unavailable: request refused', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-80' } })] };
}

export interface UsePrivacyOptions {
  /** The policy, or a function answering the current one (a reloaded policy drops the cached plans). */
  policy: PolicyRef;
  loadFacts: FactsByKindLoader;
  /** Facts remembered from earlier requests (the facts cache's `peek`), asked before `loadFacts`. */
  knownFacts?: KnownFacts;
  /** Person facts remembered long enough for the audit's minors check (the facts cache's `peekForAudit`). */
  auditKnownPerson?: AuditKnownPerson;
  audienceKeys: AudienceKeys;
  /**
   * Receives the decisions on sensitive fields of each request (P-80), each naming its subject,
   * and under `essential.legal_obligation` the decisions on every field of every personal row read
   * (P-81); awaited before the response leaves, so a failing audit fails the request (P-82).
   */
  onAudit?: (entries: AuditedDecision[], request: PrivacyRequestContext & { requestId: string }) => Promise<void> | void;
  /** Counts decisions, P-82 refusals and plan cache hits (gateway/privacy-metrics.ts). */
  metrics?: PrivacyMetrics;
}

/**
 * The privacy layer as one gateway plugin. Before execution it swaps the operation for its privacy
 * plan's document (blocked fields removed, row inputs added); after execution it runs the privacy
 * pass over the result and adds `extensions.privacy`. Plans are cached per parsed document and
 * (role, purpose, case): the per-request work is only the walk over annotated, selected fields.
 */
export function usePrivacy(options: UsePrivacyOptions): GatewayPlugin {
  // Per schema (the supergraph's, a role contract's an introspection runs on, a reloaded one's): its
  // index, and per parsed document and (role, purpose, case) the plan (with each personal row's subject
  // id when the audit is on, P-80). Per schema, so that an introspection does not empty everyone's plans.
  const perSchema = new WeakMap<GraphQLSchema, { index: PrivacyIndex; plans: WeakMap<DocumentNode, Map<string, PrivacyPlan>>; policy: PolicyConfig | null }>();
  const cacheFor = (schema: GraphQLSchema) => {
    let cache = perSchema.get(schema);
    if (!cache) perSchema.set(schema, (cache = { index: readPrivacyIndex(schema), plans: new WeakMap(), policy: null }));
    return cache;
  };
  const indexFor = (schema: GraphQLSchema): PrivacyIndex => cacheFor(schema).index;
  const planFor = (schema: GraphQLSchema, document: DocumentNode, state: PrivacyRequestContext, policy: PolicyConfig): PrivacyPlan => {
    const cache = cacheFor(schema);
    // A plan decided under another policy is never served (gateway/policy-reload.ts).
    if (policy !== cache.policy) {
      cache.policy = policy;
      cache.plans = new WeakMap();
    }
    const { index, plans } = cache;
    const key = `${state.caller.role}|${state.purpose ?? ''}|${state.caller.caseRef ? 1 : 0}`;
    let byContext = plans.get(document);
    if (!byContext) plans.set(document, (byContext = new Map()));
    let compiled = byContext.get(key);
    options.metrics?.plan(compiled !== undefined);
    if (!compiled) {
      const ctx = { caller: state.caller, purpose: state.purpose, config: policy };
      compiled = compilePrivacyPlan(schema, index, document, ctx, { audit: Boolean(options.onAudit) });
      byContext.set(key, compiled);
    }
    return compiled;
  };

  return {
    // A subscription never reaches onExecute: the runtime subscribes it instead, and the schema has no subscription root. Refused here as a deferred part is (P-82).
    onSubscribe({ setResultAndStopExecution }) {
      options.metrics?.refused('incremental_delivery');
      setResultAndStopExecution({ errors: [new GraphQLError('a subscription is not served by the privacy gateway: the privacy pass decides complete results only', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } })] });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as any;
      const state = context as PrivacyRequestContext;
      const policy = policyNow(options.policy); // one policy for the whole request
      if (!state.caller) {
        // Fail closed: the caller plugin did not run for this request (P-82).
        options.metrics?.refused('context_missing');
        setResultAndStopExecution({ errors: [new GraphQLError('privacy context missing: request refused', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } })] });
        return;
      }
      // Everything below is about the operation that executes, not the document's first one.
      const sent = args.document; // the client's, fragments and all: the plan's replaces it below
      const requested = executingOperation(sent, args.operationName);
      // @skip and @include decided first: the plan sees exactly the fields that execute.
      const original = resolvedConditions(requested, args.variableValues);
      const operation = onlyOperation(original);
      if (!operation) {
        setResultAndStopExecution({ errors: [new GraphQLError(noOperation(args.operationName), { extensions: { code: 'BAD_USER_INPUT' } })] });
        return;
      }
      if (consentChangeWithOthers(operation, original)) {
        setResultAndStopExecution({ errors: [new GraphQLError('setConsent is sent alone (or with other setConsent fields): the answers of a document are decided on the consent state at its end, so a read beside a consent change would not be decided on the consent in force when it ran; nothing was changed', { extensions: { code: 'BAD_USER_INPUT', rule: 'P-11' } })] });
        return;
      }
      const incremental = incrementalDelivery(operation, original);
      if (incremental) {
        // The pass decides one complete result; parts delivered later would bypass it (P-82).
        options.metrics?.refused('incremental_delivery');
        setResultAndStopExecution({ errors: [new GraphQLError(`${incremental} is not served by the privacy gateway: the privacy pass decides complete results only`, { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } })] });
        return;
      }
      const reserved = reservedAlias(requested); // the client's own aliases, before any the gateway adds
      if (reserved) {
        setResultAndStopExecution({ errors: [new GraphQLError(reserved, { extensions: { code: 'BAD_USER_INPUT', rule: 'P-82' } })] });
        return;
      }
      // A probe refused whole is a decision on what it asked for (P-80): recorded by coordinate,
      // with no row read and so no subject, before the refusal leaves; not recorded, not answered.
      const refuseRecorded = (refused: ExecutionResult, entries: AuditedDecision[]): void | Promise<void> => {
        if (!options.onAudit || !entries.length) return setResultAndStopExecution(refused);
        return new Promise<void>((resolve) => resolve(options.onAudit!(entries, { ...state, requestId: requestIdOf(context) }))).then(
          () => setResultAndStopExecution(refused),
          (error) => {
            logged(context, 'access audit write failed', error);
            options.metrics?.refused('audit_failed');
            setResultAndStopExecution(auditUnavailable());
          },
        );
      };
      const lookup = lookupByIdRefused({ caller: state.caller, purpose: state.purpose, config: policy });
      if (lookup) {
        const lookups = subjectLookups(args.schema, indexFor(args.schema), original);
        if (lookups.length) {
          // A de-identified partner naming a person or a record by its key is a probe whatever it selects.
          const refused = { errors: [new GraphQLError(`${lookup.reason}: ${lookups.join(', ')}`, { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: lookup.rule, fields: lookups } })] };
          return refuseRecorded(refused, lookups.map((field) => ({ subject: null, path: field, field, outcome: 'block', rule: lookup.rule })));
        }
      }
      const plan = inSpan(SPAN.plan, undefined, () => planFor(args.schema, original, state, policy));
      if (state.strict && plan.blocksStatically) {
        const refused = refusal('a selected field is blocked for this caller and purpose', plan.staticBlocks.map((b) => ({ field: b.field, rule: b.decision.rule, reason: b.decision.reason, count: 1 })));
        const probed = plan.staticBlocks.filter((b) => b.sensitive);
        return refuseRecorded(refused, probed.map((b) => ({ subject: null, path: b.field, field: b.field, outcome: 'block', rule: b.decision.rule })));
      }
      context[PLAN_APPLIED] = true; // the shield guard on annotated fields lets them resolve (use-privacy-guard.ts)
      (args as { document: DocumentNode }).document = plan.document;
      const ctx = { caller: state.caller, purpose: state.purpose, config: policy };
      return {
        onExecuteDone({ result, setResult }) {
          if (!isSingleResult(result)) {
            // Fail closed: a stream would leave with no pass over its parts (P-82).
            options.metrics?.refused('incremental_delivery');
            setResult({ errors: [new GraphQLError('a streamed result is not served by the privacy gateway', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } })] });
            return;
          }
          // Fail closed: if the pass itself fails, nothing of the result leaves (P-82).
          const failed = (error: unknown) => {
            logged(context, 'privacy pass failed', error);
            options.metrics?.refused('pass_failed');
            setResult({ data: null, errors: [new GraphQLError('privacy policy could not be evaluated: request refused', { extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule: 'P-82' } })] });
          };
          const finish = (pass: PassResult): void | Promise<void> => {
            options.metrics?.pass(state.caller.role, pass.explanations);
            if (!options.onAudit) return respond(pass);
            // The decisions the pass applied, then the reads it recorded for the audit only, then another member's data asked for and refused.
            const probes = refusedActingFor(sent, operation, args.variableValues as Record<string, unknown> | undefined, result.errors as GraphQLError[] | undefined);
            const read = pass.auditReads.length || probes.length ? [...pass.audit, ...pass.auditReads, ...probes] : pass.audit;
            // Strict mode refuses the whole answer when a value would be blocked: nothing the pass
            // allowed leaves, so each is recorded as refused, under its own rule (the rule that
            // blocked another row would tell this row's member about that row's, a consent say).
            const entries = state.strict && pass.blocked > 0 ? refusedWhole(read) : read;
            if (!entries.length) return respond(pass);
            context[AUDITED_READS] = entries; // a copy served later records them again (gateway/use-public-cache.ts)
            const requestId = requestIdOf(context);
            const write = () => new Promise<void>((resolve) => resolve(options.onAudit!(entries, { ...state, requestId })));
            // An answer that released nothing of any row (every entry a refusal) does not wait for its
            // record, which is written once the answer is on its way: waiting, or writing first on this
            // event loop, made a lookup refused by the row's own data (a child's profile, a hidden
            // homepage) slower than one of an id nobody has, which answers the same null (P-34, P-70).
            if (entries.every((e) => e.outcome === 'block')) {
              setTimeout(() => void write().catch((error) => logged(context, 'access audit write failed', error)), REFUSALS_RECORDED_AFTER_MS);
              return respond(pass);
            }
            // A sink that throws, or rejects, refuses alike.
            return write().then(
              () => respond(pass),
              // Fail closed: what cannot be audited does not leave (P-80, P-82). The store's own words stay in the log.
              (error) => {
                logged(context, 'access audit write failed', error);
                options.metrics?.refused('audit_failed');
                setResult(auditUnavailable(operation.operation === 'mutation'));
              },
            );
          };
          const respond = (pass: PassResult) => {
            if (state.strict && pass.blocked > 0) {
              const blocked = pass.errors.map((e) => ({ field: e.extensions.field as string, rule: e.extensions.rule as string, reason: e.message, count: e.extensions.count as number }));
              // A mutation has run by now: its answer is withheld, its effect is not undone, and the client is told so.
              const applied = operation.operation === 'mutation' ? ' in the answer of a mutation that was applied (strict mode withholds the answer, not the change)' : '';
              setResult(refusal(`${pass.blocked} field value(s) would be blocked${applied}`, blocked, pass, applied ? { mutationApplied: true } : undefined));
              return;
            }
            const hint = purposeHint(state.caller.role, state.purpose, policy);
            // A mutation's answer that lost its row (its guardian link could not be checked, P-82): the change
            // was made, and a bare null would hide it, so the client is told, with the rule and nothing of the row.
            const withheld = operation.operation === 'mutation'
              ? pass.removedAtRoot.map(({ key, rule, reason }) => new GraphQLError(`the change was made; its answer is withheld: ${reason}`, { path: [key], extensions: { code: ErrorCode.PRIVACY_BLOCKED, rule, mutationApplied: true } }))
              : [];
            const explained = pass.errors.length > 0 || withheld.length > 0 || pass.explanations.length > 0 || hint !== undefined;
            if (!explained && !reanchor) return;
            const { errors: upstream, ...rest } = result;
            const blocked = reanchor ? pass.errors.flatMap((e) => (e.extensions?.paths as (string | number)[][] | undefined) ?? (e.path ? [e.path] : [])) : [];
            const errors = [...(reanchor ? reanchor(result.data, blocked) : (upstream ?? [])), ...pass.errors, ...withheld];
            setResult({
              ...rest,
              ...(errors.length ? { errors } : {}),
              ...(explained
                ? { extensions: { ...(result.extensions ?? {}), privacy: { purpose: state.purpose, role: state.caller.role, decisions: pass.explanations, ...(hint ? { hint } : {}) } } }
                : {}),
            });
          };
          // Errors of the execution under rows, anchored to them before the pass removes any (gateway/error-anchors.ts).
          const reanchor = anchorErrors(result.data, result.errors as GraphQLError[] | undefined);
          // Synchronous unless a facts lookup or the audit has to wait: no promise per request otherwise.
          let pass: PassResult | Promise<PassResult>;
          try {
            pass = inSpan(SPAN.pass, undefined, () => runPrivacyPass(plan, result.data as Record<string, unknown>, {
              ctx,
              loadFacts: options.loadFacts,
              knownFacts: options.knownFacts,
              auditKnownPerson: options.auditKnownPerson,
              audienceKeys: options.audienceKeys,
              audit: Boolean(options.onAudit),
            }));
          } catch (error) {
            failed(error);
            return;
          }
          if (pass instanceof Promise) return pass.then(finish, failed);
          return finish(pass);
        },
      };
    },
    onResultProcess({ result, setResult }) {
      const serialized = isSingleResult(result as ExecutionResult) ? serializeBlockedErrors(result as ExecutionResult) : null;
      if (serialized) setResult(serialized);
    },
  } as GatewayPlugin;
}

/** The audit entries of an answer strict mode refuses whole: every one a refusal. */
function refusedWhole(entries: AuditedDecision[]): AuditedDecision[] {
  return entries.map((e) => (e.outcome === 'block' ? e : { ...e, outcome: 'block' }));
}

/** Logs a failure the client is told about only in general terms, through the runtime's logger when it has one. */
function logged(context: any, what: string, error: unknown): void {
  const log = context?.log ?? context?.logger;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof log?.error === 'function') log.error(`${what}: ${message}`);
  else console.error(`${what}: ${message}`);
}

/** The request's id for the audit: the server's (gateway/use-request-id.ts), never a client's; else a fresh UUID. */
export function requestIdOf(context: any): string {
  if (typeof context.requestId === 'string' && context.requestId) return context.requestId;
  context.requestId = randomUUID();
  return context.requestId;
}

/** The executor's own message when the document does not name one operation to run (GraphQL spec, "GetOperation"). */
function noOperation(operationName: string | null | undefined): string {
  return operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return Boolean(result) && typeof (result as any)[Symbol.asyncIterator] !== 'function';
}

/**
 * Strict mode's answer: nothing of the data, one error naming the rule that blocked (the first
 * blocked field's) and, in `extensions.blocked`, every blocked field with its rule.
 */
function refusal(reason: string, blocked: { field: string; rule: string; reason: string; count: number }[], pass?: PassResult, extra: Record<string, unknown> = {}): ExecutionResult {
  const first = blocked[0];
  const message = `request refused in strict privacy mode: ${reason}${first ? ` (${first.field}: ${first.rule})` : ''}`;
  return {
    data: null,
    errors: [new GraphQLError(message, { extensions: { code: ErrorCode.PRIVACY_REFUSED, rule: first?.rule ?? 'P-83', blocked, ...extra } })],
    extensions: pass ? { privacy: { decisions: pass.explanations } } : undefined,
  };
}
