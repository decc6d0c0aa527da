import type { EntityManager } from '@mikro-orm/core';
import { ERASED_MEMBER_ID, type SubjectFacts } from '../../schema/privacy-contract.js';
import { minorAge } from '../policy-in-force.js';

/** Whole years between an ISO birth date and `now`; null for a missing or malformed date. */
export function ageOn(birthDate: string | null | undefined, now = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d)) age--;
  return age;
}

/** P-70: a linked member is the guardian's ward while known to be under the minor age and not cancelled: at that age the link ends, and an unknown age gives the guardian nothing. */
export function isWard(member: { birthDate?: string | null; cancelledAt?: Date | null } | null | undefined, now = new Date(), underAge = minorAge()): boolean {
  if (!member || member.cancelledAt) return false;
  const age = ageOn(member.birthDate, now);
  return age !== null && age < underAge;
}

/**
 * P-70 in what others read: a member counts as a child through the end of the UTC calendar year in
 * which they reach the minor age (14, or the policy's `minorAge`), so the day their profile stops being a placeholder tells the year they were
 * born, not the day (polled daily, an exact switch gave every teenager's birth date away). POLICY.md
 * is silent on the day; keeping the protection longer is the protective reading. Their own rights
 * (consents, corrections, the guardian's part) follow the exact age (`ageOn`).
 */
export function childInOthersEyes(birthDate: string | null | undefined, now = new Date(), underAge = minorAge()): boolean {
  const year = /^(\d{4})-\d{2}-\d{2}$/.exec(birthDate ?? '')?.[1];
  return year === undefined || now.getUTCFullYear() - Number(year) <= underAge;
}

/** The birth dates of the members among `ids` (null where unknown or erased; absent for no member). */
export async function birthDatesOf(em: EntityManager, ids: string[]): Promise<Map<string, string | null>> {
  const subjects = [...new Set(ids)];
  if (subjects.length === 0) return new Map();
  const sql = `select id, birth_date from accounts_member where id in (${subjects.map(() => '?').join(', ')})`;
  const rows = await em.getConnection().execute<{ id: string; birth_date: string | null }[]>(sql, subjects, 'all', em.getTransactionContext());
  return new Map((rows as { id: string; birth_date: string | null }[]).map((row) => [row.id, row.birth_date]));
}

/**
 * One row of the facts statement: a member joined with one of its guardianship links (`provider`
 * null), or one of its login bindings (`provider` set, the member's columns null).
 */
interface FactsRow {
  id: string;
  birth_date: string | null;
  cancelled_at: unknown;
  guardian_id: string | null;
  provider: string | null;
}

/**
 * accounts' facts: age (P-70, as others see it: `childInOthersEyes`), guardians (P-70: while the member is known to be under the minor age),
 * login partners (P-04) and cancellation (P-62); the erased stand-in is answered too. An id with no
 * member is answered as a cancelled account of unknown age: gone, and counted a minor's.
 *
 * One parameterized statement, members left-joined with their guardianship links and their login
 * bindings after them (`union all`), rather than several `em.find`s: the gateway calls this once per
 * request that needs person facts, and entity hydration and the identity map cost several times
 * the queries. Columns are the entities' (member.entity.ts) under the default underscore naming;
 * unquoted lowercase names read the same on SQLite and PostgreSQL. No `order by`: neither the
 * members', the guardians' nor the bindings' order means anything (the gateway asks `includes`).
 */
export async function accountsFacts(em: EntityManager, ids: string[]): Promise<Record<string, SubjectFacts>> {
  const subjects = [...new Set(ids)];
  if (subjects.length === 0) return {};
  const list = subjects.map(() => '?').join(', ');
  const sql =
    'select m.id, m.birth_date, m.cancelled_at, g.guardian_id, null as provider from accounts_member m' +
    ' left join accounts_guardianship g on g.minor_id = m.id' +
    ` where m.id in (${list})` +
    ' union all select b.member_id, null, null, null, b.provider from accounts_login_binding b' +
    ` where b.member_id in (${list})`;
  // In the caller's transaction, if any (acting-subject.ts): SQLite's one connection would otherwise wait for it.
  const rows = await em.getConnection().execute<FactsRow[]>(sql, [...subjects, ...subjects], 'all', em.getTransactionContext());
  const facts: Record<string, SubjectFacts> = {};
  const providers = new Map<string, string[]>();
  const now = new Date();
  const underAge = minorAge();
  for (const row of rows) {
    if (row.provider != null) {
      const bound = providers.get(row.id);
      if (bound) bound.push(row.provider);
      else providers.set(row.id, [row.provider]);
      continue;
    }
    const age = ageOn(row.birth_date, now);
    let member = facts[row.id];
    if (!member) {
      // An unknown age is treated as a minor's: the more protective reading (POLICY: when silent, protect).
      member = facts[row.id] = { minor: age === null || childInOthersEyes(row.birth_date, now, underAge), guardians: [], loginProviders: [], cancelled: row.cancelled_at != null };
    }
    // P-70 makes the guardian the manager of a child: at the minor age the link no longer counts, and
    // an unknown age, protective everywhere else, gives a guardian no power over someone who may be an adult.
    if (row.guardian_id != null && age !== null && age < underAge) member.guardians!.push(row.guardian_id);
  }
  for (const [id, bound] of providers) if (facts[id]) facts[id].loginProviders = bound;
  // The stand-in author of anonymized rows (P-62, P-66) is no one: no age, no guardians, gone.
  if (subjects.includes(ERASED_MEMBER_ID)) facts[ERASED_MEMBER_ID] = { minor: false, guardians: [], loginProviders: [], cancelled: true };
  // An id with no member has no known age, so it counts as a minor's, like a cancelled account's
  // (its birth date erased): node(id:) then answers an id that never existed exactly as one whose
  // account was cancelled, or a child's, and confirms neither (P-62, P-70).
  for (const id of subjects) facts[id] ??= { minor: true, guardians: [], loginProviders: [], cancelled: true };
  return facts;
}
