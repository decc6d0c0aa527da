import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import type { PublicCacheEvent, PublicCacheOptions } from '../../gateway/use-public-cache.js';
import { PERSONAS } from '../../gateway/personas.js';
import { MEMBER, PRODUCT, STORE } from '../../resolvers/demo-ids.js';
import { auditRows, tokenFor } from '../support/rights.js';
import { REVIEW_WITH_CONTACT } from '../../resolvers/reviews/seed.js';
import { publicCacheFromEnv } from '../../gateway/use-public-cache.js';

/**
 * The opt-in public-data cache (gateway/use-public-cache.ts): requests of the same privacy
 * context may share a response; requests of different contexts never do, and nothing a consent
 * or another person's fact decides is ever served from it (P-11).
 *
 * The gateway under test shares *every* context (not only visitors, the default) with a TTL of an
 * hour, so that any response that could leak across contexts, or go stale, would stay in the
 * cache for the whole file. Each answer is compared with a gateway without the cache.
 */

const PRODUCT_PAGE = /* GraphQL */ `
  query ProductPage($id: ID!) {
    product(id: $id) { id name price store { id name } questions { id text answers { id text } } comments { id text } }
  }
`;
// Every event: a caller sees only the rows they may (a member their own), so a short page could hold none of the buyer's.
// The whole list (a page of others' events, which a member does not see: it ends at the first) and the member's own history.
const BROWSING = /* GraphQL */ `{ browsingEvents(first: 100) { id productId memberId } me { browsingHistory { id } } }`;
const MY_CONSENTS = /* GraphQL */ `{ myConsents { kind granted } }`;
const STORE_ORDERS = /* GraphQL */ `
  query StoreOrders($store: ID!) { storeOrders(storeId: $store, first: 20) { id crossBorder consigneeName consigneePhone } }
`;

/** A privacy context: a persona, and the headers that change the context (strict mode). */
interface Context {
  persona: string;
  headers?: Record<string, string>;
}

const CONTEXTS: Context[] = [
  { persona: 'visitor' },
  { persona: 'visitor', headers: { 'x-privacy-mode': 'strict' } },
  { persona: 'buyer' },
  { persona: 'buyer-optout' },
  { persona: 'merchant-deer' },
  { persona: 'merchant-lantern' },
  { persona: 'analyst' },
];
const nameOf = (c: Context) => c.persona + (c.headers?.['x-privacy-mode'] ? ' (strict)' : '');

let m: Marketplace;
let events: PublicCacheEvent[] = [];
let where: string[] = [];
let reference: ReturnType<typeof createPrivacyGateway>;
let defaults: ReturnType<typeof createPrivacyGateway>;
let defaultEvents: PublicCacheEvent[] = [];

beforeAll(async () => {
  const everyContext: PublicCacheOptions = {
    ttlMs: 3_600_000,
    shareable: () => true,
    onEvent: (e, w) => {
      events.push(e);
      where.push(w);
    },
  };
  m = await Marketplace.start({ gateway: { publicCache: everyContext } });
  // The same gateway without the cache: what every answer must be.
  reference = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk } });
  // The cache with its default options (only callers without a subject share).
  defaults = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, publicCache: { onEvent: (e) => defaultEvents.push(e) } });
  // A page whose audited reads a person's facts decide is kept only once the facts owners' change feeds are open.
  for (let tries = 0; ; tries++) {
    const { event } = await ask({ persona: 'visitor' }, 'query FeedsOpen($id: ID!) { product(id: $id) { questions { id } } }', { id: PRODUCT.trailBoots });
    if (event === 'stored' || event === 'hit') break;
    if (tries === 200) throw new Error('the facts feeds did not open within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  await (reference as any)?.dispose?.();
  await (defaults as any)?.dispose?.();
  await m?.close();
});

/** One token per persona, as a client keeps its token: a new token (a new `auth_time`) is another context. */
const tokens = new Map<string, Promise<string | null>>();

async function headersOf(context: Context): Promise<Record<string, string>> {
  if (!tokens.has(context.persona)) tokens.set(context.persona, m.token(context.persona));
  const token = await tokens.get(context.persona)!;
  const purpose = PERSONAS[context.persona]?.purpose;
  return {
    'content-type': 'application/json',
    accept: 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(purpose ? { 'x-purpose': purpose } : {}),
    ...context.headers,
  };
}

