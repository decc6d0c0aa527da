import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager, type InferEntity } from '@mikro-orm/core';
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
 * would erase again and fill the register, P-62, P-64). Of filings at once, the database keeps one:
 * a unique index allows one open cancellation or copy per member and filer
 * (`privacy_request_one_open_twin`), and a filing it refuses continues the one it kept, on any
 * database and any number of instances. Callers pass an entity manager outside a transaction.
 */
export async function recordOnce(em: EntityManager, input: NewRequest): Promise<RequestRow | null> {
  for (let attempt = 0; ; attempt++) {
    const open = await openTwin(em.fork(), input.kind, input.memberId, input.requestedBy);
    if (open) return open;
    if (input.kind === 'cancellation' && input.memberId && (await isCancelled(em.fork(), input.memberId))) return null;
    // Its own unit of work: a refused insert leaves nothing behind for the caller's next flush.
    const fork = em.fork();
    const row = recordRequest(fork, input);
    try {
      await fork.flush();
      return row;
    } catch (error) {
      // Refused for a twin that closed before this look (an erasure finished): look once more.
      if (!(error instanceof UniqueConstraintViolationException) || attempt >= 2) throw error;
    }
  }
}
