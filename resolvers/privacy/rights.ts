import type { EntityManager } from '@mikro-orm/core';
import type { EraseReport, ExportSection } from '../../schema/privacy-contract.js';
import { plainRows } from '../rights-helpers.js';
import { Consent, ConsentEvent } from './consent.entity.js';
import { DataSubjectRequest } from './request.entity.js';

/** P-60, P-63: the member's consents, each with its full history (when, which policy version), and their data-subject requests (P-64). */
export async function privacyExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  const [consents, events, requests] = await Promise.all([
    em.find(Consent, { memberId }, { orderBy: { kind: 'asc' } }),
    em.find(ConsentEvent, { memberId }, { orderBy: { at: 'asc', id: 'asc' } }),
    em.find(DataSubjectRequest, { memberId }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
  ]);
  const history = plainRows(events);
  return {
    consents: plainRows(consents).map((c) => ({ ...c, history: history.filter((e) => e.kind === c.kind).map(({ memberId: _m, ...e }) => e) })),
    dataSubjectRequests: plainRows(requests),
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
    anonymized: {},
  }));
}
