import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLObjectType } from 'graphql';
/**
 * The community subgraphs (reviews, activity, support, privacy) over real sockets: an in-memory
 * database seeded by the DemoSeeder, each subgraph started with startSubgraph, real GraphQL
 * requests (including the gateway's `_entities` calls) and the privacy contract's `/privacy/facts`.
 * SQL statements are counted from MikroORM's query log to show the DataLoaders batch.
 */
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startSubgraph, type RunningSubgraph } from '../../resolvers/subgraph-server.js';
import { signGraphQLRequest } from '../../schema/caller-envelope.js';
import { signContractCall } from '../../schema/contract-signing.js';

/** The subgraphs answer only signed requests; these tests sign as the gateway would. */
const SIGNING_SECRET = 'subgraphs-community-test-secret';
import { AGENT, MEMBER, OTHER_AGENT, PRODUCT } from '../../resolvers/demo-ids.js';
import { reviews } from '../../resolvers/reviews/index.js';
import { activity } from '../../resolvers/activity/index.js';
import { support } from '../../resolvers/support/index.js';
import { privacy } from '../../resolvers/privacy/index.js';
import { Review } from '../../resolvers/reviews/review.entity.js';
import { policyVersionNow } from '../../resolvers/privacy/policy-version.js';

let orm: MikroORM;
let database: TestDatabase;
const sql: string[] = [];
const running: Record<string, RunningSubgraph> = {};

type GqlResult = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Asks one subgraph as `caller`, signed in just now, signed as the gateway would sign (the subgraphs read the caller from the signed envelope only). */
async function gql(subgraph: string, query: string, variables: Record<string, unknown> = {}, caller: { sub?: string; role?: string } = {}): Promise<GqlResult> {
  const res = await fetch(running[subgraph]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signGraphQLRequest(SIGNING_SECRET, subgraph, { query, variables }, caller.sub ? { authTime: Math.floor(Date.now() / 1000), ...caller } : caller)),
  });
  return (await res.json()) as GqlResult;
}

