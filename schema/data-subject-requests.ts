/**
 * Data-subject requests (P-64) as the gateway and the privacy subgraph share them: the kinds and
 * statuses, the identity-confirmation rule, and the `/privacy/requests` contract through which
 * the gateway's rights service records and advances the requests the privacy subgraph owns.
 */

/** The kinds of data-subject request of P-64 (schema/privacy.graphql `DataSubjectRequestKind`). */
export const REQUEST_KINDS = ['access', 'copy', 'correction', 'deletion', 'cancellation', 'consent'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Where a request stands: `open` (recorded, not yet handled), `in_progress` (the gateway is
 * running it), `pending_retry` (a subgraph failed; it is retried, never left half-done silently,
 * P-62), `completed`, `rejected`. Open means anything but completed and rejected.
 */
export const REQUEST_STATUSES = ['open', 'in_progress', 'pending_retry', 'completed', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const CLOSED_STATUSES: readonly RequestStatus[] = ['completed', 'rejected'];

/** True while a request is not completed or rejected. */
export function isOpen(status: string): boolean {
  return !(CLOSED_STATUSES as readonly string[]).includes(status);
}

/**
 * P-64: "after the member's identity is confirmed again". We read that as: the token's
 * `auth_time` (when the member last entered their credentials at the identity provider) is at
 * most this many seconds old. A token refreshed without a new login keeps its old `auth_time`,
 * so a stolen long-lived session cannot file requests. 5 minutes, as for step-up authentication.
 */
export const REAUTH_WINDOW_SECONDS = 300;

/** Error code of a request refused for a stale identity confirmation (P-64). */
export const REAUTHENTICATION_REQUIRED = 'REAUTHENTICATION_REQUIRED';

/** Why `authTime` (seconds since the epoch) is not a recent identity confirmation, or null when it is. */
export function reauthProblem(authTime: number | null | undefined, now = Date.now()): string | null {
  if (authTime === null || authTime === undefined || !Number.isFinite(authTime)) {
    return 'the token carries no auth_time: confirm your identity again (sign in) and retry (P-64)';
  }
  const age = now / 1000 - authTime;
  if (age > REAUTH_WINDOW_SECONDS) {
    // Past a day, in days: ten digits of seconds read as a phone number to the gateway's error scrub, which would drop the words.
    const ago = age < 86_400 ? `${Math.round(age)} s` : 'more than a day';
    return `identity last confirmed ${ago} ago; data-subject requests need a sign-in within the last ${REAUTH_WINDOW_SECONDS / 60} minutes (P-64)`;
  }
  return null;
}

/** Per-subgraph progress of a multi-subgraph request: done, failed (with the error), reports. */
export interface RequestProgress {
  done?: string[];
  failed?: Record<string, string>;
  reports?: Record<string, unknown>;
}

/** A data-subject request as `/privacy/requests` answers it (instants as ISO strings). */
export interface RequestRecord {
  id: string;
  memberId: string | null;
  kind: RequestKind;
  status: RequestStatus;
  requestedBy: string | null;
  createdAt: string;
  dueAt: string;
  completedAt: string | null;
  note: string | null;
  progress: RequestProgress | null;
  attempts: number;
}

/**
 * The calls of `/privacy/requests`, the privacy subgraph's contract for the requests it owns:
 * - `record`: files a new request (the caller has checked the identity confirmation, P-64), or
 *   continues the same filer's open cancellation or copy; a cancellation of an account already
 *   cancelled, with none open, is filed not at all (`cancelled: true`);
 * - `get`: one request by id (`request: null` when there is none);
 * - `update`: sets its status and progress, counts an attempt, and with `unlinkMember` clears
 *   the member from every request of theirs in the same transaction (P-62);
 * - `openCancellations`: the cancellations not yet completed, oldest first (the retry sweep).
 */
export type RequestsCall =
  | { op: 'record'; memberId: string | null; kind: RequestKind; requestedBy: string | null; authTime: number | null; status?: RequestStatus; note?: string | null }
  | { op: 'get'; id: string }
  | { op: 'update'; id: string; status: RequestStatus; progress?: RequestProgress | null; attempt?: boolean; unlinkMember?: boolean; onlyIfOpen?: boolean }
  | { op: 'openCancellations' };

/** What `/privacy/requests` answers: one request, or a list for `openCancellations`. */
export type RequestsAnswer = { request: RequestRecord | null; cancelled?: true } | { requests: RequestRecord[] };
