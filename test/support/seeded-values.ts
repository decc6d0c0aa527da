import { MEMBER } from '../../resolvers/demo-ids.js';

/** Seeded member ids, names, phones, e-mails and national ids (resolvers/accounts/seed.ts, reviews and support seeds). */
export const SEEDED_PERSONAL_VALUES: readonly string[] = [
  MEMBER.buyer, MEMBER.optout, MEMBER.minor, MEMBER.guardian, ...MEMBER.others,
  'Alice Walker', 'Bob Stone', 'Charlie Walker', 'Dana Walker', ...MEMBER.others.map((_, i) => `Other Person ${i + 1}`),
  '13812345678', '13987654321', '13700001111', '13600002222', '13911112222', ...MEMBER.others.map((_, i) => `1350000${1000 + i}`),
  'alice@example.com', 'bob@example.com', 'charlie@example.com', 'dana@example.com', ...MEMBER.others.map((id) => `${id}@example.com`),
  '11010519900307002X', '110105198502140031', '12 Harbour Road',
];

/** The personal values (not ids) among them: names, phones, e-mails, national ids, addresses. */
export const SEEDED_PERSONAL_DATA: readonly string[] = SEEDED_PERSONAL_VALUES.filter((v) => !v.startsWith('m-'));
