import { randomUUID } from 'node:crypto';
import type { EntityManager, InferEntity } from '@mikro-orm/core';
import { CLOSED_STATUSES, isOpen } from '../../schema/data-subject-requests.js';
import { DataSubjectRequest, type RequestKind, type RequestStatus } from './request.entity.js';
import { isCancelled } from '../acting-subject.js';

export type RequestRow = InferEntity<typeof DataSubjectRequest>;

/** P-64: a data-subject request is due this many days after it is made. */
export const REQUEST_DUE_DAYS = 15;

export { REAUTHENTICATION_REQUIRED, REAUTH_WINDOW_SECONDS, isOpen, reauthProblem } from '../../schema/data-subject-requests.js';

/** The due date of a request made at `createdAt`: 15 days later (P-64). */
export function dueDate(createdAt: Date): Date {
  return new Date(createdAt.getTime() + REQUEST_DUE_DAYS * 86_400_000);
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

/**
 * The cancellation or copy the same filer has open for the member, which a second filing continues
 * rather than twins: a call that committed after its caller stopped waiting, a download that failed,
 * or the same request filed twice in one document (a twin of a cancellation would stay open for
 * ever once the first erased the member).
 */
export async function openTwin(em: EntityManager, kind: RequestKind, memberId: string | null, requestedBy: string | null): Promise<RequestRow | null> {
  if (!twinsContinue(kind, memberId, requestedBy)) return null;
  return em.findOne(DataSubjectRequest, { kind, memberId, requestedBy, status: { $nin: [...CLOSED_STATUSES] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

const twinsContinue = (kind: RequestKind, memberId: string | null, requestedBy: string | null) => (kind === 'cancellation' || kind === 'copy') && Boolean(memberId) && Boolean(requestedBy);

/**
 * Records a request unless its {@link openTwin} is open, and returns the one that stands; null for
 * a cancellation of an account already cancelled with none open (a still-valid token filing again
 * would erase again and fill the register, P-62, P-64). Two filings at once both find no twin and
 * both insert (20 concurrent cancellations left two): each then looks again, and the later yields
 * to the earliest, removing itself, on any database and any number of instances.
 */
export async function recordOnce(em: EntityManager, input: NewRequest): Promise<RequestRow | null> {
  const open = await openTwin(em, input.kind, input.memberId, input.requestedBy);
  if (open) return open;
  if (input.kind === 'cancellation' && input.memberId && (await isCancelled(em, input.memberId))) return null;
  const row = recordRequest(em, input);
  await em.flush();
  if (!twinsContinue(input.kind, input.memberId, input.requestedBy)) return row;
  const earliest = await em.fork().findOne(DataSubjectRequest, { kind: input.kind, memberId: input.memberId, requestedBy: input.requestedBy, status: { $nin: [...CLOSED_STATUSES] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  if (!earliest || earliest.id === row.id) return row;
  await em.nativeDelete(DataSubjectRequest, { id: row.id });
  return earliest;
}
