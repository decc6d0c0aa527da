/**
 * P-70 end to end: the linked guardian manages the ward's consents and rights (the link is
 * checked, not just the role), and the minor's personalization and marketing stay off without
 * the guardian's consent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Member } from '../../resolvers/accounts/member.entity.js';
import { DataSubjectRequest } from '../../resolvers/privacy/request.entity.js';
import { MEMBER, birthDateYearsAgo } from '../../resolvers/demo-ids.js';
import { Marketplace, callRoute } from '../support/marketplace.js';
import { secondsAgo, tokenFor } from '../support/rights.js';
import { RightsService } from '../../gateway/rights/rights-service.js';
import { createFactsLoader, subgraphsOfSupergraph } from '../../gateway/subject-facts.js';
import { accounts } from '../../resolvers/accounts/index.js';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

const SET = 'mutation ($kind: ConsentKind!, $granted: Boolean!, $memberId: ID) { setConsent(kind: $kind, granted: $granted, memberId: $memberId) { memberId kind granted history { granted } } }';
const personalization = () => m.ask('minor', '{ me { browsingHistory { id } recommendations { id } } }', { purpose: 'personalize.content' });

describe('the guardian manages the ward', () => {
  it("P-70 the minor's personalization and marketing stay off without the guardian's consent: the minor cannot switch them on", async () => {
    const before = await personalization();
    expect(before.body.data.me.browsingHistory).toBeNull();
    expect(before.body.errors!.find((e: any) => e.path.join('.') === 'me.browsingHistory').extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', consent: 'personalized_recommendation' });
    for (const kind of ['personalized_recommendation', 'marketing_messages']) {
      const refused = await m.ask('minor', SET, { variables: { kind, granted: true } });
      expect(refused.body.errors![0].extensions, kind).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
    }
    // Still off on the next request; the minor may still withdraw.
    expect((await personalization()).body.data.me.browsingHistory).toBeNull();
    const withdraw = await m.ask('minor', SET, { variables: { kind: 'marketing_messages', granted: false } });
    expect(withdraw.body.data.setConsent).toMatchObject({ kind: 'marketing_messages', granted: false });
  });

  it("P-70 the linked guardian grants the ward's consent, and it governs the ward's very next request (P-11)", async () => {
    const granted = await m.ask('guardian', SET, { variables: { kind: 'personalized_recommendation', granted: true, memberId: 'm-minor' } });
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data.setConsent).toMatchObject({ memberId: 'm-minor', kind: 'personalized_recommendation', granted: true });
    expect(granted.body.data.setConsent.history.map((h: { granted: boolean }) => h.granted)).toEqual([false, true]);
    const after = await personalization();
    expect(after.body.data.me.browsingHistory.length).toBeGreaterThan(0);
    // The guardian withdraws it again: off on the next request.
    await m.ask('guardian', SET, { variables: { kind: 'personalized_recommendation', granted: false, memberId: 'm-minor' } });
    expect((await personalization()).body.data.me.browsingHistory).toBeNull();
  });

  it('P-70 the guardian link is checked, not just the role: a guardian of no one, or of another child, changes nothing', async () => {
    const notMine = await m.ask('guardian', SET, { variables: { kind: 'marketing_messages', granted: true, memberId: 'm-buyer' } });
    expect(notMine.body.errors![0].extensions.code).toBe('FORBIDDEN');
    const stranger = await tokenFor(m, { role: 'guardian', sub: 'm-optout' });
    const byStranger = await m.post(SET, { authorization: `Bearer ${stranger}` }, { kind: 'personalized_recommendation', granted: true, memberId: 'm-minor' });
    expect(byStranger.body.errors![0].extensions.code).toBe('FORBIDDEN');
    const byCustomer = await m.ask('buyer', SET, { variables: { kind: 'personalized_recommendation', granted: true, memberId: 'm-minor' } });
    expect(byCustomer.body.errors![0].extensions.code).toBe('FORBIDDEN');
    const consents = await m.ask('guardian', '{ member(id: "m-minor") { consents { kind granted } } }');
    expect(consents.body.data.member.consents).toContainEqual({ kind: 'personalized_recommendation', granted: false });
  });

  it("P-70 the guardian reads the ward's data, files requests and downloads for the ward; a stranger cannot", async () => {
    const read = await m.ask('guardian', '{ member(id: "m-minor") { id name birthDate } }');
    expect(read.body.data.member).toMatchObject({ id: 'm-minor', name: 'Charlie Walker' });
    const filed = await m.ask('guardian', 'mutation { submitDataSubjectRequest(kind: access, memberId: "m-minor") { memberId kind status } }');
    expect(filed.body.data.submitDataSubjectRequest).toEqual({ memberId: 'm-minor', kind: 'access', status: 'open' });
    const listed = await m.ask('guardian', '{ myDataSubjectRequests(memberId: "m-minor") { kind } }');
    expect(listed.body.data.myDataSubjectRequests).toContainEqual({ kind: 'access' });
    const corrected = await m.ask('guardian', 'mutation { updateMyProfile(memberId: "m-minor", input: { avatar: "/static/avatars/fox.png" }) { id avatar } }');
    expect(corrected.body.data.updateMyProfile).toEqual({ id: 'm-minor', avatar: '/static/avatars/fox.png' });
    const download = await m.route('/privacy/my-data?memberId=m-minor', 'guardian');
    expect(download.status).toBe(200);
    expect(download.body.subgraphs.privacy.consents.map((c: { kind: string }) => c.kind)).toContain('personalized_recommendation');
    // The requests the guardian filed name them, not when they signed in: that time is the guardian's.
    const byGuardian = download.body.subgraphs.privacy.dataSubjectRequests.filter((r: { requestedBy: string }) => r.requestedBy === MEMBER.guardian);
    expect(byGuardian.length).toBeGreaterThan(0);
    expect(byGuardian.map((r: { authTime: unknown }) => r.authTime)).toEqual(byGuardian.map(() => null));
    const stranger = await tokenFor(m, { role: 'guardian', sub: 'm-optout' });
    expect((await m.route('/privacy/my-data?memberId=m-minor', 'guardian', { token: stranger })).status).toBe(403);
    expect((await m.post('mutation { submitDataSubjectRequest(kind: access, memberId: "m-minor") { id } }', { authorization: `Bearer ${stranger}` })).body.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('the guardianship ends at 14', () => {
  it('P-70 once the ward is 14, the linked guardian reads and manages nothing more of theirs', async () => {
    const read = '{ member(id: "m-minor") { id name email birthDate } }';
    expect((await m.ask('guardian', read)).body.data.member).toMatchObject({ id: 'm-minor', name: 'Charlie Walker' });
    const wards = '{ me { wards { id } } }';
    expect((await m.ask('guardian', wards)).body.data.me.wards).toEqual([{ id: MEMBER.minor }]);
    // The guardian does not correct the ward's birth date (P-70): to 14 or older it would end the
    // ward's protection and the guardian's part in it. The privacy officer makes that correction.
    const mutation = `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${birthDateYearsAgo(14)}" }) { birthDate } }`;
    const refused = await m.ask('guardian', mutation);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
    expect((await m.ask('guardian', read)).body.data.member).toMatchObject({ birthDate: birthDateYearsAgo(12) });
    // A grant the guardian makes for the child counts while the ward is one, and the ward's file says so (P-63).
    expect((await m.ask('guardian', SET, { variables: { kind: 'marketing_messages', granted: true, memberId: MEMBER.minor } })).body.errors).toBeUndefined();
    const marketingInFile = async () => (await m.route('/privacy/my-data', 'minor')).body.subgraphs.privacy.consents.find((c: { kind: string }) => c.kind === 'marketing_messages');
    expect(await marketingInFile()).toMatchObject({ granted: true, grantedBy: MEMBER.guardian, inForce: true });
    const corrected = await m.ask('officer', mutation, { purpose: 'essential.legal_obligation' });
    expect(corrected.body.data.updateMyProfile).toEqual({ birthDate: birthDateYearsAgo(14) });
    try {
      // Others see a child until the year of the 14th birthday is out: the former guardian is one of
      // them now, and finds the profile no more than an unknown id.
      const after = await m.ask('guardian', read);
      expect(after.body.data.member).toBeNull();
      expect(JSON.stringify(after.body)).not.toMatch(/Charlie Walker|@example/);
      expect((await m.ask('guardian', wards)).body.data.me.wards).toEqual([]);
      const guardian = await tokenFor(m, { role: 'guardian', sub: MEMBER.guardian });
      const setAsGuardian = await m.post(SET, { authorization: `Bearer ${guardian}` }, { kind: 'marketing_messages', granted: true, memberId: MEMBER.minor });
      expect(setAsGuardian.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian', { token: guardian })).status).toBe(403);
      const again = await m.post(`mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${birthDateYearsAgo(12)}" }) { birthDate } }`, { authorization: `Bearer ${guardian}` });
      expect(again.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // The guardian's grant, made for a child, no longer counts: the file shows it as recorded and not in force, as the graph answers it.
      expect(await marketingInFile()).toMatchObject({ granted: true, grantedBy: MEMBER.guardian, inForce: false });
      expect((await m.ask('minor', '{ me { consents { kind granted } } }')).body.data.me.consents).toContainEqual({ kind: 'marketing_messages', granted: false });
    } finally {
      await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(12) });
    }
  });

  it('P-70 P-64 a cancellation the guardian filed for the ward does not run once the ward is 14: the retry is refused, and the sweep rejects it for good', async () => {
    const filed = await m.ask('guardian', `mutation { submitDataSubjectRequest(kind: cancellation, memberId: "${MEMBER.minor}") { id status } }`);
    expect(filed.body.data.submitDataSubjectRequest).toMatchObject({ status: 'open' });
    const id = filed.body.data.submitDataSubjectRequest.id as string;
    const subgraphs = subgraphsOfSupergraph(m.supergraph);
    const rights = new RightsService({ orm: m.orm, subgraphs, loadFacts: createFactsLoader({ providers: subgraphs }) });
    // The ward turns 14: the guardian link ends.
    await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(14) });
    try {
      const retried = await m.route(`/privacy/requests/${id}/retry`, 'guardian', { method: 'POST' });
      expect(retried.status).toBe(403);
      expect(retried.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const swept = (await rights.retryPending()).find((o) => o.request.id === id);
      expect(swept).toMatchObject({ completed: false, request: { status: 'rejected' } });
      // Closed: a retry, the officer's too, is refused as such rather than accepted as under way.
      const closed = await m.route(`/privacy/requests/${id}/retry`, 'officer', { method: 'POST' });
      expect(closed.status).toBe(409);
      expect(closed.body.errors[0].extensions.code).toBe('NOT_RETRYABLE');
      // The account is whole: nothing was erased.
      expect((await m.ask('officer', `{ member(id: "${MEMBER.minor}") { id name } }`)).body.data.member).toEqual({ id: MEMBER.minor, name: 'Charlie Walker' });
    } finally {
      await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(12) });
    }
  });

  it("P-70 P-62 a ward shown to be an adult after the guardian's cancellation passed its check is not erased: the account store checks the link again as it erases, and the request is rejected", async () => {
    const original = accounts.privacy!.erase!;
    // The officer's correction commits between the gateway's check of the link and the erasure.
    accounts.privacy!.erase = async (em, memberId, call) => {
      if (memberId === MEMBER.minor) await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(20) });
      return original(em, memberId, call);
    };
    try {
      const cancelled = await m.route(`/privacy/cancel-account?memberId=${MEMBER.minor}`, 'guardian', { method: 'POST' });
      expect(cancelled.body.request).toMatchObject({ kind: 'cancellation', status: 'rejected' });
      // The account is whole, and the adult's own: nothing of it was erased anywhere.
      expect((await m.ask('officer', `{ member(id: "${MEMBER.minor}") { id name reviews { id } } }`)).body.data.member).toMatchObject({ id: MEMBER.minor, name: 'Charlie Walker' });
      expect((await m.ask('minor', '{ me { id orders { id } } }')).body.data.me.orders.length).toBeGreaterThan(0);
    } finally {
      accounts.privacy!.erase = original;
      await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(12) });
    }
  });

  it("P-70 P-60 a guardian's download of the ward is refused when the link ends while the file is read: what was read after it is not theirs", async () => {
    const original = accounts.privacy!.export!;
    // The officer's correction commits while the sections are being read.
    accounts.privacy!.export = async (em, memberId) => {
      const section = await original(em, memberId);
      if (memberId === MEMBER.minor) await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(20) });
      return section;
    };
    try {
      const download = await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian');
      expect(download.status).toBe(403);
      expect(download.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(JSON.stringify(download.body)).not.toMatch(/Charlie Walker|@example/);
    } finally {
      accounts.privacy!.export = original;
      await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(12) });
    }
    // With the ward a child again, the guardian's download is given.
    expect((await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian')).status).toBe(200);
  });

  it('P-64 retrying a cancellation takes a sign-in within the last 5 minutes, like filing it', async () => {
    const filed = await m.ask('guardian', `mutation { submitDataSubjectRequest(kind: cancellation, memberId: "${MEMBER.minor}") { id status } }`);
    const id = filed.body.data.submitDataSubjectRequest.id as string;
    const stale = await tokenFor(m, { role: 'guardian', sub: MEMBER.guardian }, { authTime: secondsAgo(301) });
    const retried = await m.route(`/privacy/requests/${id}/retry`, 'guardian', { method: 'POST', token: stale });
    expect(retried.status).toBe(403);
    expect(retried.body.errors[0].extensions.code).toBe('REAUTHENTICATION_REQUIRED');
    expect((await m.ask('officer', `{ member(id: "${MEMBER.minor}") { id } }`)).body.data.member).toEqual({ id: MEMBER.minor });
    // Closed, so that no sweep later in this file erases the ward.
    await m.orm.em.fork().nativeUpdate(DataSubjectRequest, { id }, { status: 'rejected' });
  });

  it('P-62 P-70 a guardian who names the ward in a JSON body or under another query key is refused, and nothing is cancelled: their own account was', async () => {
    const guardian = await tokenFor(m, { role: 'guardian', sub: MEMBER.guardian });
    const url = new URL('/privacy/cancel-account', m.gatewayUrl);
    for (const body of [JSON.stringify({ memberId: MEMBER.minor }), '{}', 'memberId=m-minor']) {
      const answer = await callRoute(url, { method: 'POST', token: guardian, body, contentType: 'application/json' });
      expect(answer.status, body).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/takes no request body: nothing was done; a guardian names the ward in the query string, \?memberId=/);
    }
    // A typo in the query key was read as no ward too: any key but memberId, or memberId twice, is refused.
    for (const search of ['?memberID=m-minor', '?member_id=m-minor', '?ward=m-minor', `?memberId=${MEMBER.minor}&memberId=${MEMBER.guardian}`]) {
      const answer = await callRoute(new URL(`/privacy/cancel-account${search}`, m.gatewayUrl), { method: 'POST', token: guardian });
      expect(answer.status, search).toBe(400);
      expect(answer.body.errors[0].message, search).toMatch(/takes only \?memberId=<ward>, once: nothing was done/);
    }
    for (const id of [MEMBER.guardian, MEMBER.minor]) expect((await m.ask('officer', `{ member(id: "${id}") { id } }`)).body.data.member, id).toEqual({ id });
  });

  it('P-70 an adult former ward cannot clear their birth date, and a ward of unknown age gives the guardian no power: the link never revives', async () => {
    await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(16) });
    try {
      const cleared = await m.ask('minor', 'mutation { updateMyProfile(input: { birthDate: "" }) { birthDate } }');
      expect(cleared.body.errors?.[0]).toMatchObject({ message: 'birthDate cannot be cleared: it is corrected, not removed (P-70)', extensions: { code: 'BAD_USER_INPUT' } });
      // Cleared behind the gateway's back all the same: unknown, so treated as a minor's in public, but no guardian's to manage.
      await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: null });
      const guardian = await tokenFor(m, { role: 'guardian', sub: MEMBER.guardian });
      // Unknown age reads as a child's to others, so the profile is not found by id (P-70).
      expect((await m.post('{ me { wards { id } } member(id: "m-minor") { name phone } }', { authorization: `Bearer ${guardian}` })).body.data).toEqual({ me: { wards: [] }, member: null });
      expect((await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian', { token: guardian })).status).toBe(403);
      expect((await m.route(`/privacy/cancel-account?memberId=${MEMBER.minor}`, 'guardian', { token: guardian, method: 'POST' })).status).toBe(403);
      expect((await m.ask('officer', `{ member(id: "${MEMBER.minor}") { id } }`)).body.data.member).toEqual({ id: MEMBER.minor });
    } finally {
      await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(12) });
    }
  });
  it('P-70 P-61 an adult cannot correct their own birth date to a child\'s (as a child they could change nothing back); impossible days, digitless phones and long notes are refused', async () => {
    const ava = await tokenFor(m, { role: 'customer', sub: 'm-ava' });
    const child = await m.post(`mutation { updateMyProfile(input: { birthDate: "${birthDateYearsAgo(10)}" }) { birthDate } }`, { authorization: `Bearer ${ava}` });
    expect(child.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
    const impossible = await m.post('mutation { updateMyProfile(input: { birthDate: "1997-02-31" }) { birthDate } }', { authorization: `Bearer ${ava}` });
    expect(impossible.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noDigits = await m.post('mutation { updateMyProfile(input: { phone: "+-- -- --" }) { phone } }', { authorization: `Bearer ${ava}` });
    expect(noDigits.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const longNote = await m.post('mutation ($note: String) { submitDataSubjectRequest(kind: access, note: $note) { id } }', { authorization: `Bearer ${ava}` }, { note: 'x'.repeat(2001) });
    expect(longNote.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const adult = await m.post('mutation { updateMyProfile(input: { birthDate: "1990-05-17" }) { birthDate } }', { authorization: `Bearer ${ava}` });
    expect(adult.body.data.updateMyProfile).toEqual({ birthDate: '1990-05-17' });
  });

  it("P-70 a guardian corrects nothing of the ward's birth date: older ends the protection sooner, younger keeps the guardian in charge for years", async () => {
    const dayAfter = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString().slice(0, 10);
    const correct = (birthDate: string) => m.ask('guardian', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${birthDate}" }) { birthDate } }`);
    try {
      for (const birthDate of [dayAfter(birthDateYearsAgo(14)), birthDateYearsAgo(13), birthDateYearsAgo(11), birthDateYearsAgo(0)]) {
        const refused = await correct(birthDate);
        expect(refused.body.errors?.[0]?.extensions, birthDate).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
      }
      expect((await m.ask('guardian', `{ member(id: "${MEMBER.minor}") { birthDate } }`)).body.data.member.birthDate).toBe(birthDateYearsAgo(12));
      // The same date again changes nothing and is no correction of it; the rest of the profile stays the guardian's to correct.
      const same = await m.ask('guardian', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${birthDateYearsAgo(12)}", gender: "unspecified" }) { birthDate gender } }`);
      expect(same.body.data.updateMyProfile).toEqual({ birthDate: birthDateYearsAgo(12), gender: 'unspecified' });
      // The privacy officer, under legal obligation, does correct it.
      const officer = await m.ask('officer', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${birthDateYearsAgo(11)}" }) { birthDate } }`, { purpose: 'essential.legal_obligation' });
      expect(officer.body.data.updateMyProfile).toEqual({ birthDate: birthDateYearsAgo(11) });
    } finally {
      await m.orm.em.fork().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(12) });
    }
  });

  // Last in this file: the guardian's account goes.
  it('P-62 P-70 a guardian who cancels their account leaves no id and no words of theirs on the ward\'s requests, and a ward\'s request they filed that is still open is rejected, not run as the ward\'s own', async () => {
    const words = 'I am his father, reach me at 13500001000';
    const noted = await m.ask('guardian', `mutation { submitDataSubjectRequest(kind: access, note: "${words}", memberId: "${MEMBER.minor}") { id note } }`);
    expect(noted.body.data.submitDataSubjectRequest.note).toBe(words);
    const filed = await m.ask('guardian', `mutation { submitDataSubjectRequest(kind: cancellation, memberId: "${MEMBER.minor}") { id status } }`);
    const open = filed.body.data.submitDataSubjectRequest.id as string;
    expect((await m.orm.em.fork().findOneOrFail(DataSubjectRequest, { id: open })).requestedBy).toBe(MEMBER.guardian);
    const cancelled = await m.route('/privacy/cancel-account', 'guardian', { method: 'POST' });
    expect(cancelled.status).toBe(200);
    const rows = await m.orm.em.fork().find(DataSubjectRequest, { memberId: MEMBER.minor });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.requestedBy === MEMBER.guardian)).toEqual([]);
    expect(rows.find((r) => r.id === open)).toMatchObject({ status: 'rejected', requestedBy: null });
    expect(await m.orm.em.fork().count(DataSubjectRequest, { requestedBy: MEMBER.guardian })).toBe(0);
    // The guardian's words go with them: the request stays the ward's, its note does not.
    expect(rows.find((r) => r.id === noted.body.data.submitDataSubjectRequest.id)).toMatchObject({ requestedBy: null, note: null });
    expect(JSON.stringify(rows)).not.toContain('13500001000');
    const wardsDownload = await m.route('/privacy/my-data', 'minor');
    expect(wardsDownload.status).toBe(200);
    expect(JSON.stringify(wardsDownload.body)).not.toContain('13500001000');
    // The ward's account is whole.
    expect((await m.ask('officer', `{ member(id: "${MEMBER.minor}") { id name } }`)).body.data.member).toEqual({ id: MEMBER.minor, name: 'Charlie Walker' });
  });
});
