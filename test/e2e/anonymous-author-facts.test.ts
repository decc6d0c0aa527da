/**
 * P-31: nothing links an anonymous review back to its author, the time of an answer included. The
 * access audit's minors check (P-70) asked the author's age for every review read; the facts cache
 * answered it at once when another request had just read that member, so a visitor could tell whose
 * facts it held, and so who wrote the review. An anonymous row's reads are now audited as a child's
 * would be, and its author's age is never asked.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { gatewayWithAccountsProxy, type ProxiedGateway } from '../support/accounts-facts-proxy.js';
import { auditRows } from '../support/rights.js';
import { MEMBER } from '../../resolvers/demo-ids.js';

let m: Marketplace;
let proxied: ProxiedGateway;
let url: string;
/** The subjects of every facts lookup the gateway sent to the accounts subgraph. */
const asked: string[][] = [];

beforeAll(async () => {
  m = await Marketplace.start();
  // The accounts subgraph behind a proxy that notes whose facts are asked.
  proxied = await gatewayWithAccountsProxy(m, (body) => void asked.push(JSON.parse(body).subjects ?? []));
  url = proxied.url;
});
afterAll(async () => {
  await proxied?.close();
  await m?.close();
});

const asks = async (query: string, token: string | null = null) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) });
  return { body: (await response.json()) as any, requestId: response.headers.get('x-request-id') };
};
const visitorAsks = (query: string) => asks(query);

it("P-31 P-70 a visitor's read of an anonymous review never asks its author's age, and is audited as a child's read would be", async () => {
  asked.length = 0;
  // r-2001 is m-buyer's anonymous review.
  const anonymous = await visitorAsks('{ review(id: "r-2001") { rating text author { nickname } } }');
  expect(anonymous.body.data.review).toMatchObject({ author: { nickname: 'Anonymous' } });
  expect(asked.flat()).not.toContain(MEMBER.buyer);
  const entries = await auditRows(m.orm, { requestId: anonymous.requestId! });
  expect(entries.map((e) => [e.subject, e.coordinate, e.outcome, e.rule])).toEqual(
    expect.arrayContaining([
      [MEMBER.buyer, 'Review.rating', 'allow', expect.any(String)],
      [MEMBER.buyer, 'Review.author', 'placeholder', 'P-31'],
    ]),
  );
  // The same row reached the other ways a visitor can: through its product, by node id, through a fragment on the interface.
  for (const query of ['{ product(id: "p-trail-boots") { reviews { id rating author { nickname } } } }', '{ node(id: "r-2001") { ... on Review { authorId createdAt author { id nickname } } } }', 'fragment R on Node { ... on Review { text author { nickname } } } { a: node(id: "r-2001") { ...R } }']) {
    asked.length = 0;
    await visitorAsks(query);
    expect(asked.flat(), query).not.toContain(MEMBER.buyer);
  }
  // A review under its author's name is checked as before: its author's age is asked.
  asked.length = 0;
  await visitorAsks('{ review(id: "r-2003") { rating author { nickname } } }');
  expect(asked.flat().length).toBeGreaterThan(0);
});

it("P-31 a guardian's read of an anonymous review asks nothing about its author either: whose guardian they are is not checked on it", async () => {
  const guardian = (await m.token('guardian'))!;
  for (const query of ['{ review(id: "r-2001") { authorId text author { __typename nickname } } }', '{ node(id: "r-2001") { ... on Review { authorId author { nickname } } } }']) {
    asked.length = 0;
    const answer = await asks(query, guardian);
    expect(JSON.stringify(answer.body), query).toContain('"nickname":"Anonymous"');
    expect(asked.flat(), query).not.toContain(MEMBER.buyer);
  }
});
