import type { EntityManager } from '@mikro-orm/core';
import type { SubjectFacts } from '../privacy-contract.js';
import { Consent } from './consent.entity.js';

/**
 * privacy's facts: each requested member's current consents (P-10, P-34, P-63), in one
 * statement. Every requested id is answered, with an empty `consents` when the member never set
 * one, so the gateway can tell "known, nothing granted" from "the store did not answer" (P-82).
 */
export async function privacyFacts(em: EntityManager, ids: string[]): Promise<Record<string, SubjectFacts>> {
  const subjects = [...new Set(ids)];
  if (subjects.length === 0) return {};
  const rows = await em.find(Consent, { memberId: { $in: subjects } }, { fields: ['memberId', 'kind', 'granted'], orderBy: { id: 'asc' } });
  const facts: Record<string, SubjectFacts> = Object.fromEntries(subjects.map((id) => [id, { consents: {} }]));
  for (const row of rows) facts[row.memberId]!.consents![row.kind] = Boolean(row.granted);
  return facts;
}
