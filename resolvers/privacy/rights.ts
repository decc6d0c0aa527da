import type { EntityManager } from '@mikro-orm/core';
import { ERASED_MEMBER_ID, type EraseReport, type ExportSection, type RetentionInput, type RetentionReport } from '../../schema/privacy-contract.js';
import { cutoff, plainRows } from '../rights-helpers.js';
import { Consent, ConsentEvent, grantCounts } from './consent.entity.js';
import { grantedAsChild } from '../acting-subject.js';
import { DataSubjectRequest } from './request.entity.js';

/** P-60, P-63: the member's consents, each as recorded, whether it is in force, and its full history (when, which policy version), and their data-subject requests (P-64). */
export async function privacyExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  const [consents, events, requests] = await Promise.all([
    em.find(Consent, { memberId }, { orderBy: { kind: 'asc' } }),
    em.find(ConsentEvent, { memberId }, { orderBy: { at: 'asc', id: 'asc' } }),
    em.find(DataSubjectRequest, { memberId }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
  ]);
  const history = plainRows(events);
  // Whether each grant counts, as the gateway's facts and `me { consents }` read it (P-70): a child's made alone does not, nor a guardian's made for a member no longer a child.
  const asChild = await grantedAsChild(em, consents.map((c) => ({ memberId: c.memberId, at: c.updatedAt })));
  return {
    // Without the events' ids: a global sequence, whose gaps counted everyone else's consent changes.
    consents: plainRows(consents).map((c, i) => ({
      ...c,
      inForce: Boolean(c.granted) && grantCounts(memberId, consents[i]!.grantedBy, asChild[i]!),
      history: history.filter((e) => e.kind === c.kind).map(({ memberId: _m, id: _id, ...e }) => e),
    })),
    // When someone else signed in to file it (the guardian, staff), their sign-in time is theirs, not the member's.
    dataSubjectRequests: plainRows(requests).map((r) => (r.requestedBy === memberId ? r : { ...r, authTime: null })),
  };
}

/**
 * P-62: consents and their history are deleted: with the account gone there is nothing left to
 * consent to. The data-subject requests stay until the gateway completes the cancellation, which
 * then unlinks them from the member (they remain as the record that the request was carried out).
 */
export async function privacyErase(em: EntityManager, memberId: string): Promise<EraseReport> {
  return em.transactional(async (tx) => ({
    deleted: {
      privacy_consent: await tx.nativeDelete(Consent, { memberId }),
      privacy_consent_event: await tx.nativeDelete(ConsentEvent, { memberId }),
    },
    // A guardian's id on the ward's consents goes too, for the erased member's stand-in: the
    // grants stay a guardian's, as they were given (P-63), not the child's own.
    anonymized: {
      privacy_consent: await tx.nativeUpdate(Consent, { grantedBy: memberId }, { grantedBy: ERASED_MEMBER_ID }),
      privacy_consent_event: await tx.nativeUpdate(ConsentEvent, { grantedBy: memberId }, { grantedBy: ERASED_MEMBER_ID }),
    },
  }));
}

/**
 * P-66: the member's own words on a data-subject request (its note, `user.content.private`) go
 * once the period of private content has passed since it was filed, if the request is closed: the
 * record that it was carried out stays. An open request keeps its note until it is handled.
 */
export async function privacyRetain(em: EntityManager, input: RetentionInput): Promise<RetentionReport> {
  const days = input.retentionDays['user.content.private'];
  if (!days) return {};
  const before = cutoff(input.now, days);
  return {
    'user.content.private': {
      privacy_request: await em.nativeUpdate(DataSubjectRequest, { createdAt: { $lt: before }, note: { $ne: null }, status: { $in: ['completed', 'rejected'] } }, { note: null }),
    },
  };
}
