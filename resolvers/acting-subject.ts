import type { EntityManager } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { accountsFacts, ageOn, birthDatesOf } from './accounts/facts.js';
import { minorAge } from './policy-in-force.js';

/** The roles of members, who exercise data rights for themselves (and, as guardians, for their wards). */
const MEMBER_ROLES = new Set(['customer', 'guardian']);

const forbidden = (message: string): never => {
  throw new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
};

/**
 * The member a caller is, for `me` and the caller's own lists: the subject of a member's token
 * (customer, guardian). A partner's or staff token's `sub` names no member, even one that reads
 * like a member's id: answering it would join that partner's pseudonyms to a person (P-51).
 */
export function callerMember(caller: { callerSub: string | null; callerRole: string | null }): string | null {
  return caller.callerSub && MEMBER_ROLES.has(caller.callerRole ?? '') ? caller.callerSub : null;
}

/**
 * Whose data a rights operation (consent, correction, data-subject request) acts on: the caller's
 * own, or, for a caller with the guardian role, a member the caller is the linked guardian of
 * (P-70). The link is checked against the accounts subgraph's guardianship rows (the same facts it
 * serves at /privacy/facts), not inferred from the role: a guardian of one child is nobody else's.
 * Anyone else is refused with FORBIDDEN, and so are callers who are not members (a merchant, a
 * carrier: their tokens name no member whose rights they could exercise, P-64) and a cancelled
 * account's still-valid token (it would link new records to the person erased, P-62).
 */
export async function actingSubject(
  em: EntityManager,
  caller: { callerSub: string | null; callerRole: string | null },
  memberId: string | null | undefined,
  what: string,
): Promise<{ subject: string; asGuardian: boolean }> {
  if (!caller.callerSub) return forbidden(`${what} needs a verified caller`);
  if (!MEMBER_ROLES.has(caller.callerRole ?? '')) return forbidden(`only a signed-in member (or their guardian) may ${what}: this caller's role is ${caller.callerRole ?? 'none'} (P-64)`);
  if (memberId === undefined || memberId === null || memberId === caller.callerSub) {
    if (await isCancelled(em, caller.callerSub)) return forbidden(`this account is cancelled: it may not ${what} (P-62)`);
    return { subject: caller.callerSub, asGuardian: false };
  }
  if (memberId.trim() === '') throw new GraphQLError('memberId must not be empty', { extensions: { code: 'BAD_USER_INPUT' } });
  if (caller.callerRole === 'guardian' && (await isGuardianOf(em, caller.callerSub, memberId))) return { subject: memberId, asGuardian: true };
  return forbidden(`only the member or their linked guardian may ${what} for this member (P-70)`);
}

/** P-62: is the member's account cancelled (or unknown, the more protective reading)? */
export async function isCancelled(em: EntityManager, memberId: string): Promise<boolean> {
  return (await accountsFacts(em, [memberId]))[memberId]?.cancelled !== false;
}

/** P-70: is `guardianId` the linked guardian of `memberId`? */
export async function isGuardianOf(em: EntityManager, guardianId: string, memberId: string): Promise<boolean> {
  const facts = await accountsFacts(em, [memberId]);
  return Boolean(facts[memberId]?.guardians?.includes(guardianId));
}

/** P-70: is the member under the minor age (or of unknown age) today, by their exact age: what they may do alone. */
export async function isMinor(em: EntityManager, memberId: string): Promise<boolean> {
  return childOn((await birthDatesOf(em, [memberId])).get(memberId), new Date());
}

/** Under the minor age on `at` by the birth date, or of unknown age. */
function childOn(birthDate: string | null | undefined, at: Date, underAge = minorAge()): boolean {
  const age = ageOn(birthDate, at);
  return age === null || age < underAge;
}

/**
 * P-70: for each grant a member made alone, whether they were under the minor age (or of unknown age) by their
 * birth date when they made it: such a grant counts for nothing, then and after. Judged at the
 * grant, not today: a child's old grant coming into force on the birthday they reach it told others the
 * day they were born.
 */
export async function grantedAsChild(em: EntityManager, grants: readonly { memberId: string; at: Date | string | number }[]): Promise<boolean[]> {
  const births = await birthDatesOf(em, grants.map((g) => g.memberId));
  const underAge = minorAge();
  return grants.map((g) => {
    const at = new Date(g.at);
    return Number.isNaN(at.getTime()) || childOn(births.get(g.memberId), at, underAge);
  });
}
