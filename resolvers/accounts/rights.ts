import type { EntityManager } from '@mikro-orm/core';
import { ContractInputError, type EraseCall, type EraseReport, type ExportSection } from '../../schema/privacy-contract.js';
import { ANONYMOUS_NICKNAME, maskName, maskNationalId } from '../../directives/transforms/index.js';
import { plainRows } from '../rights-helpers.js';
import { anonymization, stillPersonal } from '../erasure.js';
import { Guardianship, LoginBinding, Member, RealNameVerification } from './member.entity.js';
import { ageOn, isWard } from './facts.js';
import { minorAge } from '../policy-in-force.js';

/** The nickname a cancelled account keeps (the column is required): the public placeholder. */
/** A cancelled member's nickname: the stand-in anonymous authors are shown under (P-31, P-62). */
export const CANCELLED_NICKNAME = ANONYMOUS_NICKNAME;
/** The level a cancelled account keeps (the column is required): the default, which tells nothing of what the member spent. */
export const CANCELLED_LEVEL = 'regular';

/**
 * P-60: the member's account data. The password hash is never given out (P-01); the real name
 * and national id appear masked, as the member sees them in the graph (P-03). A cancelled
 * account has nothing left to give (P-62).
 */
export async function accountsExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  const member = await em.findOne(Member, { id: memberId });
  if (!member || member.cancelledAt) return { member: null, realNameVerification: null, loginBindings: [], guardians: [], wards: [] };
  const [verification, bindings, asMinor, asGuardian] = await Promise.all([
    em.findOne(RealNameVerification, { memberId }),
    em.find(LoginBinding, { memberId }, { orderBy: { id: 'asc' } }),
    em.find(Guardianship, { minorId: memberId }, { orderBy: { id: 'asc' } }),
    em.find(Guardianship, { guardianId: memberId }, { orderBy: { id: 'asc' } }),
  ]);
  const wardRows = asGuardian.length ? await em.find(Member, { id: { $in: asGuardian.map((g) => g.minorId) } }) : [];
  const [row] = plainRows([member], ['passwordHash', 'cancelledAt']);
  return {
    member: row,
    realNameVerification: verification
      ? { ...plainRows([verification])[0], realName: maskName(verification.realName), nationalId: maskNationalId(verification.nationalId) }
      : null,
    loginBindings: plainRows(bindings),
    guardians: asMinor.map((g) => g.guardianId),
    // Only the links that still hold (P-70): a former ward's id would tell their former guardian that the account is still there.
    wards: asGuardian.filter((g) => isWard(wardRows.find((w) => w.id === g.minorId))).map((g) => g.minorId),
  };
}

/**
 * P-62: the account is marked cancelled and every personal column cleared (the row stays, so
 * the id is never reused and facts can say "cancelled"); real-name records, login bindings and
 * guardian links are deleted. Idempotent.
 */
export async function accountsErase(em: EntityManager, memberId: string, { filedBy = null }: EraseCall = {}): Promise<EraseReport> {
  return em.transactional(async (tx) => {
    // Every column behind a `user.*` field of Member (schema/accounts.graphql) is cleared; the
    // password hash, which the schema never shows (P-01), goes too.
    const cleared = { ...anonymization(tx, 'accounts', Member, { standIns: { nickname: CANCELLED_NICKNAME, level: CANCELLED_LEVEL } }), passwordHash: null };
    const member = await tx.findOne(Member, { id: memberId, $or: [{ cancelledAt: null }, ...stillPersonal(cleared)] });
    // Filed by a guardian: erased only while the link holds, read here, in the erasing transaction,
    // with the birth date it was read on as the update's condition: a correction showing an adult
    // that commits between the gateway's check and this erasure refuses it instead (P-70).
    const onBirthDate = filedBy && filedBy !== memberId && member && !member.cancelledAt ? await guardianOf(tx, memberId, filedBy, member.birthDate ?? null) : undefined;
    const anonymized = member ? await tx.nativeUpdate(Member, { id: memberId, ...(onBirthDate === undefined ? {} : { birthDate: onBirthDate }) }, { ...cleared, cancelledAt: member.cancelledAt ?? new Date() }) : 0;
    if (onBirthDate !== undefined && anonymized === 0) throw new ContractInputError(NOT_GUARDIAN);
    const realName = await tx.nativeDelete(RealNameVerification, { memberId });
    const bindings = await tx.nativeDelete(LoginBinding, { memberId });
    const links = await tx.nativeDelete(Guardianship, { $or: [{ minorId: memberId }, { guardianId: memberId }] });
    return {
      deleted: { accounts_real_name: realName, accounts_login_binding: bindings, accounts_guardianship: links },
      anonymized: { accounts_member: anonymized },
    };
  });
}

const NOT_GUARDIAN = "the erasure's filer is not the member's guardian now (P-70): nothing was erased";

/** The ward's birth date, when `guardian` is linked to a member under the minor age by it; refused otherwise. */
async function guardianOf(tx: EntityManager, memberId: string, guardian: string, birthDate: string | null): Promise<string> {
  const age = ageOn(birthDate);
  const link = await tx.count(Guardianship, { guardianId: guardian, minorId: memberId });
  if (!link || birthDate === null || age === null || age >= minorAge()) throw new ContractInputError(NOT_GUARDIAN);
  return birthDate;
}
