import type { EntityManager } from '@mikro-orm/core';
import { REQUEST_KINDS, REQUEST_STATUSES, type RequestRecord, type RequestsAnswer, type RequestsCall } from '../../schema/data-subject-requests.js';
import { ContractInputError } from '../../schema/privacy-contract.js';
import { DataSubjectRequest } from './request.entity.js';
import { isOpen, recordOnce, type RequestRow } from './requests.js';

const iso = (value: Date | string | null | undefined): string | null => (value == null ? null : new Date(value).toISOString());

function toRecord(row: RequestRow): RequestRecord {
  return {
    id: row.id,
    memberId: row.memberId ?? null,
    kind: row.kind as RequestRecord['kind'],
    status: row.status as RequestRecord['status'],
    requestedBy: row.requestedBy ?? null,
    createdAt: iso(row.createdAt)!,
    dueAt: iso(row.dueAt)!,
    completedAt: iso(row.completedAt),
    note: row.note ?? null,
    progress: row.progress ?? null,
    attempts: row.attempts ?? 0,
  };
}

const oneOf = <T extends string>(values: readonly T[], value: unknown, what: string): T => {
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  throw new ContractInputError(`unknown ${what} '${String(value)}'`);
};
const text = (value: unknown, what: string): string => {
  if (typeof value === 'string' && value) return value;
  throw new ContractInputError(`${what} is required`);
};
const optionalText = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * `/privacy/requests`: the gateway's rights service records and advances data-subject requests
 * (P-64) here, in the table the privacy subgraph owns. Input is checked: a malformed call
 * writes nothing.
 */
export async function privacyRequests(em: EntityManager, input: RequestsCall): Promise<RequestsAnswer> {
  switch (input?.op) {
    case 'record': {
      const memberId = optionalText(input.memberId);
      const kind = oneOf(REQUEST_KINDS, input.kind, 'request kind');
      const requestedBy = optionalText(input.requestedBy);
      // A call that committed after the gateway stopped waiting (its 503 said "try again"), or a
      // download that failed ("stays open, try again"), is continued by the next one.
      const row = await recordOnce(em, {
        memberId,
        kind,
        requestedBy,
        authTime: typeof input.authTime === 'number' && Number.isFinite(input.authTime) ? input.authTime : null,
        status: input.status === undefined ? undefined : oneOf(REQUEST_STATUSES, input.status, 'request status'),
        note: optionalText(input.note),
      });
      return row ? { request: toRecord(row) } : { request: null, cancelled: true };
    }
    case 'get': {
      const row = await em.findOne(DataSubjectRequest, { id: text(input.id, 'id') });
      return { request: row ? toRecord(row) : null };
    }
    case 'update': {
      const status = oneOf(REQUEST_STATUSES, input.status, 'request status');
      const id = text(input.id, 'id');
      return em.transactional(async (tx) => {
        const row = await tx.findOne(DataSubjectRequest, { id });
        if (!row) return { request: null };
        // A request shared by filings at once (a copy two downloads continued) is closed by the
        // first to finish; a later one's outcome does not reopen or relabel it.
        if (input.onlyIfOpen && !isOpen(row.status)) return { request: toRecord(row) };
        const memberId = row.memberId;
        row.status = status;
        if (input.progress !== undefined) row.progress = input.progress && typeof input.progress === 'object' ? input.progress : null;
        if (input.attempt) row.attempts = (row.attempts ?? 0) + 1;
        if (status === 'completed') row.completedAt = new Date();
        await tx.flush();
        if (input.unlinkMember && memberId) {
          // The record of each request stays; the link to the person does not, nor their own words or
          // their id as its filer, on their own requests and on those they filed for a ward (P-62).
          // A ward's request they filed that is still open is rejected first: run without its filer,
          // it would pass for the ward's own (P-70).
          await tx.nativeUpdate(DataSubjectRequest, { requestedBy: memberId, memberId: { $ne: memberId }, status: { $in: ['open', 'pending_retry', 'in_progress'] } }, { status: 'rejected' });
          // The member's own requests still open have nobody left to act for once the link goes: a
          // deletion the erasure carried out, the rest (a copy, a correction) with no data left to act on.
          if (status === 'completed' && row.kind === 'cancellation') {
            const open = { memberId, id: { $ne: id }, status: { $in: ['open', 'pending_retry', 'in_progress'] } } as const;
            await tx.nativeUpdate(DataSubjectRequest, { ...open, kind: { $in: ['cancellation', 'deletion'] } }, { status: 'completed', completedAt: new Date() });
            await tx.nativeUpdate(DataSubjectRequest, open, { status: 'rejected' });
          }
          await tx.nativeUpdate(DataSubjectRequest, { requestedBy: memberId }, { requestedBy: null, note: null });
          await tx.nativeUpdate(DataSubjectRequest, { memberId }, { memberId: null, note: null });
          row.memberId = null;
          row.note = null;
          if (row.requestedBy === memberId) row.requestedBy = null;
        }
        return { request: toRecord(row) };
      });
    }
    case 'openCancellations': {
      const rows = await em.find(DataSubjectRequest, { kind: 'cancellation', status: { $in: ['open', 'pending_retry', 'in_progress'] } }, { orderBy: { createdAt: 'asc' } });
      return { requests: rows.map(toRecord) };
    }
    default:
      throw new ContractInputError(`unknown requests operation '${String((input as { op?: unknown })?.op)}'`);
  }
}
