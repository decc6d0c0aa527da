import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMOUNT_BUCKETS } from '../../directives/transforms/generalize.js';
import { ANONYMOUS_ID } from '../../directives/transforms/placeholder.js';
import { MEMBER, ORDER, STORE, TINY_STORE, birthDateYearsAgo } from '../../resolvers/demo-ids.js';
import { DEMO_ORDERS, orderTotal } from '../../resolvers/orders/demo-orders.js';
import { Marketplace } from '../support/marketplace.js';
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
  const STATS = `{ orderStats { storeId buyers orders revenue } }`;
  const PERSON = `id nickname gender avatar name phone email birthDate browsingHistory { id } searchHistory { query } orders { id buyerId total deliveryAddress note items { quantity } }`;

  it('P-50 an advertiser gets no person-level field: every person-level row comes back as nothing', async () => {
    const answer = await m.ask(
      'advertiser',
      `{ members(ids: ["${MEMBER.buyer}", "${MEMBER.optout}"]) { ${PERSON} }
         browsingEvents(first: 5) { id productId memberId ip deviceId at }
         review(id: "r-ava-lantern") { id rating text authorId author { nickname } createdAt }
         shipment(id: "sh-${ORDER.buyerDomestic}") { waybill status address consigneeName } }`,
    );
    expect(answer.status).toBe(200);
    // Not a row of a person: no member, event, review or shipment, so no id, status or date either.
    expect(answer.body.data).toEqual({ members: [], browsingEvents: [], review: null, shipment: null });
    expect(answer.body.errors).toBeUndefined();
    expect(JSON.stringify(answer.body)).not.toMatch(/(?<![a-z])m-(buyer|optout)\b|DeerFan|Alice|203\.0\.113|dev-|SW-1001|r-ava/);
  });

  it('P-50 an advertiser receives aggregates: order statistics per store', async () => {
    const answer = await m.ask('advertiser', STATS);
    const byStore = Object.fromEntries(answer.body.data.orderStats.map((s: any) => [s.storeId, s]));
    expect(byStore[STORE.deer]).toEqual(expectedStats(STORE.deer));
    expect(byStore[STORE.lantern]).toEqual(expectedStats(STORE.lantern));
  });

  it('P-51 analyst gets the same pseudonym for the same member in two requests, and a different one than the researcher gets', async () => {
    const query = `{ member(id: "${MEMBER.buyer}") { id } other: member(id: "${MEMBER.optout}") { id } }`;
    const first = await m.ask('analyst', query);
    const second = await m.ask('analyst', query);
    const researcher = await m.ask('researcher', query);
    const token = first.body.data.member.id;
    expect(token).toMatch(PSEUDONYM);
    expect(second.body.data.member.id).toBe(token);
    expect(first.body.data.other.id).not.toBe(token);
    expect(researcher.body.data.member.id).toMatch(PSEUDONYM);
    expect(researcher.body.data.member.id).not.toBe(token);
    expectExplained(first, 'member.id', 'pseudonymize', 'P-51');
    expectExplained(researcher, 'member.id', 'pseudonymize', 'P-52');
    // The same token wherever the member appears for this partner: browsing events, orders, reviews.
    const linked = await m.ask('analyst', `{ member(id: "${MEMBER.buyer}") { browsingHistory { memberId } orders { buyerId } } review(id: "r-buyer-public") { authorId } }`);
    const tokens = new Set([...linked.body.data.member.browsingHistory.map((e: any) => e.memberId), ...linked.body.data.member.orders.map((o: any) => o.buyerId), linked.body.data.review.authorId]);
    expect([...tokens]).toEqual([token]);
  });

  it('P-51 analysts see IP /24, birth year, city, pseudonymized device ids and scrubbed free text; no direct identifiers', async () => {
    const answer = await m.ask(
      'analyst',
      `{ member(id: "${MEMBER.buyer}") { ${PERSON} browsingHistory { ip deviceId } }
         review(id: "r-ava-lantern") { text authorId } }`,
    );
    const member = answer.body.data.member;
    expect(member.id).toMatch(PSEUDONYM);
    expect(member.birthDate).toBe(birthDateYearsAgo(34).slice(0, 4));
    for (const event of member.browsingHistory) {
      expect(event.ip).toBe('203.0.113.0/24');
      expect(event.deviceId).toMatch(PSEUDONYM);
      expect(event.deviceId).not.toBe(member.id);
    }
    const domestic = member.orders.find((o: any) => o.id === ORDER.buyerDomestic);
    expect(domestic).toMatchObject({ buyerId: member.id, total: orderTotal(DEMO_ORDERS.find((o) => o.id === ORDER.buyerDomestic)!), deliveryAddress: 'Springfield, US' });
    expect(domestic.note).toBe('Please call me on [phone] or write to [email] before delivery; leave it with the concierge.');
    expect(member.searchHistory.map((s: any) => s.query)).toContain('trail boots size 42');
    expect(answer.body.data.review.text).toBe('Beautiful lantern, arrived intact. Happy to send more photos: write to [email] or call [phone].');
    for (const field of ['nickname', 'gender', 'avatar']) expectBlocked(answer, `member.${field}`, 'P-51');
    for (const field of ['name', 'phone', 'email']) expectBlocked(answer, `member.${field}`, 'P-83');
    expectExplained(answer, 'member.birthDate', 'generalize', 'P-51');
    expectExplained(answer, 'member.browsingHistory.*.ip', 'generalize', 'P-51');
    expectExplained(answer, 'member.browsingHistory.*.deviceId', 'pseudonymize', 'P-51');
    expectExplained(answer, 'member.orders.*.deliveryAddress', 'generalize', 'P-51');
    expectExplained(answer, 'member.orders.*.note', 'scrub', 'P-51');
    expectExplained(answer, 'review.text', 'scrub', 'P-51');
    expect(JSON.stringify(answer.body.data)).not.toMatch(/(?<![a-z])m-(buyer|ava)\b|DeerFan|Alice|13812345678|alice@example|Harbour|203\.0\.113\.57|dev-buyer|13911112222/);
  });

  it('P-52 researchers receive P-51 with 10-year age bands and no free text', async () => {
    const answer = await m.ask(
      'researcher',
      `{ member(id: "${MEMBER.buyer}") { id birthDate browsingHistory { ip memberId } orders { id buyerId total deliveryAddress note } searchHistory { query } }
         review(id: "r-ava-lantern") { rating text authorId } }`,
    );
    const member = answer.body.data.member;
    const year = Number(birthDateYearsAgo(34).slice(0, 4));
    const decade = Math.floor(year / 10) * 10;
    expect(member.birthDate).toBe(`${decade}-${decade + 9}`);
    expectExplained(answer, 'member.birthDate', 'generalize', 'P-52');
    expect(member.id).toMatch(PSEUDONYM);
    for (const event of member.browsingHistory) expect(event).toEqual({ ip: '203.0.113.0/24', memberId: member.id });
    for (const order of member.orders) {
      const seeded = orderTotal(DEMO_ORDERS.find((o) => o.id === order.id)!);
      expect(AMOUNT_BUCKETS).toContain(order.total);
      expect(order.total).toBeLessThanOrEqual(seeded);
      expect(order.deliveryAddress).toBe('Springfield, US');
    }
    expectExplained(answer, 'member.orders.*.total', 'generalize', 'P-52');
    // No free text: review text, order notes, search queries.
    expectBlocked(answer, 'review.text', 'P-52');
    expect(answer.body.data.review.rating).toBe(5);
    answer.body.data.member.orders.forEach((_: unknown, i: number) => expectBlocked(answer, `member.orders.${i}.note`, 'P-83'));
    answer.body.data.member.searchHistory.forEach((_: unknown, i: number) => expectBlocked(answer, `member.searchHistory.${i}.query`, 'P-83'));
    expect(JSON.stringify(answer.body.data)).not.toMatch(/13911112222|m-ava@example|trail boots/);
  });

  it('P-52 pseudonyms are per research project: another project never receives uni-study’s tokens (without a key of its own, the field is blocked, P-82)', async () => {
    const query = `{ member(id: "${MEMBER.buyer}") { id birthDate } }`;
    const uniStudy = await m.ask('researcher', query);
    const token = uniStudy.body.data.member.id;
    const otherProject = await tokenFor(m, { sub: 'u-researcher-2', role: 'researcher', project: 'city-lab' });
    const other = await m.post(query, { authorization: `Bearer ${otherProject}`, 'x-purpose': 'analytics.research' });
    expect(other.status).toBe(200);
    expect(other.body.data.member.id).not.toBe(token);
    expect(other.body.data.member.id).toBe(ANONYMOUS_ID);
    expectExplained(other, 'member.id', 'placeholder', 'P-82');
    // The rest of the response stands.
    expect(other.body.data.member.birthDate).toBe(uniStudy.body.data.member.birthDate);
  });

  it('P-52 an aggregate over fewer than k = 5 subjects is refused: orderStats refuses tiny-kiosk', async () => {
    expect(expectedStats(TINY_STORE.id).buyers).toBeLessThan(5);
    for (const persona of ['researcher', 'analyst', 'advertiser']) {
      const answer = await m.ask(persona, STATS);
      const rows: any[] = answer.body.data.orderStats;
      const kiosk = rows.findIndex((s) => s.storeId === TINY_STORE.id);
      expect(rows[kiosk]).toEqual({ storeId: TINY_STORE.id, buyers: null, orders: null, revenue: null });
      for (const field of ['buyers', 'orders', 'revenue']) expectBlocked(answer, `orderStats.${kiosk}.${field}`, 'P-52');
      const deer = rows.find((s) => s.storeId === STORE.deer);
      expect(deer, persona).toEqual(expectedStats(STORE.deer));
      expect(at(answer.body, 'errors').length, persona).toBe(3);
    }
  });
});
