/**
 * P-60 end to end: "download my data" gathers every subgraph's part through the privacy contract
 * into one machine-readable file, with the consents' history and the audit entries about the
 * member; composition refuses a subgraph with personal data that does not implement the contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { activity } from '../../resolvers/activity/index.js';
import { reviews } from '../../resolvers/reviews/index.js';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.js';
import { privacyContractProblems, subgraphHasPii, subgraphImplementsPrivacyContract } from '../../resolvers/privacy-contract-check.js';
import { DataSubjectRequest } from '../../resolvers/privacy/request.entity.js';
import { Payment } from '../../resolvers/orders/order.entity.js';
import { Member } from '../../resolvers/accounts/member.entity.js';
import { MEMBER } from '../../resolvers/demo-ids.js';
import { auditRows, tokenFor } from '../support/rights.js';
import { readAuditEntries, type AuditLog } from '../../gateway/audit/audit-log.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { RightsService } from '../../gateway/rights/rights-service.js';
import type { FactsLoader } from '../../gateway/privacy-pass.js';
import type { SubjectFacts } from '../../directives/subject-facts.js';
import type { Caller } from '../../directives/caller.js';
import { loadSigningSecret } from '../../schema/signing-secret.js';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
  // Someone else reads the member's sensitive data first: the download must show it (P-80).
  await m.ask('agent', '{ member(id: "m-buyer") { realNameVerification { realName nationalId } } }', { purpose: 'essential.service.authentication' });
});
afterAll(async () => {
  await m?.close();
});

describe('download my data', () => {
  it('P-60 a member downloads all their personal data, from every subgraph, as one JSON file', async () => {
    const res = await m.route('/privacy/my-data', 'buyer');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="my-data-m-buyer.json"');
    const doc = res.body;
    expect(doc).toMatchObject({ format: 'privacy-gateway/my-data@1', subject: 'm-buyer', cancelled: false });
    // Every subgraph that holds personal data answered; catalog holds none.
    expect(Object.keys(doc.subgraphs).sort()).toEqual(['accounts', 'activity', 'logistics', 'orders', 'privacy', 'reviews', 'support']);
    const s = doc.subgraphs;
    expect(s.accounts.member).toMatchObject({ id: 'm-buyer', name: 'Alice Walker', phone: '13812345678', email: 'alice@example.com', nickname: 'DeerFan' });
    expect(s.accounts.loginBindings).toEqual([expect.objectContaining({ provider: 'wechat' })]);
    expect(s.orders.orders.map((o: { id: string }) => o.id).sort()).toEqual(['o-1041', 'o-1042', 'o-1043']);
    expect(s.orders.orders.find((o: { id: string }) => o.id === 'o-1041')).toMatchObject({ consigneeName: 'Alice Walker', deliveryAddress: expect.any(String) });
    expect(s.orders.orderItems.length).toBeGreaterThan(0);
    expect(s.logistics.shipments.map((x: { orderId: string }) => x.orderId).sort()).toEqual(['o-1041', 'o-1042', 'o-1043']);
    expect(s.reviews.reviews.map((r: { id: string }) => r.id).sort()).toEqual(['r-2001', 'r-2002', 'r-2003']);
    expect(s.reviews.homepage).toMatchObject({ nickname: 'DeerFan' });
    expect(s.activity.browsingHistory.length).toBeGreaterThan(0);
    expect(s.activity.searchHistory.length).toBeGreaterThan(0);
    expect(s.support.tickets).toEqual([expect.objectContaining({ id: 't-4001' })]);
    expect(s.support.chatMessages.length).toBeGreaterThan(0);
    // Consents with their history (P-63).
    const personalized = s.privacy.consents.find((c: { kind: string }) => c.kind === 'personalized_recommendation');
    expect(personalized).toMatchObject({ granted: true, policyVersion: '2026-01', history: [expect.objectContaining({ granted: true, policyVersion: '2026-01' })] });
    // No event ids: a global sequence, whose gaps would count other members' consent changes.
    expect(doc.subgraphs.privacy.consents.flatMap((c: any) => c.history).filter((e: any) => 'id' in e)).toEqual([]);
    // The audit entries about the member: the agent's identity check, by role, not by name.
    expect(doc.audit).toContainEqual(expect.objectContaining({ role: 'support', purpose: 'essential.service.authentication', field: 'RealNameVerification.nationalId', outcome: 'allow', caller: null }));
  });

  it('P-60 the file shows what the member may see and nothing nobody may see: no password hash, real name and id masked, card as last four', async () => {
    const doc = (await m.route('/privacy/my-data', 'buyer')).body;
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/passwordHash|argon2id/);
    expect(doc.subgraphs.accounts.realNameVerification).toMatchObject({ realName: 'A***', nationalId: '1****X' });
    expect(text).not.toContain('11010519900307002X');
    expect(doc.subgraphs.orders.payments.map((p: { cardLast4: string | null }) => p.cardLast4)).toContain('**** **** **** 4242');
  });

  it('P-24 P-60 a full card number in the last-four column reaches the member\'s download as its last four only, as it does the graph', async () => {
    const em = m.orm.em.fork();
    const payment = await em.findOne(Payment, { buyerId: MEMBER.buyer, cardLast4: '4242' });
    expect(payment).toBeTruthy();
    try {
      // PostgreSQL's varchar(4) refuses the full number outright; SQLite stores it, and the download must cut it.
      const stored = await em.nativeUpdate(Payment, { id: payment!.id }, { cardLast4: '4111111111114242' }).then(() => true, () => false);
      const doc = (await m.route('/privacy/my-data', 'buyer')).body;
      const text = JSON.stringify(doc);
      expect(text, `stored: ${stored}`).not.toContain('411111111111');
      expect(doc.subgraphs.orders.payments.map((p: { cardLast4: string | null }) => p.cardLast4)).toContain('**** **** **** 4242');
    } finally {
      await em.nativeUpdate(Payment, { id: payment!.id }, { cardLast4: '4242' });
    }
  });

  it('P-80 P-60 the download names no staff member and shows none of the officer\'s reads, with or without a case: the audit is the officer\'s, and a case\'s reads would tell the member a case is open', async () => {
    // The officer reads the member under legal obligation (audited, P-81).
    const legal = await m.ask('officer', `{ member(id: "m-buyer") { name phone } }`);
    expect(legal.body.data.member.name).toBe('Alice Walker');
    // A look-up of the member's order outside the legal obligation, refused, is recorded under the case too: left out as well.
    const probe = await m.ask('officer', '{ order(id: "o-1041") { id consigneeName } }', { purpose: 'essential.service' });
    expect(probe.body.data.order).toBeNull();
    const probed = await auditRows(m.orm, { requestId: probe.requestId! });
    expect(probed.map((e) => [e.subject, e.caseRef])).toContainEqual([MEMBER.buyer, 'CASE-2026-001']);
    // An officer's token with no case, reading the member's review text as a visitor would: released, recorded, and still the officer's.
    const noCase = await tokenFor(m, { role: 'privacy_officer', sub: 'u-officer-2' });
    const looked = await m.post('{ product(id: "p-trail-boots") { reviews { text } } }', { authorization: `Bearer ${noCase}`, 'x-purpose': 'essential.service' });
    expect((await auditRows(m.orm, { requestId: looked.requestId! })).some((e) => e.role === 'privacy_officer' && e.caseRef === null)).toBe(true);
    const doc = (await m.route('/privacy/my-data', 'buyer')).body;
    expect(doc.audit.length).toBeGreaterThan(0);
    expect(doc.audit.filter((e: { purpose: string }) => e.purpose === 'essential.legal_obligation')).toEqual([]);
    expect(doc.audit.filter((e: { role: string }) => e.role === 'privacy_officer')).toEqual([]);
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/u-agent|u-officer|CASE-2026/);
    expect(doc.subgraphs.support.tickets[0]).toMatchObject({ id: 't-4001', agent: 'a support agent' });
    expect(doc.subgraphs.support.tickets[0].agentId).toBeUndefined();
  });

  it('P-60 each download is recorded as a completed copy request (P-64)', async () => {
    const rows = await m.orm.em.fork().find(DataSubjectRequest, { memberId: 'm-buyer', kind: 'copy' });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.status === 'completed' && r.completedAt)).toBe(true);
  });

  it('P-60 only the member (or their linked guardian, P-70) downloads: others are refused', async () => {
    expect((await m.route('/privacy/my-data', 'visitor')).status).toBe(401);
    for (const persona of ['merchant-deer', 'agent', 'officer', 'analyst']) expect((await m.route('/privacy/my-data', persona)).status, persona).toBe(403);
    expect((await m.route('/privacy/my-data?memberId=m-optout', 'buyer')).status).toBe(403);
    expect((await m.route('/privacy/my-data?memberId=m-buyer', 'guardian')).status).toBe(403);
    const ward = await m.route('/privacy/my-data?memberId=m-minor', 'guardian');
    expect(ward.status).toBe(200);
    expect(ward.body.subject).toBe('m-minor');
    expect(ward.body.subgraphs.accounts.member).toMatchObject({ id: 'm-minor', name: 'Charlie Walker' });
    expect(ward.body.subgraphs.accounts.guardians).toEqual(['m-guardian']);
  });

  it("P-70 P-60 the guardian's own download lists a ward while the link holds: at 14 the link ends and the former ward's id leaves the file, as it leaves Member.wards", async () => {
    const own = async () => (await m.route('/privacy/my-data', 'guardian')).body.subgraphs.accounts.wards;
    expect(await own()).toEqual([MEMBER.minor]);
    const accounts = () => m.orm.em.fork();
    const { birthDate } = (await accounts().findOneOrFail(Member, { id: MEMBER.minor }))!;
    await accounts().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: '1990-05-05' });
    try {
      expect(await own()).toEqual([]);
      expect((await m.ask('guardian', '{ me { wards { id } } }')).body.data.me.wards).toEqual([]);
    } finally {
      await accounts().nativeUpdate(Member, { id: MEMBER.minor }, { birthDate });
    }
    expect(await own()).toEqual([MEMBER.minor]);
  });

  it("P-70 P-80 another member's read in a member's file is a member's: one who reads as a guardian is not named so, which would tell they have a child", async () => {
    const read = await m.ask('guardian', '{ review(id: "r-2001") { text } }');
    expect(read.body.data.review.text).toBeTruthy();
    const file = await m.route('/privacy/my-data', 'buyer');
    const reads = file.body.audit.filter((e: any) => e.fieldPath === 'review.text' && e.caller === null);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.map((e: any) => e.role)).not.toContain('guardian');
    expect(reads.map((e: any) => e.role)).toContain('customer');
    // The guardian's own file, and their ward's, still name the guardian's reads as theirs.
    const ward = await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian');
    expect(ward.body.audit.filter((e: any) => e.caller === MEMBER.guardian).every((e: any) => e.role === 'guardian')).toBe(true);
  });

  it('P-83 P-80 a purpose the role may not declare is refused on the rights routes as on /graphql, before anything runs; none, or one the role may declare, is not needed and not refused, and the one declared is recorded with the download', async () => {
    const token = await m.token('buyer');
    const ask = (path: string, method: string, purpose?: string) =>
      fetch(new URL(path, m.gatewayUrl), { method, headers: { authorization: `Bearer ${token}`, ...(purpose === undefined ? {} : { 'x-purpose': purpose }) } });
    for (const [path, method] of [['/privacy/my-data', 'GET'], ['/privacy/cancel-account', 'POST']] as const) {
      for (const purpose of ['bogus.purpose', 'essential.legal_obligation', 'analytics.reporting']) {
        const refused = await ask(path, method, purpose);
        expect(refused.status, `${path} ${purpose}`).toBe(403);
        expect(((await refused.json()) as any).errors[0].extensions.code).toBe('PURPOSE_NOT_ALLOWED');
      }
    }
    // Nothing was cancelled: the member still downloads, with no purpose or one a customer may declare.
    expect((await ask('/privacy/my-data', 'GET')).status).toBe(200);
    const declared = await ask('/privacy/my-data', 'GET', 'essential.service');
    expect(declared.status).toBe(200);
    // The download's record in the access audit says under which purpose it was taken (P-80).
    const { requestId } = (await declared.json()) as { requestId: string };
    const recorded = (await readAuditEntries(m.orm.em, { subject: MEMBER.buyer })).filter((e) => e.requestId === `download:${requestId}`);
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.every((e) => e.purpose === 'essential.service')).toBe(true);
  });

  it("P-80 a download is an audited read of everything: the guardian's download of the ward's file is in the access audit, one decision per section", async () => {
    const before = (await readAuditEntries(m.orm.em, { subject: MEMBER.minor })).length;
    const ward = await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian');
    expect(ward.status).toBe(200);
    const entries = (await readAuditEntries(m.orm.em, { subject: MEMBER.minor })).slice(before);
    expect(entries.map((e) => e.fieldPath).sort()).toEqual(Object.keys(ward.body.subgraphs).map((name) => `download.subgraphs.${name}`).sort());
    expect(entries.every((e) => e.callerSub === MEMBER.guardian && e.role === 'guardian' && e.rule === 'P-60' && e.requestId === `download:${ward.body.requestId}`)).toBe(true);
    // The member's own file shows their download among the reads of their data.
    const own = await m.route('/privacy/my-data', 'buyer');
    expect(own.body.audit.some((e: { fieldPath: string; caller: string }) => e.fieldPath === 'download.subgraphs.accounts' && e.caller === MEMBER.buyer)).toBe(true);
  });

  it('P-60 P-80 a download carries the newest audit records about the member, the download\'s own among them, and says whether it leaves older ones out: a bounded file whatever the log holds', async () => {
    // Every visitor view of a page showing the child's review is a record about the child (P-70).
    for (let i = 0; i < 6; i++) await m.ask('visitor', '{ product(id: "p-trail-boots") { reviews { text author { nickname } } } }');
    const subgraphs = m.subgraphs.map((s) => ({ name: s.name, url: s.url }));
    const loadFacts: FactsLoader = async (ids) => new Map(ids.map((id) => [id, { cancelled: false, minor: true, guardians: [MEMBER.guardian] } as SubjectFacts]));
    const rights = new RightsService({ orm: m.orm, subgraphs, loadFacts, signingSecret: loadSigningSecret(), downloadAuditRecords: 3 });
    const guardian = { sub: MEMBER.guardian, role: 'guardian', authTime: Math.floor(Date.now() / 1000) } as Caller;
    // The officer's case work among them is left out before the newest are counted: gaps in the window would tell of it.
    await m.ask('visitor', '{ product(id: "p-trail-boots") { reviews { text author { nickname } } } }');
    await m.ask('officer', `{ member(id: "${MEMBER.minor}") { name } }`);
    await auditRows(m.orm, { requestId: (await m.ask('officer', `{ member(id: "${MEMBER.minor}") { name } }`, { purpose: 'essential.service' })).requestId! });
    await m.ask('visitor', '{ product(id: "p-trail-boots") { reviews { text author { nickname } } } }');
    const all = (await readAuditEntries(m.orm.em.fork(), { subject: MEMBER.minor })).filter((e) => e.caseRef === null && e.purpose !== 'essential.legal_obligation');
    const records = [...new Set(all.map((e) => e.seq))];
    expect(records.length).toBeGreaterThanOrEqual(6);
    const doc = await rights.download(guardian, MEMBER.minor);
    expect(doc.audit.filter((e) => e.role === 'privacy_officer')).toEqual([]);
    // Records are told apart by their time: the file gives no chain position.
    expect(doc.audit.every((e) => !('seq' in e))).toBe(true);
    const shown = [...new Set(doc.audit.map((e) => e.at as string))];
    const atOf = new Map(all.map((e) => [e.seq, e.at]));
    expect(shown).toEqual(records.slice(-3).map((seq) => atOf.get(seq)));
    expect(doc.auditOlderRecordsLeftOut).toBe(true);
    // Through the gateway, with the default bound, the file is complete and names the download itself.
    const whole = await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian');
    expect(whole.body.auditOlderRecordsLeftOut).toBe(false);
    expect(whole.body.audit.some((e: { fieldPath: string }) => e.fieldPath === 'download.subgraphs.accounts')).toBe(true);
  });

  it('P-60 P-80 another caller\'s refused look-up takes no place in a member\'s file: the window is of records it shows', async () => {
    const subgraphs = m.subgraphs.map((s) => ({ name: s.name, url: s.url }));
    const loadFacts: FactsLoader = async (ids) => new Map(ids.map((id) => [id, { cancelled: false, minor: false, guardians: [] } as SubjectFacts]));
    const rights = new RightsService({ orm: m.orm, subgraphs, loadFacts, signingSecret: loadSigningSecret(), downloadAuditRecords: 2 });
    const buyer = { sub: MEMBER.buyer, role: 'customer', authTime: Math.floor(Date.now() / 1000) } as Caller;
    const ownRead = async () => {
      const read = await m.ask('buyer', '{ me { realNameVerification { realName } } }');
      expect((await auditRows(m.orm, { requestId: read.requestId! })).length).toBeGreaterThan(0);
      return read.requestId!;
    };
    const reads = [await ownRead(), await ownRead()];
    // Another member asks for the buyer's order: refused (P-83), recorded about the buyer.
    const probe = await m.ask('buyer-optout', '{ order(id: "o-1042") { id } }');
    expect(probe.body.data.order).toBeNull();
    expect((await auditRows(m.orm, { requestId: probe.requestId! })).some((e) => e.subject === MEMBER.buyer && e.outcome === 'block')).toBe(true);
    const second = await rights.download(buyer, null);
    // The two newest records it shows are the buyer's reads; the refusal neither shows nor takes a place.
    expect([...new Set(second.audit.map((e) => e.requestId))]).toEqual(reads);
    expect(second.audit.filter((e) => e.outcome === 'block')).toEqual([]);
    expect(second.auditOlderRecordsLeftOut).toBe(true);
  });

  it('P-80 P-82 without the access audit there is no download: 503, no file, the request stays open', async () => {
    const failing = { append: async () => { throw new Error('audit store unreachable'); } } as unknown as AuditLog;
    const gateway = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, graphiql: false, orm: m.orm, auditLog: failing });
    try {
      const response = await gateway.fetch('http://gateway.test/privacy/my-data', { headers: { authorization: `Bearer ${await m.token('guardian')}` } });
      const body = (await response.json()) as any;
      expect(response.status).toBe(503);
      expect(body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
      expect(body.subgraphs).toBeUndefined();
      expect(JSON.stringify(body)).not.toMatch(/Dana Walker|13600002222|unreachable/);
      const rows = await m.orm.em.fork().find(DataSubjectRequest, { memberId: MEMBER.guardian, kind: 'copy' }, { orderBy: { createdAt: 'desc' } });
      expect(rows[0]!.status).toBe('pending_retry');
    } finally {
      await (gateway as any).dispose?.();
    }
  });

  it('P-62 a download whose account is cancelled while it is prepared leaves no request linked to the member', async () => {
    // The race: the first facts read sees a live account, the cancellation completes (unlinking the
    // member's requests) before the copy request is recorded, and the read after it sees it cancelled.
    let reads = 0;
    const loadFacts: FactsLoader = async (ids) => new Map(ids.map((id) => [id, { cancelled: reads++ > 0 } as SubjectFacts]));
    const rights = new RightsService({ orm: m.orm, subgraphs: m.subgraphs.map((s) => ({ name: s.name, url: s.url })), loadFacts, signingSecret: loadSigningSecret() });
    const caller = { sub: MEMBER.others[0]!, role: 'customer', authTime: Math.floor(Date.now() / 1000) } as Caller;
    await expect(rights.download(caller, null)).rejects.toMatchObject({ status: 409, code: 'ACCOUNT_CANCELLED' });
    const copies = await m.orm.em.fork().find(DataSubjectRequest, { kind: 'copy', memberId: MEMBER.others[0]! });
    expect(copies).toEqual([]);
  });

  it('P-60 P-64 a subgraph that fails makes the download fail whole, never a partial file; the request stays open, and the next download continues and closes it', async () => {
    const original = activity.privacy!.export!;
    activity.privacy!.export = async () => {
      throw new Error('activity store unavailable');
    };
    try {
      const res = await m.route('/privacy/my-data', 'buyer-optout');
      expect(res.status).toBe(502);
      expect(res.body.errors[0]).toMatchObject({ extensions: { code: 'EXPORT_INCOMPLETE' } });
      expect(res.body.errors[0].message).toContain('activity');
      expect(res.body.subgraphs).toBeUndefined();
      const pending = await m.orm.em.fork().find(DataSubjectRequest, { memberId: 'm-optout', kind: 'copy' });
      expect(pending.map((r) => r.status)).toEqual(['pending_retry']);
    } finally {
      activity.privacy!.export = original;
    }
    // Trying again continues that request: it closes with the file, leaving none open for ever (P-64).
    const again = await m.route('/privacy/my-data', 'buyer-optout');
    expect(again.status).toBe(200);
    const copies = await m.orm.em.fork().find(DataSubjectRequest, { memberId: 'm-optout', kind: 'copy' });
    expect(copies.map((r) => [r.id, r.status])).toEqual([[again.body.requestId, 'completed']]);
  });

  it('P-60 P-80 P-52 of others\' reads a member\'s file keeps what was released, without list positions, refusals or their request ids', async () => {
    // m-chen's order at tiny-kiosk (two buyers: no figures for it, P-52) is the second newest there.
    const analyst = await m.ask('analyst', '{ storeOrders(storeId: "tiny-kiosk", first: 10) { id items { price } total } }');
    expect(analyst.body.data.storeOrders.length).toBeGreaterThan(1);
    const eli = await tokenFor(m, { role: 'customer', sub: 'm-eli' });
    const visit = await m.ask('buyer', '{ storeOrders(storeId: "tiny-kiosk", first: 10) { id createdAt } }', { headers: { authorization: `Bearer ${eli}` }, purpose: null });
    await auditRows(m.orm, { requestId: visit.requestId! });
    await auditRows(m.orm, { requestId: analyst.requestId! });
    const refusedToEli = (await auditRows(m.orm, { subject: 'm-chen' })).filter((e) => e.callerSub === 'm-eli' && e.outcome === 'block');
    expect(refusedToEli.length).toBeGreaterThan(0);
    const chen = await tokenFor(m, { role: 'customer', sub: 'm-chen' });
    const file = await m.route('/privacy/my-data', 'buyer', { token: chen });
    expect(file.status).toBe(200);
    const audit: { caller: string | null; requestId: string | null; role: string; fieldPath: string; outcome: string }[] = file.body.audit;
    expect(audit.some((e) => e.role === 'analyst' && e.fieldPath === 'storeOrders.*.items' && e.requestId === null && e.caller === null)).toBe(true);
    expect(audit.filter((e) => /\.\d+(\.|$)/.test(e.fieldPath))).toEqual([]);
    expect(audit.filter((e) => e.caller === null && (e.outcome === 'block' || e.requestId !== null))).toEqual([]);
  });
});

describe('the privacy contract', () => {
  it('P-60 every subgraph with @pii fields implements export and erase; compose refuses one that does not', () => {
    for (const name of SUBGRAPH_NAMES) expect(subgraphImplementsPrivacyContract(name), name).toBe(true);
    expect(subgraphHasPii('catalog')).toBe(false);
    expect(privacyContractProblems(SUBGRAPH_NAMES)).toEqual([]);
    const original = reviews.privacy!.export;
    delete reviews.privacy!.export;
    try {
      expect(subgraphImplementsPrivacyContract('reviews')).toBe(false);
      expect(privacyContractProblems(SUBGRAPH_NAMES)).toEqual([expect.stringContaining("subgraph 'reviews' has @pii fields but does not implement the privacy contract's 'export'")]);
    } finally {
      reviews.privacy!.export = original;
    }
  });
});
