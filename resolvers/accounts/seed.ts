import type { EntityManager } from '@mikro-orm/core';
import { Guardianship, LoginBinding, Member, RealNameVerification } from './member.entity.js';
import { DEMO_AVATAR, MEMBER, birthDateYearsAgo, daysAgo } from '../demo-ids.js';

/** Demo members: the personas of POLICY.md plus a few other shoppers. */
export async function seedAccounts(em: EntityManager): Promise<void> {
  const member = (id: string, nickname: string, name: string, phone: string, email: string, birthDate: string, gender = 'unspecified') =>
    em.create(Member, { id, nickname, name, phone, email, birthDate, gender, avatar: DEMO_AVATAR[id], level: 'regular', passwordHash: `argon2id$demo$${id}` });
  member(MEMBER.buyer, 'DeerFan', 'Alice Walker', '13812345678', 'alice@example.com', birthDateYearsAgo(34), 'female');
  member(MEMBER.optout, 'QuietShopper', 'Bob Stone', '13987654321', 'bob@example.com', birthDateYearsAgo(41), 'male');
  member(MEMBER.minor, 'LittleFox', 'Charlie Walker', '13700001111', 'charlie@example.com', birthDateYearsAgo(12));
  member(MEMBER.guardian, 'ParentBear', 'Dana Walker', '13600002222', 'dana@example.com', birthDateYearsAgo(40), 'female');
  MEMBER.others.forEach((id, i) => member(id, `Shopper${i + 1}`, `Other Person ${i + 1}`, `1350000${String(1000 + i)}`, `${id}@example.com`, birthDateYearsAgo(22 + i * 7)));
  em.create(RealNameVerification, { memberId: MEMBER.buyer, realName: 'Alice Walker', nationalId: '11010519900307002X', result: 'verified', verifiedAt: daysAgo(200) });
  em.create(RealNameVerification, { memberId: MEMBER.optout, realName: 'Bob Stone', nationalId: '110105198502140031', result: 'verified', verifiedAt: daysAgo(100) });
  em.create(LoginBinding, { id: 'lb-5001', memberId: MEMBER.buyer, provider: 'wechat', externalId: 'wx-7f3a9c' });
  em.create(LoginBinding, { id: 'lb-5002', memberId: MEMBER.optout, provider: 'wechat', externalId: 'wx-1b2c3d' });
  em.create(Guardianship, { id: 'g-6001', guardianId: MEMBER.guardian, minorId: MEMBER.minor });
  await em.flush();
}
