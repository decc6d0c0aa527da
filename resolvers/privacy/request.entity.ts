import { defineEntity, p } from '@mikro-orm/core';
import type { RequestProgress } from '../../schema/data-subject-requests.js';

export { CLOSED_STATUSES, REQUEST_KINDS, REQUEST_STATUSES, type RequestKind, type RequestStatus } from '../../schema/data-subject-requests.js';

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
    progress: p.json<RequestProgress>().nullable(),
    attempts: p.integer().default(0),
  },
});
