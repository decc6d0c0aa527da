import { defineEntity, p } from '@mikro-orm/core';
import type { RequestProgress } from '../../schema/data-subject-requests.js';

export { CLOSED_STATUSES, REQUEST_KINDS, REQUEST_STATUSES, type RequestKind, type RequestStatus } from '../../schema/data-subject-requests.js';

/** Standard SQL both dialects run; the statuses are CLOSED_STATUSES, the kinds those whose twins continue. */
const ONE_OPEN_TWIN =
  "create unique index privacy_request_one_open_twin on privacy_request (kind, member_id, requested_by) where kind in ('cancellation', 'copy') and member_id is not null and requested_by is not null and status not in ('completed', 'rejected')";

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
  // One open cancellation or copy per member and filer: a second filing continues it (requests.ts).
  uniques: [{ name: 'privacy_request_one_open_twin', expression: ONE_OPEN_TWIN }],
});
