import { defineEntity, p } from '@mikro-orm/core';

/** A marketplace member. `passwordHash` is stored but never part of the schema (P-01). */
export const Member = defineEntity({
  name: 'Member',
  tableName: 'accounts_member',
  properties: {
    id: p.string().primary(),
    nickname: p.string(),
    gender: p.string().nullable(),
    avatar: p.string().nullable(),
    name: p.string().nullable(),
    phone: p.string().nullable(),
    email: p.string().nullable(),
    birthDate: p.string().nullable(),
    level: p.string().default('regular'),
    passwordHash: p.string().nullable(),
    cancelledAt: p.datetime().nullable(),
  },
});

/** Real-name verification: the real name and national id are sensitive (P-03). */
export const RealNameVerification = defineEntity({
  name: 'RealNameVerification',
  tableName: 'accounts_real_name',
  properties: {
    memberId: p.string().primary(),
    realName: p.string(),
    nationalId: p.string(),
    result: p.string(),
    verifiedAt: p.datetime(),
  },
});

/** A member's binding to a third-party login provider (P-04). */
export const LoginBinding = defineEntity({
  name: 'LoginBinding',
  tableName: 'accounts_login_binding',
  properties: {
    id: p.string().primary(),
    memberId: p.string().index(),
    provider: p.string(),
    externalId: p.string(),
  },
});

/** A guardian's link to a member under 14 (P-70). */
export const Guardianship = defineEntity({
  name: 'Guardianship',
  tableName: 'accounts_guardianship',
  properties: {
    id: p.string().primary(),
    guardianId: p.string().index(),
    minorId: p.string().index(),
  },
});

export const accountsEntities = [Member, RealNameVerification, LoginBinding, Guardianship];
