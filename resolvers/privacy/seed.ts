import type { EntityManager } from '@mikro-orm/core';
import { Consent, ConsentEvent, consentId, type ConsentKind } from './consent.entity.js';
import { policyVersionNow } from './policy-version.js';
import { MEMBER, daysAgo } from '../demo-ids.js';

/** The policy version before the current one: the demo's older consents were given under it. */
export const PREVIOUS_POLICY_VERSION = '2025-06';

type Change = { granted: boolean; days: number; policyVersion?: string };

/**
 * Demo data of the privacy subgraph: current consents with their history (P-63).
 * m-buyer grants everything the demo needs; m-optout granted personalized recommendations and
 * withdrew it (two events), and refuses nickname search, cross-border and binding; m-minor has
 * nothing granted (P-70); m-guardian and the other shoppers are findable by nickname.
 */
export async function seedPrivacy(em: EntityManager): Promise<void> {
  /** The history of one consent, oldest first; the current row is the last change. */
  const consent = (memberId: string, kind: ConsentKind, ...changes: Change[]) => {
    for (const c of changes) {
      em.create(ConsentEvent, { memberId, kind, granted: c.granted, at: daysAgo(c.days), policyVersion: c.policyVersion ?? policyVersionNow(), grantedBy: memberId });
    }
    const last = changes[changes.length - 1]!;
    em.create(Consent, { id: consentId(memberId, kind), memberId, kind, granted: last.granted, updatedAt: daysAgo(last.days), policyVersion: last.policyVersion ?? policyVersionNow(), grantedBy: memberId });
  };
  const on = (days: number, policyVersion?: string): Change => ({ granted: true, days, policyVersion });
  const off = (days: number, policyVersion?: string): Change => ({ granted: false, days, policyVersion });

  for (const kind of ['personalized_recommendation', 'marketing_messages', 'cross_border', 'find_by_nickname', 'third_party_binding'] as const) {
    consent(MEMBER.buyer, kind, on(60));
  }

  consent(MEMBER.optout, 'personalized_recommendation', on(120, PREVIOUS_POLICY_VERSION), off(10));
  consent(MEMBER.optout, 'find_by_nickname', off(120, PREVIOUS_POLICY_VERSION));
  consent(MEMBER.optout, 'cross_border', off(120, PREVIOUS_POLICY_VERSION));
  consent(MEMBER.optout, 'third_party_binding', off(120, PREVIOUS_POLICY_VERSION));

  // P-70: nothing is on for the minor without a guardian's consent.
  consent(MEMBER.minor, 'personalized_recommendation', off(90));
  consent(MEMBER.minor, 'marketing_messages', off(90));
  consent(MEMBER.minor, 'find_by_nickname', off(90));

  consent(MEMBER.guardian, 'find_by_nickname', on(90));

  for (const id of MEMBER.others) {
    consent(id, 'personalized_recommendation', on(45));
    consent(id, 'find_by_nickname', on(45));
  }
  await em.flush();
}
