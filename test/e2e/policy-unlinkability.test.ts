import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CARRIER, MEMBER, PRODUCT, STORE } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { Review, SharedReview } from '../../resolvers/reviews/review.entity.js';
import { PSEUDONYM, expectExplained, tokenFor } from '../support/privacy-assertions.js';

/**
 * Partners that receive de-identified data (analysts, researchers, advertisers) can link no answer
 * back to a person: they cannot name anyone, every id they get is a pseudonym of their own, and
 * anonymous content is not linkable to its author's other content.
 */
describe('unlinkability for de-identified partners', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  it('P-51 P-52 P-50 a partner cannot look a person or a record up by id: the request is refused whole', async () => {
    const cases: [string, string, string][] = [
      ['analyst', `{ member(id: "${MEMBER.buyer}") { id } }`, 'P-51'],
      ['analyst', `{ review(id: "r-2003") { authorId } }`, 'P-51'],
      ['researcher', `{ members(ids: ["${MEMBER.buyer}", "${MEMBER.optout}"]) { id birthDate } }`, 'P-52'],
      ['advertiser', `{ order(id: "o-1041") { id } }`, 'P-50'],
    ];
    for (const [persona, query, rule] of cases) {
      const answer = await m.ask(persona, query);
      expect(answer.body.data ?? null, query).toBeNull();
      expect(answer.body.errors?.[0]?.extensions, query).toMatchObject({ code: 'PRIVACY_BLOCKED', rule });
      expect(JSON.stringify(answer.body), query).not.toMatch(/psn_|m-buyer"?:|DeerFan/);
    }
  });

  it('P-51 P-52 a partner token whose sub reads like a member id is nobody: me and myConsents answer no one, so no pseudonym is joined to the member', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['analyst', { role: 'analyst', sub: MEMBER.buyer, partner: 'insight-labs' }],
      ['researcher', { role: 'researcher', sub: MEMBER.buyer, project: 'uni-study' }],
      ['advertiser', { role: 'advertiser', sub: MEMBER.optout, partner: 'adreach' }],
    ];
    for (const [persona, claims] of cases) {
      const token = await tokenFor(m, claims);
      const answer = await m.ask(persona, '{ me { id birthDate orders { id buyerId } browsingHistory { memberId } } myConsents { kind granted } }', { headers: { authorization: `Bearer ${token}` } });
      expect(answer.body.data, persona).toEqual({ me: null, myConsents: [] });
      expect(JSON.stringify(answer.body), persona).not.toMatch(/psn_|199\d/);
    }
  });

  it('P-31 P-34 P-70 a staff or partner token whose sub is a member id is not that member: not the author of their anonymous reviews, not the owner of their hidden homepage or of a child\'s', async () => {
    const as = async (claims: Record<string, unknown>, query: string, purpose?: string) =>
      m.ask('visitor', query, { headers: { authorization: `Bearer ${await tokenFor(m, claims)}`, ...(purpose ? { 'x-purpose': purpose } : {}) } });
    const reviews = await as({ role: 'merchant', sub: MEMBER.buyer, store: STORE.lantern }, `{ member(id: "${MEMBER.buyer}") { reviews { id anonymous } } }`, 'essential.service.operations');
    const own = await m.ask('buyer', `{ member(id: "${MEMBER.buyer}") { reviews { id anonymous } } }`);
    expect(own.body.data.member.reviews.some((r: { anonymous: boolean }) => r.anonymous)).toBe(true); // the author lists them
    for (const r of reviews.body.data?.member?.reviews ?? []) expect(r.anonymous).toBe(false);
    for (const role of ['merchant', 'logistics', 'support', 'privacy_officer']) {
      const claims = { role, sub: MEMBER.optout, store: STORE.deer, carrier: CARRIER.swift };
      const found = await as(claims, '{ homepage(nickname: "QuietShopper") { bio } search(term: "QuietShopper") { ... on Homepage { bio } } }');
      expect(found.body.data, role).toEqual({ homepage: null, search: [] });
      const child = await as({ ...claims, sub: MEMBER.minor }, '{ homepage(nickname: "LittleFox") { bio } }');
      expect(child.body.data?.homepage ?? null, role).toBeNull();
    }
    // Nor is an analyst whose sub is the agent's the agent: no ticket of theirs joins the agent's pseudonym to them.
    const tickets = await as({ role: 'analyst', sub: 'u-agent', partner: 'insight-labs' }, '{ myTickets { id agentId } }', 'train_ai_system');
    expect(tickets.body.data?.myTickets ?? [], 'analyst as u-agent').toEqual([]);
  });

  it('P-51 record ids (orders, shipments and their waybills, chat messages, their tickets) reach an analyst as pseudonyms of their own, never the real ids', async () => {
    const answer = await m.ask('analyst', '{ storeOrders(storeId: "deer-outfitters", first: 50) { id buyerId } chatTranscripts(first: 20) { id ticketId memberId } }');
    // The waybill is printed on the parcel and read by the carrier beside the consignee's name: a real one would join the two answers.
    const shipments = await m.ask('analyst', '{ a: shipments(carrierId: "swift", first: 50) { id waybill orderId } b: shipments(carrierId: "oceanic", first: 50) { id waybill orderId } }');
    const rows = [...shipments.body.data.a, ...shipments.body.data.b] as { id: string; waybill: string; orderId: string }[];
    expect(rows.length).toBeGreaterThan(3);
    // A child's shipment keeps its own token only: its waybill's and its order's are withheld (P-70).
    for (const row of rows) {
      expect(row.id).toMatch(PSEUDONYM);
      if (row.orderId === null) expect(row.waybill).toBeNull();
      else for (const id of [row.waybill, row.orderId]) expect(id).toMatch(PSEUDONYM);
    }
    expect(rows.filter((r) => r.orderId === null)).toHaveLength(1);
    // A real waybill is a whole value (SW-1001); a pseudonym's random base64url may hold 'SW-' inside.
    expect(JSON.stringify(shipments.body)).not.toMatch(/"(SW|OC)-\d+"|"sh-/);
    // A child's order keeps its own token, and withholds its buyer (P-70).
    const refused = answer.body.errors ?? [];
    for (const error of refused) expect(error.extensions).toMatchObject({ rule: 'P-70', field: 'Order.buyerId' });
    const orders = answer.body.data.storeOrders as { id: string; buyerId: string | null }[];
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.filter((o) => o.buyerId === null)).toHaveLength(refused.length);
    for (const order of orders) {
      expect(order.id).toMatch(PSEUDONYM);
      if (order.buyerId === null) continue;
      expect(order.buyerId).toMatch(PSEUDONYM);
      expect(order.id).not.toBe(order.buyerId);
    }
    for (const message of answer.body.data.chatTranscripts as { id: string; ticketId: string }[]) {
      expect(message.id).toMatch(PSEUDONYM);
      expect(message.ticketId).toMatch(PSEUDONYM);
    }
    expect(JSON.stringify(answer.body)).not.toMatch(/"o-|"t-|"m-/);
  });

  it('P-51 the order of an analyst\'s rows follows nothing about their members: no id is built from its member, and one day\'s rows are not in member order', async () => {
    const events = (await m.orm.em.getConnection().execute('select id, member_id from activity_browsing_event')) as { id: string; member_id: string }[];
    for (const e of events) expect(e.id, e.id).not.toContain(e.member_id.replace(/^m-/, ''));
    // The analyst gets its rows' days only (P-51); the officer, under legal obligation, reads the
    // same list in the same order with its members and times.
    const analyst = await m.ask('analyst', '{ browsingEvents(first: 1000) { at } }');
    const days = (analyst.body.data.browsingEvents as { at: string | null }[]).map((e) => e.at).filter((t): t is string => t !== null);
    expect(days.length).toBeGreaterThan(5);
    for (const day of days) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const officer = await m.ask('officer', '{ browsingEvents(first: 1000) { memberId at } }');
    const rows = officer.body.data.browsingEvents as { memberId: string; at: string }[];
    // The members behind the newest day's rows, in the order every caller receives them.
    const newestDay = rows.filter((r) => Date.parse(rows[0]!.at) - Date.parse(r.at) < 3_600_000).map((r) => r.memberId);
    expect(newestDay.length).toBeGreaterThan(5);
    expect(newestDay).not.toEqual([...newestDay].sort());
    expect(newestDay).not.toEqual([...newestDay].sort().reverse());
  });

  it('P-51 P-52 times reach de-identified partners as their day: no time joins an analyst\'s row to the one a store, a carrier or a researcher reads', async () => {
    const DAY = /^\d{4}-\d{2}-\d{2}$/;
    const merchant = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}", first: 50) { createdAt completedAt } }`);
    const exact = new Set((merchant.body.data.storeOrders as { createdAt: string; completedAt: string | null }[]).flatMap((o) => [o.createdAt, o.completedAt]).filter(Boolean));
    expect(exact.size).toBeGreaterThan(3);
    const analyst = await m.ask('analyst', `{ storeOrders(storeId: "${STORE.deer}", first: 50) { createdAt completedAt shipments { deliveredAt } } browsingEvents(first: 50) { at } chatTranscripts { sentAt } products(first: 20) { reviews { createdAt } } }`);
    const researcher = await m.ask('researcher', '{ browsingEvents(first: 50) { at } }');
    const carrier = await m.ask('carrier-swift', `{ shipments(carrierId: "${CARRIER.swift}", first: 50) { deliveredAt } }`);
    for (const deliveredAt of carrier.body.data.shipments.map((s: any) => s.deliveredAt).filter(Boolean)) exact.add(deliveredAt);
    const times: string[] = [];
    JSON.stringify([analyst.body.data, researcher.body.data], (key, value) => {
      if (['createdAt', 'completedAt', 'deliveredAt', 'at', 'sentAt'].includes(key) && value !== null) times.push(value);
      return value;
    });
    expect(times.length).toBeGreaterThan(20);
    for (const time of times) {
      expect(time).toMatch(DAY);
      expect(exact.has(time)).toBe(false);
    }
    expectExplained(analyst, 'storeOrders.*.createdAt', 'generalize', 'P-51');
  });

  it('P-31 P-51 P-70 an anonymous review is not linkable to its author (no pseudonym for its author, nor for a public review’s, see below), and reads as a child’s signed review does: both withheld, under one reason', async () => {
    const answer = await m.ask('analyst', `{ product(id: "${PRODUCT.trailBoots}") { reviews { id anonymous authorId rating } } }`);
    const reviews = answer.body.data.product.reviews as { id: string; anonymous: boolean | null; authorId: string | null; rating: number | null }[];
    for (const review of reviews) expect(review.authorId).toBeNull();
    // The anonymous review (r-2001) and the child's signed one (r-2005): the same nulls, the same rule and reason.
    const withheld = reviews.filter((r) => r.anonymous === null);
    expect(withheld.length).toBe(2);
    for (const review of withheld) expect(review).toMatchObject({ anonymous: null, authorId: null, rating: null });
    expect(reviews.filter((r) => r.anonymous === false).every((r) => typeof r.rating === 'number')).toBe(true);
    const reasons = new Set((answer.body.errors ?? []).filter((e: any) => ['Review.anonymous', 'Review.rating'].includes(e.extensions.field)).map((e: any) => `${e.extensions.rule} ${e.message} ${e.extensions.count}`));
    expect([...reasons].every((r) => r.startsWith('P-70') && r.endsWith(' 2'))).toBe(true);
    // Review ids are pseudonymized too, so the anonymous review cannot be found again elsewhere by its id.
    for (const review of reviews) expect(review.id).toMatch(PSEUDONYM);
  });

  it('P-31 P-51 P-52 P-70 every review’s author is refused to a partner for the one reason, anonymous, a child’s or an adult’s signed: another rule on the anonymous rows told which withheld review was a child’s', async () => {
    for (const [persona, rule] of [['analyst', 'P-51'], ['researcher', 'P-52']]) {
      const answer = await m.ask(persona, `{ product(id: "${PRODUCT.trailBoots}") { reviews { authorId author { __typename } } } }`);
      const reviews = answer.body.data.product.reviews as unknown[];
      expect(reviews.length, persona).toBeGreaterThanOrEqual(3);
      for (const field of ['Review.authorId', 'Review.author']) {
        const refused = (answer.body.errors ?? []).filter((e: any) => e.extensions.field === field);
        expect(refused.map((e: any) => [e.extensions.rule, e.extensions.count]), `${persona} ${field}`).toEqual([[rule, reviews.length]]);
      }
      const decisions = (answer.body.extensions?.privacy?.decisions ?? []).filter((d: any) => /Review\.author/.test(JSON.stringify(d)));
      expect(new Set(decisions.map((d: any) => JSON.stringify(d).match(/P-\d+/)?.[0])), persona).toEqual(new Set([rule]));
    }
  });
  it('P-31 P-32 P-70 a partner gets the share channel without its reviews: a share beside the withheld reviews marked one anonymous, and a child’s share read apart from an adult’s', async () => {
    const em = m.orm.em.fork();
    await em.insert(Review, { id: 'r-child-shared', productId: PRODUCT.trailBoots, authorId: MEMBER.minor, rating: 5, text: 'Shared by a child.', pictures: [], anonymous: true, sharedPublicly: true, createdAt: new Date() } as any);
    await em.insert(SharedReview, { id: 'sr-child', reviewId: 'r-child-shared', authorId: MEMBER.minor, sharedAt: new Date() } as any);
    try {
      for (const persona of ['analyst', 'researcher']) {
        // Out of the partner's contract, and withheld on every share alike if asked for.
        const linked = await m.ask(persona, '{ sharedReviews { id review { id } } }');
        const linkedShares = linked.body.data.sharedReviews as { review: unknown }[];
        expect(linkedShares.length, persona).toBeGreaterThanOrEqual(2);
        for (const share of linkedShares) expect(share.review, persona).toBeNull();
        expect((linked.body.errors ?? []).map((e: any) => [e.extensions.field, e.extensions.rule, e.extensions.count]), persona).toEqual([['SharedReview.review', 'P-70', linkedShares.length]]);
        const answer = await m.ask(persona, '{ sharedReviews { id author { nickname } } }');
        const shares = answer.body.data.sharedReviews as { id: string; author: unknown }[];
        expect(shares.length, persona).toBeGreaterThanOrEqual(2);
        for (const share of shares) expect(share, persona).toEqual({ id: expect.stringMatching(PSEUDONYM), author: null });
        // One refusal for every share's author, the child's among them: no row reads apart.
        expect((answer.body.errors ?? []).map((e: any) => [e.extensions.field, e.extensions.count]), persona).toEqual([['SharedReview.author', shares.length]]);
      }
      // The channel itself still shows the shares to a visitor (P-32).
      const visitor = await m.ask('visitor', '{ sharedReviews { review { id } } }');
      expect(visitor.body.data.sharedReviews.map((s: any) => s.review?.id)).toContain('r-child-shared');
    } finally {
      await em.nativeDelete(SharedReview, { id: 'sr-child' });
      await em.nativeDelete(Review, { id: 'r-child-shared' });
    }
  });

  it('P-51 P-52 a public author id reaches no partner: read in the clear beside the same row by anyone, any token for it would be reversed', async () => {
    // Were the analyst's token for a comment's author the one on that member's browsing events, the
    // visitor's answer (same text, author in the clear) would name the member behind those events.
    const content = '{ products(first: 50) { reviews { text authorId } comments { text authorId } questions { text authorId answers { text authorId } } } }';
    const rowsOf = (body: any): { text: string; authorId: string | null }[] =>
      (body.data.products as any[]).flatMap((p) => [...p.reviews, ...p.comments, ...p.questions, ...p.questions.flatMap((q: any) => q.answers)]);
    const inPublic = rowsOf((await m.ask('visitor', content)).body);
    expect(inPublic.filter((r) => r.authorId?.startsWith('m-')).length).toBeGreaterThan(3);

    for (const [persona, rule] of [['analyst', 'P-51'], ['researcher', 'P-52']]) {
      const answer = await m.ask(persona, content);
      const authors = rowsOf(answer.body).map((r) => r.authorId);
      expect(authors.length, persona).toBeGreaterThan(3);
      // Every author id is withheld: a public one (P-51, P-52), an anonymous review's or a child's (P-70).
      for (const id of authors) expect(id, persona).toBeNull();
      expect(JSON.stringify(answer.body.data), persona).not.toMatch(/psn_|"m-/);
      const refused = (answer.body.errors ?? []).filter((e: any) => e.extensions.field?.endsWith('.authorId'));
      expect(refused.length, persona).toBeGreaterThan(0);
      for (const error of refused) expect([rule, 'P-70'], persona).toContain(error.extensions.rule);
      expect(refused.some((error: any) => error.extensions.rule === rule), persona).toBe(true);
      // The member's private rows keep their tokens.
      const events = await m.ask(persona, '{ browsingEvents(first: 500) { memberId } }');
      const tokens = events.body.data.browsingEvents.map((e: { memberId: string | null }) => e.memberId).filter((id: string | null) => id !== null); // a child's are withheld (P-70)
      expect(tokens.length, persona).toBeGreaterThan(0);
      for (const id of tokens) expect(id, persona).toMatch(PSEUDONYM);
    }
  });

  it('P-52 a researcher gets purchases only as aggregates: no order rows (their items, totals or shipments) to sum a refused aggregate back from', async () => {
    const stats = await m.ask('researcher', '{ orderStats { storeId buyers orders revenue } }');
    const refused = (stats.body.errors ?? []).filter((e: any) => e.extensions?.rule === 'P-52');
    expect(refused.length).toBeGreaterThan(0);
    for (const store of ['deer-outfitters', 'red-lantern', 'tiny-kiosk']) {
      const rows = await m.ask('researcher', `{ storeOrders(storeId: "${store}", first: 50) { id total items { productId price } } }`);
      expect(rows.body.data.storeOrders, store).toEqual([]);
    }
    const shipments = await m.ask('researcher', '{ shipments(carrierId: "swift", first: 50) { id status } }');
    expect(shipments.body.data?.shipments ?? []).toEqual([]);
  });
});
