import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { auditRows } from '../support/rights.js';
import { PERSONAS } from '../../gateway/personas.js';
import { SAMPLE_QUERIES } from '../../gateway/graphiql-personas.js';

/**
 * Every rule holds for the operation that executes, whatever else the document holds: a document
 * with several operations is decided exactly as the one it runs (P-82 "what cannot be decided
 * blocks" never turns into "what is not the first operation is not decided").
 */

/** Per persona, the operations whose answers must not change with the document's shape. */
const ATTACKS: Record<string, string[]> = {
  visitor: [
    // An anonymous review's author and a minor's nickname (P-31, P-70).
    `{ product(id: "p-trail-boots") { reviews { id anonymous author { id nickname avatar } } } }`,
  ],
  'merchant-deer': [
    // Another store's consignee name, phone and address (P-21).
    `{ storeOrders(storeId: "red-lantern", first: 5) { id consigneeName consigneePhone deliveryAddress } }`,
  ],
  analyst: [
    // Raw member ids, IPs and device ids (P-51).
    `{ browsingEvents(first: 5) { memberId ip deviceId } }`,
  ],
};

const operationsOf = (persona: string) => [SAMPLE_QUERIES[persona]!, ...(ATTACKS[persona] ?? [])];

/** The operation named `name` (an anonymous one is given the name). */
function named(query: string, name: string): string {
  const document = parse(query);
  return print({
    ...document,
    definitions: document.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? ({ ...d, name: { kind: Kind.NAME, value: name } } as OperationDefinitionNode) : d)),
  });
}

/** What a client reads of an answer, without the error locations (which move with the document's text). */
function seen(answer: GraphQLAnswer) {
  return {
    status: answer.status,
    data: answer.body.data,
    errors: answer.body.errors?.map(({ locations: _locations, ...rest }: any) => rest),
    privacy: answer.body.extensions?.privacy,
  };
}

const INTERNAL = /"__(pg|audit)_/;

