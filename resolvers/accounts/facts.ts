import type { EntityManager } from '@mikro-orm/core';
import { ERASED_MEMBER_ID, type SubjectFacts } from '../../schema/privacy-contract.js';

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

/** A member row joined with one of its guardianship links (null when it has none). */
interface MemberGuardianRow {
  id: string;
  birth_date: string | null;
  cancelled_at: unknown;
  guardian_id: string | null;
}

/**
 * accounts' facts: age (P-70), guardians (P-70) and cancellation (P-62); the erased stand-in is
 * answered too. An id with no member is left out (the contract allows it: the gateway then treats
 * that subject's facts as unavailable, P-82).
 *
 * One parameterized statement, members left-joined with their guardianship links, rather than two
 * `em.find`s: the gateway calls this once per request that needs person facts, and entity
 * hydration and the identity map cost several times the queries. Columns are the entities'
 * (member.entity.ts) under the default underscore naming; unquoted lowercase names read the same
 * on SQLite and PostgreSQL. No `order by`: neither the members' nor the guardians' order means
 * anything (the gateway asks `guardians.includes(...)`).
 */
export async function accountsFacts(em: EntityManager, ids: string[]): Promise<Record<string, SubjectFacts>> {
  const subjects = [...new Set(ids)];
  if (subjects.length === 0) return {};
  const sql =
    'select m.id, m.birth_date, m.cancelled_at, g.guardian_id from accounts_member m' +
    ' left join accounts_guardianship g on g.minor_id = m.id' +
    ` where m.id in (${subjects.map(() => '?').join(', ')})`;
  // In the caller's transaction, if any (acting-subject.ts): SQLite's one connection would otherwise wait for it.
  const rows = await em.getConnection().execute<MemberGuardianRow[]>(sql, subjects, 'all', em.getTransactionContext());
  const facts: Record<string, SubjectFacts> = {};
  const now = new Date();
  for (const row of rows) {
    let member = facts[row.id];
    if (!member) {
      const age = ageOn(row.birth_date, now);
      // An unknown age is treated as a minor's: the more protective reading (POLICY: when silent, protect).
      member = facts[row.id] = { minor: age === null ? true : age < MINOR_AGE, guardians: [], cancelled: row.cancelled_at != null };
    }
    if (row.guardian_id != null) member.guardians!.push(row.guardian_id);
  }
  // The stand-in author of anonymized rows (P-62, P-66) is no one: no age, no guardians, gone.
  if (subjects.includes(ERASED_MEMBER_ID)) facts[ERASED_MEMBER_ID] = { minor: false, guardians: [], cancelled: true };
  return facts;
}
