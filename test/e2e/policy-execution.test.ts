import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_ID, ANONYMOUS_NICKNAME } from '../../directives/transforms/placeholder.js';
import { MEMBER, ORDER, PRODUCT, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { expectBlocked, expectExplained, recordSubgraphRequests } from '../support/privacy-assertions.js';

/**
 * How the rules are enforced through federation: fields blocked before planning never reach a
 * subgraph (data minimization), per-row inputs travel in one gateway-only field per row
 * (`_privacyInputs`, gateway/row-inputs.ts) and never reach the client, blocked children never
 * null their parents, and fragments, aliases, lists and entities
 * resolved across subgraphs (`_entities`) are decided like any other selection.
 */
describe('execution: minimization, inputs, parents, fragments, aliases, _entities, lists', () => {
  let m: Marketplace;
  let recorder: ReturnType<typeof recordSubgraphRequests>;
  beforeAll(async () => {
    m = await Marketplace.start();
    recorder = recordSubgraphRequests(m);
  });
  afterAll(async () => {
    recorder?.stop();
    await m?.close();
  });

  /** Every key of every object in a response, recursively. */
  const keysOf = (value: unknown, into = new Set<string>()): Set<string> => {
    if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (into.add(k), keysOf(v, into));
    return into;
  };
  // A field in a printed document: after a space, a brace (its parent's or a sibling's selection), a parenthesis or an alias.
  const FIELD = (name: string) => new RegExp(`(^|[\\s{}(:])${name}([\\s}(@]|$)`);

  it('P-02 Member.phone asked by a visitor is removed before planning: no subgraph request ever names it', async () => {
    recorder.clear();
    const answer = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { nickname phone email birthDate } }`);
    expect(answer.body.data.member).toEqual({ nickname: 'DeerFan', phone: null, email: null, birthDate: null });
    for (const field of ['phone', 'email', 'birthDate']) expectBlocked(answer, `member.${field}`, 'P-83');
    expect(recorder.graphql.length).toBeGreaterThan(0);
    for (const request of recorder.graphql) {
      for (const field of ['phone', 'email', 'birthDate']) expect(request.query, `${request.subgraph}: ${request.query}`).not.toMatch(FIELD(field));
    }
    // The public nickname was asked for, with the row input its decision needs (is the subject a minor? P-70).
    const accounts = recorder.queriesTo('accounts').join('\n');
    expect(accounts).toMatch(FIELD('nickname'));
    expect(accounts).toMatch(FIELD('id'));
    expect([...keysOf(answer.body)].filter((k) => k.startsWith('__') || k === '_privacyInputs')).toEqual([]);
  });

  it("P-82 a client can neither read the row inputs nor forge one: _privacyInputs and the gateway's __pg_ aliases are refused", async () => {
    // The field is not in the schema clients see (gateway/use-client-schema.ts): unknown, and refused as such.
    const read = await m.ask('carrier-swift', '{ shipments(carrierId: "swift") { id _privacyInputs } }');
    expect(read.body.data ?? null).toBeNull();
    expect(read.body.errors![0]).toMatchObject({ message: expect.stringMatching(/Cannot query field "_privacyInputs"/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const forged = await m.ask('carrier-swift', '{ shipments(carrierId: "oceanic") { id __pg_carrierId: waybill consigneePhone } }');
    expect(forged.body.data ?? null).toBeNull();
    expect(forged.body.errors![0]).toMatchObject({ message: expect.stringMatching(/reserved by the gateway/), extensions: { code: 'BAD_USER_INPUT', rule: 'P-82' } });
  });

  it('P-82 an alias every JavaScript object answers to (`constructor`, `__proto__`, `toString`) is refused with a clear error, not answered with a value silently lost', async () => {
    for (const alias of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'then']) {
      for (const [persona, query] of [
        ['buyer', `{ me { ${alias}: orders { id } } }`],
        ['visitor', `{ product(id: "p-trail-boots") { ${alias}: reviews { author { id } } } }`],
        ['visitor', `{ review(id: "r-2001") { author { ${alias}: id nickname } } }`],
      ] as const) {
        const answer = await m.ask(persona, query);
        expect(answer.body.data ?? null, query).toBeNull();
        expect(answer.body.errors![0], query).toMatchObject({ message: expect.stringMatching(new RegExp(`the alias ${alias.replace(/_/g, '_')} is reserved`)), extensions: { code: 'BAD_USER_INPUT', rule: 'P-82' } });
      }
    }
    // Other aliases answer as the field does.
    expect((await m.ask('buyer', '{ me { mine: orders { id } } }')).body.data.me.mine.length).toBeGreaterThan(0);
  });

  it('P-01 the same field is asked for when the decision depends on the data: the owner reading their own phone', async () => {
    recorder.clear();
    const answer = await m.ask('buyer', `{ me { phone } }`);
    expect(answer.body).toEqual({ data: { me: { phone: '13812345678' } } });
    expect(recorder.queriesTo('accounts').join('\n')).toMatch(FIELD('phone'));
  });

  it("P-22 a data-dependent field's inputs are asked of the subgraph with the row and stripped from the response; facts are loaded in one batch, only where a decision reads them", async () => {
    recorder.clear();
    const answer = await m.ask('carrier-swift', `{ shipments(carrierId: "swift") { id consigneePhone order { id total } } }`);
    const logistics = recorder.queriesTo('logistics').join('\n');
    // Each input by its own name, merged with the client's own selection of it where there is one.
    for (const field of ['buyerId', 'carrierId', 'deliveredAt', 'crossBorder']) expect(logistics).toMatch(FIELD(field));
    expect(logistics).not.toMatch(/__pg_/);
    // Order.total is blocked for the carrier's purpose before planning (P-22: nothing of the price): orders is never asked for it.
    for (const query of recorder.queriesTo('orders')) expect(query).not.toMatch(FIELD('total'));
    // And the order is not the carrier's to see at all: it comes back as nothing (P-82 default deny).
    for (const shipment of answer.body.data.shipments) expect(shipment.order).toBeNull();
    // The client sees exactly the keys it asked for.
    expect([...keysOf(answer.body.data)].sort()).toEqual(['consigneePhone', 'id', 'order', 'shipments']);
    // Swift's shipments are domestic: no decision reads a consent, an age or an assignment. Only the
    // audit asks (unless the facts cache remembers) the accounts store which rows' subjects are minors (P-70).
    expect(recorder.facts.filter((f) => f.subgraph !== 'accounts')).toHaveLength(0);

    // Oceanic's are cross-border (P-23 reads the buyer's consent): one lookup, to the consent store only, with every subject in it.
    recorder.clear();
    await m.ask('carrier-oceanic', `{ shipments(carrierId: "oceanic") { id consigneePhone } }`);
    expect(recorder.facts.filter((f) => f.subgraph === 'privacy')).toHaveLength(1);
    expect(recorder.facts.filter((f) => f.subgraph !== 'privacy' && f.subgraph !== 'accounts')).toHaveLength(0);
    const buyers = new Set(recorder.facts.flatMap((f) => f.subjects));
    expect(buyers.size).toBeGreaterThan(1);
    expect(buyers).toContain(MEMBER.buyer);
  });

  it('P-83 a non-null parent survives its blocked children: [Member!]! and [Answer!]! keep every item, [ChatMessage!]! loses the rows the visitor may not see, never to a null item', async () => {
    const answer = await m.ask(
      'visitor',
      `{ members(ids: ["${MEMBER.buyer}", "${MEMBER.optout}"]) { id phone }
         chatTranscripts(first: 3) { id text memberId }
         product(id: "${PRODUCT.trailBoots}") { questions { id answers { id text } } } }`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data.members).toEqual([{ id: MEMBER.buyer, phone: null }, { id: MEMBER.optout, phone: null }]);
    // Chat messages are no visitor's to see: the rows leave the list, which stays a valid non-null list (P-82 default deny).
    expect(answer.body.data.chatTranscripts).toEqual([]);
    expect(answer.body.data.product.questions[0].answers).toHaveLength(2);
  });

  it('P-50 the non-null list around rows an advertiser may not see survives, empty: storeOrders and browsingEvents for an advertiser', async () => {
    // [Order!]! and [BrowsingEvent!]!: the rows go, the lists stay, no error.
    const answer = await m.ask('advertiser', `{ storeOrders(storeId: "${STORE.deer}") { id buyerId } browsingEvents(first: 5) { id memberId } }`);
    expect(answer.body).toEqual({ data: { storeOrders: [], browsingEvents: [] } });
    // Naming members by id is refused whole: no list, empty or not (P-50).
    const lookup = await m.ask('advertiser', `{ members(ids: ["${MEMBER.buyer}", "${MEMBER.optout}"]) { id nickname } }`);
    expect(lookup.body.data ?? null).toBeNull();
    expect(lookup.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-50' });
  });

  it('P-31 fragments and aliases: named and inline fragments are decided per response key, errors and explanations name the alias', async () => {
    const answer = await m.ask(
      'merchant-deer',
      `query Page($anon: ID!) {
         anon: review(id: $anon) { ...ReviewCard }
         mine: review(id: "r-2003") { ...ReviewCard }
         who: member(id: "${MEMBER.buyer}") { ... on Member { handle: nickname tel: phone } ...Contact }
       }
       fragment ReviewCard on Review { id stars: rating by: author { alias: nickname avatar } ... on Review { writer: authorId } }
       fragment Contact on Member { mail: email }`,
      { variables: { anon: 'r-2001' } },
    );
    expect(answer.body.data.anon).toEqual({ id: 'r-2001', stars: 5, by: { alias: ANONYMOUS_NICKNAME, avatar: '/static/avatar-default.png' }, writer: ANONYMOUS_ID });
    expect(answer.body.data.mine).toEqual({ id: 'r-2003', stars: 5, by: { alias: 'DeerFan', avatar: '/static/avatars/u7k2q9.png' }, writer: MEMBER.buyer });
    expect(answer.body.data.who).toEqual({ handle: 'DeerFan', tel: null, mail: null });
    expectExplained(answer, 'anon.by', 'placeholder', 'P-31');
    expectExplained(answer, 'anon.writer', 'placeholder', 'P-31');
    expectBlocked(answer, 'who.tel', 'P-83');
    expectBlocked(answer, 'who.mail', 'P-83');
    expect([...keysOf(answer.body.data)].filter((k) => k.startsWith('__'))).toEqual([]);
  });

  it('P-21 entities resolved across subgraphs (_entities) and nested lists are decided row by row', async () => {
    recorder.clear();
    const answer = await m.ask(
      'merchant-deer',
      `{ store(id: "${STORE.deer}") { name orders(first: 3) { id consigneePhone store { name } items { product { name } } shipments { waybill consigneePhone } } } }`,
    );
    // catalog → orders (Store.orders) → catalog (Product) → logistics (Order.shipments): entity fetches across four hops.
    expect(recorder.queriesTo('orders').join('\n')).toContain('_entities');
    expect(recorder.queriesTo('logistics').join('\n')).toContain('_entities');
    const orders: any[] = answer.body.data.store.orders;
    expect(orders).toHaveLength(3);
    for (const order of orders) {
      expect(order.consigneePhone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(order.store.name).toBe('Deer Outfitters');
      expect(order.items.length).toBeGreaterThan(0);
    }
    // The shipments are the carrier's (delivery purpose), not the store's: none comes back, not even a waybill.
    for (const order of orders) expect(order.shipments).toEqual([]);
    expect(JSON.stringify(answer.body)).not.toMatch(/(SW|OC)-\d/);
  });

  it('P-22 an entity reached from the carrier side: shipments → order (_entities in orders) comes back as nothing', async () => {
    const answer = await m.ask('carrier-swift', `{ carrier(id: "swift") { shipments(first: 2) { id consigneePhone order { id status total } } } }`);
    const shipments: any[] = answer.body.data.carrier.shipments;
    // The order is not the carrier's: nothing of it comes back, not its id, status or price (P-82 default deny).
    expect(shipments[0]).toEqual({ id: shipmentId(ORDER.buyerDomestic), consigneePhone: '13812345678', order: null });
    expect(JSON.stringify(answer.body)).not.toMatch(/"shipped"|"o-1041"/);
  });

  it("P-21 P-23 what a role never reads of any order (a merchant the buyer's invoice e-mail, support the customs id) is never asked of the orders subgraph either, its own rows or not", async () => {
    recorder.clear();
    const store = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}", first: 5) { id invoiceEmail consigneePhone } }`);
    expect(store.body.data.storeOrders.length).toBeGreaterThan(0);
    for (const order of store.body.data.storeOrders) expect(order.invoiceEmail).toBeNull();
    expectBlocked(store, 'storeOrders.0.invoiceEmail', 'P-21');
    expect(recorder.queriesTo('orders').join('\n')).toMatch(FIELD('consigneePhone'));
    expect(recorder.queriesTo('orders').join('\n')).not.toMatch(FIELD('invoiceEmail'));
    recorder.clear();
    const support = await m.ask('agent', `{ member(id: "${MEMBER.buyer}") { orders { id customsId consigneePhone } } }`, { purpose: 'essential.service.operations.support' });
    const orders: any[] = support.body.data.member.orders;
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(order.customsId).toBeNull();
    expectBlocked(support, 'member.orders.0.customsId', 'P-23');
    expect(recorder.queriesTo('orders').join('\n')).toMatch(FIELD('consigneePhone'));
    expect(recorder.queriesTo('orders').join('\n')).not.toMatch(FIELD('customsId'));
  });

});
