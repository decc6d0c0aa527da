import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, PRODUCT } from '../../resolvers/demo-ids.js';
import { Answer, Comment, Homepage, Question, Review } from '../../resolvers/reviews/review.entity.js';
import { Marketplace } from '../support/marketplace.js';

/**
 * P-70 P-41 every person's public text (review, comment, question, answer, homepage bio) reaches
 * every reader but its author, their guardian and the officer scrubbed, by whichever path the
 * document takes to it: root field, nested relation, `node`, `search`, the share channel,
 * aliases, named and inline fragments on the interface and the union, variables, GET.
 */
describe('public text: P-70 on every path', () => {
  let m: Marketplace;
  const WRITTEN = 'Ask me: 13700001111 or deer.fan@example.com, I live at 12 Elm Street';
  const SCRUBBED = 'Ask me: [phone] or [email], I live at [address]';
  /** Any part of the contact details as written. */
  const CONTACT = /13700001111|1370|deer\.fan|example\.com|Elm Street/;

  beforeAll(async () => {
    m = await Marketplace.start();
    // The buyer's public review and shared anonymous review, a comment, a question, an answer and a bio.
    const em = m.orm.em.fork();
    await em.nativeUpdate(Review, { id: { $in: ['r-2002', 'r-2003'] } }, { text: WRITTEN });
    await em.nativeUpdate(Homepage, { memberId: MEMBER.buyer }, { bio: WRITTEN });
    em.create(Comment, { id: 'c-contact', productId: PRODUCT.woolSocks, authorId: MEMBER.buyer, text: WRITTEN, createdAt: new Date() });
    em.create(Question, { id: 'q-contact', productId: PRODUCT.woolSocks, authorId: MEMBER.buyer, text: WRITTEN, createdAt: new Date() });
    em.create(Answer, { id: 'a-contact', questionId: 'q-contact', authorId: MEMBER.buyer, text: WRITTEN, createdAt: new Date() });
    await em.flush();
  });
  afterAll(async () => {
    await m?.close();
  });

  const socks = `product(id: "${PRODUCT.woolSocks}")`;
  /** Each document reaches at least one of the texts above; `texts` counts how many it must show. */
  const PATHS: { name: string; query: string; variables?: Record<string, unknown>; texts: number; get?: boolean }[] = [
    { name: 'a product page', query: `{ ${socks} { reviews { text } comments { text } questions { text answers { text } } } }`, texts: 4 },
    { name: 'aliases', query: `{ p: ${socks} { r: reviews { t: text } c: comments { t: text } q: questions { t: text a: answers { t: text } } } }`, texts: 4 },
    { name: 'a review by id', query: '{ review(id: "r-2003") { text } }', texts: 1 },
    { name: 'a review by id in a variable', query: 'query R($id: ID!) { review(id: $id) { text } }', variables: { id: 'r-2003' }, texts: 1 },
    { name: 'a GET', query: '{ review(id: "r-2003") { text } }', texts: 1, get: true },
    { name: 'node with an inline fragment', query: '{ node(id: "r-2003") { ... on Review { text } } }', texts: 1 },
    { name: 'node with a named fragment on the interface', query: 'fragment N on Node { id ... on Review { body: text } } { node(id: "r-2003") { ...N } }', texts: 1 },
    { name: 'node of the product', query: `{ node(id: "${PRODUCT.woolSocks}") { ... on Product { comments { text } questions { answers { text } } } } }`, texts: 2 },
    { name: 'the share channel', query: '{ sharedReviews { review { text } } }', texts: 1 },
    { name: 'the member\'s reviews', query: `{ member(id: "${MEMBER.buyer}") { reviews { text } } }`, texts: 1 },
    { name: 'the homepage and its member\'s reviews', query: '{ homepage(nickname: "DeerFan") { bio member { reviews { text } } } }', texts: 2 },
    { name: 'search on the union', query: '{ search(term: "DeerFan") { ... on Homepage { bio member { reviews { text } } } } }', texts: 2 },
    { name: 'a named fragment on the union', query: 'fragment H on SearchResult { ... on Homepage { bio } } { search(term: "DeerFan") { ...H } }', texts: 1 },
    { name: 'back from a review to its product', query: '{ review(id: "r-2003") { product { reviews { text } comments { text } } } }', texts: 2 },
    { name: 'from a comment to its author\'s reviews', query: `{ ${socks} { comments { author { reviews { text } } } } }`, texts: 1 },
  ];
  const READERS = ['visitor', 'buyer-optout', 'merchant-deer', 'merchant-lantern', 'carrier-swift', 'agent', 'payment', 'login-partner', 'analyst', 'advertiser', 'researcher'];
  /** Readers who reach public texts at all (the others are refused them, which releases nothing either). */
  const PUBLIC_READERS = ['visitor', 'buyer-optout', 'merchant-deer', 'merchant-lantern'];

  const ask = (persona: string, path: (typeof PATHS)[number]) =>
    m.ask(persona, path.query, { variables: path.variables, method: path.get ? 'GET' : 'POST' });
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

  it('P-70 P-41 no reader but the author sees the contact details in a public text, whichever path, alias or fragment reaches it', async () => {
    for (const path of PATHS) {
      for (const persona of READERS) {
        const answer = await ask(persona, path);
        expect(JSON.stringify(answer.body), `${path.name} as ${persona}`).not.toMatch(CONTACT);
        if (!PUBLIC_READERS.includes(persona)) continue;
        expect(answer.body.errors, `${path.name} as ${persona}`).toBeUndefined();
        const texts = strings(answer.body.data).filter((s) => s.includes('Ask me'));
        expect(texts, `${path.name} as ${persona}`).toEqual(Array(path.texts).fill(SCRUBBED));
      }
    }
  });

  it('P-70 the author reads their own public texts as written, by the same paths', async () => {
    for (const path of PATHS) {
      const answer = await ask('buyer', path);
      expect(answer.body.errors, path.name).toBeUndefined();
      const texts = strings(answer.body.data).filter((s) => s.includes('Ask me'));
      // The author also reads their anonymous review among their own (P-31).
      expect(texts.length, path.name).toBeGreaterThanOrEqual(path.texts);
      for (const text of texts) expect(text, path.name).toBe(WRITTEN);
    }
  });
});
