import { isDeepStrictEqual } from 'node:util';
import type { TargetId } from './targets.js';

/**
 * The answer checks run before any load: every target must return the same data as the plain
 * gateway, and the privacy gateway may differ from it only where the policy says, in the way it
 * says (masked, blocked with a PRIVACY_BLOCKED error at that path, pseudonymized, generalized,
 * scrubbed). A block on a value stored as null withholds nothing and is accepted.
 */
export type Outcome = 'mask' | 'block' | 'pseudonymize' | 'generalize' | 'scrub' | 'other';

export interface PolicyExpectation {
  /** For each leaf field name, the outcomes the policy may give it for this persona. */
  allowed: Record<string, Outcome[]>;
  /** Leaf fields that must never reach this persona as they are stored (whenever stored non-null). */
  mustChange: string[];
}

/** What the policy says for each benchmark operation's persona (POLICY.md rules in the comments). */
export const EXPECTATIONS: Record<string, PolicyExpectation> = {
  // P-02, P-30, P-33: public product data, public review text and Q&A; nothing withheld.
  'product-page': { allowed: {}, mustChange: [] },
  'product-reviews': { allowed: {}, mustChange: [] },
  // P-01: the buyer reads all of their own orders; P-24: the card only as its last four digits.
  'order-history': { allowed: { cardLast4: ['mask'] }, mustChange: ['cardLast4'] },
  // P-21: the store's own orders, phone masked, the buyer's note scrubbed; P-23: cross-border
  // delivery data and the invoice header masked with the buyer's consent, blocked without it, and
  // a cross-border order's note blocked without it (it may name the consignee).
  'store-orders': {
    allowed: { consigneePhone: ['mask', 'block'], consigneeName: ['mask', 'block'], deliveryAddress: ['block'], invoiceHeader: ['mask', 'block'], note: ['scrub', 'block'] },
    mustChange: ['consigneePhone'],
  },
  // P-22: a carrier's own shipments in the delivery window; P-23 as above.
  manifest: {
    allowed: { consigneePhone: ['mask', 'block'], consigneeName: ['mask', 'block'], address: ['block'] },
    mustChange: [],
  },
  // P-51: member and device ids pseudonymized per partner, IP addresses generalized, times cut to their day; a child's event keeps nothing personal (P-70).
  'analyst-export': {
    // The event's own id is an operations identifier: an analyst gets it pseudonymized too, so events cannot be joined back.
    allowed: { id: ['pseudonymize'], memberId: ['pseudonymize', 'block'], deviceId: ['pseudonymize', 'block'], ip: ['generalize', 'block'], productId: ['block'], at: ['generalize', 'block'] },
    mustChange: ['id', 'memberId', 'deviceId', 'ip', 'at'],
  },
};

