import type { EntityManager } from '@mikro-orm/core';
import { ERASED_MEMBER_ID, type EraseReport, type ExportSection, type RetentionInput, type RetentionReport } from '../../schema/privacy-contract.js';
import { scrub } from '../../directives/transforms/index.js';
import { cutoff, plainRows } from '../rights-helpers.js';
import { anonymization, type AnonymizeOptions } from '../erasure.js';
import { BrowsingEvent, SearchEvent } from './activity.entity.js';

/** P-60: the member's browsing and search history, with the IP addresses and devices recorded. */
export async function activityExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  const order = { orderBy: { at: 'asc', id: 'asc' } } as const;
  const [browsing, searches] = await Promise.all([em.find(BrowsingEvent, { memberId }, order), em.find(SearchEvent, { memberId }, order)]);
  return { browsingHistory: plainRows(browsing), searchHistory: plainRows(searches) };
}

/** P-62: browsing and search history serve only the member: deleted. Idempotent. */
export async function activityErase(em: EntityManager, memberId: string): Promise<EraseReport> {
  return em.transactional(async (tx) => ({
    deleted: {
      activity_browsing_event: await tx.nativeDelete(BrowsingEvent, { memberId }),
      activity_search_event: await tx.nativeDelete(SearchEvent, { memberId }),
    },
    anonymized: {},
  }));
}

/** What anonymized history keeps: the product and the time, so product-level counts survive; the member link becomes the stand-in. */
const COUNTS_ONLY: AnonymizeOptions = {
  standIns: { memberId: ERASED_MEMBER_ID },
  keep: { productId: 'product-level view counts', at: 'counts over time', query: 'scrubbed of contact details and ids below, for search statistics' },
};

/**
 * P-66: history past its period is anonymized, not deleted, so product-level counts survive:
 * the event is unlinked from the member (the erased stand-in), IP and device are cleared, and a
 * search text is scrubbed of contact details and ids. Rows already unlinked are skipped: idempotent.
 */
export async function activityRetain(em: EntityManager, input: RetentionInput): Promise<RetentionReport> {
  const report: RetentionReport = {};
  const browsingDays = input.retentionDays['user.behavior.browsing_history'];
  const searchDays = input.retentionDays['user.behavior.search_history'];
  await em.transactional(async (tx) => {
    if (browsingDays) {
      const n = await tx.nativeUpdate(BrowsingEvent, { at: { $lt: cutoff(input.now, browsingDays) }, memberId: { $ne: ERASED_MEMBER_ID } }, anonymization(tx, 'activity', BrowsingEvent, COUNTS_ONLY));
      report['user.behavior.browsing_history'] = { activity_browsing_event: n };
    }
    if (searchDays) {
      const cleared = anonymization(tx, 'activity', SearchEvent, COUNTS_ONLY);
      const old = await tx.find(SearchEvent, { at: { $lt: cutoff(input.now, searchDays) }, memberId: { $ne: ERASED_MEMBER_ID } });
      for (const e of old) {
        tx.assign(e, cleared);
        e.query = scrub(e.query) ?? '';
      }
      await tx.flush();
      report['user.behavior.search_history'] = { activity_search_event: old.length };
    }
  });
  return report;
}
