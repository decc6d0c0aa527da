import { GraphQLError, type ExecutionResult } from 'graphql';
import type { FieldPolicy } from '../directives/annotations.js';
import type { Decision } from '../directives/decision.js';
import { ErrorCode } from './error-codes.js';

/** The values one decision blocked at one field pattern (`shipments.*.address`). */
export interface BlockedGroup {
  policy: FieldPolicy;
  decision: Decision;
  purpose: string | null;
  paths: (string | number)[][];
}

/**
 * One PRIVACY_BLOCKED error per field pattern and decision, not one per value: `path` is the first
 * value it nulled, as the GraphQL spec asks, and `extensions.paths` lists every one (`count` of
 * them). A list of 1,000 rows with a blocked field gets one error, as Apollo Router reports one
 * error per unauthorized field rather than per value: Yoga rebuilds every error when it serializes
 * the response, so one error per value would cost more than the rest of the privacy pass.
 */
export function groupError({ policy, decision, purpose, paths }: BlockedGroup): GraphQLError {
  const count = paths.length;
  const message = `${policy.coordinate} is blocked by privacy rule ${decision.rule}: ${decision.reason}${count > 1 ? ` (${count} values)` : ''}`;
  const error = withoutStack(() => new GraphQLError(message, {
    path: paths[0]!,
    extensions: {
      code: ErrorCode.PRIVACY_BLOCKED,
      rule: decision.rule,
      field: policy.coordinate,
      purpose,
      ...(decision.consent ? { consent: decision.consent } : {}),
      count,
      paths,
    },
  }));
  blockedValueErrors.add(error);
  return error;
}

/** The errors {@link groupError} made: final, and serialized as they are (see {@link serializeBlockedErrors}). */
const blockedValueErrors = new WeakSet<GraphQLError>();

/**
 * The result with the pass's blocked-value errors replaced by the JSON they serialize to, or null
 * when it holds none. Yoga serializes a result by rebuilding every GraphQLError in it (a new error
 * each, with a captured stack, over half of a merchant list's error cost); these errors are final.
 * Only a result with data: its status is 200 with plain errors as with GraphQL ones.
 */
export function serializeBlockedErrors(result: ExecutionResult): ExecutionResult | null {
  const errors = result.errors;
  if (!errors?.length || result.data == null) return null;
  let found = false;
  const serialized = errors.map((error) => {
    if (!blockedValueErrors.has(error)) return error;
    found = true;
    return error.toJSON() as unknown as GraphQLError;
  });
  return found ? { ...result, errors: serialized } : null;
}

/**
 * Builds an error without capturing a stack: a blocked value is the policy's outcome, not a fault,
 * and no client or log reads its stack. Capturing one walks the async frames of the request (twice
 * per GraphQLError: Error's constructor and `captureStackTrace`), which counted about 1.7% of a
 * carrier manifest's instructions (`npm run bench:instructions`).
 */
function withoutStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
