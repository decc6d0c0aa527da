import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMOUNT_BUCKETS, generalizeAmount } from '../../directives/transforms/generalize.js';
import { MEMBER, ORDER, PRODUCT, STORE, TINY_STORE } from '../../resolvers/demo-ids.js';
import { DEMO_ORDERS, orderTotal } from '../../resolvers/demo-orders.js';
import { type GraphQLAnswer, Marketplace } from '../support/marketplace.js';
import { PSEUDONYM, at, expectBlocked, expectExplained, tokenFor } from '../support/privacy-assertions.js';

/**
 * P-50 … P-52 through the gateway over HTTP: advertisers (aggregates only), analysts
 * (de-identified, pseudonyms per partner) and researchers (age bands, no free text, pseudonyms
 * per project, k-anonymous aggregates).
 */
describe('partners: P-50 … P-52', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  /** Per store: distinct buyers, orders and revenue, from the seeded orders. */
  const expectedStats = (storeId: string) => {
    const orders = DEMO_ORDERS.filter((o) => o.storeId === storeId);
    const revenue = Math.round(orders.reduce((sum, o) => sum + orderTotal(o), 0) * 100) / 100;
    return { storeId, buyers: new Set(orders.map((o) => o.buyerId)).size, orders: orders.length, revenue };
  };
  /** The same, without the store key: partners receive store keys pseudonymized, so rows are matched by value. */
  const expectedFigures = (storeId: string) => {
    const { storeId: _, ...figures } = expectedStats(storeId);
    return figures;
  };
  const STATS = `{ orderStats { storeId buyers orders revenue } }`;
  /** A partner's lookup of a person or record by key is refused whole, under the partner's rule, with no data. */
  const expectLookupRefused = (answer: GraphQLAnswer, rule: string) => {
    expect(answer.status).toBe(200);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule });
    expect(JSON.stringify(answer.body)).not.toMatch(/psn_|DeerFan|Alice|203\.0\.113|dev-|13911112222|alice@example/);
  };
  /** The member with six browsing events is m-buyer (seeded so): their pseudonym as this partner sees it. */
  const buyerToken = (events: { memberId: string }[]) => {
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e.memberId, (counts.get(e.memberId) ?? 0) + 1);
    const six = [...counts].filter(([, n]) => n === 6).map(([id]) => id);
    expect(six).toHaveLength(1);
    return six[0];
  };
  const PERSON = `id nickname gender avatar name phone email birthDate browsingHistory { id } searchHistory { query } orders { id buyerId total deliveryAddress note items { quantity } }`;

  it('P-50 an advertiser gets no person-level field: every person-level row comes back as nothing', async () => {
    // Looking people or records up by id is refused whole.
    const lookup = await m.ask(
      'advertiser',
      `{ members(ids: ["${MEMBER.buyer}", "${MEMBER.optout}"]) { ${PERSON} }
         browsingEvents(first: 5) { id productId memberId ip deviceId at }
         review(id: "r-2010") { id rating text authorId author { nickname } createdAt }
         shipment(id: "sh-${ORDER.buyerDomestic}") { waybill status address consigneeName } }`,
    );
    expectLookupRefused(lookup, 'P-50');
    // The lists partners use: not a row of a person, so no id, status or date either.
    const answer = await m.ask(
      'advertiser',
      `{ browsingEvents(first: 5) { id productId memberId ip deviceId at }
         storeOrders(storeId: "${STORE.deer}") { id buyerId total deliveryAddress note items { quantity } }
         chatTranscripts(first: 5) { id ticketId memberId text }
         shipments(carrierId: "swift") { waybill status address consigneeName } }`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ browsingEvents: [], storeOrders: [], chatTranscripts: [], shipments: [] });
    expect(answer.body.errors).toBeUndefined();
    expect(JSON.stringify(answer.body)).not.toMatch(/(?<![a-z])m-(buyer|optout)\b|DeerFan|Alice|203\.0\.113|dev-|SW-1001|r-ava|psn_/);
  });

  it('P-50 an advertiser receives aggregates: order statistics per store', async () => {
    const answer = await m.ask('advertiser', STATS);
    const rows: any[] = answer.body.data.orderStats;
    // A store is a business, not a person: the aggregate names it (only person and record ids are pseudonymized).
    expect(rows).toContainEqual(expectedStats(STORE.deer));
    expect(rows).toContainEqual(expectedStats(STORE.lantern));
    expect(JSON.stringify(answer.body.data)).not.toMatch(/psn_|m-(buyer|optout)/);
  });

  it('P-51 analyst gets the same pseudonym for the same member in two requests, and a different one than the researcher gets', async () => {
    const lookup = `{ member(id: "${MEMBER.buyer}") { id } other: member(id: "${MEMBER.optout}") { id } }`;
    expectLookupRefused(await m.ask('analyst', lookup), 'P-51');
    expectLookupRefused(await m.ask('researcher', lookup), 'P-52');
    const query = `{ browsingEvents(first: 100) { memberId } }`;
    const first = await m.ask('analyst', query);
    const second = await m.ask('analyst', query);
    const researcher = await m.ask('researcher', query);
    const token = buyerToken(first.body.data.browsingEvents);
    expect(token).toMatch(PSEUDONYM);
    expect(buyerToken(second.body.data.browsingEvents)).toBe(token);
    expect(second.body.data.browsingEvents).toEqual(first.body.data.browsingEvents);
    // Ten seeded members, nine distinct tokens: the child's id is withheld (P-70).
    const tokensOf = (events: { memberId: string | null }[]) => new Set(events.map((e) => e.memberId).filter((id) => id !== null));
    expect(tokensOf(first.body.data.browsingEvents).size).toBe(4 + MEMBER.others.length - 1);
    expect(first.body.data.browsingEvents.some((e: any) => e.memberId === null)).toBe(true);
    expectBlocked(first, `browsingEvents.${first.body.data.browsingEvents.findIndex((e: any) => e.memberId === null)}.memberId`, 'P-70');
    const researcherToken = buyerToken(researcher.body.data.browsingEvents);
    expect(researcherToken).toMatch(PSEUDONYM);
    expect(researcherToken).not.toBe(token);
    const analystTokens = tokensOf(first.body.data.browsingEvents);
    for (const id of tokensOf(researcher.body.data.browsingEvents)) expect(analystTokens.has(id)).toBe(false);
    expectExplained(first, 'browsingEvents.*.memberId', 'pseudonymize', 'P-51');
    expectExplained(researcher, 'browsingEvents.*.memberId', 'pseudonymize', 'P-52');
    // The same token wherever the member's private rows appear for this partner: browsing events, orders.
    const linked = await m.ask(
      'analyst',
      `{ browsingEvents(first: 100) { memberId } storeOrders(storeId: "${STORE.deer}") { buyerId note } product(id: "${PRODUCT.woolSocks}") { reviews { authorId anonymous } } }`,
    );
    expect(buyerToken(linked.body.data.browsingEvents)).toBe(token);
    // m-buyer's domestic order is the one with the seeded delivery note.
    const domestic = linked.body.data.storeOrders.find((o: any) => o.note?.startsWith('Please call me'));
    expect(domestic.buyerId).toBe(token);
    // Their public review names them to anyone, so it carries no token of theirs (that would reverse this one).
    const authors = linked.body.data.product.reviews.filter((r: any) => !r.anonymous).map((r: any) => r.authorId);
    expect(authors.length).toBeGreaterThan(0);
    for (const author of authors) expect(author).toBeNull();
  });


  it('P-51 P-83 a fraud-detection export, refused the member id, cannot get it back by joining the same partner\'s reporting rows on the event or device token', async () => {
    const query = `{ browsingEvents(first: 100) { id memberId deviceId } }`;
    const fraud = await m.ask('analyst', query, { purpose: 'essential.fraud_detection' });
    const reporting = await m.ask('analyst', query);
    const fraudRows: { id: string | null; memberId: string | null; deviceId: string | null }[] = fraud.body.data.browsingEvents;
    const reportingRows: typeof fraudRows = reporting.body.data.browsingEvents;
    expect(fraudRows.length).toBeGreaterThan(3);
    expect(fraudRows.every((e) => e.memberId === null)).toBe(true);
    expectBlocked(fraud, 'browsingEvents.0.memberId', 'P-83');
    const tokens = (rows: typeof fraudRows, key: 'id' | 'deviceId') => new Set(rows.map((e) => e[key]).filter((t): t is string => t !== null));
    for (const key of ['id', 'deviceId'] as const) {
      expect(tokens(fraudRows, key).size, key).toBeGreaterThan(0);
      for (const token of tokens(fraudRows, key)) expect(tokens(reportingRows, key).has(token), key).toBe(false);
    }
    // Stable within the purpose.
    const again = await m.ask('analyst', query, { purpose: 'essential.fraud_detection' });
    expect(again.body.data.browsingEvents).toEqual(fraudRows);
  });

  it('P-50 P-51 an analyst token bound to the advertiser adreach gets no pseudonym key: its ids are blocked (P-82), never tokens adreach could join', async () => {
    const query = `{ browsingEvents(first: 100) { memberId ip } }`;
    const insightLabs: { memberId: string | null }[] = (await m.ask('analyst', query)).body.data.browsingEvents;
    const adreach = await tokenFor(m, { sub: 'u-advertiser', role: 'analyst', partner: 'adreach' });
    const answer = await m.post(query, { authorization: `Bearer ${adreach}`, 'x-purpose': 'analytics.reporting' });
    expect(answer.status).toBe(200);
    const events: { memberId: string | null }[] = answer.body.data.browsingEvents;
    expect(events.length).toBe(insightLabs.length);
    expect(events.every((e) => e.memberId === null)).toBe(true);
    expect(JSON.stringify(answer.body)).not.toMatch(/psn_/);
    // Where insight-labs gets a token, adreach gets the refusal of a partner without a key (a child's id is withheld for P-70 first).
    insightLabs.forEach((event, i) => expectBlocked(answer, `browsingEvents.${i}.memberId`, event.memberId === null ? 'P-70' : 'P-82'));
  });
  it('P-51 analysts see IP /24, pseudonymized device ids, city, amounts and scrubbed free text; no direct identifiers', async () => {
    expectLookupRefused(
      await m.ask('analyst', `{ member(id: "${MEMBER.buyer}") { ${PERSON} browsingHistory { ip deviceId } } review(id: "r-2010") { text authorId } }`),
      'P-51',
    );
    const answer = await m.ask(
      'analyst',
      `{ browsingEvents(first: 100) { id memberId ip deviceId }
         storeOrders(storeId: "${STORE.deer}") { id buyerId total deliveryAddress note items { quantity } }
         product(id: "${PRODUCT.paperLantern}") { reviews { id text authorId } } }`,
    );
    const events: any[] = answer.body.data.browsingEvents;
    const token = buyerToken(events);
    const buyerEvents = events.filter((e) => e.memberId === token);
    for (const event of buyerEvents) {
      expect(event.ip).toBe('203.0.113.0/24');
      expect(event.deviceId).toMatch(PSEUDONYM);
      expect(event.deviceId).not.toBe(token);
      expect(event.id).toMatch(PSEUDONYM);
    }
    // One device, one token.
    expect(new Set(buyerEvents.map((e) => e.deviceId)).size).toBe(1);
    for (const event of events) if (event.memberId !== null) expect(event.ip).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    // A child's event: every personal field withheld (P-70).
    const child = events.find((e) => e.memberId === null);
    expect(child).toMatchObject({ memberId: null, ip: null, deviceId: null });
    expect(child.id).toMatch(PSEUDONYM);
    const domestic = answer.body.data.storeOrders.find((o: any) => o.note?.startsWith('Please call me'));
    expect(domestic).toMatchObject({ buyerId: token, total: orderTotal(DEMO_ORDERS.find((o) => o.id === ORDER.buyerDomestic)!), deliveryAddress: 'Springfield, US' });
    expect(domestic.id).toMatch(PSEUDONYM);
    expect(domestic.note).toBe('Please call me on [phone] or write to [email] before delivery; leave it with the concierge.');
    const texts = answer.body.data.product.reviews.map((r: any) => r.text);
    expect(texts).toContain('Beautiful lantern, arrived intact. Happy to send more photos: write to [email] or call [phone].');
    expectExplained(answer, 'browsingEvents.*.ip', 'generalize', 'P-51');
    expectExplained(answer, 'browsingEvents.*.deviceId', 'pseudonymize', 'P-51');
    expectExplained(answer, 'storeOrders.*.deliveryAddress', 'generalize', 'P-51');
    expectExplained(answer, 'storeOrders.*.note', 'scrub', 'P-51');
    expectExplained(answer, 'product.reviews.*.text', 'scrub', 'P-51');
    expect(JSON.stringify(answer.body.data)).not.toMatch(/"(m-|o-|be-|r-)|DeerFan|Alice|13812345678|alice@example|m-ava@example|Harbour|203\.0\.113\.57|dev-buyer|13911112222/);
  });

  it("P-70 P-51 a child's public content (their review's text and pictures) reaches no analyst, though visitors read it", async () => {
    const query = `{ product(id: "${PRODUCT.trailBoots}") { reviews { text pictures rating } } }`;
    const analyst = await m.ask('analyst', query);
    expect(JSON.stringify(analyst.body.data)).not.toContain('school trips');
    const i = analyst.body.data.product.reviews.findIndex((r: any) => r.text === null);
    expect(i).toBeGreaterThanOrEqual(0);
    expectBlocked(analyst, `product.reviews.${i}.text`, 'P-70');
    // The public page is unchanged: the text is there, under the placeholder author.
    expect(JSON.stringify((await m.ask('visitor', query)).body.data)).toContain('My favourite boots for school trips.');
  });

  it("P-70 P-51 when a child bought reaches no analyst: their order's and shipment's times are withheld, other rows' cut to the day", async () => {
    const query = `{ storeOrders(storeId: "${STORE.deer}", first: 20) { id buyerId createdAt completedAt shipments { deliveredAt } } }`;
    for (const persona of ['analyst']) {
      const answer = await m.ask(persona, query);
      const orders: any[] = answer.body.data.storeOrders;
      const i = orders.findIndex((o) => o.buyerId === null && o.createdAt === null);
      expect(i, `${persona} ${JSON.stringify(orders)}`).toBeGreaterThanOrEqual(0);
      expect(orders[i]).toMatchObject({ createdAt: null, completedAt: null });
      for (const shipment of orders[i].shipments ?? []) expect(shipment.deliveredAt).toBeNull();
      expectBlocked(answer, `storeOrders.${i}.createdAt`, 'P-70');
      expectBlocked(answer, `storeOrders.${i}.completedAt`, 'P-70');
      for (const order of orders) if (order.buyerId !== null) expect(order.createdAt, persona).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("P-70 P-51 a child's order reached through a carrier's shipments tells no analyst its store, its link to it or how it went; its token stays", async () => {
    const answer = await m.ask('analyst', `{ shipments(carrierId: "swift", first: 20) { id orderId status crossBorder carrier { id } order { id storeId status crossBorder total store { id name } } } }`);
    const shipments: any[] = answer.body.data.shipments;
    const i = shipments.findIndex((s) => s.order === null);
    expect(i, JSON.stringify(shipments)).toBeGreaterThanOrEqual(0);
    // Nor the order's token, which the store's list shows beside that store.
    expect(shipments[i]).toEqual({ id: expect.stringMatching(PSEUDONYM), orderId: null, status: null, crossBorder: null, carrier: null, order: null });
    for (const path of ['orderId', 'status', 'crossBorder', 'carrier', 'order']) expectBlocked(answer, `shipments.${i}.${path}`, 'P-70');
    expect(shipments.filter((s) => s.order !== null).every((s) => PSEUDONYM.test(s.orderId))).toBe(true);
    // The order reached from the store's side keeps its token only: no store, no status, no link to the store.
    const orders: any[] = (await m.ask('analyst', `{ storeOrders(storeId: "${STORE.deer}", first: 20) { id storeId status crossBorder total store { id } } }`)).body.data.storeOrders;
    expect(orders.filter((o) => o.total === null)).toContainEqual({ id: expect.stringMatching(PSEUDONYM), storeId: null, status: null, crossBorder: null, total: null, store: null });
    // An adult's rows keep them.
    expect(shipments.some((s) => s.order?.total !== null && s.order?.storeId === STORE.deer && s.order?.store?.id === STORE.deer && typeof s.status === 'string' && s.carrier?.id === 'swift')).toBe(true);
  });

  it('P-52 researchers receive P-51 with amount ranges and no free text', async () => {
    expectLookupRefused(
      await m.ask(
        'researcher',
        `{ member(id: "${MEMBER.buyer}") { id birthDate browsingHistory { ip memberId } orders { id buyerId total deliveryAddress note } searchHistory { query } }
           review(id: "r-2010") { rating text authorId } }`,
      ),
      'P-52',
    );
    const answer = await m.ask(
      'researcher',
      `{ browsingEvents(first: 100) { ip memberId }
         storeOrders(storeId: "${STORE.deer}") { id buyerId total deliveryAddress note }
         product(id: "${PRODUCT.paperLantern}") { reviews { rating text authorId } } }`,
    );
    const token = buyerToken(answer.body.data.browsingEvents);
    expect(token).toMatch(PSEUDONYM);
    for (const event of answer.body.data.browsingEvents.filter((e: any) => e.memberId === token)) expect(event).toEqual({ ip: '203.0.113.0/24', memberId: token });
    // Purchases reach researchers as aggregates only: no order rows to sum back (P-52).
    expect(answer.body.data.storeOrders).toEqual([]);
    // No free text: review text, order notes.
    const reviews: any[] = answer.body.data.product.reviews;
    reviews.forEach((_, i) => expectBlocked(answer, `product.reviews.${i}.text`, 'P-52'));
    expect(reviews.map((r) => r.rating)).toContain(5);
    expect(JSON.stringify(answer.body.data)).not.toMatch(/13911112222|m-ava@example|Please call|concierge/);
  });

  it('P-52 pseudonyms are per research project: another project never receives uni-study’s tokens (without a key of its own, the field is blocked, P-82)', async () => {
    const lookup = `{ member(id: "${MEMBER.buyer}") { id birthDate } }`;
    expectLookupRefused(await m.ask('researcher', lookup), 'P-52');
    const query = `{ browsingEvents(first: 100) { memberId ip } }`;
    const uniStudy = await m.ask('researcher', query);
    const token = buyerToken(uniStudy.body.data.browsingEvents);
    const otherProject = await tokenFor(m, { sub: 'u-researcher-2', role: 'researcher', project: 'city-lab' });
    const other = await m.post(query, { authorization: `Bearer ${otherProject}`, 'x-purpose': 'analytics.research' });
    expect(other.status).toBe(200);
    const events: any[] = other.body.data.browsingEvents;
    expect(events.length).toBe(uniStudy.body.data.browsingEvents.length);
    // A nullable id without a key of the project's own: blocked, never uni-study's token (a child's is withheld for that, P-70).
    events.forEach((event, i) => {
      expect(event.memberId).not.toBe(token);
      expectBlocked(other, `browsingEvents.${i}.memberId`, uniStudy.body.data.browsingEvents[i].memberId === null ? 'P-70' : 'P-82');
    });
    expect(JSON.stringify(other.body)).not.toMatch(/psn_/);
    // The rest of the response stands.
    expect(events.map((e) => e.ip)).toEqual(uniStudy.body.data.browsingEvents.map((e: any) => e.ip));
  });

  it('P-52 an aggregate over fewer than k = 5 subjects is refused: orderStats refuses tiny-kiosk', async () => {
    expect(expectedStats(TINY_STORE.id).buyers).toBeLessThan(5);
    for (const persona of ['researcher', 'analyst', 'advertiser']) {
      const answer = await m.ask(persona, STATS);
      const rows: any[] = answer.body.data.orderStats;
      expect(rows, persona).toHaveLength(3);
      // The only store under k: its row keeps its key and loses its figures.
      const refused = rows.map((s, i) => [s, i] as const).filter(([s]) => s.buyers === null);
      expect(refused, persona).toHaveLength(1);
      const [kiosk, i] = refused[0];
      expect(kiosk).toEqual({ storeId: TINY_STORE.id, buyers: null, orders: null, revenue: null });
      for (const field of ['buyers', 'orders', 'revenue']) expectBlocked(answer, `orderStats.${i}.${field}`, 'P-52');
      expect(rows.map(({ storeId: _, ...f }) => f), persona).toContainEqual(expectedFigures(STORE.deer));
      expect(at(answer.body, 'errors').length, persona).toBe(3);
    }
  });

  it('P-50 P-52 P-83 aggregates go to the partners who receive them: a visitor, a member, a merchant and an agent read no figure, which read again after each order would give its store, amount and time', async () => {
    for (const persona of ['visitor', 'buyer', 'merchant-deer', 'agent']) {
      const answer = await m.ask(persona, STATS);
      const stats = answer.body.data.orderStats as any[];
      expect(stats.length, persona).toBeGreaterThan(0);
      for (const [i, stat] of stats.entries()) {
        expect(stat, persona).toEqual({ storeId: stat.storeId, buyers: null, orders: null, revenue: null });
        for (const field of ['buyers', 'orders', 'revenue']) expectBlocked(answer, `orderStats.${i}.${field}`, 'P-83');
      }
    }
    for (const persona of ['analyst', 'advertiser', 'researcher']) {
      const deer = ((await m.ask(persona, STATS)).body.data.orderStats as any[]).find((s) => s.storeId === STORE.deer);
      expect(deer, persona).toMatchObject(expectedFigures(STORE.deer));
    }
  });

  it('P-52 / P-81 the privacy officer reads an aggregate below k only as case work, under legal obligation', async () => {
    // Outside the legal obligation the officer declares no purpose aggregates serve: no figure at all (P-83).
    for (const purpose of [null, 'essential.service']) {
      const answer = await m.ask('officer', STATS, { purpose });
      const kiosk = (answer.body.data.orderStats as any[]).findIndex((s) => s.storeId === TINY_STORE.id);
      expect(answer.body.data.orderStats[kiosk], String(purpose)).toEqual({ storeId: TINY_STORE.id, buyers: null, orders: null, revenue: null });
      for (const field of ['buyers', 'orders', 'revenue']) expectBlocked(answer, `orderStats.${kiosk}.${field}`, 'P-83');
    }
    const caseWork = await m.ask('officer', STATS);
    expect(caseWork.body.errors).toBeUndefined();
    expect(caseWork.body.data.orderStats.find((s: any) => s.storeId === TINY_STORE.id)).toMatchObject(expectedFigures(TINY_STORE.id));
  });
});