describe('operation shapes', () => {
  let market: Marketplace;

  beforeAll(async () => {
    market = await Marketplace.start();
  });

  afterAll(async () => {
    await market?.close();
  });

  for (const persona of Object.keys(PERSONAS)) {
    it(`P-82 ${persona}: a document with several operations gets what its executing operation alone gets`, async () => {
      for (const query of operationsOf(persona)) {
        const alone = await market.ask(persona, named(query, 'B'));
        expect(JSON.stringify(alone.body)).not.toMatch(INTERNAL);
        const shapes = [
          { document: `query A { __typename }\n${named(query, 'B')}`, method: 'POST' as const },
          { document: `${named(query, 'B')}\nquery Z { __typename }`, method: 'POST' as const },
          { document: `query A { __typename }\n${named(query, 'B')}`, method: 'GET' as const },
        ];
        for (const { document, method } of shapes) {
          const answer = await market.ask(persona, document, { operationName: 'B', method });
          expect(JSON.stringify(answer.body)).not.toMatch(INTERNAL);
          expect(seen(answer), `${method} ${document}`).toEqual(seen(alone));
        }
      }
    });
  }

  it('P-22 P-23 a named fragment spread inside another, holding an inline fragment without a type, answers as the flat selection does', async () => {
    // The runtime's planner once sent the subgraph the inner spread without its fragment: both fields failed.
    const nested = 'fragment A on Shipment { ...B } fragment B on Shipment { ... { __typename customsId } } { shipment(id: "sh-o-1043") { crossBorder ...A } }';
    const flat = '{ shipment(id: "sh-o-1043") { crossBorder __typename customsId } }';
    for (const persona of ['visitor', 'carrier-swift', 'officer']) {
      const [a, b] = [await market.ask(persona, nested), await market.ask(persona, flat)];
      expect(JSON.stringify(a.body), persona).not.toContain('DOWNSTREAM_SERVICE_ERROR');
      expect(a.body.data, persona).toEqual(b.body.data);
      expect(a.body.errors, persona).toEqual(b.body.errors);
    }
  });

  it('P-82 a root field refused with a clear error leaves the other root fields their answers, in whatever order they are asked', async () => {
    const refused = { code: 'FORBIDDEN', message: expect.stringMatching(/only a signed-in member \(or their guardian\) may list data-subject requests/) };
    for (const query of ['{ myConsents { kind } myDataSubjectRequests { id } }', '{ myDataSubjectRequests { id } myConsents { kind } }']) {
      const answer = await market.ask('researcher', query);
      expect(answer.body.data, query).toEqual({ myConsents: [], myDataSubjectRequests: null });
      expect(answer.body.errors?.map((e: any) => ({ code: e.extensions?.code, message: e.message })), query).toEqual([refused]);
    }
    // A cursor refused beside a list the same subgraph answers.
    const paged = await market.ask('merchant-deer', '{ orderStats { storeId } storeOrdersConnection(storeId: "deer-outfitters", first: 1, after: "x") { nodes { id } } }');
    expect(paged.body.data.orderStats.length).toBeGreaterThan(0);
    expect(paged.body.data.storeOrdersConnection).toBeNull();
    expect(paged.body.errors?.map((e: any) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('P-83 strict mode refuses the executing operation of a document with several, as it refuses it alone', async () => {
    const query = named(`{ member(id: "m-buyer") { nickname phone } }`, 'B');
    const strict = { 'x-privacy-mode': 'strict' };
    const alone = await market.ask('visitor', query, { headers: strict });
    const several = await market.ask('visitor', `query A { __typename }\n${query}`, { headers: strict, operationName: 'B' });
    expect(alone.body.errors?.[0]?.extensions?.code).toBe('PRIVACY_REFUSED');
    expect(seen(several)).toEqual(seen(alone));
  });

  it('P-83 P-70 P-31 a field @skip or @include leaves out is left out: no null, no refusal, no decision marks the rows it would have been blocked on', async () => {
    const orders = (include: string) => `query${include.includes('$t') ? '($t: Boolean!)' : ''} { storeOrders(storeId: "deer-outfitters", first: 3) { consigneeName customsId ${include} } }`;
    for (const [query, variables] of [
      [orders('@include(if: false)'), {}],
      [orders('@include(if: $t)'), { t: false }],
      [orders('@skip(if: true)'), {}],
    ] as const) {
      for (const headers of [{}, { 'x-privacy-mode': 'strict' }] as Record<string, string>[]) {
        const answer = await market.ask('merchant-deer', query, { variables, headers });
        expect(answer.body.errors, query).toBeUndefined();
        for (const order of answer.body.data.storeOrders) expect(Object.keys(order), query).toEqual(['consigneeName']);
      }
    }
    const included = await market.ask('merchant-deer', orders('@include(if: $t)'), { variables: { t: true } });
    expect(included.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', field: 'Order.customsId' });
    // A visitor's reviews without their authors: nothing tells which were a child's. (Their text would
    // say which are anonymous, scrubbed under P-31: the public `anonymous` field says so anyway.)
    const reviews = await market.ask('visitor', '{ product(id: "p-trail-boots") { reviews { rating pictures author @include(if: false) { nickname } } } }');
    expect(reviews.body.errors).toBeUndefined();
    expect(reviews.body.extensions?.privacy ?? null).toBeNull();
    for (const review of reviews.body.data.product.reviews) expect(Object.keys(review)).toEqual(['rating', 'pictures']);
    // Everything of a selection left out: `{}`, as GraphQL answers it.
    const empty = await market.ask('visitor', '{ product(id: "p-trail-boots") { name @skip(if: true) } }');
    expect(empty.body).toEqual({ data: { product: {} } });
  });

  it("P-83 P-81 a condition's variable the client did not send takes its default, as execution does: a field skipped by default is neither fetched, nor read, nor refused", async () => {
    // The officer's sensitive read skipped by default: not in the answer, nothing audited for it.
    const officer = await market.ask('officer', 'query ($s: Boolean = true) { member(id: "m-buyer") { nickname realNameVerification @skip(if: $s) { nationalId } } }', { purpose: 'essential.legal_obligation' });
    expect(officer.body.errors).toBeUndefined();
    expect(officer.body.data.member).toEqual({ nickname: 'DeerFan' });
    // A visitor's field skipped by default: left out, not answered; in strict mode, no refusal for it.
    for (const headers of [{}, { 'x-privacy-mode': 'strict' }] as Record<string, string>[]) {
      const skipped = await market.ask('visitor', 'query ($s: Boolean = true) { member(id: "m-buyer") { nickname gender @skip(if: $s) phone @skip(if: $s) } }', { headers });
      expect(skipped.body.errors).toBeUndefined();
      expect(skipped.body.data.member).toEqual({ nickname: 'DeerFan' });
    }
    // A fragment whose only selection is skipped: nothing of it decided, fetched or audited.
    const emptied = await market.ask('carrier-oceanic', 'query ($s: Boolean! = false) { shipment(id: "sh-o-1043") { id ...F } } fragment F on Shipment { ... @skip(if: $s) { consigneeName customsId } }', { variables: { s: true } });
    expect(emptied.body.errors).toBeUndefined();
    expect(emptied.body.data.shipment).toEqual({ id: 'sh-o-1043' });
    expect(emptied.body.extensions?.privacy ?? null).toBeNull();
    // The stand-in the gateway asks in an emptied selection never reaches the client, on rows with a plan or without.
    for (const query of ['{ stores { name @skip(if: true) } }', '{ product(id: "p-trail-boots") { reviews { text @skip(if: true) } store { name @skip(if: true) } } }', '{ search(term: "lantern") { ... on Product { name @skip(if: true) } } }']) {
      const answer = await market.ask('visitor', query);
      expect(answer.body.errors, query).toBeUndefined();
      expect(JSON.stringify(answer.body), query).not.toContain('__pg_');
    }
    // Included by default: decided as if the client had sent true.
    const included = await market.ask('visitor', 'query ($t: Boolean = true) { member(id: "m-buyer") { nickname ... @include(if: $t) { birthDate } } }');
    expect(included.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', field: 'Member.birthDate' });
    expect(included.body.data.member).toEqual({ nickname: 'DeerFan', birthDate: null });
  });

  it('P-80 P-51 P-83 an operation whose every root field @skip or @include leaves out answers `{}`: nothing refused, in strict mode either, and nothing audited, as with `__typename` beside it', async () => {
    for (const [persona, query, purpose] of [
      ['agent', '{ member(id: "m-buyer") @include(if: false) { realNameVerification { realName } } }', 'essential.service.operations.support'],
      ['analyst', 'query ($x: Boolean = true) { member(id: "m-buyer") @skip(if: $x) { nickname } }', 'analytics.reporting'],
      ['merchant-deer', '{ ...Q } fragment Q on Query { storeOrders(storeId: "deer-outfitters") @skip(if: true) { buyer { name } customsId } }', 'essential.service.operations'],
      ['visitor', '{ ... @include(if: false) { member(id: "m-minor") { nickname phone } } }', null],
    ] as const) {
      for (const headers of [{}, { 'x-privacy-mode': 'strict' }] as Record<string, string>[]) {
        const answer = await market.ask(persona, query, { purpose, headers });
        expect(answer.body, `${persona} ${query} ${JSON.stringify(headers)}`).toEqual({ data: {} });
        expect(await auditRows(market.orm, { requestId: answer.requestId! }), query).toEqual([]);
      }
    }
  });

  it('P-80 P-51 P-83 a fragment nothing executes (its only spread skipped, or spread by another operation) is neither planned, refused nor audited', async () => {
    const probe = 'fragment F on Query { member(id: "m-minor") { realNameVerification { nationalId } } }';
    const lookup = 'fragment F on Query { node(id: "m-buyer") { id } }';
    for (const [persona, query, variables, operationName, purpose, expected] of [
      ['agent', `query ($s: Boolean!) { __typename ...F @skip(if: $s) } ${probe}`, { s: true }, undefined, 'essential.service.operations.support', { __typename: 'Query' }],
      ['agent', `query A { __typename } query B { ...F } ${probe}`, {}, 'A', 'essential.service.operations.support', { __typename: 'Query' }],
      ['analyst', `query ($s: Boolean!) { __typename ... @include(if: $s) { ...F } } ${lookup}`, { s: false }, undefined, 'analytics.reporting', { __typename: 'Query' }],
      ['analyst', `query A { __typename } query B { ...F } ${lookup}`, {}, 'A', 'analytics.reporting', { __typename: 'Query' }],
    ] as const) {
      for (const headers of [{}, { 'x-privacy-mode': 'strict' }] as Record<string, string>[]) {
        const answer = await market.ask(persona, query, { purpose, headers, variables, ...(operationName ? { operationName } : {}) });
        expect(answer.body, `${persona} ${query} ${JSON.stringify(headers)}`).toEqual({ data: expected });
        expect(await auditRows(market.orm, { requestId: answer.requestId! }), query).toEqual([]);
      }
    }
  });

  it('P-82 a document with several operations and no operation name is refused, with nothing of either', async () => {
    const answer = await market.ask('merchant-deer', `query A { __typename }\n${named(ATTACKS['merchant-deer']![0]!, 'B')}`);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.message).toMatch(/operation/);
  });

  it('P-82 variables the operation cannot take (a wrong type, a required one missing, an unknown input field) are refused with BAD_USER_INPUT and nothing of the operation', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['query ($n: Int) { products(first: $n) { id } }', { n: 'abc' }],
      ['query ($n: Int!) { products(first: $n) { id } }', {}],
      ['mutation ($p: ProfileCorrection!) { updateMyProfile(input: $p) { nickname } }', { p: { nicknam: 'x' } }],
    ];
    for (const [query, variables] of cases) {
      const answer = await market.post(query, { authorization: `Bearer ${await market.token('buyer')}` }, variables);
      expect(answer.status, query).toBe(400);
      expect(answer.body.data ?? null, query).toBeNull();
      expect(answer.body.errors?.length, query).toBeGreaterThan(0);
      for (const error of answer.body.errors ?? []) expect(error.extensions?.code, `${query}: ${error.message}`).toBe('BAD_USER_INPUT');
    }
  });

  it('P-82 the row-inputs fields are not in introspection and not offered by suggestions; selecting one is refused', async () => {
    const introspection = await market.ask('visitor', `{ __schema { types { name fields { name } } } }`);
    const text = JSON.stringify(introspection.body);
    expect(introspection.body.data.__schema.types.length).toBeGreaterThan(10);
    expect(text).not.toMatch(/_privacyInputs|_PrivacyInputs/);
    const byName = await market.ask('visitor', `{ __type(name: "_PrivacyInputs") { name } order: __type(name: "Order") { fields { name } } }`);
    expect(byName.body.data.__type).toBeNull();
    expect(JSON.stringify(byName.body)).not.toMatch(/_privacyInputs/);

    const misspelt = await market.ask('visitor', `{ order(id: "o-1041") { _privacyInput } }`);
    expect(misspelt.body.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(misspelt.body)).not.toMatch(/_privacyInputs/);
    for (const field of ['_privacyInputs', '_privacyInputsAliased']) {
      const selected = await market.ask('officer', `{ order(id: "o-1041") { id ${field} } }`);
      expect(selected.body.data ?? null).toBeNull();
      expect(selected.body.errors?.[0]?.message).toMatch(/Cannot query field/);
    }
  });

  it('P-81 P-83 introspection answers with the caller’s role contract: visitor, merchant and analyst see three different schemas, only the officer the access audit', async () => {
    const rootFields = async (persona: string) => {
      const answer = await market.ask(persona, '{ __schema { queryType { fields { name } } types { name } } }');
      expect(answer.body.errors).toBeUndefined();
      return { root: answer.body.data.__schema.queryType.fields.map((f: { name: string }) => f.name).sort(), types: answer.body.data.__schema.types.length as number };
    };
    const [visitor, merchant, analyst, officer, buyer, guardian] = await Promise.all(['visitor', 'merchant-deer', 'analyst', 'officer', 'buyer', 'guardian'].map(rootFields));
    const shapes = new Set([visitor, merchant, analyst].map((c) => JSON.stringify(c)));
    expect(shapes.size).toBe(3);
    // The audit names the member it is about, yet it is not their own data (P-80): members' contracts lack it too.
    for (const contract of [visitor, merchant, analyst, buyer, guardian]) expect(contract.root).not.toContain('auditEntries');
    expect(officer.root).toContain('auditEntries');
    // A page of rows the role is refused everywhere is left out with the rows: its pageInfo pages nothing.
    expect(merchant.root).toEqual(expect.arrayContaining(['storeOrders', 'storeOrdersConnection']));
    for (const page of ['browsingEvents', 'browsingEventsConnection', 'shipments', 'shipmentsConnection']) expect(merchant.root).not.toContain(page);
    for (const page of ['storeOrdersConnection', 'shipmentsConnection', 'browsingEventsConnection']) expect(visitor.root).not.toContain(page);
    // Still the same gateway underneath: a field outside a contract gives nothing (its rows are hidden), not an error.
    const answer = await market.ask('visitor', '{ auditEntries(first: 1) { seq } }');
    expect(answer.body.data?.auditEntries ?? []).toEqual([]);
  });

  it('P-21 P-83 P-23 a role contract leaves out a field refused on every row its role may read, and keeps one some row releases', async () => {
    const fieldsOf = async (persona: string, type: string) => {
      const answer = await market.ask(persona, `{ __type(name: "${type}") { fields { name description } } }`);
      expect(answer.body.errors).toBeUndefined();
      return new Map<string, string>(answer.body.data.__type.fields.map((f: { name: string; description: string | null }) => [f.name, f.description ?? '']));
    };
    const merchantOrder = await fieldsOf('merchant-deer', 'Order');
    expect(merchantOrder.has('buyerId')).toBe(false); // never the buyer's ids (P-21), whatever the row
    expect(merchantOrder.has('invoiceEmail')).toBe(false);
    expect(merchantOrder.has('consigneeName')).toBe(true);
    expect((await fieldsOf('agent', 'Member')).has('loginBindings')).toBe(false);
    expect((await fieldsOf('buyer', 'Ticket')).has('agentId')).toBe(false); // staff ids (P-83)
    expect((await fieldsOf('carrier-oceanic', 'Shipment')).has('customsId')).toBe(true); // masked on a cross-border waybill
  });

  it('P-82 introspection mixed with data fields is refused (it would read the executing schema)', async () => {
    const answer = await market.ask('visitor', `{ __type(name: "Order") { fields { name } } product(id: "p-trail-boots") { name } }`);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.message).toMatch(/introspection/);
    expect(JSON.stringify(answer.body)).not.toMatch(/_privacyInputs/);
  });

  it('P-82 a result delivered in parts (@defer, @stream, a subscription) is refused', async () => {
    for (const query of [
      `{ product(id: "p-trail-boots") { name ... @defer { reviews { text } } } }`,
      `{ product(id: "p-trail-boots") { reviews @stream { text } } }`,
    ]) {
      const answer = await market.ask('visitor', query);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(answer.body)).not.toMatch(/"text"/);
    }
    // A subscription is refused with the same code and rule, not the runtime's bare "not configured".
    const subscription = await market.ask('visitor', 'subscription { __typename }');
    expect(subscription.body.data ?? null).toBeNull();
    expect(subscription.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-82' });
  });
});