/** The same request, and the SQL statements it issued. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const start = sql.length;
  const result = await run();
  return { result, statements: sql.slice(start) };
}

async function facts(subgraph: string, subjects: string[]): Promise<Record<string, any>> {
  const body = JSON.stringify({ subjects });
  const res = await fetch(running[subgraph]!.url.replace(/\/graphql$/, '/privacy/facts'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signContractCall(SIGNING_SECRET, { audience: subgraph, method: 'POST', path: '/privacy/facts', body }) },
    body,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { facts: Record<string, any> }).facts;
}

const entities = (subgraph: string, typename: string, ids: string[], selection: string, caller: { sub?: string; role?: string } = {}) =>
  gql(
    subgraph,
    `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`,
    { representations: ids.map((id) => ({ __typename: typename, id })) },
    caller,
  );

beforeAll(async () => {
  database = await openTestDatabase({
    debug: ['query'],
    colors: false,
    logger: (message: string) => {
      if (message.startsWith('[query]')) sql.push(message);
    },
  });
  orm = database.orm;
  for (const module of [reviews, activity, support, privacy]) running[module.name] = await startSubgraph(module, orm, 0, '127.0.0.1', { signingSecret: SIGNING_SECRET });
});

afterAll(async () => {
  for (const s of Object.values(running)) await s.close();
  await database?.drop();
});

describe('reviews subgraph', () => {
  it('P-30 Product.reviews through _entities: text, pictures, author stubs, ISO dates, newest first', async () => {
    const { data, errors } = await entities('reviews', 'Product', [PRODUCT.trailBoots], 'id reviews { id productId product { id } rating text pictures anonymous sharedPublicly authorId author { id } createdAt }');
    expect(errors).toBeUndefined();
    const list = data._entities[0].reviews;
    expect(list.map((r: any) => r.id)).toEqual(['r-2005', 'r-2004', 'r-2001']);
    const anon = list.find((r: any) => r.id === 'r-2001');
    expect(anon).toMatchObject({ anonymous: true, sharedPublicly: false, authorId: MEMBER.buyer, author: { id: MEMBER.buyer }, product: { id: PRODUCT.trailBoots } });
    expect(anon.pictures).toEqual(['/static/reviews/r-2001.jpg']);
    expect(new Date(anon.createdAt).toISOString()).toBe(anon.createdAt);
  });

  it('P-31 the subgraph does not hide the anonymous author: the gateway does (Member.reviews includes anonymous ones)', async () => {
    const { data } = await entities('reviews', 'Member', [MEMBER.buyer], 'id reviews { id anonymous sharedPublicly }');
    const ids = data._entities[0].reviews.map((r: any) => r.id).sort();
    expect(ids).toEqual(['r-2001', 'r-2002', 'r-2003']);
  });

  it('P-32 the share channel holds the shared anonymous review with its author', async () => {
    const { data, errors } = await gql('reviews', '{ sharedReviews { id authorId author { id } review { id anonymous sharedPublicly product { id } } } }');
    expect(errors).toBeUndefined();
    expect(data.sharedReviews).toEqual([
      { id: 'sr-1', authorId: MEMBER.buyer, author: { id: MEMBER.buyer }, review: { id: 'r-2002', anonymous: true, sharedPublicly: true, product: { id: PRODUCT.campTent } } },
    ]);
  });

  it('P-33 comments, questions and answers on the trail boots', async () => {
    const { data } = await entities('reviews', 'Product', [PRODUCT.trailBoots], 'comments { id text author { id } } questions { id text authorId answers { id text authorId author { id } } }');
    const p = data._entities[0];
    expect(p.comments.map((c: any) => c.author.id)).toEqual([MEMBER.optout, 'm-ava', 'm-ben']);
    expect(p.questions).toHaveLength(2);
    const authors = new Set([...p.questions.map((q: any) => q.authorId), ...p.questions.flatMap((q: any) => q.answers.map((a: any) => a.authorId))]);
    expect(authors).toEqual(new Set([MEMBER.optout, 'm-ava', 'm-ben']));
    expect(p.questions[0].answers.length).toBeGreaterThan(0);
  });

  it('P-34 homepage by nickname: found by its stored nickname, null when unknown (no error)', async () => {
    const found = await gql('reviews', 'query ($n: String!) { homepage(nickname: $n) { memberId member { id } bio } }', { n: 'DeerFan' });
    expect(found.data.homepage).toMatchObject({ memberId: MEMBER.buyer, member: { id: MEMBER.buyer } });
    const missing = await gql('reviews', 'query ($n: String!) { homepage(nickname: $n) { memberId } }', { n: 'NoSuchNick' });
    expect(missing).toEqual({ data: { homepage: null } });
    const all = await Promise.all(['DeerFan', 'QuietShopper', 'LittleFox', 'ParentBear', 'Shopper1', 'Shopper6'].map((n) => gql('reviews', 'query ($n: String!) { homepage(nickname: $n) { memberId } }', { n })));
    expect(all.map((r) => r.data.homepage.memberId)).toEqual([MEMBER.buyer, MEMBER.optout, MEMBER.minor, MEMBER.guardian, 'm-ava', 'm-fay']);
  });

  it('P-41/P-51 seed: only m-ava\'s review carries contact data, for the scrubbing tests', async () => {
    const { data } = await entities('reviews', 'Product', Object.values(PRODUCT), 'reviews { id authorId text }');
    const all = data._entities.flatMap((p: any) => p.reviews);
    const withContact = all.filter((r: any) => /@|\d{11}/.test(r.text));
    expect(withContact.map((r: any) => r.id)).toEqual(['r-2010']);
    expect(withContact[0].authorId).toBe('m-ava');
    expect(all.filter((r: any) => r.id !== 'r-2010').length).toBeGreaterThan(0);
  });

  it('review(id) and Review references; a missing id is null', async () => {
    const { data } = await gql('reviews', '{ review(id: "r-2005") { id authorId rating } missing: review(id: "r-nope") { id } }');
    expect(data).toEqual({ review: { id: 'r-2005', authorId: MEMBER.minor, rating: 4 }, missing: null });
  });

  it('DataLoader: 1 and 20 reviews with authors cost the same SQL statements', async () => {
    const em = orm.em.fork();
    em.create(Review, { id: 'r-bench-one', productId: 'p-bench-one', authorId: 'm-ava', rating: 3, text: 'ok', pictures: [], createdAt: new Date() });
    for (let i = 0; i < 20; i++) {
      em.create(Review, { id: `r-bench-${i}`, productId: 'p-bench-many', authorId: `m-bench-${i}`, rating: 4, text: 'fine', pictures: [], createdAt: new Date(Date.now() - i * 1000) });
    }
    await em.flush();
    const selection = 'reviews { id text authorId author { id } product { id } }';

    const one = await counted(() => entities('reviews', 'Product', ['p-bench-one'], selection));
    const twenty = await counted(() => entities('reviews', 'Product', ['p-bench-many'], selection));
    expect(one.result.data._entities[0].reviews).toHaveLength(1);
    expect(twenty.result.data._entities[0].reviews).toHaveLength(20);
    expect(new Set(twenty.result.data._entities[0].reviews.map((r: any) => r.author.id)).size).toBe(20);
    expect(one.statements.length).toBe(1);
    expect(twenty.statements.length).toBe(one.statements.length);

    // The gateway's other path: Review references resolved one by one by `_entities`.
    const refsOne = await counted(() => entities('reviews', 'Review', ['r-bench-0'], 'id authorId author { id }'));
    const refsTwenty = await counted(() => entities('reviews', 'Review', Array.from({ length: 20 }, (_, i) => `r-bench-${i}`), 'id authorId author { id }'));
    expect(refsTwenty.result.data._entities).toHaveLength(20);
    expect(refsOne.statements.length).toBe(1);
    expect(refsTwenty.statements.length).toBe(refsOne.statements.length);

    // Members with their reviews, and 20 products with reviews, comments and questions with answers.
    const membersOne = await counted(() => entities('reviews', 'Member', ['m-bench-0'], 'reviews { id author { id } }'));
    const membersTwenty = await counted(() => entities('reviews', 'Member', Array.from({ length: 20 }, (_, i) => `m-bench-${i}`), 'reviews { id author { id } }'));
    expect(membersTwenty.statements.length).toBe(membersOne.statements.length);
    const productsFull = 'reviews { id author { id } } comments { id author { id } } questions { id author { id } answers { id author { id } } }';
    const productOne = await counted(() => entities('reviews', 'Product', [PRODUCT.trailBoots], productsFull));
    const productsAll = await counted(() => entities('reviews', 'Product', [...Object.values(PRODUCT), 'p-bench-many', 'p-bench-one'], productsFull));
    expect(productOne.statements.length).toBe(4);
    expect(productsAll.statements.length).toBe(4);

    console.info(
      `[statements] Product.reviews+author: 1 review=${one.statements.length}, 20 reviews=${twenty.statements.length}; ` +
        `_entities Review: 1=${refsOne.statements.length}, 20=${refsTwenty.statements.length}; ` +
        `Member.reviews: 1 member=${membersOne.statements.length}, 20 members=${membersTwenty.statements.length}; ` +
        `Product reviews+comments+questions+answers: 1 product=${productOne.statements.length}, ${Object.values(PRODUCT).length + 2} products=${productsAll.statements.length}`,
    );
  });
});

describe('lists a page at a time', () => {
  it("a product's reviews come 20 by default and `first` for more, in one statement that reads that page's rows, never the whole list to cut it (a visitor's page of a product with 200,000 reviews read them all)", async () => {
    const em = orm.em.fork();
    for (let i = 0; i < 30; i++) em.create(Review, { id: `r-long-${String(i).padStart(2, '0')}`, productId: 'p-long', authorId: `m-long-${i}`, rating: 4, text: 'fine', pictures: [], createdAt: new Date(Date.now() - i * 1000) });
    await em.flush();
    const page = async (args: string) => {
      const { result, statements } = await counted(() => entities('reviews', 'Product', ['p-long'], `reviews${args} { id }`));
      expect(statements.length, args).toBeLessThanOrEqual(1);
      return { ids: result.data._entities[0].reviews.map((r: { id: string }) => r.id), read: statements[0]?.match(/(\d+) results?\]/)?.[1] };
    };
    const byDefault = await page('');
    expect(byDefault.ids).toEqual(Array.from({ length: 20 }, (_, i) => `r-long-${String(i).padStart(2, '0')}`)); // newest first
    expect(byDefault.read).toBe('20');
    expect((await page('(first: 25)')).read).toBe('25');
    expect((await page('(first: 0)')).ids).toEqual([]);
    // Lists of public content and of businesses take `first`; a list of one person's record takes none
    // (its rows are hidden from some callers one by one, and a page the client sizes would show where).
    const supergraph = buildSchema(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'), { assumeValidSDL: true });
    const takesFirst = (coordinate: string) => {
      const [type, field] = coordinate.split('.');
      return (supergraph.getType(type!) as GraphQLObjectType).getFields()[field!]!.args.some((a) => a.name === 'first' && a.defaultValue !== undefined);
    };
    for (const coordinate of ['Query.stores', 'Store.products', 'Product.reviews', 'Product.comments', 'Product.questions', 'Question.answers', 'Order.items', 'Member.browsingHistory', 'Member.searchHistory', 'Store.orders', 'Carrier.shipments']) expect(takesFirst(coordinate), coordinate).toBe(true);
    for (const coordinate of ['Member.reviews', 'Member.orders', 'Member.tickets', 'Ticket.messages', 'Order.shipments', 'Query.sharedReviews']) expect(takesFirst(coordinate), coordinate).toBe(false);
  });
});

describe('activity subgraph', () => {
  it('P-10 Member.browsingHistory / searchHistory / recommendations through _entities', async () => {
    const { data, errors } = await entities(
      'activity',
      'Member',
      [MEMBER.buyer, MEMBER.optout, MEMBER.minor],
      'id browsingHistory { id memberId productId product { id } at ip deviceId } searchHistory { id query at } recommendations { id }',
    );
    expect(errors).toBeUndefined();
    const [buyer, optout, minor] = data._entities;
    expect(buyer.browsingHistory.length).toBeGreaterThanOrEqual(5);
    expect(optout.browsingHistory.length).toBeGreaterThanOrEqual(3);
    expect(minor.browsingHistory.length).toBeGreaterThanOrEqual(2);
    const first = buyer.browsingHistory[0];
    expect(first).toMatchObject({ memberId: MEMBER.buyer, ip: '203.0.113.57', product: { id: first.productId } });
    expect(first.deviceId).toMatch(/^dev-/);
    const ats = buyer.browsingHistory.map((e: any) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(buyer.searchHistory.map((s: any) => s.query)).toContain('trail boots size 42');
    expect(buyer.searchHistory.length).toBeGreaterThanOrEqual(5);
    // Distinct products of the history, newest first, at most five.
    expect(buyer.recommendations).toEqual([PRODUCT.trailBoots, PRODUCT.campTent, PRODUCT.woolSocks, PRODUCT.paperLantern, PRODUCT.teaSet].map((id) => ({ id })));
  });

  it('others have at least two browsing and two search events each', async () => {
    const { data } = await entities('activity', 'Member', [...MEMBER.others], 'browsingHistory { id } searchHistory { id }');
    for (const m of data._entities) {
      expect(m.browsingHistory.length).toBeGreaterThanOrEqual(2);
      expect(m.searchHistory.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('P-51 browsingEvents(first) newest first, one statement; a negative page is refused', async () => {
    const { result, statements } = await counted(() => gql('activity', '{ browsingEvents(first: 3) { id at memberId ip } }'));
    expect(result.data.browsingEvents).toHaveLength(3);
    const ats = result.data.browsingEvents.map((e: any) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(statements).toHaveLength(1);
    const all = await gql('activity', '{ browsingEvents { id } }');
    expect(all.data.browsingEvents.length).toBeGreaterThan(3);
    const bad = await gql('activity', '{ browsingEvents(first: -1) { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('DataLoader: history and recommendations of 1 or 10 members cost the same statements', async () => {
    const sel = 'browsingHistory { id product { id } } searchHistory { id } recommendations { id }';
    const one = await counted(() => entities('activity', 'Member', [MEMBER.buyer], sel));
    const ten = await counted(() => entities('activity', 'Member', [MEMBER.buyer, MEMBER.optout, MEMBER.minor, MEMBER.guardian, ...MEMBER.others], sel));
    expect(ten.result.data._entities).toHaveLength(10);
    expect(one.statements.length).toBe(2);
    expect(ten.statements.length).toBe(one.statements.length);
    console.info(`[statements] activity Member history+search+recommendations: 1 member=${one.statements.length}, 10 members=${ten.statements.length}`);
  });
});

describe('support subgraph', () => {
  it('P-40/P-41 ticket t-4001 with the member\'s free text carrying phone, e-mail and address', async () => {
    const { data, errors } = await gql('support', '{ ticket(id: "t-4001") { id memberId member { id } agentId status subject messages { id ticketId memberId agentId fromMember text sentAt } } }');
    expect(errors).toBeUndefined();
    expect(data.ticket).toMatchObject({ id: 't-4001', memberId: MEMBER.buyer, member: { id: MEMBER.buyer }, agentId: AGENT, status: 'open', subject: 'Where is my parcel?' });
    const fromMember = data.ticket.messages.filter((m: any) => m.fromMember).map((m: any) => m.text).join(' ');
    expect(fromMember).toContain('13812345678');
    expect(fromMember).toContain('alice@example.com');
    expect(fromMember).toContain('12 Harbour Road');
    const sent = data.ticket.messages.map((m: any) => m.sentAt);
    expect([...sent].sort()).toEqual(sent);
  });

  it('myTickets: the calling agent\'s tickets only; none without a caller', async () => {
    const mine = await gql('support', '{ myTickets { id status } }', {}, { sub: AGENT, role: 'support' });
    expect(mine.data.myTickets).toEqual([{ id: 't-4001', status: 'open' }]);
    const other = await gql('support', '{ myTickets { id status } }', {}, { sub: OTHER_AGENT, role: 'support' });
    expect(other.data.myTickets).toEqual([{ id: 't-4002', status: 'closed' }]);
    const nobody = await gql('support', '{ myTickets { id } }');
    expect(nobody.data.myTickets).toEqual([]);
  });

  it('Member.tickets through _entities, batched', async () => {
    const one = await counted(() => entities('support', 'Member', [MEMBER.buyer], 'tickets { id messages { id } }'));
    const many = await counted(() => entities('support', 'Member', [MEMBER.buyer, MEMBER.optout, ...MEMBER.others], 'tickets { id messages { id } }'));
    expect(one.result.data._entities[0].tickets.map((t: any) => t.id)).toEqual(['t-4001']);
    expect(many.result.data._entities[1].tickets.map((t: any) => t.id)).toEqual(['t-4002']);
    expect(many.statements.length).toBe(one.statements.length);
    const refs = await counted(() => entities('support', 'Ticket', ['t-4001', 't-4002'], 'id memberId'));
    expect(refs.result.data._entities.map((t: any) => t.memberId)).toEqual([MEMBER.buyer, MEMBER.optout]);
    expect(refs.statements).toHaveLength(1);
    console.info(`[statements] support Member.tickets+messages: 1 member=${one.statements.length}, ${MEMBER.others.length + 2} members=${many.statements.length}; _entities Ticket x2=${refs.statements.length}`);
  });

  it('P-41 chatTranscripts(first) newest first, one statement', async () => {
    const { result, statements } = await counted(() => gql('support', '{ chatTranscripts(first: 2) { id ticketId memberId text sentAt } }'));
    expect(result.data.chatTranscripts.map((m: any) => m.id)).toEqual(['cm-buyer-4', 'cm-buyer-3']);
    expect(statements).toHaveLength(1);
  });

  it('P-40 facts: agents with an open ticket of the member, every id answered, one statement', async () => {
    const { result, statements } = await counted(() => facts('support', [MEMBER.buyer, MEMBER.optout, 'm-unknown']));
    expect(result).toEqual({
      [MEMBER.buyer]: { agents: [AGENT] },
      [MEMBER.optout]: { agents: [] }, // its ticket is closed
      'm-unknown': { agents: [] },
    });
    expect(statements).toHaveLength(1);
  });
});

describe('privacy subgraph', () => {
  const consentSel = 'memberId kind granted updatedAt policyVersion history { granted at policyVersion }';

  it('P-63 myConsents of the caller; none without a caller', async () => {
    const { data } = await gql('privacy', `{ myConsents { ${consentSel} } }`, {}, { sub: MEMBER.buyer, role: 'customer' });
    expect(Object.fromEntries(data.myConsents.map((c: any) => [c.kind, c.granted]))).toEqual({
      personalized_recommendation: true,
      marketing_messages: true,
      cross_border: true,
      find_by_nickname: true,
      third_party_binding: true,
    });
    expect(data.myConsents.every((c: any) => c.memberId === MEMBER.buyer && c.history.length === 1)).toBe(true);
    expect((await gql('privacy', '{ myConsents { kind } }')).data.myConsents).toEqual([]);
  });

  it('P-63 Member.consents through _entities: m-optout granted then withdrew recommendations', async () => {
    const { data, errors } = await entities('privacy', 'Member', [MEMBER.optout], `consents { ${consentSel} }`);
    expect(errors).toBeUndefined();
    const byKind = Object.fromEntries(data._entities[0].consents.map((c: any) => [c.kind, c]));
    expect(byKind.personalized_recommendation.granted).toBe(false);
    expect(byKind.personalized_recommendation.history.map((h: any) => h.granted)).toEqual([true, false]);
    expect(byKind.find_by_nickname.granted).toBe(false);
    expect(byKind.cross_border.granted).toBe(false);
    expect(byKind.third_party_binding.granted).toBe(false);
  });

  it('P-70/P-34 facts: every id answered, unknown ids with empty consents; one statement, and one for the ages of those who granted a consent themselves', async () => {
    const { result, statements } = await counted(() => facts('privacy', [MEMBER.buyer, MEMBER.optout, MEMBER.minor, MEMBER.guardian, 'm-ava', 'm-unknown']));
    expect(statements).toHaveLength(2);
    const none = await counted(() => facts('privacy', [MEMBER.minor, 'm-unknown']));
    expect(none.statements).toHaveLength(1);
    expect(result['m-unknown']).toEqual({ consents: {} });
    expect(result[MEMBER.minor].consents).toEqual({ personalized_recommendation: false, marketing_messages: false, find_by_nickname: false });
    expect(result[MEMBER.guardian].consents).toEqual({ find_by_nickname: true });
    expect(result['m-ava'].consents).toEqual({ personalized_recommendation: true, find_by_nickname: true });
    expect(result[MEMBER.optout].consents.personalized_recommendation).toBe(false);
    expect(result[MEMBER.buyer].consents.cross_border).toBe(true);
  });

  it('P-63/P-11 setConsent by the caller appends history and changes the current state in one transaction', async () => {
    const mutation = 'mutation ($kind: ConsentKind!, $granted: Boolean!) { setConsent(kind: $kind, granted: $granted) { ' + consentSel + ' } }';
    const caller = { sub: MEMBER.optout, role: 'customer' };
    const { result, statements } = await counted(() => gql('privacy', mutation, { kind: 'personalized_recommendation', granted: true }, caller));
    expect(result.errors).toBeUndefined();
    expect(result.data.setConsent).toMatchObject({ memberId: MEMBER.optout, kind: 'personalized_recommendation', granted: true, policyVersion: policyVersionNow() });
    expect(result.data.setConsent.history.map((h: any) => h.granted)).toEqual([true, false, true]);
    expect(result.data.setConsent.history.at(-1).at).toBe(result.data.setConsent.updatedAt);
    expect(statements[0]).toBe('[query] begin');
    expect(statements.filter((s) => s.startsWith('[query] commit'))).toHaveLength(1);
    console.info(`[statements] setConsent: ${statements.map((s) => s.slice(8, 40)).join(' | ')}`);
    expect((await facts('privacy', [MEMBER.optout]))[MEMBER.optout].consents.personalized_recommendation).toBe(true);

    // Withdraw again, and a kind never set before (location): the history keeps growing.
    const withdrawn = await gql('privacy', mutation, { kind: 'personalized_recommendation', granted: false }, caller);
    expect(withdrawn.data.setConsent.history.map((h: any) => h.granted)).toEqual([true, false, true, false]);
    const fresh = await gql('privacy', mutation, { kind: 'location', granted: true }, caller);
    expect(fresh.data.setConsent).toMatchObject({ kind: 'location', granted: true });
    expect(fresh.data.setConsent.history).toHaveLength(1);
    expect((await facts('privacy', [MEMBER.optout]))[MEMBER.optout].consents).toMatchObject({ personalized_recommendation: false, location: true });
  });

  it('P-63 P-11 two changes of one consent sent together: the state is what the history ends with, the last change written is the latest (a withdrawal is never lost under a grant)', async () => {
    const mutation = 'mutation ($granted: Boolean!) { setConsent(kind: marketing_messages, granted: $granted) { granted } }';
    const caller = { sub: MEMBER.optout, role: 'customer' };
    for (let round = 0; round < 15; round++) {
      const answers = await Promise.all([true, false].map((granted) => gql('privacy', mutation, { granted }, caller)));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const mine = await gql('privacy', '{ myConsents { kind granted updatedAt history { granted at } } }', {}, caller);
      const consent = mine.data.myConsents.find((c: any) => c.kind === 'marketing_messages');
      const last = consent.history.at(-1);
      expect({ granted: consent.granted, at: consent.updatedAt }, `round ${round}`).toEqual({ granted: last.granted, at: last.at });
      expect((await facts('privacy', [MEMBER.optout]))[MEMBER.optout].consents.marketing_messages, `round ${round}`).toBe(last.granted);
    }
  });

  it('P-70 setConsent for another member: FORBIDDEN unless the caller is a guardian; no caller is FORBIDDEN', async () => {
    const mutation = 'mutation ($m: ID) { setConsent(kind: marketing_messages, granted: true, memberId: $m) { memberId granted } }';
    const stranger = await gql('privacy', mutation, { m: MEMBER.buyer }, { sub: MEMBER.optout, role: 'customer' });
    expect(stranger.data?.setConsent ?? null).toBeNull();
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql('privacy', mutation, { m: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const guardianNoSub = await gql('privacy', mutation, { m: MEMBER.minor }, { role: 'guardian' });
    expect(guardianNoSub.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Nothing was written for the refused calls.
    expect((await facts('privacy', [MEMBER.buyer]))[MEMBER.buyer].consents.marketing_messages).toBe(true);

    const ownById = await gql('privacy', mutation, { m: MEMBER.optout }, { sub: MEMBER.optout, role: 'customer' });
    expect(ownById.data.setConsent).toEqual({ memberId: MEMBER.optout, granted: true });
    const guardian = await gql('privacy', mutation, { m: MEMBER.minor }, { sub: MEMBER.guardian, role: 'guardian' });
    expect(guardian.data.setConsent).toEqual({ memberId: MEMBER.minor, granted: true });
    expect((await facts('privacy', [MEMBER.minor]))[MEMBER.minor].consents.marketing_messages).toBe(true);
  });

  it('DataLoader: consents with history of 1 or 10 members cost the same statements', async () => {
    const sel = `consents { ${consentSel} }`;
    const one = await counted(() => entities('privacy', 'Member', [MEMBER.buyer], sel));
    const ten = await counted(() => entities('privacy', 'Member', [MEMBER.buyer, MEMBER.optout, MEMBER.minor, MEMBER.guardian, ...MEMBER.others], sel));
    expect(ten.result.data._entities).toHaveLength(10);
    // Consents, their history, and the ages of those who granted one alone (P-70).
    expect(one.statements.length).toBe(3);
    expect(ten.statements.length).toBe(one.statements.length);
    console.info(`[statements] privacy Member.consents+history: 1 member=${one.statements.length}, 10 members=${ten.statements.length}`);
  });
});