export interface AnswerBody {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export interface CheckResult {
  operation: string;
  target: TargetId;
  ok: boolean;
  /** What differs from the plain gateway, e.g. `consigneePhone: mask 44, block 5`. */
  summary: string;
  problems: string[];
}

/** A target without privacy (direct subgraph, Apollo) must answer exactly the plain gateway's data, without errors. */
export function checkSameData(operation: string, target: TargetId, reference: AnswerBody, answer: AnswerBody): CheckResult {
  const problems: string[] = [];
  if (answer.errors?.length) problems.push(`errors: ${answer.errors.slice(0, 2).map((e) => e.message).join('; ')}`);
  if (reference.errors?.length) problems.push(`the plain gateway answered with errors: ${reference.errors[0]!.message}`);
  if (!isDeepStrictEqual(answer.data, reference.data)) problems.push(`data differs from the plain gateway's: ${firstDifference(reference.data, answer.data)}`);
  if (answer.data == null) problems.push('no data');
  return { operation, target, ok: problems.length === 0, summary: problems.length ? '' : 'same data as the plain gateway', problems };
}

/** The privacy gateway's answer against the plain gateway's, judged by the operation's expectation. */
export function checkPrivacyAnswer(operation: string, target: TargetId, plain: AnswerBody, answer: AnswerBody): CheckResult {
  const expectation = EXPECTATIONS[operation.split('@')[0]!];
  const problems: string[] = [];
  if (!expectation) return { operation, target, ok: false, summary: '', problems: [`no expectation for ${operation}`] };
  const blocked = new Set<string>();
  for (const error of answer.errors ?? []) {
    if (error.extensions?.code !== 'PRIVACY_BLOCKED') problems.push(`unexpected error: ${error.message}`);
    else {
      // One error per field pattern and decision: `path` is the first value it nulled,
      // `extensions.paths` lists them all.
      const paths = (error.extensions.paths as (string | number)[][] | undefined) ?? (error.path ? [error.path] : []);
      for (const path of paths) blocked.add(path.join('.'));
    }
  }
  const tally = new Map<string, number>();
  const changed = new Set<string>();
  const storedNull = new Set<string>();
  walk(plain.data, answer.data, [], (path, leaf, before, after) => {
    if (isDeepStrictEqual(before, after)) {
      if (before != null && expectation.mustChange.includes(leaf)) problems.push(`${path}: ${leaf} reached the caller as stored`);
      if (before === null) storedNull.add(path);
      return;
    }
    const outcome = classify(before, after, blocked.has(path));
    const key = `${leaf}: ${outcome}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    changed.add(path);
    if (!(expectation.allowed[leaf] ?? []).includes(outcome)) problems.push(`${path}: ${leaf} ${outcome} is not what the policy says (${JSON.stringify(before)} → ${JSON.stringify(after)})`);
  }, problems);
  for (const path of blocked) if (!changed.has(path) && !storedNull.has(path)) problems.push(`${path}: a PRIVACY_BLOCKED error for a value that was not withheld`);
  const summary = tally.size ? [...tally].map(([k, n]) => `${k} ${n}`).join(', ') : 'same data as the plain gateway';
  return { operation, target, ok: problems.length === 0, summary, problems: problems.slice(0, 10) };
}

/** The cached privacy gateway must answer exactly what the privacy gateway answers for the same context. */
export function checkSameAnswer(operation: string, target: TargetId, reference: AnswerBody, answer: AnswerBody): CheckResult {
  const same = isDeepStrictEqual(reference, answer);
  return {
    operation,
    target,
    ok: same,
    summary: same ? 'same answer as the privacy gateway' : '',
    problems: same ? [] : [`answer differs from the privacy gateway's: ${firstDifference(reference, answer)}`],
  };
}

function classify(before: unknown, after: unknown, blocked: boolean): Outcome {
  if (after === null && blocked) return 'block';
  if (typeof after !== 'string' || typeof before !== 'string') return 'other';
  if (after.startsWith('psn_')) return 'pseudonymize';
  if (/\[(phone|email|id|address)\]/.test(after)) return 'scrub';
  if (after.includes('*')) return 'mask';
  return 'generalize';
}

type Visit = (path: string, leaf: string, before: unknown, after: unknown) => void;

/** Walks two answers in step; calls `visit` for every leaf (or for a whole value that became null). */
function walk(before: unknown, after: unknown, path: (string | number)[], visit: Visit, problems: string[]): void {
  const here = path.join('.');
  const leaf = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) problems.push(`${here}: ${after.length} items where the plain gateway has ${before.length}`);
    for (let i = 0; i < Math.min(before.length, after.length); i++) walk(before[i], after[i], [...path, i], visit, problems);
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(after)) if (!(key in before)) problems.push(`${here}: unexpected key ${key}`);
    for (const key of Object.keys(before)) walk(before[key], after[key], [...path, key], visit, problems);
    return;
  }
  visit(here, leaf, before, after);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '(none)';
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!isDeepStrictEqual(a[key], b[key])) return firstDifference(a[key], b[key], `${path}.${key}`);
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) if (!isDeepStrictEqual(a[i], b[i])) return firstDifference(a[i], b[i], `${path}.${i}`);
  }
  return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}
