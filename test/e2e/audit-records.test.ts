/**
 * P-70, P-80, P-81: what the access audit records for representative requests, entry by entry in
 * chain order (subject, field path, coordinate, outcome, rule). The snapshot is the audit's
 * contract: a change to how the gateway walks or rewrites a request must leave it unchanged.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MEMBER, ORDER, PRODUCT } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { auditRows, tokenFor } from '../support/rights.js';
import { verifyAuditChain } from '../../gateway/audit/audit-log.js';

let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

const REQUESTS: Record<string, { persona: string; query: string; purpose?: string }> = {
  "P-80 a merchant's order list": { persona: 'merchant-deer', query: '{ storeOrders(storeId: "deer-outfitters") { id status total consigneeName consigneePhone customsId } }' },
  "P-80 a member's own profile": { persona: 'buyer', query: '{ me { id nickname name phone email birthDate realNameVerification { realName nationalId } } }' },
  'P-70 a minor read by a store, field by field': { persona: 'merchant-deer', query: `{ order(id: "o-1046") { id status total consigneeName buyerId } }` },
  'P-70 a minor read by a visitor, beside an adult': { persona: 'visitor', query: `{ member(id: "${MEMBER.minor}") { id nickname avatar gender } review(id: "r-2005") { text rating authorId author { nickname avatar } } product(id: "${PRODUCT.trailBoots}") { reviews { id author { nickname } } } }` },
  'P-81 an officer under legal obligation': { persona: 'officer', query: '{ member(id: "m-optout") { nickname level email orders { id status total } } }' },
  'P-80 an abstract position through fragments': {
    persona: 'merchant-deer',
    query: `{ own: node(id: "${ORDER.buyerDomestic}") { ...O } other: node(id: "${ORDER.buyerCrossBorder}") { ...O } review: node(id: "r-2001") { id ...R } } fragment O on Node { ... on Order { phone: consigneePhone who: consigneeName total } } fragment R on Review { authorId author { id nickname } }`,
  },
  "P-80 P-21 probes: another store's order by id, a store's list whose newest order is another buyer's": {
    persona: 'merchant-lantern',
    query: `{ order(id: "${ORDER.buyerDomestic}") { id consigneeName } storeOrders(storeId: "deer-outfitters", first: 3) { id consigneeName } }`,
  },
  "P-80 P-83 a buyer's look at a store's orders ends at the first one that is not theirs, recorded": { persona: 'buyer', query: '{ storeOrders(storeId: "deer-outfitters", first: 5) { id total } }', purpose: 'essential.service' },
  'P-80 an aliased query': { persona: 'analyst', query: '{ a: storeOrders(storeId: "deer-outfitters") { key: id sum: total } b: storeOrders(storeId: "deer-outfitters") { total } }' },
};

for (const [name, { persona, query, purpose }] of Object.entries(REQUESTS)) {
  it(name, async () => {
    const answer = await m.ask(persona, query, purpose ? { purpose } : {});
    expect(answer.body.data, JSON.stringify(answer.body.errors)).toBeTruthy();
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.map((e) => [e.subject, e.fieldPath, e.coordinate, e.outcome, e.rule])).toMatchSnapshot();
  });
}

it('P-80 an id no row has the shape of (a line break, kilobytes of text) is answered as unknown by node(id:) and writes no text of the caller into the audit', async () => {
  for (const id of ['m-x\n2026-12-06T00:00:00Z officer u-officer read m-buyer realName ALLOW', `m-${'x'.repeat(50_000)}`, 'm-\u202eevil']) {
    const answer = await m.post('query ($i: ID!) { node(id: $i) { __typename ... on Member { nickname } } }', {}, { i: id });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ node: null });
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.map((e) => e.subject)).not.toContain(id);
  }
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});

it('P-81 the officer reading the audit is recorded once per entry read, so reading its own last read never multiplies the log', async () => {
  const read = await m.ask('officer', '{ member(id: "m-optout") { nickname email orders { id total } } }');
  let requestId = read.requestId!;
  const size = (await auditRows(m.orm, { requestId })).length;
  expect(size).toBeGreaterThan(3);
  for (let round = 0; round < 3; round++) {
    const answer = await m.ask('officer', `{ auditEntries(requestId: "${requestId}", first: 500) { seq subject callerSub fieldPath coordinate outcome rule role purpose hash } }`);
    expect(answer.body.data.auditEntries).toHaveLength(size);
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    // One entry per audit entry read (its subject, its row), whatever the fields asked: ten fields were ten entries each.
    expect(entries).toHaveLength(size);
    expect(new Set(entries.map((e) => `${e.coordinate} ${e.outcome} ${e.rule}`))).toEqual(new Set(['AuditEntry allow P-81']));
    expect(entries.map((e) => e.fieldPath)).toEqual(answer.body.data.auditEntries.map((_: unknown, i: number) => `auditEntries.${i}`));
    requestId = answer.requestId!;
  }
});

it('P-80 P-81 a page of the audit holds at most `first` entries, also inside one record, and paging by afterSeq and afterIndex reads every entry once', async () => {
  // Under legal obligation every field read is recorded: one record of many entries.
  const read = await m.ask('officer', '{ member(id: "m-buyer") { nickname level email phone orders { id status total } } }');
  const requestId = read.requestId!;
  const whole = await auditRows(m.orm, { requestId });
  expect(whole.length).toBeGreaterThan(6);
  const query = 'query($r: String, $s: Int, $i: Int) { auditEntries(requestId: $r, afterSeq: $s, afterIndex: $i, first: 3) { seq index fieldPath hash } }';
  const paged: { seq: number; index: number; fieldPath: string }[] = [];
  let after: { s: number; i: number | null } = { s: 0, i: null };
  for (let page = 0; page < 100; page++) {
    const answer = await m.ask('officer', query, { variables: { r: requestId, ...after } });
    const entries = answer.body.data.auditEntries;
    expect(entries.length).toBeLessThanOrEqual(3);
    if (!entries.length) break;
    paged.push(...entries);
    const last = entries.at(-1);
    after = { s: last.seq, i: last.index };
  }
  expect(paged.map((e) => e.fieldPath)).toEqual(whole.map((e) => e.fieldPath));
  expect(paged.map((e) => e.index)).toEqual(whole.map((_, i) => i));
});

it('P-80 P-81 a page position before the first or a negative page size is refused, named in the message, never read as 0 (which leaves entry 0 out); a page of 0 is empty', async () => {
  expect((await m.ask('officer', '{ auditEntries(first: 0) { seq } }')).body.data.auditEntries).toEqual([]);
  // A negative page size is refused before execution, as every list's is.
  expect((await m.ask('officer', '{ auditEntries(first: -1) { seq } }')).body.errors?.[0]?.message).toContain('first');
  for (const [argument, value] of [['afterSeq', -1], ['afterIndex', -1]] as const) {
    const answer = await m.ask('officer', `{ auditEntries(${argument}: ${value}, first: 1) { seq } }`);
    expect(answer.body.data?.auditEntries ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(answer.body.errors?.[0]?.message).toContain(argument);
  }
});

it('P-80 the chain of all these requests verifies', async () => {
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});

it('P-80 a probe of a sensitive field under a blocked record (a real name, a national id, transactions of someone not the caller\'s) is recorded as the refusal of the record, by whom and on whose row', async () => {
  const probes: [string, string, string, string, string][] = [
    ['agent', 'essential.service.authentication', '{ member(id: "m-optout") { realNameVerification { realName nationalId } } }', 'Member.realNameVerification', 'P-40'],
    ['agent', 'essential.service.operations.support', '{ member(id: "m-optout") { orders { total items { quantity } taxpayerId } } }', 'Member.orders', 'P-40'],
    ['buyer', 'essential.service', '{ member(id: "m-optout") { realNameVerification { nationalId } } }', 'Member.realNameVerification', 'P-83'],
    ['merchant-lantern', 'essential.service.operations', '{ member(id: "m-buyer") { orders { total taxpayerId } } }', 'Member.orders', 'P-83'],
    ['visitor', '', '{ member(id: "m-buyer") { realNameVerification { nationalId } } }', 'Member.realNameVerification', 'P-83'],
  ];
  for (const [persona, purpose, query, coordinate, rule] of probes) {
    const answer = await m.ask(persona, query, { purpose: purpose || null });
    const error = answer.body.errors?.find((e: any) => e.extensions?.code === 'PRIVACY_BLOCKED');
    expect(error?.extensions?.rule, `${persona}: ${JSON.stringify(answer.body)}`).toBe(rule);
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    const refused = entries.filter((e) => e.coordinate === coordinate).map((e) => [e.outcome, e.rule]);
    expect(refused, `${persona} ${query}`).toEqual([['block', rule]]);
    expect(entries.find((e) => e.coordinate === coordinate)?.subject, persona).toMatch(/^m-/);
  }
  // An anonymous review's author stands in for the author: a probe of their real name through it is recorded too.
  for (const [persona, purpose] of [['buyer-optout', 'essential.service'], ['agent', 'essential.service.operations.support']]) {
    const answer = await m.ask(persona!, '{ review(id: "r-2001") { author { realNameVerification { nationalId realName } orders { taxpayerId } } } }', { purpose });
    expect(answer.body.data.review.author, persona).toMatchObject({ realNameVerification: null });
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.filter((e) => e.coordinate === 'Review.author').map((e) => [e.outcome, e.rule]), persona).toEqual([['placeholder', 'P-31']]);
  }
  // A de-identified partner naming a person or a record by its key is refused whole, and recorded.
  for (const [persona, query, rule] of [
    ['analyst', '{ member(id: "m-buyer") { orders { total taxpayerId } } }', 'P-51'],
    ['advertiser', '{ order(id: "o-1041") { total taxpayerId } }', 'P-50'],
    ['researcher', '{ members(ids: ["m-buyer", "m-minor"]) { id } }', 'P-52'],
  ] as const) {
    const answer = await m.ask(persona, query);
    expect(answer.body.errors?.[0]?.extensions, persona).toMatchObject({ code: 'PRIVACY_BLOCKED', rule });
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.map((e) => [e.subject, e.outcome, e.rule]), persona).toEqual([[null, 'block', rule]]);
    expect(entries[0]!.coordinate, persona).toMatch(/^Query\.(member|order|members)\((id|ids):\)$/);
  }
  // A blocked record with nothing sensitive asked below it stays a refusal the audit need not hold.
  const plain = await m.ask('agent', '{ member(id: "m-optout") { orders { id } } }', { purpose: 'essential.service.operations.support' });
  expect((await auditRows(m.orm, { requestId: plain.requestId! })).filter((e) => e.coordinate === 'Member.orders')).toEqual([]);
});

it('P-80 P-81 fields read through a named fragment on node(id:) are recorded with their subject, as inline ones are', async () => {
  for (const query of ['{ node(id: "m-buyer") { ...F } } fragment F on Member { name }', '{ node(id: "m-buyer") { ...F } } fragment F on Node { ... on Member { name } }', '{ node(id: "m-buyer") { ... on Member { name } } }']) {
    const answer = await m.ask('officer', query);
    expect(answer.body.data.node, query).toEqual({ name: 'Alice Walker' });
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.map((e) => [e.subject, e.coordinate]), query).toEqual([['m-buyer', 'Member.name']]);
  }
  const probe = await m.ask('agent', '{ node(id: "m-optout") { ...F } } fragment F on Member { realNameVerification { nationalId } }', { purpose: 'essential.service.operations.support' });
  const entries = await auditRows(m.orm, { requestId: probe.requestId! });
  expect(entries.map((e) => [e.subject, e.coordinate, e.outcome])).toEqual([['m-optout', 'Member.realNameVerification', 'block']]);
});

it('P-80 in strict mode a probe is recorded though a decoy of the same field, selecting nothing sensitive, comes first', async () => {
  for (const query of [
    '{ a: member(id: "m-optout") { realNameVerification { __typename } } b: member(id: "m-buyer") { realNameVerification { nationalId } } }',
    '{ member(id: "m-buyer") { a: realNameVerification { __typename } b: realNameVerification { nationalId } } }',
  ]) {
    const answer = await m.ask('agent', query, { purpose: 'essential.service.operations.support', headers: { 'x-privacy-mode': 'strict' } });
    expect(answer.body.errors?.[0]?.extensions?.code, query).toBe('PRIVACY_REFUSED');
    const entries = await auditRows(m.orm, { requestId: answer.requestId! });
    expect(entries.map((e) => [e.coordinate, e.outcome]), query).toContainEqual(['Member.realNameVerification', 'block']);
  }
});

it('P-80 a request refused whole in strict mode records each sensitive field it asked for, by coordinate, with no subject', async () => {
  const answer = await m.ask('merchant-deer', '{ storeOrders(storeId: "deer-outfitters") { id customsId buyerId } }', { headers: { 'x-privacy-mode': 'strict' } });
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('PRIVACY_REFUSED');
  const entries = await auditRows(m.orm, { requestId: answer.requestId! });
  expect(entries.map((e) => [e.subject, e.fieldPath, e.coordinate, e.outcome, e.rule])).toEqual([[null, 'Order.customsId', 'Order.customsId', 'block', 'P-83']]);
});

it("P-80 P-60 a caller's aliases never reach the audit: its paths name schema fields, so no free text of a partner's lands in the log or in a member's download", async () => {
  const alias = 'Alice_Walker_13812345678';
  const answer = await m.ask('merchant-deer', `{ ${alias}: storeOrders(storeId: "deer-outfitters", first: 5) { id dana_at_example_com: consigneePhone x${'y'.repeat(5000)}: consigneeName } }`);
  expect(answer.body.data[alias].length).toBeGreaterThan(0);
  const entries = await auditRows(m.orm, { requestId: answer.requestId! });
  expect(entries.length).toBeGreaterThan(0);
  for (const e of entries) expect(e.fieldPath).toMatch(/^storeOrders(\.\d+(\.(id|consigneePhone|consigneeName))?)?$/);
  const download = await m.route('/privacy/my-data', 'minor');
  expect(JSON.stringify(download.body)).not.toMatch(/Alice_Walker|dana_at|yyyy/);
});

it("P-80 P-70 another member's data asked for in their name and refused (a guardian who is not the child's) is recorded about the member named, by GraphQL and by the rights routes", async () => {
  const stranger = await tokenFor(m, { role: 'guardian', sub: MEMBER.optout });
  const headers = { authorization: `Bearer ${stranger}` };
  const asked = [
    ['setConsent', 'mutation ($id: ID) { setConsent(kind: marketing_messages, granted: true, memberId: $id) { kind } }'],
    ['updateMyProfile', 'mutation { renamed: updateMyProfile(memberId: "m-minor", input: { nickname: "HackedFox" }) { nickname } }'],
    ['myDataSubjectRequests', 'query ($id: ID) { myDataSubjectRequests(memberId: $id) { id } }'],
    // Through a named fragment, and a variable's default.
    ['myDataSubjectRequests', 'query { ...F } fragment F on Query { myDataSubjectRequests(memberId: "m-minor") { id } }'],
    ['myDataSubjectRequests', 'query ($m: ID = "m-minor") { myDataSubjectRequests(memberId: $m) { id } }'],
  ] as const;
  for (const [field, query] of asked) {
    const answer = await m.post(query, headers, query.includes('$id') ? { id: MEMBER.minor } : undefined);
    expect(answer.body.errors?.[0]?.extensions?.code, field).toBe('FORBIDDEN');
    const entries = (await auditRows(m.orm, { requestId: answer.requestId! })).filter((e) => e.subject === MEMBER.minor);
    expect(entries.map((e) => [e.callerSub, e.coordinate, e.outcome, e.rule]), `${field}: ${query}`).toEqual([[MEMBER.optout, `${field === 'myDataSubjectRequests' ? 'Query' : 'Mutation'}.${field}`, 'block', 'P-70']]);
  }
  // Text that is no member id names nobody: it is not written into the log, which keeps what it is given for good.
  const planted = await m.post('query ($id: ID) { myDataSubjectRequests(memberId: $id) { id } }', headers, { id: `call me 138 1234 5678 ${'x'.repeat(4000)}` });
  expect(planted.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await auditRows(m.orm, { requestId: planted.requestId! })).filter((e) => String(e.subject).includes('138 1234'))).toEqual([]);
  const before = (await auditRows(m.orm, { subject: MEMBER.minor })).filter((e) => e.coordinate === 'PrivacyRights.memberId').length;
  const refused = await fetch(new URL(`/privacy/my-data?memberId=${MEMBER.minor}`, m.gatewayUrl), { headers });
  expect(refused.status).toBe(403);
  let recorded: any[] = [];
  for (let waited = 0; waited < 1000 && recorded.length <= before; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    recorded = (await auditRows(m.orm, { subject: MEMBER.minor })).filter((e) => e.coordinate === 'PrivacyRights.memberId');
  }
  expect(recorded.slice(before).map((e) => [e.callerSub, e.role, e.outcome, e.rule])).toEqual([[MEMBER.optout, 'guardian', 'block', 'P-70']]);
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});

it('P-80 P-81 a rights route naming a member, asked by staff or a partner (the officer under a case included), is recorded about the member named', async () => {
  const probes: [string, string, Record<string, string>][] = [
    ['agent', 'GET', {}],
    ['merchant-deer', 'POST', {}],
    ['officer', 'GET', { 'x-purpose': 'essential.legal_obligation' }],
  ];
  for (const [persona, method, extra] of probes) {
    const before = (await auditRows(m.orm, { subject: MEMBER.minor })).filter((e) => e.coordinate === 'PrivacyRights.memberId').length;
    const path = method === 'GET' ? `/privacy/my-data?memberId=${MEMBER.minor}` : `/privacy/cancel-account?memberId=${MEMBER.minor}`;
    const refused = await fetch(new URL(path, m.gatewayUrl), { method, headers: { authorization: `Bearer ${await m.token(persona)}`, ...extra } });
    expect(refused.status, persona).toBe(403);
    let recorded: any[] = [];
    for (let waited = 0; waited < 1000 && recorded.length <= before; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      recorded = (await auditRows(m.orm, { subject: MEMBER.minor })).filter((e) => e.coordinate === 'PrivacyRights.memberId');
    }
    expect(recorded.slice(before).map((e) => [e.role, e.outcome, e.rule]), persona).toEqual([[persona === 'officer' ? 'privacy_officer' : persona === 'agent' ? 'support' : 'merchant', 'block', 'P-70']]);
  }
  expect(await verifyAuditChain(m.orm.em.fork())).toMatchObject({ ok: true });
});
