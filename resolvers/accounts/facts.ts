import type { EntityManager } from '@mikro-orm/core';
import { ERASED_MEMBER_ID, type SubjectFacts } from '../privacy-contract.js';
import { Guardianship, Member } from './member.entity.js';

/** P-70: a member is a minor while younger than this many years. */
export const MINOR_AGE = 14;

/** Whole years between an ISO birth date and `now`; null for a missing or malformed date. */
export function ageOn(birthDate: string | null | undefined, now = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d)) age--;
  return age;
}

/** accounts' facts: age (P-70), guardians (P-70) and cancellation (P-62); the erased stand-in is answered too. */
export async function accountsFacts(em: EntityManager, ids: string[]): Promise<Record<string, SubjectFacts>> {
  const [members, links] = await Promise.all([
    em.find(Member, { id: { $in: ids } }),
    em.find(Guardianship, { minorId: { $in: ids } }),
  ]);
  const facts: Record<string, SubjectFacts> = {};
  for (const m of members) {
    const age = ageOn(m.birthDate);
    // An unknown age is treated as a minor's: the more protective reading (POLICY: when silent, protect).
    facts[m.id] = { minor: age === null ? true : age < MINOR_AGE, guardians: [], cancelled: Boolean(m.cancelledAt) };
  }
  for (const link of links) facts[link.minorId]?.guardians!.push(link.guardianId);
  // The stand-in author of anonymized rows (P-62, P-66) is no one: no age, no guardians, gone.
  if (ids.includes(ERASED_MEMBER_ID)) facts[ERASED_MEMBER_ID] = { minor: false, guardians: [], cancelled: true };
  return facts;
}
