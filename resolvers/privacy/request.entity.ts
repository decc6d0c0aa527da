import { defineEntity, p } from '@mikro-orm/core';

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

/**
 * A data-subject request (P-64): recorded only after the member confirmed their identity again,
 * due 15 days after it was made. `memberId` is cleared when the member's account is cancelled
 * (P-62): the record of what was done stays, the link to the person does not.
 */
export const DataSubjectRequest = defineEntity({
  name: 'DataSubjectRequest',
  tableName: 'privacy_request',
  properties: {
    id: p.string().primary(),
    memberId: p.string().nullable().index(),
    kind: p.string(),
    status: p.string().index(),
    /** Who filed it: the member, or their guardian (P-70). */
    requestedBy: p.string().nullable(),
    createdAt: p.datetime(),
    dueAt: p.datetime().index(),
    completedAt: p.datetime().nullable(),
    /** The `auth_time` of the token that filed it: the identity confirmation (P-64). */
    authTime: p.datetime().nullable(),
    note: p.text().nullable(),
    /** Per-subgraph progress of a multi-subgraph request: done, failed (with the error). */
    progress: p.json<{ done?: string[]; failed?: Record<string, string>; reports?: Record<string, unknown> }>().nullable(),
    attempts: p.integer().default(0),
  },
});
