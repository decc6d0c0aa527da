/**
 * P-81 end to end: `essential.legal_obligation` is open only to the privacy officer with a case
 * reference, and every field such a read touches is audited, not only the sensitive ones.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { auditRows, tokenFor } from '../support/rights.js';
import { verifyAuditChain } from '../../gateway/audit/audit-log.js';
import { Member } from '../../resolvers/accounts/member.entity.js';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

it('P-81 a legal-obligation read by the privacy officer audits every field it reads, sensitive or not', async () => {
  const answer = await m.ask('officer', '{ member(id: "m-optout") { nickname level email orders { id status total } } }', );
  expect(answer.body.errors).toBeUndefined();
  const orders = answer.body.data.member.orders as { id: string }[];
  expect(orders.length).toBeGreaterThan(0);
  const entries = await auditRows(m.orm, { requestId: answer.requestId! });
  const expected = ['member.nickname', 'member.level', 'member.email', 'member.orders', ...orders.flatMap((_, i) => [`member.orders.${i}.id`, `member.orders.${i}.status`, `member.orders.${i}.total`])];
  expect(entries.map((e) => e.fieldPath).sort()).toEqual(expected.sort());
  for (const e of entries) {
    expect(e).toMatchObject({ callerSub: 'u-officer', role: 'privacy_officer', purpose: 'essential.legal_obligation', caseRef: 'CASE-2026-001', subject: 'm-optout', outcome: 'allow' });
  }
  // Non-personal business fields are audited too (level, status), under P-81.
  expect(entries.find((e) => e.fieldPath === 'member.level')).toMatchObject({ coordinate: 'Member.level', rule: 'P-81' });
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});

it('P-81 P-52 an aggregate over people read under legal obligation is recorded figure by figure, those below k included', async () => {
  const answer = await m.ask('officer', '{ orderStats { storeId buyers orders } }');
  expect(answer.body.errors).toBeUndefined();
  const stores = answer.body.data.orderStats.length;
  expect(stores).toBeGreaterThan(1);
  const entries = await auditRows(m.orm, { requestId: answer.requestId! });
  const kiosk = answer.body.data.orderStats.findIndex((s: { storeId: string }) => s.storeId === 'tiny-kiosk');
  for (const field of ['buyers', 'orders']) {
    const read = entries.filter((e) => e.coordinate === `OrderStat.${field}`);
    expect(read.map((e) => [e.outcome, e.caseRef]), field).toEqual(Array.from({ length: stores }, () => ['allow', 'CASE-2026-001']));
    // Below k it is case work (P-81); above, the aggregate rule that released it (P-50).
    expect(read.find((e) => e.fieldPath === `orderStats.${kiosk}.${field}`)?.rule, field).toBe('P-81');
  }
});

it("P-81 P-70 the officer's correction of a child's birth date answering only __typename is recorded, with the officer, the case and the child, as is a lookup of only __typename", async () => {
  const { birthDate } = await m.orm.em.fork().findOneOrFail(Member, { id: 'm-minor' });
  const corrected = await m.ask('officer', 'mutation { updateMyProfile(memberId: "m-minor", input: { birthDate: "2014-10-28" }) { __typename } }');
  expect(corrected.body).toEqual({ data: { updateMyProfile: { __typename: 'Member' } } });
  const looked = await m.ask('officer', '{ member(id: "m-optout") { __typename } }');
  expect(looked.body.data).toEqual({ member: { __typename: 'Member' } });
  for (const [answer, subject, path] of [[corrected, 'm-minor', 'updateMyProfile'], [looked, 'm-optout', 'member']] as const) {
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.map((e) => [e.fieldPath, e.coordinate, e.subject, e.outcome, e.rule])).toEqual([[path, 'Member', subject, 'allow', 'P-81']]);
    expect(entries[0]).toMatchObject({ callerSub: 'u-officer', caseRef: 'CASE-2026-001' });
  }
  await m.ask('officer', `mutation { updateMyProfile(memberId: "m-minor", input: { birthDate: "${birthDate}" }) { __typename } }`);
});

it('P-81 the privacy officer without a case reference is refused before anything runs, and nothing is read', async () => {
  const before = (await auditRows(m.orm)).length;
  const token = await tokenFor(m, { role: 'privacy_officer', sub: 'u-officer' });
  const answer = await m.post('{ member(id: "m-optout") { email } }', { authorization: `Bearer ${token}`, 'x-purpose': 'essential.legal_obligation' });
  expect(answer.status).toBe(403);
  expect(answer.body.errors![0].extensions).toMatchObject({ code: 'PURPOSE_NOT_ALLOWED' });
  expect(answer.body.data).toBeUndefined();
  expect((await auditRows(m.orm)).length).toBe(before);
});

it('P-81 no other role may declare essential.legal_obligation, even with a case claim', async () => {
  for (const [persona, claims] of [
    ['agent', { role: 'support', sub: 'u-agent', case: 'CASE-2026-001' }],
    ['buyer', { role: 'customer', sub: 'm-buyer', case: 'CASE-2026-001' }],
    ['analyst', { role: 'analyst', sub: 'u-analyst', partner: 'insight-labs', case: 'CASE-2026-001' }],
  ] as const) {
    const token = await tokenFor(m, claims);
    const answer = await m.post('{ member(id: "m-optout") { email } }', { authorization: `Bearer ${token}`, 'x-purpose': 'essential.legal_obligation' });
    expect(answer.status, persona).toBe(403);
    expect(answer.body.errors![0].extensions.code).toBe('PURPOSE_NOT_ALLOWED');
  }
});

it('P-81 the officer outside legal obligation reads no personal data of others', async () => {
  const answer = await m.ask('officer', '{ member(id: "m-optout") { email phone } }', { purpose: 'essential.service' });
  expect(answer.body.data.member).toMatchObject({ email: null, phone: null });
  expect(answer.body.errors!.map((e: any) => e.extensions.code)).toEqual(['PRIVACY_BLOCKED', 'PRIVACY_BLOCKED']);
});
