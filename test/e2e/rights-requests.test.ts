/**
 * Members' rights through the gateway over HTTP: data-subject requests (P-64), correction
 * (P-61), consents with history (P-63), a consent change governing the very next request (P-11),
 * and why a field about the member was masked or blocked (P-65).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { secondsAgo, sql, tokenFor } from '../support/rights.js';
import { DataSubjectRequest } from '../../resolvers/privacy/request.entity.js';
import { signContractCall } from '../../schema/contract-signing.js';
import { loadSigningSecret } from '../../schema/signing-secret.js';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

const SUBMIT = 'mutation ($kind: DataSubjectRequestKind!, $note: String) { submitDataSubjectRequest(kind: $kind, note: $note) { id memberId kind status createdAt dueAt completedAt overdue note } }';
const DAY = 86_400_000;

describe('data-subject requests', () => {
  it('P-64 every kind of data-subject request is recorded with a due date 15 days out after a recent sign-in', async () => {
    for (const kind of ['access', 'copy', 'correction', 'deletion', 'cancellation', 'consent']) {
      const answer = await m.ask('buyer-optout', SUBMIT, { variables: { kind, note: `please handle my ${kind} request` } });
      expect(answer.body.errors, kind).toBeUndefined();
      const r = answer.body.data.submitDataSubjectRequest;
      expect(r).toMatchObject({ memberId: 'm-optout', kind, status: 'open', overdue: false, completedAt: null });
      expect(Date.parse(r.dueAt) - Date.parse(r.createdAt)).toBe(15 * DAY);
      expect(Math.abs(Date.parse(r.createdAt) - Date.now())).toBeLessThan(60_000);
    }
    const mine = await m.ask('buyer-optout', '{ myDataSubjectRequests { kind status } }');
    expect(mine.body.data.myDataSubjectRequests.map((r: { kind: string }) => r.kind).sort()).toEqual(['access', 'cancellation', 'consent', 'copy', 'correction', 'deletion']);
  });

  it('P-64 without a sign-in in the last 5 minutes a request is refused and nothing is recorded', async () => {
    const before = await m.orm.em.fork().count(DataSubjectRequest, {});
    const stale = await m.token('buyer-optout', { authTime: secondsAgo(6 * 60) });
    const answer = await m.post(SUBMIT, { authorization: `Bearer ${stale}` }, { kind: 'access' });
    expect(answer.body.data.submitDataSubjectRequest).toBeNull();
    expect(answer.body.errors![0].extensions).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', rule: 'P-64' });
    const download = await m.route('/privacy/my-data', 'buyer-optout', { token: stale });
    expect(download.status).toBe(403);
    expect(download.body.errors[0].extensions.code).toBe('REAUTHENTICATION_REQUIRED');
    const cancel = await m.route('/privacy/cancel-account', 'buyer-optout', { method: 'POST', token: stale });
    expect(cancel.status).toBe(403);
    const correction = await m.post('mutation { updateMyProfile(input: { phone: "13911112222" }) { phone } }', { authorization: `Bearer ${stale}` });
    expect(correction.body.errors![0].extensions.code).toBe('REAUTHENTICATION_REQUIRED');
    expect(await m.orm.em.fork().count(DataSubjectRequest, {})).toBe(before);
    // A sign-in long ago (the epoch itself) is refused in the same words, not as a failed service.
    for (const authTime of [0, 1, secondsAgo(2 * 86_400)]) {
      const ancient = await m.token('buyer-optout', { authTime });
      const refused = await m.post(SUBMIT, { authorization: `Bearer ${ancient}` }, { kind: 'access' });
      expect(refused.body.errors![0].extensions, String(authTime)).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', rule: 'P-64' });
      expect(refused.body.errors![0].message, String(authTime)).toMatch(/^identity last confirmed more than a day ago; data-subject requests need a sign-in within the last 5 minutes/);
    }
    expect(await m.orm.em.fork().count(DataSubjectRequest, {})).toBe(before);
  });

  it('P-64 P-70 changing a consent, granted or withdrawn, needs a sign-in in the last 5 minutes, a guardian\'s for the ward included', async () => {
    const SET = 'mutation ($kind: ConsentKind!, $granted: Boolean!, $memberId: ID) { setConsent(kind: $kind, granted: $granted, memberId: $memberId) { memberId kind granted } }';
    const consent = async (memberId: string, kind: string) =>
      (await sql(m.orm, 'select granted from privacy_consent where member_id = ? and kind = ?', [memberId, kind]))[0]?.granted;
    const staleGuardian = await m.token('guardian', { authTime: secondsAgo(6 * 60) });
    for (const kind of ['cross_border', 'third_party_binding']) {
      const before = await consent('m-minor', kind);
      const grant = await m.post(SET, { authorization: `Bearer ${staleGuardian}` }, { kind, granted: true, memberId: 'm-minor' });
      expect(grant.body.data.setConsent, kind).toBeNull();
      expect(grant.body.errors![0].extensions, kind).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', rule: 'P-64' });
      expect(await consent('m-minor', kind), kind).toBe(before);
    }
    const staleOwn = await m.token('buyer', { authTime: secondsAgo(6 * 60) });
    const own = await m.post(SET, { authorization: `Bearer ${staleOwn}` }, { kind: 'event_sharing', granted: true });
    expect(own.body.errors![0].extensions.code).toBe('REAUTHENTICATION_REQUIRED');
    expect(await consent('m-buyer', 'event_sharing')).toBeFalsy();
    // A fresh sign-in grants; a stale one withdraws nothing either, and a fresh one withdraws.
    expect((await m.ask('buyer', SET, { variables: { kind: 'event_sharing', granted: true } })).body.data.setConsent.granted).toBe(true);
    const stale = await m.post(SET, { authorization: `Bearer ${staleOwn}` }, { kind: 'event_sharing', granted: false });
    expect(stale.body.data.setConsent).toBeNull();
    expect(stale.body.errors![0].extensions).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', rule: 'P-64' });
    expect(await consent('m-buyer', 'event_sharing')).toBeTruthy();
    expect((await m.ask('buyer', SET, { variables: { kind: 'event_sharing', granted: false } })).body.data.setConsent.granted).toBe(false);
  });

  it('P-64 a note holding a control or invisible character (a right-to-left override) is refused, and nothing is recorded', async () => {
    const before = await m.orm.em.fork().count(DataSubjectRequest, {});
    for (const note of ['\u202Egnp.exe', 'ring \u0007 bell', 'hidden\u200Bspace', 'line\u2028separator']) {
      const answer = await m.ask('buyer-optout', SUBMIT, { variables: { kind: 'access', note } });
      expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(note)).toBe('BAD_USER_INPUT');
    }
    expect(await m.orm.em.fork().count(DataSubjectRequest, {})).toBe(before);
    // Line breaks and tabs are a note's own.
    const plain = await m.ask('buyer-optout', SUBMIT, { variables: { kind: 'access', note: 'first line\n\tsecond line' } });
    expect(plain.body.errors).toBeUndefined();
  });

  it("P-64 a member may have 10 open requests of one kind within their due date at most: one member's filings do not bury the officer's list; a closed or overdue one makes room again", async () => {
    const fay = await tokenFor(m, { role: 'customer', sub: 'm-fay' });
    const file = () => m.post(SUBMIT, { authorization: `Bearer ${fay}` }, { kind: 'deletion', note: 'my searches' });
    const filed: string[] = [];
    for (let i = 0; i < 10; i++) filed.push((await file()).body.data.submitDataSubjectRequest.id);
    const refused = await file();
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_OPEN_REQUESTS', rule: 'P-64' });
    expect(refused.body.errors?.[0]?.message).toMatch(/10 deletion requests you filed for this member are open and within their due date/);
    expect(await m.orm.em.fork().count(DataSubjectRequest, { memberId: 'm-fay', kind: 'deletion' })).toBe(10);
    // Another kind is not held up, and a closed request makes room.
    expect((await m.post(SUBMIT, { authorization: `Bearer ${fay}` }, { kind: 'access' })).body.data.submitDataSubjectRequest.status).toBe('open');
    await m.orm.em.fork().nativeUpdate(DataSubjectRequest, { id: filed[0] }, { status: 'completed', completedAt: new Date() });
    expect((await file()).body.data.submitDataSubjectRequest.status).toBe('open');
    expect((await file()).body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_OPEN_REQUESTS');
    // One the office let run past its due date, still open, no longer bars the next: nothing in the API closes it.
    await m.orm.em.fork().nativeUpdate(DataSubjectRequest, { id: filed[1] }, { createdAt: new Date(Date.now() - 16 * 86_400_000), dueAt: new Date(Date.now() - 86_400_000) });
    expect((await file()).body.data.submitDataSubjectRequest.status).toBe('open');
    // Closed again, so that the officer's overdue list below holds only its own test's.
    await m.orm.em.fork().nativeUpdate(DataSubjectRequest, { memberId: 'm-fay' }, { status: 'completed', completedAt: new Date() });
  });

  it('P-64 P-63 several rights mutations in one document: those made keep their answers beside the one refused, so nobody is told nothing changed when something did', async () => {
    const dina = await tokenFor(m, { role: 'customer', sub: 'm-dina' });
    const aliases = Array.from({ length: 12 }, (_, i) => `r${i}: submitDataSubjectRequest(kind: deletion, note: "file ${i}") { id status }`).join(' ');
    const answer = await m.post(`mutation { ${aliases} }`, { authorization: `Bearer ${dina}` });
    const made = Object.values(answer.body.data).filter(Boolean) as { id: string; status: string }[];
    expect(new Set(made.map((r) => r.id)).size).toBe(10);
    for (const request of made) expect(request.status).toBe('open');
    expect(answer.body.data.r10).toBeNull();
    expect(answer.body.data.r11).toBeNull();
    expect(answer.body.errors!.map((e: any) => [e.path, e.extensions.code])).toEqual([[['r10'], 'TOO_MANY_OPEN_REQUESTS'], [['r11'], 'TOO_MANY_OPEN_REQUESTS']]);
    expect(await m.orm.em.fork().count(DataSubjectRequest, { memberId: 'm-dina', kind: 'deletion' })).toBe(10);
    // A consent changed beside one refused (a child's own grant, P-70) reads as changed.
    const consents = await m.ask('minor', 'mutation { off: setConsent(kind: find_by_nickname, granted: false) { kind granted } on: setConsent(kind: marketing_messages, granted: true) { granted } }');
    expect(consents.body.data).toEqual({ off: { kind: 'find_by_nickname', granted: false }, on: null });
    expect(consents.body.errors!.map((e: any) => [e.path, e.extensions.code])).toEqual([[['on'], 'FORBIDDEN']]);
    await m.orm.em.fork().nativeUpdate(DataSubjectRequest, { memberId: 'm-dina' }, { status: 'completed', completedAt: new Date() });
  });

  it("P-64 P-70 the cap counts each filer's requests: a guardian who filed 10 for the ward leaves the ward's own filing open to them", async () => {
    const file = (persona: string) => m.ask(persona, 'mutation { submitDataSubjectRequest(kind: correction, memberId: "m-minor", note: "my school") { id status } }');
    for (let i = 0; i < 10; i++) expect((await file('guardian')).body.data.submitDataSubjectRequest.status).toBe('open');
    expect((await file('guardian')).body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_OPEN_REQUESTS');
    const own = await m.ask('minor', 'mutation { submitDataSubjectRequest(kind: correction, note: "my school") { id status } }');
    expect(own.body.errors, JSON.stringify(own.body.errors)).toBeUndefined();
    expect(own.body.data.submitDataSubjectRequest.status).toBe('open');
  });

  it('P-64 the privacy officer lists the open and the overdue requests; nobody else does', async () => {
    const filed = (await m.ask('buyer', SUBMIT, { variables: { kind: 'deletion', note: 'delete my old searches' } })).body.data.submitDataSubjectRequest;
    const late = (await m.ask('buyer', SUBMIT, { variables: { kind: 'access' } })).body.data.submitDataSubjectRequest;
    const done = (await m.ask('buyer', SUBMIT, { variables: { kind: 'consent' } })).body.data.submitDataSubjectRequest;
    // Filed 20 days ago and not handled: overdue. Another one handled.
    await sql(m.orm, 'update privacy_request set created_at = ?, due_at = ? where id = ?', [new Date(Date.now() - 20 * DAY), new Date(Date.now() - 5 * DAY), late.id]);
    await sql(m.orm, 'update privacy_request set status = ?, completed_at = ? where id = ?', ['completed', new Date(), done.id]);

    const open = await m.ask('officer', '{ dataSubjectRequests { id memberId kind status dueAt overdue } }');
    expect(open.body.errors).toBeUndefined();
    const openIds = open.body.data.dataSubjectRequests.map((r: { id: string }) => r.id);
    expect(openIds).toEqual(expect.arrayContaining([filed.id, late.id]));
    expect(openIds).not.toContain(done.id);
    expect(open.body.data.dataSubjectRequests.find((r: { id: string }) => r.id === filed.id)).toMatchObject({ memberId: 'm-buyer', kind: 'deletion', status: 'open', overdue: false });
    // Oldest due first: the overdue one leads.
    expect(openIds[0]).toBe(late.id);

    const overdue = await m.ask('officer', '{ dataSubjectRequests(overdue: true) { id kind overdue } }');
    expect(overdue.body.data.dataSubjectRequests).toEqual([{ id: late.id, kind: 'access', overdue: true }]);

    for (const persona of ['buyer', 'agent', 'merchant-deer', 'visitor']) {
      const answer = await m.ask(persona, '{ dataSubjectRequests { id } }');
      expect(answer.body.data?.dataSubjectRequests ?? [], persona).toEqual([]);
    }
  });
});

describe('correction', () => {
  it('P-61 a member corrects their own data; the next read shows it; it is recorded as a completed correction (P-64)', async () => {
    const answer = await m.ask('buyer', 'mutation { updateMyProfile(input: { phone: "13900001234", email: "alice.walker@example.org", nickname: "TrailAlice" }) { id nickname phone email } }');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.updateMyProfile).toEqual({ id: 'm-buyer', nickname: 'TrailAlice', phone: '13900001234', email: 'alice.walker@example.org' });
    const next = await m.ask('buyer', '{ me { nickname phone email name } }');
    expect(next.body.data.me).toEqual({ nickname: 'TrailAlice', phone: '13900001234', email: 'alice.walker@example.org', name: 'Alice Walker' });
    const requests = await m.ask('buyer', '{ myDataSubjectRequests { kind status completedAt } }');
    expect(requests.body.data.myDataSubjectRequests).toContainEqual(expect.objectContaining({ kind: 'correction', status: 'completed' }));
  });

  it('P-61 P-64 a correction naming no field is refused as such, for the member and their guardian, and nothing is recorded (it read as a conflict)', async () => {
    for (const [persona, args, subject] of [['buyer', 'input: {}', 'm-buyer'], ['guardian', 'input: {}, memberId: "m-minor"', 'm-minor']] as const) {
      const before = await m.orm.em.fork().count(DataSubjectRequest, { memberId: subject, kind: 'correction' });
      const answer = await m.ask(persona, `mutation { updateMyProfile(${args}) { nickname } }`);
      expect(answer.body.errors?.[0]?.extensions?.code, persona).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message, persona).toBe('the correction names no field to change: give at least one in input');
      expect(await m.orm.em.fork().count(DataSubjectRequest, { memberId: subject, kind: 'correction' }), persona).toBe(before);
    }
  });

  it("P-80 P-81 P-70 an officer's correction without a birth date is refused: it neither reads the profile nor leaves the member a request telling them a case is open", async () => {
    const before = await m.orm.em.fork().count(DataSubjectRequest, { memberId: 'm-optout' });
    const answer = await m.ask('officer', 'mutation { updateMyProfile(input: {}, memberId: "m-optout") { name email phone realNameVerification { nationalId } } }', { purpose: 'essential.legal_obligation' });
    expect(answer.body.data?.updateMyProfile ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'P-70' });
    expect(JSON.stringify(answer.body)).not.toMatch(/Bob|13987654321|bob@example/);
    expect(await m.orm.em.fork().count(DataSubjectRequest, { memberId: 'm-optout' })).toBe(before);
  });

  it('P-61 P-70 a correction is validated (a birth date after today is refused), and a member cannot correct anyone else', async () => {
    const bad = await m.ask('buyer', 'mutation { updateMyProfile(input: { birthDate: "yesterday" }) { birthDate } }');
    expect(bad.body.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    // P-70: a birth date after today would make an adult "under 14", with no guardian to undo it.
    for (const date of ['2099-01-01', '1850-06-01']) {
      const absurd = await m.ask('buyer', `mutation { updateMyProfile(input: { birthDate: "${date}" }) { birthDate } }`);
      expect(absurd.body.errors![0], date).toMatchObject({ message: 'birthDate must be a day between 1900-01-01 and today', extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect((await m.ask('buyer', '{ me { birthDate } }')).body.data.me.birthDate).not.toMatch(/^(2099|1850)/);
    const other = await m.ask('buyer', 'mutation { updateMyProfile(memberId: "m-optout", input: { phone: "13000000000" }) { phone } }');
    expect(other.body.errors![0].extensions.code).toBe('FORBIDDEN');
    const officer = await m.ask('officer', '{ member(id: "m-optout") { phone } }');
    expect(officer.body.data.member.phone).toBe('13987654321');
  });
});

describe('consents', () => {
  const CONSENTS = '{ myConsents { kind granted policyVersion history { granted at policyVersion } } }';
  const consentOf = async (persona: string, kind: string) =>
    (await m.ask(persona, CONSENTS)).body.data.myConsents.find((c: { kind: string }) => c.kind === kind);

  it('P-63 each consent is granted and withdrawn separately, with its history; withdrawal keeps the earlier grant on record', async () => {
    const before = await consentOf('buyer-optout', 'personalized_recommendation');
    expect(before.history.map((h: { granted: boolean }) => h.granted)).toEqual([true, false]);
    const grant = await m.ask('buyer-optout', 'mutation { setConsent(kind: marketing_messages, granted: true) { kind granted policyVersion } }');
    expect(grant.body.data.setConsent).toEqual({ kind: 'marketing_messages', granted: true, policyVersion: '2026-01' });
    await m.ask('buyer-optout', 'mutation { setConsent(kind: marketing_messages, granted: false) { granted } }');
    const marketing = await consentOf('buyer-optout', 'marketing_messages');
    expect(marketing.granted).toBe(false);
    expect(marketing.history.map((h: { granted: boolean; policyVersion: string }) => [h.granted, h.policyVersion])).toEqual([[true, '2026-01'], [false, '2026-01']]);
    // The other consents did not move.
    expect(await consentOf('buyer-optout', 'personalized_recommendation')).toEqual(before);
    expect((await consentOf('buyer-optout', 'cross_border')).granted).toBe(false);
  });

  it('P-64 each consent change is a data-subject request of its own, recorded as done with its due date', async () => {
    const before = (await m.ask('buyer', '{ myDataSubjectRequests { id } }')).body.data.myDataSubjectRequests.length;
    await m.ask('buyer', 'mutation { setConsent(kind: marketing_messages, granted: true) { granted } }');
    await m.ask('buyer', 'mutation { setConsent(kind: marketing_messages, granted: false) { granted } }');
    const mine = (await m.ask('buyer', '{ myDataSubjectRequests { kind status note createdAt dueAt completedAt } }')).body.data.myDataSubjectRequests;
    expect(mine).toHaveLength(before + 2);
    const consents = mine.filter((r: { kind: string }) => r.kind === 'consent');
    expect(consents.map((r: { note: string; status: string }) => [r.note, r.status])).toEqual(expect.arrayContaining([['granted marketing_messages', 'completed'], ['withdrew marketing_messages', 'completed']]));
    for (const r of consents) expect(Date.parse(r.dueAt) - Date.parse(r.createdAt)).toBe(15 * DAY);
  });

  it('P-11 a withdrawal governs the very next request, and a new grant the one after', async () => {
    const read = () => m.ask('buyer', '{ me { browsingHistory { id } } }', { purpose: 'personalize.content' });
    const first = await read();
    expect(first.body.data.me.browsingHistory.length).toBeGreaterThan(0);
    await m.ask('buyer', 'mutation { setConsent(kind: personalized_recommendation, granted: false) { granted } }');
    const next = await read();
    expect(next.body.data.me.browsingHistory).toBeNull();
    expect(next.body.errors![0].extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-10', consent: 'personalized_recommendation' });
    await m.ask('buyer', 'mutation { setConsent(kind: personalized_recommendation, granted: true) { granted } }');
    expect((await read()).body.data.me.browsingHistory.length).toBeGreaterThan(0);
  });

  it('P-11 a consent change is sent alone: beside a read (withdraw, read, grant again in one document) it is refused before anything runs, and nothing changes', async () => {
    const mixed = await m.ask('buyer', 'mutation { a: setConsent(kind: personalized_recommendation, granted: false) { granted } b: updateMyProfile(input: { gender: "female" }) { recommendations { id } } c: setConsent(kind: personalized_recommendation, granted: true) { granted } }', { purpose: 'personalize.content' });
    expect(mixed.body.data ?? null).toBeNull();
    expect(mixed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'P-11' });
    // Through a fragment on the mutation root too.
    const spread = await m.ask('buyer', 'mutation { ...Both } fragment Both on Mutation { setConsent(kind: location, granted: false) { granted } updateMyProfile(input: { gender: "female" }) { gender } }');
    expect(spread.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'P-11' });
    const history = await m.ask('buyer', '{ me { consents { kind granted } } }');
    expect(history.body.data.me.consents.find((c: { kind: string }) => c.kind === 'location')).not.toMatchObject({ granted: false });
    // Several consent changes together are one request's.
    const together = await m.ask('buyer', 'mutation { a: setConsent(kind: location, granted: true) { granted } b: setConsent(kind: marketing_messages, granted: true) { granted } }');
    expect(together.body.errors).toBeUndefined();
  });

  it('P-65 the member sees why a field about them was masked or blocked: rule, purpose and consent', async () => {
    await m.ask('buyer', 'mutation { setConsent(kind: personalized_recommendation, granted: false) { granted } }');
    const answer = await m.ask('buyer', '{ me { browsingHistory { id } realNameVerification { realName } } }', { purpose: 'personalize.content' });
    const decisions = answer.body.extensions.privacy.decisions;
    expect(decisions).toContainEqual(expect.objectContaining({ path: 'me.browsingHistory', outcome: 'block', rule: 'P-10', purpose: 'personalize.content', consent: 'personalized_recommendation' }));
    expect(decisions).toContainEqual(expect.objectContaining({ path: 'me.realNameVerification.realName', outcome: 'mask', rule: 'P-03' }));
    for (const d of decisions) expect(d.reason.length).toBeGreaterThan(10);
    await m.ask('buyer', 'mutation { setConsent(kind: personalized_recommendation, granted: true) { granted } }');
  });
});

describe('the requests contract', () => {
  async function contract(subgraph: string, body: unknown) {
    const url = new URL(m.subgraph(subgraph).url.replace(/\/graphql$/, '/privacy/requests'));
    const payload = JSON.stringify(body);
    const signature = signContractCall(loadSigningSecret(), { audience: subgraph, method: 'POST', path: url.pathname, body: payload });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signature }, body: payload });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('P-64 the privacy subgraph owns the requests: the gateway records and advances them over its signed /privacy/requests', async () => {
    const recorded = await contract('privacy', { op: 'record', memberId: 'm-optout', kind: 'cancellation', requestedBy: 'm-optout', authTime: Math.floor(Date.now() / 1000) });
    expect(recorded.status).toBe(200);
    expect(recorded.body.request).toMatchObject({ memberId: 'm-optout', kind: 'cancellation', status: 'open', attempts: 0 });
    const id = recorded.body.request.id;
    const updated = await contract('privacy', { op: 'update', id, status: 'pending_retry', progress: { failed: { activity: 'down' } }, attempt: true });
    expect(updated.body.request).toMatchObject({ id, status: 'pending_retry', attempts: 1, progress: { failed: { activity: 'down' } } });
    expect((await contract('privacy', { op: 'openCancellations' })).body.requests.map((r: { id: string }) => r.id)).toContain(id);
    await contract('privacy', { op: 'update', id, status: 'rejected' });
    expect((await contract('privacy', { op: 'get', id })).body.request).toMatchObject({ id, status: 'rejected' });
    // No other subgraph holds requests.
    expect((await contract('accounts', { op: 'get', id })).status).toBe(404);
  });

  it('P-64 a malformed requests call is refused with 400 and writes nothing', async () => {
    const before = await m.orm.em.fork().count(DataSubjectRequest, {});
    for (const body of [{ op: 'record', memberId: 'm-optout', kind: 'nonsense', requestedBy: 'm-optout', authTime: null }, { op: 'update', id: 'dsr-x', status: 'done' }, { op: 'drop' }]) {
      const answer = await contract('privacy', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect(await m.orm.em.fork().count(DataSubjectRequest, {})).toBe(before);
  });

  it('P-64 P-62 only members file requests and set consents: a merchant or a carrier is refused and nothing is recorded, and so is a cancelled account\'s token', async () => {
    const count = () => m.orm.em.fork().count(DataSubjectRequest, {});
    const before = await count();
    for (const persona of ['merchant-deer', 'carrier-swift']) {
      for (const mutation of ['mutation { submitDataSubjectRequest(kind: cancellation, note: "x") { id } }', 'mutation { setConsent(kind: find_by_nickname, granted: false) { memberId } }']) {
        const answer = await m.ask(persona, mutation);
        expect(answer.body.errors?.[0]?.extensions?.code, `${persona}: ${mutation}`).toBe('FORBIDDEN');
        expect(answer.body.errors![0].message, persona).toMatch(/only a signed-in member/);
      }
    }
    expect(await count()).toBe(before);
    // A token for an account that is gone (cancelled, or never was) links nothing new to it.
    const gone = await tokenFor(m, { role: 'customer', sub: 'm-nobody' });
    const filed = await m.post('mutation { submitDataSubjectRequest(kind: access, note: "hello") { id } }', { authorization: `Bearer ${gone}` });
    expect(filed.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
  });
});
