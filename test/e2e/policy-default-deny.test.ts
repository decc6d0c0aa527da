import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, ORDER, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import { TICKET } from '../../resolvers/support/seed.js';
import { Marketplace } from '../support/marketplace.js';
import { expectBlocked } from '../support/privacy-assertions.js';

/**
 * P-82 default deny through the gateway over HTTP: every field of a type marked personal is
 * personal unless its annotation says otherwise, and a row the caller may not see at all comes
 * back as nothing (null, or left out of its list), never as an id, a status or a date.
 */
describe('default deny: P-82, with P-10, P-21, P-22, P-50', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  /** Nothing of these demo rows (ids, statuses, waybills) appears anywhere in the answer. */
  const NO_ROW_DATA = /o-buyer|o-optout|sh-o-|SW-\d|OC-\d|t-buyer|"shipped"|"completed"|"captured"|"verified"|wechat/;

  it('P-82 P-83 a visitor cannot list a member’s orders, with their stores and dates', async () => {
    const answer = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { nickname orders { id status createdAt storeId } } }`);
    expect(answer.body.data.member).toEqual({ nickname: 'DeerFan', orders: null });
    expectBlocked(answer, 'member.orders', 'P-83');
    expect(JSON.stringify(answer.body)).not.toMatch(NO_ROW_DATA);
    // The buyer themself reads them.
    const own = await m.ask('buyer', `{ me { orders { id status createdAt storeId } } }`);
    expect(own.body.data.me.orders.length).toBeGreaterThan(0);
    for (const order of own.body.data.me.orders) expect(order.status).toEqual(expect.any(String));
  });

  it("P-82 a store's merchant account (a token's sub) is not in the graph: asked by any role, the field does not exist", async () => {
    for (const persona of ['visitor', 'analyst', 'advertiser', 'researcher', 'merchant-deer', 'officer']) {
      const answer = await m.ask(persona, '{ stores { id merchantId } }');
      expect(answer.body.data, persona).toBeUndefined();
      expect(answer.body.errors?.[0]?.message, persona).toMatch(/Cannot query field "merchantId" on type "Store"/);
      expect(JSON.stringify(answer.body), persona).not.toMatch(/u-merchant/);
    }
  });

  it('P-82 a visitor reading an order by id gets nothing: no status, no payment status', async () => {
    const answer = await m.ask('visitor', `{ order(id: "${ORDER.buyerDomestic}") { id status createdAt completedAt crossBorder payment { id status } } }`);
    expect(answer.body).toEqual({ data: { order: null } });
  });

  it('P-82 a visitor lists no store order and no waybill', async () => {
    const answer = await m.ask(
      'visitor',
      `{ storeOrders(storeId: "${STORE.deer}") { id status createdAt }
         shipments(carrierId: "swift") { id waybill status deliveredAt }
         shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { waybill status } }`,
    );
    expect(answer.body).toEqual({ data: { storeOrders: [], shipments: [], shipment: null } });
  });

  it('P-82 a visitor sees no support ticket and none of its timestamps', async () => {
    const answer = await m.ask(
      'visitor',
      `{ ticket(id: "${TICKET.buyer}") { id status agentId messages { id sentAt fromMember } }
         member(id: "${MEMBER.buyer}") { tickets { id status messages { sentAt } } } }`,
    );
    expect(answer.body.data).toEqual({ ticket: null, member: { tickets: null } });
    expectBlocked(answer, 'member.tickets', 'P-83');
    expect(JSON.stringify(answer.body)).not.toMatch(/cm-|T\d\d:\d\d/);
  });

  it('P-82 a visitor sees no browsing event', async () => {
    const answer = await m.ask('visitor', `{ browsingEvents { id productId at } }`);
    expect(answer.body).toEqual({ data: { browsingEvents: [] } });
  });

  it('P-82 P-03 a visitor sees neither the real-name verification’s result nor its date', async () => {
    const answer = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { realNameVerification { result verifiedAt } } }`);
    expect(answer.body.data.member).toEqual({ realNameVerification: null });
    expectBlocked(answer, 'member.realNameVerification', 'P-83');
    expect(JSON.stringify(answer.body)).not.toMatch(NO_ROW_DATA);
    // The subject reads them.
    const own = await m.ask('buyer', `{ me { realNameVerification { result verifiedAt } } }`);
    expect(own.body.data.me.realNameVerification).toEqual({ result: 'verified', verifiedAt: expect.any(String) });
  });

  it('P-82 P-70 a visitor learns neither a member’s login bindings and their provider nor whether they have a ward', async () => {
    const answer = await m.ask(
      'visitor',
      `{ buyer: member(id: "${MEMBER.buyer}") { loginBindings { id provider } }
         guardian: member(id: "${MEMBER.guardian}") { wards { id } } }`,
    );
    expect(answer.body.data).toEqual({ buyer: { loginBindings: null }, guardian: { wards: null } });
    expectBlocked(answer, 'buyer.loginBindings', 'P-83');
    expectBlocked(answer, 'guardian.wards', 'P-83');
    expect(JSON.stringify(answer.body)).not.toMatch(new RegExp(`${NO_ROW_DATA.source}|${MEMBER.minor}`));
    // The guardian reads their own wards.
    const own = await m.ask('guardian', `{ me { wards { id } } }`);
    expect(own.body.data.me.wards).toEqual([{ id: MEMBER.minor }]);
  });

  it('P-10 merchants and carriers never read browsing events', async () => {
    for (const persona of ['merchant-deer', 'carrier-swift']) {
      const answer = await m.ask(persona, `{ browsingEvents { id productId at memberId } member(id: "${MEMBER.buyer}") { browsingHistory { id at } } }`);
      expect(answer.body.data.browsingEvents, persona).toEqual([]);
      expect(answer.body.data.member.browsingHistory, persona).toBeNull();
      expect(answer.body.errors?.map((e: any) => e.extensions.code), persona).toEqual(['PRIVACY_BLOCKED']);
    }
    // The analyst, de-identified, does.
    const analyst = await m.ask('analyst', `{ browsingEvents(first: 3) { id productId at } }`);
    expect(analyst.body.data.browsingEvents).toHaveLength(3);
  });

  it('P-50 an advertiser gets no person-level row: no order, event, ticket, shipment or member', async () => {
    // Naming an order or a member is refused whole (P-50): nothing of the lists asked alongside either.
    const lookup = await m.ask(
      'advertiser',
      `{ browsingEvents { id productId at }
         storeOrders(storeId: "${STORE.deer}") { id status createdAt }
         order(id: "${ORDER.buyerDomestic}") { id status }
         members(ids: ["${MEMBER.buyer}"]) { id level }
         shipments(carrierId: "swift") { id status } }`,
    );
    expect(lookup.body.data ?? null).toBeNull();
    expect(lookup.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-50' });
    expect(JSON.stringify(lookup.body)).not.toMatch(/psn_|"o-|"m-|"be-|"sh-|level/);
    // The lists: every row a person's, so every row comes back as nothing.
    const answer = await m.ask(
      'advertiser',
      `{ browsingEvents { id productId at }
         storeOrders(storeId: "${STORE.deer}") { id status createdAt }
         chatTranscripts { id sentAt }
         shipments(carrierId: "swift") { id status } }`,
    );
    expect(answer.body).toEqual({ data: { browsingEvents: [], storeOrders: [], chatTranscripts: [], shipments: [] } });
  });

  it("P-21 another store's orders come back to a merchant as nothing, not as rows with ids, statuses and dates", async () => {
    const query = `{ storeOrders(storeId: "${STORE.lantern}") { id status createdAt completedAt storeId payment { status } } }`;
    const other = await m.ask('merchant-deer', query);
    expect(other.body).toEqual({ data: { storeOrders: [] } });
    const single = await m.ask('merchant-deer', `{ order(id: "o-1048") { id status createdAt } }`);
    expect(single.body).toEqual({ data: { order: null } });
    // The store's own merchant reads them (and not their payment, which is the payment institution's).
    const own = await m.ask('merchant-lantern', query);
    expect(own.body.data.storeOrders.length).toBeGreaterThan(0);
    for (const order of own.body.data.storeOrders) expect(order).toMatchObject({ id: expect.any(String), status: expect.any(String), storeId: STORE.lantern, payment: null });
  });

  it("P-22 another carrier's shipments come back to a carrier as nothing, not as rows with ids, statuses and dates", async () => {
    const query = `{ shipments(carrierId: "swift") { id waybill status deliveredAt order { id } } }`;
    const other = await m.ask('carrier-oceanic', query);
    expect(other.body).toEqual({ data: { shipments: [] } });
    const single = await m.ask('carrier-oceanic', `{ shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { id waybill status } }`);
    expect(single.body).toEqual({ data: { shipment: null } });
    // Swift reads its own, and nothing of the orders behind them.
    const own = await m.ask('carrier-swift', query);
    expect(own.body.data.shipments.length).toBeGreaterThan(0);
    for (const shipment of own.body.data.shipments) expect(shipment).toMatchObject({ waybill: expect.stringMatching(/^SW-/), order: null });
  });

  it('P-82 P-83 another member reads none of a member’s orders, tickets or browsing events', async () => {
    const answer = await m.ask(
      'buyer-optout',
      `{ member(id: "${MEMBER.buyer}") { orders { id } tickets { id } browsingHistory { id } }
         order(id: "${ORDER.buyerDomestic}") { id status }
         ticket(id: "${TICKET.buyer}") { id status } }`,
      { purpose: 'essential.service' },
    );
    expect(answer.body.data).toEqual({ member: { orders: null, tickets: null, browsingHistory: null }, order: null, ticket: null });
    for (const field of ['orders', 'tickets', 'browsingHistory']) expectBlocked(answer, `member.${field}`, 'P-83');
  });
});
