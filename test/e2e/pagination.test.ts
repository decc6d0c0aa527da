import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARRIER, MEMBER, STORE, TINY_STORE } from '../../resolvers/demo-ids.js';
import { propertyParameters } from '../support/property-runs.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { Order } from '../../resolvers/orders/order.entity.js';

/**
 * Cursor pagination of the lists partners page through: a store's orders (P-21), a carrier's
 * manifest (P-22), the analytics export (P-51). Paging changes how rows arrive, never what the
 * caller may read of them; cursors are opaque, bound to list, scope and caller, and carry no id.
 */

const ORDER_FIELDS = 'id storeId status total note consigneeName consigneePhone deliveryAddress taxpayerId customsId';

/** The decisions of an answer without their paths and counts: what was decided, field by field. */
function outcomes(answer: GraphQLAnswer): string[] {
  const decisions: any[] = answer.body.extensions?.privacy?.decisions ?? [];
  return [...new Set(decisions.map((d) => `${d.field} ${d.outcome} ${d.rule}`))].sort();
}

function blockedFields(answer: GraphQLAnswer): string[] {
  return [...new Set((answer.body.errors ?? []).filter((e: any) => e.extensions?.code === 'PRIVACY_BLOCKED').map((e: any) => `${e.extensions.field} ${e.extensions.rule}`))].sort() as string[];
}

