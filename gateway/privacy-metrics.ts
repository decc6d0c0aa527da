import { Counter, Histogram, Registry } from 'prom-client';
import type { ExplainedDecision } from './privacy-pass.js';

/** Why a value or a request was withheld under P-82 (fail closed): an enumeration, never a value. */
export type BlockCause =
  | 'facts_unavailable'
  | 'not_annotated'
  | 'transform_failed'
  | 'policy_error'
  | 'pass_failed'
  | 'audit_failed'
  | 'context_missing'
  | 'incremental_delivery';

/**
 * The privacy layer's own metrics, on the registry `/metrics` serves beside the runtime's. Every
 * label is an enumeration (role, outcome, rule id, facts owner, cause, result): no label ever
 * carries a value read, a subject, a caller or a field path. Counts are added per request (one
 * `inc` per explained decision group), not per value.
 */
export class PrivacyMetrics {
  private readonly decisions: Counter<'outcome' | 'rule' | 'role'>;
  private readonly blocks: Counter<'cause'>;
  private readonly factsLookups: Counter<'owner' | 'result'>;
  private readonly factsDuration: Histogram<'owner'>;
  private readonly auditAppends: Counter<'result'>;
  private readonly auditDuration: Histogram;
  private readonly auditBatch: Histogram;
  private readonly planCache: Counter<'result'>;
  private readonly auditCommits: Counter<'result'>;
  private readonly auditCommitRequests: Histogram;

  constructor(readonly registry: Registry = new Registry()) {
    const registers = [registry];
    this.decisions = new Counter({ name: 'privacy_decisions_total', help: 'Values masked, transformed, replaced or blocked by the privacy pass, by outcome, rule and role (allowed values are not counted)', labelNames: ['outcome', 'rule', 'role'], registers });
    this.blocks = new Counter({ name: 'privacy_p82_blocks_total', help: 'Values or requests withheld because the policy could not be applied (P-82, fail closed), by cause', labelNames: ['cause'], registers });
    this.factsLookups = new Counter({ name: 'privacy_facts_lookups_total', help: 'Facts lookups to their owning subgraph, by owner and result (ok, failed, timeout)', labelNames: ['owner', 'result'], registers });
    this.factsDuration = new Histogram({ name: 'privacy_facts_lookup_duration_seconds', help: 'Time of one facts lookup, by owner', labelNames: ['owner'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers });
    this.auditAppends = new Counter({ name: 'privacy_audit_appends_total', help: 'Access-audit batches appended (one per audited request), by result (ok, failed)', labelNames: ['result'], registers });
    this.auditDuration = new Histogram({ name: 'privacy_audit_append_duration_seconds', help: 'Time until an access-audit batch is durable', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers });
    this.auditBatch = new Histogram({ name: 'privacy_audit_batch_entries', help: 'Entries in one access-audit batch', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000], registers });
    this.auditCommits = new Counter({ name: 'privacy_audit_commits_total', help: 'Access-audit transactions (each holds the batches of the requests that arrived while the previous one ran), by result (ok, failed)', labelNames: ['result'], registers });
    this.auditCommitRequests = new Histogram({ name: 'privacy_audit_commit_requests', help: 'Requests whose access-audit batches one transaction committed together (group commit)', buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers });
    this.planCache = new Counter({ name: 'privacy_plan_cache_total', help: 'Privacy plan lookups, by result (hit, miss)', labelNames: ['result'], registers });
    // Series exist from the start (at 0), so a rate is defined before the first event.
    this.planCache.inc({ result: 'hit' }, 0);
    this.planCache.inc({ result: 'miss' }, 0);
    this.auditAppends.inc({ result: 'ok' }, 0);
    this.auditAppends.inc({ result: 'failed' }, 0);
    this.auditCommits.inc({ result: 'ok' }, 0);
    this.auditCommits.inc({ result: 'failed' }, 0);
  }

  /** One request's privacy pass: its explained decisions (already grouped per field, outcome and rule). */
  pass(role: string, explanations: readonly ExplainedDecision[]): void {
    for (const e of explanations) {
      this.decisions.inc({ outcome: e.outcome, rule: e.rule, role }, e.count);
      if (e.rule === 'P-82' && e.outcome === 'block') this.blocks.inc({ cause: causeOf(e.reason) }, e.count);
    }
  }

  /** A whole request refused under P-82 (or P-80 for the audit), before or after execution. */
  refused(cause: BlockCause): void {
    this.blocks.inc({ cause });
  }

  factsLookup(owner: string, seconds: number, result: 'ok' | 'failed' | 'timeout'): void {
    this.factsLookups.inc({ owner, result });
    this.factsDuration.observe({ owner }, seconds);
  }

  auditAppend(seconds: number, entries: number, ok: boolean): void {
    this.auditAppends.inc({ result: ok ? 'ok' : 'failed' });
    this.auditDuration.observe(seconds);
    this.auditBatch.observe(entries);
  }

  /** One access-audit transaction and the number of requests it committed for. */
  auditCommit(requests: number, ok: boolean): void {
    this.auditCommits.inc({ result: ok ? 'ok' : 'failed' });
    this.auditCommitRequests.observe(requests);
  }

  plan(hit: boolean): void {
    this.planCache.inc({ result: hit ? 'hit' : 'miss' });
  }
}

/** The cause of a P-82 decision, from the fixed reasons of directives/decide.ts and the pass. */
function causeOf(reason: string): BlockCause {
  if (reason.includes('could not be checked')) return 'facts_unavailable';
  if (reason.startsWith('not annotated')) return 'not_annotated';
  if (reason.includes('transform could not run')) return 'transform_failed';
  return 'policy_error';
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
