import { afterAll, beforeAll, expect, it } from 'vitest';
import { Marketplace } from '../support/marketplace.js';

/**
 * The gateway runtime deduplicates identical in-flight subgraph requests and the privacy pass edits
 * results in place: concurrent requests must still each be decided on their own data and caller.
 */
let m: Marketplace;
beforeAll(async () => {
  m = await Marketplace.start();
});
afterAll(async () => {
  await m?.close();
});

const ORDERS = (store: string) => `{ storeOrders(storeId: "${store}", first: 50) { id consigneeName consigneePhone deliveryAddress total } }`;

it('P-21 thirty concurrent identical merchant requests each get the same, correctly decided answer', async () => {
  const alone = await m.ask('merchant-deer', ORDERS('deer-outfitters'));
  const together = await Promise.all(Array.from({ length: 30 }, () => m.ask('merchant-deer', ORDERS('deer-outfitters'))));
  for (const answer of together) expect(answer.body).toEqual(alone.body);
  expect(alone.body.data.storeOrders.some((o: any) => /^\d{3}\*{4}\d{4}$/.test(o.consigneePhone))).toBe(true);
});

it('P-21 interleaved callers never see each other’s decisions: each merchant reads only its own store in full', async () => {
  const asks = Array.from({ length: 20 }, (_, i) =>
    i % 2 ? m.ask('merchant-lantern', ORDERS('deer-outfitters')) : m.ask('merchant-deer', ORDERS('deer-outfitters')),
  );
  const answers = await Promise.all(asks);
  answers.forEach((answer, i) => {
    const orders = answer.body.data.storeOrders;
    if (i % 2) for (const order of orders) expect(order.consigneeName).toBeNull(); // another store's orders (P-21)
    else expect(orders.filter((o: any) => o.consigneeName !== null).length).toBeGreaterThan(0);
  });
});