describe('cursor pagination', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  /** Every page of `field` as `persona`, `first` at a time, following `endCursor`. */
  async function pages(persona: string, field: string, args: string, selection: string, first: number) {
    const answers: GraphQLAnswer[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const answer = await m.ask(persona, `query Page($after: String) { page: ${field}(${args} first: ${first}, after: $after) { nodes { ${selection} } pageInfo { endCursor hasNextPage } } }`, {
        variables: { after },
      });
      answers.push(answer);
      const info = answer.body.data.page.pageInfo;
      if (!info.hasNextPage) return answers;
      after = info.endCursor;
    }
    throw new Error('more than 100 pages');
  }

  it('P-21 a merchant pages through its store orders: every order exactly once, with the unpaged list\'s values and decisions', async () => {
    const whole = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}", first: 1000) { ${ORDER_FIELDS} } }`);
    const orders = whole.body.data.storeOrders;
    expect(orders.length).toBeGreaterThan(3);
    const paged = await pages('merchant-deer', 'storeOrdersConnection', `storeId: "${STORE.deer}",`, ORDER_FIELDS, 2);
    // A full page says a next one may follow: a list of an even length ends with one empty page.
    expect(paged.filter((a) => a.body.data.page.nodes.length > 0).length).toBe(Math.ceil(orders.length / 2));
    const rows = paged.flatMap((a) => a.body.data.page.nodes);
    expect(rows).toEqual(orders);
    expect(new Set(rows.map((r: any) => r.id)).size).toBe(rows.length);
    // The same masks and blocks, with the same rules (P-21: phone masked, customs id blocked).
    const pagedOutcomes = [...new Set(paged.flatMap(outcomes))].sort();
    expect(pagedOutcomes).toEqual(outcomes(whole));
    expect(pagedOutcomes.some((o) => o.startsWith('Order.consigneePhone mask'))).toBe(true);
    expect([...new Set(paged.flatMap(blockedFields))].sort()).toEqual(blockedFields(whole));
    expect(paged.at(-1)!.body.data.page.pageInfo.hasNextPage).toBe(false);
  });

  /**
   * One connection asked in one of the shapes a client can write: pageInfo alone or with nodes,
   * its fields aliased, through a named fragment on the connection or on PageInfo, or an inline one.
   */
  const pageShape = fc.record({
    // 0 too: a page with no row to decide on tells nothing of the next one either.
    first: fc.integer({ min: 0, max: 3 }),
    nodes: fc.boolean(),
    aliased: fc.boolean(),
    wrap: fc.constantFrom('plain', 'named', 'inline', 'pageInfoFragment'),
  });
  function pageQuery(field: string, type: string, scope: string, shape: { first: number; nodes: boolean; aliased: boolean; wrap: string }): string {
    const info = shape.aliased ? 'more: hasNextPage at: endCursor' : 'hasNextPage endCursor';
    const pageInfo = shape.wrap === 'pageInfoFragment' ? 'pageInfo { ...I }' : `pageInfo { ${info} }`;
    const body = `${shape.nodes ? 'nodes { id }' : ''} ${pageInfo}`;
    const selection = shape.wrap === 'named' ? '...C' : shape.wrap === 'inline' ? `... on ${type} { ${body} }` : body;
    const fragments = shape.wrap === 'named' ? ` fragment C on ${type} { ${body} }` : shape.wrap === 'pageInfoFragment' ? ` fragment I on PageInfo { ${info} }` : '';
    return `query Page($scope: ID!) { page: ${field}(${scope}: $scope, first: ${shape.first}) { ${selection} } }${fragments}`;
  }

  // Each caller, and a list whose rows it may not read: tiny-kiosk has 2 orders from 2 buyers (its aggregate is refused, P-52).
  const hiddenLists: [persona: string, field: string, type: string, scope: string, id: string, nobody: string][] = [
    ...['visitor', 'buyer', 'merchant-deer', 'merchant-lantern', 'carrier-swift', 'agent', 'researcher', 'advertiser'].map(
      (persona): [string, string, string, string, string, string] => [persona, 'storeOrdersConnection', 'OrderConnection', 'storeId', TINY_STORE.id, 'no-such-store'],
    ),
    ['merchant-lantern', 'storeOrdersConnection', 'OrderConnection', 'storeId', STORE.deer, 'no-such-store'],
    ...['visitor', 'carrier-swift', 'merchant-deer', 'advertiser'].map(
      (persona): [string, string, string, string, string, string] => [persona, 'shipmentsConnection', 'ShipmentConnection', 'carrierId', CARRIER.oceanic, 'no-such-carrier'],
    ),
    ...['visitor', 'merchant-deer', 'advertiser'].map((persona): [string, string, string, string, string, string] => [persona, 'browsingEventsConnection', 'BrowsingEventConnection', '', '', '']),
  ];
  for (const [persona, field, type, scope, id, nobody] of hiddenLists) {
    it(`P-21 P-22 P-52 ${persona}: pageInfo of ${field}(${scope || 'no scope'}${id ? `: ${id}` : ''}), whose rows it may not read, reads as a list with no rows, in every shape`, async () => {
      await fc.assert(
        fc.asyncProperty(pageShape, async (shape) => {
          const query = scope ? pageQuery(field, type, scope, shape) : pageQuery(field, type, 'first', shape).replace('($scope: ID!)', '').replace('first: $scope, ', '');
          const answer = await m.ask(persona, query, { variables: scope ? { scope: id } : {} });
          expect(answer.body.errors, query).toBeUndefined();
          const page = answer.body.data.page;
          expect(page.pageInfo, query).toEqual(shape.aliased ? { more: false, at: null } : { hasNextPage: false, endCursor: null });
          if (shape.nodes) expect(page.nodes, query).toEqual([]);
          expect(Object.keys(page).sort(), query).toEqual(shape.nodes ? ['nodes', 'pageInfo'] : ['pageInfo']);
          // Exactly what a scope nobody has answers: the list is not confirmed to exist.
          if (scope) expect((await m.ask(persona, query, { variables: { scope: nobody } })).body.data, query).toEqual(answer.body.data);
        }),
        propertyParameters(6),
      );
    });
  }

  it('P-21 P-10 a list cut by first ends at its first row the caller may not see, so the size of the cut never counts the rows before their own', async () => {
    // deer's newest order is another buyer's: whatever first the buyer asks, none of their own orders after it shows, nor any position.
    for (let first = 1; first <= 6; first++) {
      const answer = await m.ask('buyer', `{ storeOrders(storeId: "${STORE.deer}", first: ${first}) { id } browsingEvents(first: ${first}) { id } c: storeOrdersConnection(storeId: "${STORE.deer}", first: ${first}) { nodes { id } pageInfo { hasNextPage } } }`, { purpose: null });
      expect(answer.body.data, `first: ${first}`).toEqual({ storeOrders: [], browsingEvents: [], c: { nodes: [], pageInfo: { hasNextPage: false } } });
    }
    // Their own read in full where they are the subject.
    const own = await m.ask('buyer', '{ me { orders { id } browsingHistory { id } } }', { purpose: 'personalize.content' });
    expect(own.body.data.me.orders.length).toBeGreaterThan(1);
    expect(own.body.data.me.browsingHistory.length).toBeGreaterThan(1);
  });

  it('P-21 P-10 hasNextPage says only that the page came back full: the page before a row the caller may not read reads as the page that ends the list', async () => {
    // A store of the buyer's one order, then the same with another buyer's older order after it.
    const store = 'store-paging-probe';
    const query = `{ page: storeOrdersConnection(storeId: "${store}", first: 1) { nodes { id } pageInfo { hasNextPage } } }`;
    const em = m.orm.em.fork();
    const placed = (id: string, buyerId: string, daysAgo: number) => ({ id, storeId: store, buyerId, status: 'paid', createdAt: new Date(Date.now() - daysAgo * 86_400_000), total: 5 }) as any;
    try {
      await em.insert(Order, placed('o-probe-own', MEMBER.buyer, 1));
      const alone = await m.ask('buyer', query, { purpose: null });
      await em.insert(Order, placed('o-probe-other', MEMBER.others[0], 2));
      const followed = await m.ask('buyer', query, { purpose: null });
      expect(alone.body.data.page).toEqual({ nodes: [{ id: 'o-probe-own' }], pageInfo: { hasNextPage: true } });
      expect(followed.body.data).toEqual(alone.body.data);
      // Asked for more than the list holds, the page is not full and says so.
      const short = await m.ask('buyer', query.replace('first: 1', 'first: 5'), { purpose: null });
      expect(short.body.data.page.pageInfo.hasNextPage).toBe(false);
    } finally {
      await em.nativeDelete(Order, { id: { $in: ['o-probe-own', 'o-probe-other'] } });
    }
  });

  it('P-24 P-21 a page cut at a row the caller may not see reads as the end of the list: a cursor comes only with a next page, so no last page has one', async () => {
    // cardpay reads the orders paid through it; deer's list holds another institution's order after some of them.
    const query = (first: number) => `{ page: storeOrdersConnection(storeId: "${STORE.deer}", first: ${first}) { nodes { id } pageInfo { endCursor hasNextPage } } }`;
    const pages: { nodes: unknown[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }[] = [];
    for (let first = 1; first <= 8; first++) pages.push((await m.ask('payment', query(first))).body.data.page);
    const cut = pages.findIndex((page, i) => page.nodes.length > 0 && page.nodes.length < i + 1);
    expect(cut, JSON.stringify(pages)).toBeGreaterThan(-1);
    for (const [i, page] of pages.entries()) {
      const full = page.nodes.length === i + 1;
      expect(page.pageInfo.hasNextPage, `first: ${i + 1}`).toBe(full);
      expect(page.pageInfo.endCursor === null, `first: ${i + 1}`).toBe(!full);
    }
    // A list that really ends before the page is full answers the same way.
    const whole = (await m.ask('merchant-deer', query(50))).body.data.page;
    expect(whole.nodes.length).toBeGreaterThan(0);
    expect(whole.pageInfo).toEqual({ endCursor: null, hasNextPage: false });
  });

  it('P-21 P-22 the lists a caller reads page on as before: the merchant its own store, the carrier its own manifest', async () => {
    for (const [persona, field, type, scope, id] of [
      ['merchant-deer', 'storeOrdersConnection', 'OrderConnection', 'storeId', STORE.deer],
      ['carrier-swift', 'shipmentsConnection', 'ShipmentConnection', 'carrierId', CARRIER.swift],
    ] as const) {
      const answer = await m.ask(persona, pageQuery(field, type, scope, { first: 1, nodes: false, aliased: false, wrap: 'plain' }), { variables: { scope: id } });
      expect(answer.body.data.page.pageInfo.hasNextPage, persona).toBe(true);
      expect(answer.body.data.page.pageInfo.endCursor, persona).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    // A page of no row (first: 0) decides nothing of the next: it reads as an empty list's, on every list.
    for (const store of [STORE.deer, TINY_STORE.id]) {
      const empty = await m.ask('merchant-deer', pageQuery('storeOrdersConnection', 'OrderConnection', 'storeId', { first: 0, nodes: true, aliased: false, wrap: 'plain' }), { variables: { scope: store } });
      expect(empty.body.data.page, store).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });

  it('P-21 another store\'s list pages to nothing, and a cursor taken to it, to another caller, or edited is refused', async () => {
    const first = await m.ask('merchant-deer', `{ storeOrdersConnection(storeId: "${STORE.deer}", first: 1) { nodes { id } pageInfo { endCursor hasNextPage } } }`);
    const cursor: string = first.body.data.storeOrdersConnection.pageInfo.endCursor;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // The cursor holds no id in any reading of it.
    const id: string = first.body.data.storeOrdersConnection.nodes[0].id;
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain(id);
    expect(cursor).not.toContain(id);

    const other = await m.ask('merchant-deer', `{ storeOrdersConnection(storeId: "${STORE.lantern}", first: 50) { nodes { id consigneeName } } }`);
    expect(other.body.data.storeOrdersConnection.nodes).toEqual([]);

    const query = `query Next($store: ID!, $after: String) { storeOrdersConnection(storeId: $store, first: 5, after: $after) { nodes { id consigneeName } pageInfo { endCursor } } }`;
    const refused = (answer: GraphQLAnswer) => {
      expect(answer.body.data?.storeOrdersConnection ?? null).toBeNull();
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message).toBe('the cursor is not one this list gave to this caller');
    };
    // deer's cursor on red-lantern's list, by deer's merchant and by red-lantern's.
    refused(await m.ask('merchant-deer', query, { variables: { store: STORE.lantern, after: cursor } }));
    refused(await m.ask('merchant-lantern', query, { variables: { store: STORE.lantern, after: cursor } }));
    // red-lantern's merchant replaying deer's cursor on deer's list: refused, and deer's rows are not its to see anyway.
    refused(await m.ask('merchant-lantern', query, { variables: { store: STORE.deer, after: cursor } }));
    // One byte changed, a made-up cursor, an empty one.
    const raw = Buffer.from(cursor, 'base64url');
    raw[raw.length - 1] ^= 1;
    for (const forged of [raw.toString('base64url'), Buffer.from(JSON.stringify(['2099-01-01T00:00:00.000Z', id])).toString('base64url'), 'x']) {
      refused(await m.ask('merchant-deer', query, { variables: { store: STORE.deer, after: forged } }));
    }
    // The genuine cursor, on its own list, goes on after the first order.
    const next = await m.ask('merchant-deer', query, { variables: { store: STORE.deer, after: cursor } });
    expect(next.body.data.storeOrdersConnection.nodes.map((o: any) => o.id)).not.toContain(id);
    expect(next.body.data.storeOrdersConnection.nodes.length).toBeGreaterThan(0);
  });

  it('P-22 a carrier pages through its manifest: the same shipments and delivery data as the whole list', async () => {
    const fields = 'id carrierId waybill status consigneeName consigneePhone address customsId';
    for (const carrier of ['carrier-swift', 'carrier-oceanic']) {
      const carrierId = carrier.slice('carrier-'.length);
      const whole = await m.ask(carrier, `{ shipments(carrierId: "${carrierId}", first: 1000) { ${fields} } }`);
      expect(whole.body.data.shipments.length, carrier).toBeGreaterThan(0);
      const paged = await pages(carrier, 'shipmentsConnection', `carrierId: "${carrierId}",`, fields, 1);
      expect(paged.flatMap((a) => a.body.data.page.nodes), carrier).toEqual(whole.body.data.shipments);
      expect([...new Set(paged.flatMap(outcomes))].sort(), carrier).toEqual(outcomes(whole));
      expect([...new Set(paged.flatMap(blockedFields))].sort(), carrier).toEqual(blockedFields(whole));
    }
  });

  it('P-51 an analyst pages through the export with pseudonymized ids; cursors of one position differ and all have one length, so they join nothing', async () => {
    const fields = 'id memberId ip deviceId productId at';
    const whole = await m.ask('analyst', `{ browsingEvents(first: 1000) { ${fields} } }`);
    expect(whole.body.data.browsingEvents.length).toBeGreaterThan(2);
    const paged = await pages('analyst', 'browsingEventsConnection', '', fields, 2);
    expect(paged.flatMap((a) => a.body.data.page.nodes)).toEqual(whole.body.data.browsingEvents);
    expect([...new Set(paged.flatMap(outcomes))].sort()).toEqual(outcomes(whole));
    // Every cursor is as long as every other: the raw ids' lengths do not sort the pseudonyms into groups.
    const cursors = paged.map((a) => a.body.data.page.pageInfo.endCursor).filter(Boolean);
    expect(cursors.length).toBeGreaterThan(1);
    expect(new Set(cursors.map((c: string) => c.length)).size).toBe(1);
    // One after the other: identical requests in flight at once are answered once by the runtime.
    const twice: GraphQLAnswer[] = [];
    for (let i = 0; i < 2; i++) twice.push(await m.ask('analyst', '{ browsingEventsConnection(first: 1) { pageInfo { endCursor } } }'));
    const [a, b] = twice.map((t) => t.body.data.browsingEventsConnection.pageInfo.endCursor);
    expect(a).not.toBe(b);
    // Another partner cannot use the analyst's cursor.
    const advertiser = await m.ask('advertiser', 'query Next($after: String) { browsingEventsConnection(first: 1, after: $after) { nodes { at } } }', { variables: { after: a } });
    expect(advertiser.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('P-82 a page size counts against the cost limit as the list it pages: first: 100000 is refused, also through a fragment', async () => {
    const direct = await m.ask('merchant-deer', `{ storeOrdersConnection(storeId: "${STORE.deer}", first: 100000) { nodes { id total } } }`);
    expect(direct.status).toBe(400);
    expect(direct.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    const viaFragment = await m.ask('merchant-deer', `{ storeOrdersConnection(storeId: "${STORE.deer}", first: 100000) { ...Rows } } fragment Rows on OrderConnection { nodes { id total } }`);
    expect(viaFragment.status).toBe(400);
    expect(viaFragment.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('P-21 an order placed while a merchant pages neither repeats nor skips one of the orders it pages through', async () => {
    const query = `query Page($after: String) { storeOrdersConnection(storeId: "${STORE.deer}", first: 2, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } }`;
    const before = (await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}", first: 1000) { id } }`)).body.data.storeOrders.map((o: any) => o.id);
    const first = (await m.ask('merchant-deer', query, { variables: { after: null } })).body.data.storeOrdersConnection;
    const em = m.orm.em.fork();
    await em.insert(Order, { id: 'o-placed-while-paging', storeId: STORE.deer, status: 'paid', createdAt: new Date(), total: 5, consigneeName: 'New Buyer' } as any);
    try {
      const seen: string[] = first.nodes.map((o: any) => o.id);
      let info = first.pageInfo;
      while (info.hasNextPage) {
        const page = (await m.ask('merchant-deer', query, { variables: { after: info.endCursor } })).body.data.storeOrdersConnection;
        seen.push(...page.nodes.map((o: any) => o.id));
        info = page.pageInfo;
      }
      expect(seen).toEqual(before);
      // A new first page starts with it.
      const again = (await m.ask('merchant-deer', query, { variables: { after: null } })).body.data.storeOrdersConnection;
      expect(again.nodes[0].id).toBe('o-placed-while-paging');
    } finally {
      await em.nativeDelete(Order, { id: 'o-placed-while-paging' });
    }
  });
});
