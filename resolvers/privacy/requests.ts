import { randomUUID } from 'node:crypto';
import type { EntityManager, InferEntity } from '@mikro-orm/core';
import { CLOSED_STATUSES, DataSubjectRequest, type RequestKind, type RequestStatus } from './request.entity.js';

export type RequestRow = InferEntity<typeof DataSubjectRequest>;

/** P-64: a data-subject request is due this many days after it is made. */
export const REQUEST_DUE_DAYS = 15;

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
    return `identity last confirmed ${Math.round(age)} s ago; data-subject requests need a sign-in within the last ${REAUTH_WINDOW_SECONDS / 60} minutes (P-64)`;
  }
  return null;
}

/** The due date of a request made at `createdAt`: 15 days later (P-64). */
export function dueDate(createdAt: Date): Date {
  return new Date(createdAt.getTime() + REQUEST_DUE_DAYS * 86_400_000);
}

/** True while a request is not completed or rejected. */
export function isOpen(status: string): boolean {
  return !(CLOSED_STATUSES as readonly string[]).includes(status);
}

/** True when an open request is past its due date (P-64). */
export function isOverdue(row: Pick<RequestRow, 'status' | 'dueAt'>, now = Date.now()): boolean {
  return isOpen(row.status) && new Date(row.dueAt).getTime() < now;
}

export interface NewRequest {
  memberId: string | null;
  kind: RequestKind;
  requestedBy: string | null;
  /** Seconds since the epoch (token `auth_time`). */
  authTime: number | null;
  status?: RequestStatus;
  note?: string | null;
  now?: Date;
}

/**
 * Records a data-subject request (P-64) in `em` (flushed by the caller's transaction or here).
 * The caller has checked the identity confirmation with {@link reauthProblem}.
 */
export function recordRequest(em: EntityManager, input: NewRequest): RequestRow {
  const now = input.now ?? new Date();
  const status = input.status ?? 'open';
  return em.create(DataSubjectRequest, {
    id: `dsr-${randomUUID()}`,
    memberId: input.memberId,
    kind: input.kind,
    status,
    requestedBy: input.requestedBy,
    createdAt: now,
    dueAt: dueDate(now),
    completedAt: status === 'completed' ? now : null,
    authTime: input.authTime == null ? null : new Date(input.authTime * 1000),
    note: input.note ?? null,
    progress: null,
    attempts: 0,
  });
}