/** Asks the cached gateway; returns the answer and what the cache did. */
async function ask(context: Context, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer & { event: PublicCacheEvent; where: string }> {
  const before = events.length;
  const answer = await m.post(query, await headersOf(context), variables);
  expect(events.length, 'one cache event per request').toBe(before + 1);
  return { ...answer, event: events[before]!, where: where[before]! };
}

/** Asks a gateway without ports (a Yoga instance answers `fetch`). */
async function askGateway(gateway: typeof reference, context: Context, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer> {
  const response = await gateway.fetch('http://gateway.test/graphql', { method: 'POST', headers: await headersOf(context), body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GraphQLAnswer['body'] };
}

/** Runs `body` while the tea set holds a question answered by the minor, written behind the gateway's back. */
async function withMinorsAnswer(body: () => Promise<void>): Promise<void> {
  const sql = m.orm.em.getConnection();
  await sql.execute('insert into reviews_question (id, product_id, author_id, text, created_at) values (?, ?, ?, ?, ?)', ['q-tea-minor', PRODUCT.teaSet, MEMBER.optout, 'Is the pot dishwasher safe?', new Date()]);
  await sql.execute('insert into reviews_answer (id, question_id, author_id, text, created_at) values (?, ?, ?, ?, ?)', ['a-tea-minor', 'q-tea-minor', MEMBER.minor, 'We wash ours by hand.', new Date()]);
  try {
    await body();
  } finally {
    await sql.execute("delete from reviews_answer where id = 'a-tea-minor'");
    await sql.execute("delete from reviews_question where id = 'q-tea-minor'");
  }
}

describe('public-data cache', () => {
  it("shares a visitor's product page with the next visitor, answering exactly what the gateway computes", async () => {
    const visitor = { persona: 'visitor' };
    const first = await ask(visitor, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    const second = await ask(visitor, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    const computed = await askGateway(reference, visitor, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    expect([first.event, second.event]).toEqual(['stored', 'hit']);
    expect(second.where).toBe('request'); // the same request again: answered before parsing
    expect(first.body).toEqual(computed.body);
    expect(second.body).toEqual(computed.body);
    // The same privacy context, the operation written differently: served at execution.
    const reformatted = await ask(visitor, PRODUCT_PAGE.replace(/\s+/g, ' '), { id: PRODUCT.trailBoots });
    expect([reformatted.event, reformatted.where]).toEqual(['hit', 'execution']);
    expect(reformatted.body).toEqual(computed.body);
    expect(second.body.data.product.questions.length).toBeGreaterThan(0);
    // A page of people's reviews is no-store however it is served: a missing header on a copy told which pages held a child's row.
    expect([first, second, reformatted].map((a) => a.cacheControl)).toEqual(['no-store', 'no-store', 'no-store']);
  });

  it("P-70 P-80 a stored page that showed a minor's data records its audited reads again for every request it serves", async () => {
    const visitor = { persona: 'visitor' };
    await withMinorsAnswer(async () => {
      // The same answer asked as the page, through aliases, and through fragments on the Node interface.
      const shapes: [string, string, string[]][] = [
        [PRODUCT_PAGE, 'product', ['product.questions.0.answers.0.id', 'product.questions.0.answers.0.text']],
        ['query($id: ID!) { p: product(id: $id) { q: questions { a: answers { said: text } } } }', 'p', ['product.questions.0.answers.0.text']],
        ['query($id: ID!) { node(id: $id) { ...Page } } fragment Page on Node { ... on Product { questions { answers { ...Body } } } } fragment Body on Answer { text }', 'node', ['node.questions.0.answers.0.text']],
      ];
      for (const [query, root, paths] of shapes) {
        const first = await ask(visitor, query, { id: PRODUCT.teaSet });
        const second = await ask(visitor, query, { id: PRODUCT.teaSet });
        // The very same request again: not answered before parsing, where its reads would go unrecorded.
        const third = await ask(visitor, query, { id: PRODUCT.teaSet });
        expect(first.body.errors, query).toBeUndefined();
        expect(JSON.stringify(first.body.data[root]), query).toContain('We wash ours by hand.');
        expect([first.event, second.event, third.event], query).toEqual(['stored', 'hit', 'hit']);
        expect(third.where, query).toBe('execution');
        expect(second.body, query).toEqual(first.body);
        expect(new Set([first.requestId, second.requestId, third.requestId]).size, query).toBe(3);
        for (const answer of [first, second, third]) {
          // A copy, served at either stage, is kept downstream no more than the answer it copies (P-70, P-80).
          expect(answer.cacheControl, query).toBe('no-store');
          const rows = await auditRows(m.orm, { requestId: answer.requestId! });
          expect(rows.filter((r: any) => r.subject === MEMBER.minor).map((r: any) => r.fieldPath), query).toEqual(paths);
        }
      }
    });
  });

  it("P-11 P-70 a change a facts owner announces drops the stored pages a person's facts decided; a page that read no person stays", async () => {
    const visitor = { persona: 'visitor' };
    const NAME_ONLY = 'query($id: ID!) { product(id: $id) { id name price } }';
    await withMinorsAnswer(async () => {
      expect((await ask(visitor, PRODUCT_PAGE, { id: PRODUCT.teaSet })).event).toMatch(/stored|hit/);
      expect((await ask(visitor, NAME_ONLY, { id: PRODUCT.teaSet })).event).toMatch(/stored|hit/);
      expect((await ask(visitor, PRODUCT_PAGE, { id: PRODUCT.teaSet })).event).toBe('hit');
      // Any change at a facts owner, here a consent at the consent store behind the gateway's back, is announced on its feed.
      const set = await m.askSubgraph('privacy', 'mutation { setConsent(kind: marketing_messages, granted: false) { granted } }', { sub: MEMBER.buyer, role: 'customer' });
      expect(set.body.errors).toBeUndefined();
      await expect.poll(async () => (await ask(visitor, PRODUCT_PAGE, { id: PRODUCT.teaSet })).event, { timeout: 5000, interval: 50 }).toBe('stored');
      expect((await ask(visitor, NAME_ONLY, { id: PRODUCT.teaSet })).event).toBe('hit');
    });
  });

  it('P-80 a request served from a stored page whose audited reads cannot be recorded again is refused, and says why', async () => {
    let failing = false;
    const recorded: string[] = [];
    const seen: PublicCacheEvent[] = [];
    const gateway = createPrivacyGateway({
      supergraph: m.supergraph,
      identity: { publicKey: m.keys.publicJwk },
      publicCache: { ttlMs: 3_600_000, onEvent: (e) => seen.push(e) },
      onAudit: (entries, request) => {
        if (failing) throw new Error('audit store down');
        recorded.push(...entries.filter((e) => e.subject === MEMBER.minor).map((e) => `${request.requestId} ${e.path}`));
      },
    });
    try {
      await withMinorsAnswer(async () => {
        const visitor = { persona: 'visitor' };
        let first: GraphQLAnswer;
        // Until this gateway's facts feeds are open, nothing that read a person is stored.
        do first = await askGateway(gateway, visitor, PRODUCT_PAGE, { id: PRODUCT.teaSet });
        while (seen.at(-1) !== 'stored' && seen.length < 200);
        expect(JSON.stringify(first.body.data)).toContain('We wash ours by hand.');
        recorded.length = 0;
        failing = true;
        const refused = await askGateway(gateway, visitor, PRODUCT_PAGE, { id: PRODUCT.teaSet });
        expect(seen.at(-1)).toBe('hit');
        expect(refused.body).toEqual({ data: null, errors: [expect.objectContaining({ message: 'access audit unavailable: request refused', extensions: expect.objectContaining({ code: 'PRIVACY_BLOCKED', rule: 'P-80' }) })] });
        failing = false;
        const served = await askGateway(gateway, visitor, PRODUCT_PAGE, { id: PRODUCT.teaSet });
        expect(seen.at(-1)).toBe('hit');
        expect(served.body).toEqual(first.body);
        expect(recorded).toHaveLength(2); // the minor's answer read twice (its id and text), for the request served
      });
    } finally {
      await (gateway as any).dispose?.();
    }
  });

  it('keys on the variables: another product is computed, not served', async () => {
    const visitor = { persona: 'visitor' };
    await ask(visitor, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    const other = await ask(visitor, PRODUCT_PAGE, { id: PRODUCT.paperLantern });
    expect(other.event).toBe('stored');
    expect(other.body.data.product.id).toBe(PRODUCT.paperLantern);
  });

  it('a variable nested thousands of levels deep is refused before the cache builds its key (whose stack overflowed into a 500), and one within the bound is answered', async () => {
    // Written out by hand: the test's own JSON.stringify would overflow on it too.
    const nested = (n: number) => `{"query":${JSON.stringify(PRODUCT_PAGE)},"variables":{"id":"${PRODUCT.trailBoots}","unused":${'['.repeat(n)}${']'.repeat(n)}}}`;
    const send = async (body: string) => fetch(m.gatewayUrl, { method: 'POST', headers: { ...(await headersOf({ persona: 'visitor' })), 'content-type': 'application/json' }, body });
    const before = events.length;
    const deep = await send(nested(5000));
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(events.slice(before)).toEqual([]);
    const within = await send(nested(60));
    expect(within.status).toBe(200);
    expect(((await within.json()) as any).data.product.id).toBe(PRODUCT.trailBoots);
  });

  it('never serves a response computed for one privacy context to another: customer vs visitor vs merchant (and strict mode, two customers, two stores, a partner)', async () => {
    for (const query of [BROWSING, MY_CONSENTS, PRODUCT_PAGE]) {
      const variables = query === PRODUCT_PAGE ? { id: PRODUCT.woolSocks } : undefined;
      const answers = new Map<string, unknown>();
      // Twice round every context: each context's first request comes after the others filled the cache.
      for (const round of [1, 2]) {
        for (const context of CONTEXTS) {
          const cached = await ask(context, query, variables);
          const computed = await askGateway(reference, context, query, variables);
          expect(cached.body, `${nameOf(context)}, round ${round}`).toEqual(computed.body);
          if (round === 1) expect(['stored', 'uncacheable'], `${nameOf(context)} must not be served another context's response`).toContain(cached.event);
          else expect(cached.event === 'hit' || cached.event === 'uncacheable', `${nameOf(context)} repeats: ${cached.event}`).toBe(true);
          answers.set(nameOf(context), cached.body);
        }
      }
      if (query === BROWSING) {
        // The contexts really do get different answers here, so serving one to another would show.
        const distinct = new Set([...answers.values()].map((a) => JSON.stringify(a)));
        // (Fewer than before default deny: callers who may not see a row now all get nothing of it.)
        expect(distinct.size).toBeGreaterThanOrEqual(3);
        // Neither the public nor a merchant sees a browsing event (P-10, P-82 default deny).
        for (const name of ['visitor', 'merchant-deer']) expect((answers.get(name) as { data: { browsingEvents: unknown[] } }).data.browsingEvents, name).toEqual([]);
        expect(JSON.stringify(answers.get('visitor'))).not.toEqual(JSON.stringify(answers.get('buyer')));
        expect(JSON.stringify(answers.get('buyer'))).not.toEqual(JSON.stringify(answers.get('merchant-deer')));
      }
      if (query === MY_CONSENTS) expect(JSON.stringify(answers.get('buyer'))).not.toEqual(JSON.stringify(answers.get('buyer-optout')));
    }
  });

  it("does not store what depended on a person's facts: a consent changed in the consent store governs the very next request (P-11, P-23)", async () => {
    const merchant = { persona: 'merchant-lantern' };
    const xbOrder = (answer: GraphQLAnswer) => answer.body.data.storeOrders.find((o: any) => o.id === 'o-1045');
    // At the consent store itself, behind the gateway's back: no mutation passes the gateway.
    const setCrossBorder = async (granted: boolean) => {
      const set = await m.askSubgraph('privacy', `mutation { setConsent(kind: cross_border, granted: ${granted}) { granted } }`, { sub: MEMBER.optout, role: 'customer' });
      expect(set.body.data?.setConsent, JSON.stringify(set.body)).toEqual({ granted });
    };

    const before = await ask(merchant, STORE_ORDERS, { store: STORE.lantern });
    expect(before.event).toBe('uncacheable');
    expect(xbOrder(before).consigneeName).toBeNull(); // P-23: no cross-border consent

    await setCrossBorder(true);
    try {
      const after = await ask(merchant, STORE_ORDERS, { store: STORE.lantern });
      expect(after.event).toBe('uncacheable');
      expect(xbOrder(after).consigneeName).toMatch(/\*/); // now masked, not blocked
      expect(after.body).toEqual((await askGateway(reference, merchant, STORE_ORDERS, { store: STORE.lantern })).body);
    } finally {
      await setCrossBorder(false);
    }
    const reverted = await ask(merchant, STORE_ORDERS, { store: STORE.lantern });
    expect(xbOrder(reverted).consigneeName).toBeNull();
  });

  it("P-82 a visitor's mutation or rights route, refused, leaves the stored pages in place: nobody can empty the cache for everyone", async () => {
    const visitor = { persona: 'visitor' };
    const PAGE = `{ product(id: "${PRODUCT.teaSet}") { name } }`;
    expect((await ask(visitor, PAGE)).event).toMatch(/stored|hit/);
    expect((await ask(visitor, PAGE)).event).toBe('hit');
    const refused = await ask(visitor, 'mutation { setConsent(kind: marketing_messages, granted: false) { granted } }');
    expect(refused.body.data?.setConsent ?? null).toBeNull();
    expect((await ask(visitor, PAGE)).event).toBe('hit');
    // Nor a member's mutation that runs nothing.
    expect((await ask({ persona: 'buyer' }, 'mutation { __typename }')).body.data).toEqual({ __typename: 'Mutation' });
    expect((await ask(visitor, PAGE)).event).toBe('hit');
    // Nor a refused rights route: a cancellation without a token (401) erased nothing.
    const cancel = await m.route('/privacy/cancel-account', 'visitor', { method: 'POST', token: null });
    expect(cancel.status).toBe(401);
    expect((await ask(visitor, PAGE)).event).toBe('hit');
  });

  it("shows a member's own consent change on their next read: a mutation through the gateway clears the cache", async () => {
    const member = { persona: 'buyer-optout' };
    const marketing = (answer: GraphQLAnswer) => answer.body.data.myConsents.find((c: any) => c.kind === 'marketing_messages')?.granted ?? false;
    // A consent row is seen by its member only (P-82 default deny): each answer reads the rows, so it is never shared.
    await ask(member, MY_CONSENTS);
    const cached = await ask(member, MY_CONSENTS);
    expect(cached.event).toBe('uncacheable');
    const was = marketing(cached);

    const change = await ask(member, `mutation { setConsent(kind: marketing_messages, granted: ${!was}) { kind granted } }`);
    expect(change.body.errors).toBeUndefined();
    expect(change.event).toBe('bypass');
    const next = await ask(member, MY_CONSENTS);
    expect(next.event).toBe('uncacheable');
    expect(marketing(next)).toBe(!was);
    expect(next.body).toEqual((await askGateway(reference, member, MY_CONSENTS)).body);
  });

  it("P-62 an account cancelled through the rights route is served from no stored page: the erased member's contact in a comment is gone on the next request", async () => {
    const visitor = { persona: 'visitor' };
    // m-ava's comment gives her contact: every reader but her gets it scrubbed (P-70), a decision
    // that reads no row, so its page is shared.
    await m.orm.em.getConnection().execute("update reviews_comment set text = 'Any lace fits. Ask me: m-ava@example.com, 13911112222' where id = 'c-3002'");
    const COMMENTS = `{ product(id: "${PRODUCT.trailBoots}") { comments { id text } } }`;
    const before = await ask(visitor, COMMENTS);
    expect(JSON.stringify(before.body)).toContain('Any lace fits. Ask me:');
    expect(JSON.stringify(before.body)).not.toMatch(/m-ava@example\.com|13911112222/);
    expect((await ask(visitor, COMMENTS)).event).toBe('hit');
    // A review's text is decided on its row, anonymous or not (P-31): never shared.
    expect((await ask(visitor, `{ review(id: "${REVIEW_WITH_CONTACT}") { text } }`)).event).toBe('uncacheable');
    const ava = await tokenFor(m, { role: 'customer', sub: 'm-ava' });
    const cancelled = await m.route('/privacy/cancel-account', 'buyer', { method: 'POST', token: ava });
    expect(cancelled.body.request).toMatchObject({ status: 'completed' });
    const after = await ask(visitor, COMMENTS);
    expect(after.event).toBe('stored');
    expect(JSON.stringify(after.body)).not.toMatch(/m-ava@example\.com|13911112222/);
    // Erased where it is kept, too: the comment stays, by no one, without her contact (P-62).
    const [kept] = await m.orm.em.getConnection().execute("select text from reviews_comment where id = 'c-3002'");
    expect(kept.text).not.toMatch(/m-ava@example\.com|13911112222/);
    expect(after.body).toEqual((await askGateway(reference, visitor, COMMENTS)).body);
  });

  it('by default shares only requests without a subject (visitors); signed-in callers always execute', async () => {
    defaultEvents = [];
    await askGateway(defaults, { persona: 'visitor' }, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    await askGateway(defaults, { persona: 'visitor' }, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    await askGateway(defaults, { persona: 'buyer' }, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    await askGateway(defaults, { persona: 'buyer' }, MY_CONSENTS);
    await askGateway(defaults, { persona: 'merchant-deer' }, PRODUCT_PAGE, { id: PRODUCT.trailBoots });
    expect(defaultEvents).toEqual(['stored', 'hit', 'bypass', 'bypass', 'bypass']);
  });
});

describe('turning the public cache on', () => {
  it('P-82 PUBLIC_CACHE is on or off (default off); anything else is refused at start, naming it', () => {
    expect(publicCacheFromEnv({})).toBe(false);
    expect(publicCacheFromEnv({ PUBLIC_CACHE: 'off' })).toBe(false);
    expect(publicCacheFromEnv({ PUBLIC_CACHE: 'on' })).toBe(true);
    expect(() => publicCacheFromEnv({ PUBLIC_CACHE: 'yes' })).toThrow(/PUBLIC_CACHE must be on or off, not 'yes'/);
  });
});
