import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, ORDER, PRODUCT, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import { DEMO_ORDERS, PAYMENT_INSTITUTION, orderTotal } from '../../resolvers/demo-orders.js';
import { Marketplace } from '../support/marketplace.js';
import { Shipment } from '../../resolvers/logistics/shipment.entity.js';
import { Order } from '../../resolvers/orders/order.entity.js';
import { at, expectBlocked, expectExplained, expectOnlyPrivacyErrors, recordSubgraphRequests, tokenFor } from '../support/privacy-assertions.js';

/**
 * P-20 … P-24 through the gateway over HTTP: buyers, merchants (their store only), carriers
 * (their shipments only, 30 days after delivery), cross-border orders, bank cards.
 */
describe('orders: P-20 … P-24', () => {
  let m: Marketplace;
  let recorder: ReturnType<typeof recordSubgraphRequests>;
  beforeAll(async () => {
    m = await Marketplace.start();
    recorder = recordSubgraphRequests(m);
  });
  afterAll(async () => {
    recorder?.stop();
    await m?.close();
  });

  const demo = (id: string) => DEMO_ORDERS.find((o) => o.id === id)!;
  const ORDER_FIELDS = `id storeId items { productId quantity price } total discount note consigneeName consigneePhone deliveryAddress invoiceHeader taxpayerId invoiceEmail customsId`;
  const DELIVERY = `consigneeName consigneePhone address customsId`;

  it('P-21 P-22 P-23 P-40 a phone, e-mail or id typed into a consignee name, a delivery address or an invoice header is replaced for the store, either carrier and support; the address itself stays', async () => {
    const ADDRESS = 'Alice Walker, tel 13812345678, 12 Harbour Road, Springfield, 94110, US';
    const HEADER = 'Alice Walker 13812345678 alice@example.com 110101199003074514';
    const COMPANY = "Ben's Bikes LLC, 21 Market Street, tel 13812345678";
    const scrubbedAddress = 'Alice Walker, tel [phone], 12 Harbour Road, Springfield, 94110, US';
    const em = m.orm.em.fork();
    const orders = await em.find(Order, { id: { $in: [ORDER.buyerDomestic, ORDER.buyerRecentCrossBorder] } });
    const shipments = await em.find(Shipment, { id: { $in: [shipmentId(ORDER.buyerDomestic), shipmentId(ORDER.buyerRecentCrossBorder)] } });
    const saved = { orders: orders.map((o) => [o.id, o.deliveryAddress, o.invoiceHeader, o.consigneeName] as const), shipments: shipments.map((x) => [x.id, x.address, x.consigneeName] as const) };
    try {
      for (const order of orders) await em.nativeUpdate(Order, { id: order.id }, { deliveryAddress: ADDRESS, invoiceHeader: order.id === ORDER.buyerDomestic ? COMPANY : HEADER, ...(order.id === ORDER.buyerDomestic ? { consigneeName: HEADER } : {}) });
      for (const shipment of shipments) await em.nativeUpdate(Shipment, { id: shipment.id }, { address: ADDRESS });
      // Remembered facts and rows live a second at most.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const store = await m.ask('merchant-deer', `{ domestic: order(id: "${ORDER.buyerDomestic}") { consigneeName deliveryAddress invoiceHeader } abroad: order(id: "${ORDER.buyerRecentCrossBorder}") { deliveryAddress } }`);
      // A company's address in the invoice header stays too.
      expect(store.body.data).toEqual({ domestic: { consigneeName: 'Alice Walker [phone] [email] [id]', deliveryAddress: scrubbedAddress, invoiceHeader: "Ben's Bikes LLC, 21 Market Street, tel [phone]" }, abroad: { deliveryAddress: scrubbedAddress } });
      expectExplained(store, 'domestic.deliveryAddress', 'scrub', 'P-21');
      // Asked the other ways a store can: a list, its connection, the store's own orders, node(id:) with a fragment on an interface.
      const others = await m.ask('merchant-deer', `{
        list: storeOrders(storeId: "${STORE.deer}", first: 50) { id deliveryAddress consigneeName }
        page: storeOrdersConnection(storeId: "${STORE.deer}", first: 50) { nodes { id deliveryAddress consigneeName } }
        store(id: "${STORE.deer}") { orders(first: 50) { id deliveryAddress consigneeName } }
        node(id: "${ORDER.buyerDomestic}") { ... on Order { deliveryAddress consigneeName } } }`);
      const rows = [...others.body.data.list, ...others.body.data.page.nodes, ...others.body.data.store.orders].filter((o: { id: string }) => o.id === ORDER.buyerDomestic);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of [...rows, others.body.data.node]) expect(row).toMatchObject({ deliveryAddress: scrubbedAddress, consigneeName: 'Alice Walker [phone] [email] [id]' });
      expect(JSON.stringify(others.body)).not.toMatch(/13812345678|alice@example\.com|110101199003074514/);
      const overseas = await m.ask('carrier-oceanic', `{ shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { address } }`);
      expect(overseas.body.data.shipment).toEqual({ address: scrubbedAddress });
      expectExplained(overseas, 'shipment.address', 'scrub', 'P-23');
      // The domestic carrier reads the phone in its own field; an e-mail or an id typed into the address is no delivery data.
      await em.nativeUpdate(Shipment, { id: shipmentId(ORDER.buyerDomestic) }, { address: `${ADDRESS}, alice@example.com, ssn 123-45-6789, 身份证号110101199003074514`, consigneeName: HEADER });
      const domestic = await m.ask('carrier-swift', `{ shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { address consigneeName consigneePhone } }`);
      expect(domestic.body.data.shipment.address).toBe(`${scrubbedAddress}, [email], ssn [id], 身份证号[id]`);
      expect(domestic.body.data.shipment.consigneeName).toBe('Alice Walker [phone] [email] [id]');
      expectExplained(domestic, 'shipment.address', 'scrub', 'P-22');
      expectExplained(domestic, 'shipment.consigneeName', 'scrub', 'P-22');
      const support = await m.ask('agent', `{ order(id: "${ORDER.buyerDomestic}") { consigneeName deliveryAddress invoiceHeader } }`);
      expect(support.body.data.order).toEqual({ consigneeName: 'Alice Walker [phone] [email] [id]', deliveryAddress: scrubbedAddress, invoiceHeader: "Ben's Bikes LLC, 21 Market Street, tel [phone]" });
      // The buyer reads their own as written (P-20).
      const own = await m.ask('buyer', `{ order(id: "${ORDER.buyerDomestic}") { deliveryAddress invoiceHeader } }`);
      expect(own.body.data.order).toEqual({ deliveryAddress: ADDRESS, invoiceHeader: COMPANY });
    } finally {
      for (const [id, deliveryAddress, invoiceHeader, consigneeName] of saved.orders) await em.nativeUpdate(Order, { id }, { deliveryAddress, invoiceHeader, consigneeName });
      for (const [id, address, consigneeName] of saved.shipments) await em.nativeUpdate(Shipment, { id }, { address, consigneeName });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
  });

  it('P-20 a buyer reads their own orders in full', async () => {
    const answer = await m.ask('buyer', `{ me { orders { ${ORDER_FIELDS} payment { method } } } }`);
    expect(answer.body.errors).toBeUndefined();
    const byId = Object.fromEntries(answer.body.data.me.orders.map((o: any) => [o.id, o]));
    expect(Object.keys(byId).sort()).toEqual([ORDER.buyerCrossBorder, ORDER.buyerDomestic, ORDER.buyerRecentCrossBorder].sort());
    expect(byId[ORDER.buyerDomestic]).toEqual({
      id: ORDER.buyerDomestic,
      storeId: STORE.deer,
      items: [
        { productId: PRODUCT.trailBoots, quantity: 1, price: 129 },
        { productId: PRODUCT.woolSocks, quantity: 2, price: 19.5 },
      ],
      total: orderTotal(demo(ORDER.buyerDomestic)),
      discount: 10,
      note: demo(ORDER.buyerDomestic).note,
      consigneeName: 'Alice Walker',
      consigneePhone: '13812345678',
      deliveryAddress: '12 Harbour Road, Springfield, 94110, US',
      invoiceHeader: 'Alice Walker',
      taxpayerId: '91350100M000100Y3Q',
      invoiceEmail: 'alice@example.com',
      customsId: null,
      payment: { method: 'card' },
    });
    expect(byId[ORDER.buyerCrossBorder].customsId).toBe('CN-CUS-5521-8890');
    expect(answer.body.extensions?.privacy).toBeUndefined();
  });

  it("P-21 a merchant reads its own store's order: items, amounts, consignee name, address, phone masked, invoice header and taxpayer id", async () => {
    const answer = await m.ask('merchant-deer', `{ order(id: "${ORDER.buyerDomestic}") { ${ORDER_FIELDS} } }`);
    expectOnlyPrivacyErrors(answer);
    expect(answer.body.data.order).toMatchObject({
      items: [
        { productId: PRODUCT.trailBoots, quantity: 1, price: 129 },
        { productId: PRODUCT.woolSocks, quantity: 2, price: 19.5 },
      ],
      total: orderTotal(demo(ORDER.buyerDomestic)),
      discount: 10,
      consigneeName: 'Alice Walker',
      consigneePhone: '138****5678',
      deliveryAddress: '12 Harbour Road, Springfield, 94110, US',
      invoiceHeader: 'Alice Walker',
      taxpayerId: '91350100M000100Y3Q',
    });
    expectExplained(answer, 'order.consigneePhone', 'mask', 'P-21');
    // The customs id is the carrier's (P-23), not the store's.
    expectBlocked(answer, 'order.customsId', 'P-83');
  });

  it('P-21 P-40 the phone masked in a field is not read in full elsewhere: the buyer\'s note reaches the store and support scrubbed, and the invoice e-mail is not the store\'s', async () => {
    // The seeded note of the domestic order gives the buyer's phone and e-mail in full.
    expect(demo(ORDER.buyerDomestic).note).toMatch(/13812345678/);
    const store = await m.ask('merchant-deer', `{ order(id: "${ORDER.buyerDomestic}") { note consigneePhone invoiceEmail } storeOrders(storeId: "${STORE.deer}") { note } }`);
    expect(store.body.data.order.consigneePhone).toBe('138****5678');
    expect(store.body.data.order.note).toMatch(/^Please call me on \[phone\] or write to \[email\]/);
    expectExplained(store, 'order.note', 'scrub', 'P-21');
    expectBlocked(store, 'order.invoiceEmail', 'P-21');
    const agent = await m.ask('agent', `{ member(id: "m-buyer") { phone orders { note } } order(id: "${ORDER.buyerDomestic}") { note } }`);
    expect(agent.body.data.member.phone).toBe('138****5678');
    expect(agent.body.data.order.note).toMatch(/\[phone\]/);
    for (const answer of [store, agent]) expect(JSON.stringify(answer.body), 'no full phone or e-mail anywhere').not.toMatch(/13812345678|alice@example/);
  });

  it("P-21 a merchant never reads the buyer's identity, real name, national id, bank card or history", async () => {
    const answer = await m.ask(
      'merchant-deer',
      `{ order(id: "${ORDER.buyerDomestic}") { buyerId buyer { name realNameVerification { realName nationalId } browsingHistory { id } } payment { method cardLast4 } } }`,
    );
    expectBlocked(answer, 'order.buyerId', 'P-21');
    expectBlocked(answer, 'order.buyer', 'P-83');
    // The payment is not the store's to see at all: it comes back as nothing (P-82 default deny).
    expect(answer.body.data.order.payment).toBeNull();
    expect(JSON.stringify(answer.body.data)).not.toMatch(/m-buyer|4242|card|11010519900307002X/);
  });

  it("P-21 another store's order is blocked, whichever way it is reached", async () => {
    // Another store's order comes back as nothing: not an id, a status or a date (P-82 default deny).
    const single = await m.ask('merchant-deer', `{ order(id: "${ORDER.optoutCrossBorder}") { id status createdAt total items { quantity } consigneeName consigneePhone deliveryAddress invoiceHeader } }`);
    expect(single.body).toEqual({ data: { order: null } });

    const query = `{ storeOrders(storeId: "${STORE.lantern}") { id status createdAt total consigneeName } }`;
    const list = await m.ask('merchant-deer', query);
    expect(list.body).toEqual({ data: { storeOrders: [] } });
    // The rows are there: their own store reads them.
    expect((await m.ask('merchant-lantern', query)).body.data.storeOrders.length).toBeGreaterThan(0);
  });

  it('P-22 a carrier reads consignee name, address and phone of its own shipment, and nothing of the price, items or invoice', async () => {
    const answer = await m.ask(
      'carrier-swift',
      `{ shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { waybill consigneeName consigneePhone address order { id total items { quantity } invoiceHeader taxpayerId } } }`,
    );
    expectOnlyPrivacyErrors(answer);
    expect(answer.body.data.shipment).toMatchObject({ waybill: 'SW-1001', consigneeName: 'Alice Walker', consigneePhone: '13812345678', address: '12 Harbour Road, Springfield, 94110, US' });
    // The order is not the carrier's to see at all: nothing of it comes back, not even its id.
    expect(answer.body.data.shipment.order).toBeNull();
  });

  it("P-22 carrier-swift reads the consignee phone of its shipment and is blocked on carrier-oceanic's", async () => {
    const answer = await m.ask(
      'carrier-swift',
      `{ mine: shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { consigneePhone } theirs: shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { waybill ${DELIVERY} } }`,
    );
    expect(answer.body.data.mine.consigneePhone).toBe('13812345678');
    // Another carrier's shipment comes back as nothing, not even its waybill (P-82 default deny).
    expect(answer.body.data.theirs).toBeNull();
    expect(JSON.stringify(answer.body)).not.toMatch(/OC-2002/);
    // And the other way round.
    const oceanic = await m.ask('carrier-oceanic', `{ shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { waybill consigneePhone } }`);
    expect(oceanic.body).toEqual({ data: { shipment: null } });
  });

  it('P-22 30 days after delivery the delivery data is blocked to the carrier too', async () => {
    // carrier-oceanic's cross-border shipment delivered 45 days ago.
    const oceanic = await m.ask('carrier-oceanic', `{ shipment(id: "${shipmentId(ORDER.buyerCrossBorder)}") { status deliveredAt ${DELIVERY} } }`);
    expect(oceanic.body.data.shipment.status).toBe('delivered');
    expect((Date.now() - Date.parse(oceanic.body.data.shipment.deliveredAt)) / 86_400_000).toBeGreaterThan(30);
    for (const field of ['consigneeName', 'consigneePhone', 'address', 'customsId']) expectBlocked(oceanic, `shipment.${field}`, 'P-22');

    // carrier-swift's manifest: delivered 3 days ago is readable, 35 and 43 days ago are not.
    const manifest = await m.ask('carrier-swift', `{ shipments(carrierId: "swift") { id deliveredAt consigneePhone } }`);
    const rows: any[] = manifest.body.data.shipments;
    const index = (orderId: string) => rows.findIndex((s) => s.id === shipmentId(orderId));
    expect(rows[index(ORDER.optoutDomestic)].consigneePhone).toBe('13987654321');
    expect(rows[index(ORDER.buyerDomestic)].consigneePhone).toBe('13812345678');
    for (const old of ['o-1049', 'o-1054', ORDER.avaOld]) expectBlocked(manifest, `shipments.${index(old)}.consigneePhone`, 'P-22');
  });

  it('P-22 the client cannot pose another field as the delivery date or the carrier: the gateway reads its own', async () => {
    // The gateway reads a client's plain `deliveredAt` as the row's input; aliased onto another field, or conditional, it is not trusted.
    const query = `query ($x: Boolean!) { shipments(carrierId: "swift") { id deliveredAt: waybill carrierId: status crossBorder @include(if: $x) consigneePhone } }`;
    recorder.clear();
    const posed = await m.ask('carrier-swift', query, { variables: { x: false } });
    // The inputs come under the gateway's reserved aliases, which no client field merges with.
    const logistics = recorder.queriesTo('logistics').join('\n');
    for (const field of ['buyerId', 'carrierId', 'deliveredAt', 'crossBorder']) expect(logistics).toMatch(new RegExp(`__pg_${field}:\\s*${field}\\b`));
    const plain = await m.ask('carrier-swift', `{ shipments(carrierId: "swift") { id deliveredAt consigneePhone } }`);
    expectOnlyPrivacyErrors(posed);
    const phones = (answer: typeof plain) => answer.body.data.shipments.map((s: any) => [s.id, s.consigneePhone]);
    expect(phones(posed)).toEqual(phones(plain));
    const old = posed.body.data.shipments.findIndex((s: any) => s.id === shipmentId(ORDER.avaOld));
    expectBlocked(posed, `shipments.${old}.consigneePhone`, 'P-22');
  });

  it('P-23 cross-border: a carrier reads delivery data only with the buyer’s cross-border consent, name and phone masked, customs id masked', async () => {
    const answer = await m.ask(
      'carrier-oceanic',
      `{ consented: shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { crossBorder ${DELIVERY} }
         refused: shipment(id: "${shipmentId(ORDER.optoutCrossBorder)}") { crossBorder ${DELIVERY} } }`,
    );
    // m-buyer consented to cross_border.
    expect(answer.body.data.consented).toEqual({
      crossBorder: true,
      consigneeName: 'A***',
      consigneePhone: '138****5678',
      address: '12 Harbour Road, Springfield, 94110, US',
      customsId: 'C****1',
    });
    for (const field of ['consigneeName', 'consigneePhone', 'customsId']) expectExplained(answer, `consented.${field}`, 'mask', 'P-23', { consent: 'cross_border' });
    // m-buyer-optout did not.
    for (const field of ['consigneeName', 'consigneePhone', 'address', 'customsId']) expectBlocked(answer, `refused.${field}`, 'P-23', 'cross_border');
    expect(JSON.stringify(answer.body.data)).not.toMatch(/Bob|13987654321|Elm Street|CN-CUS-7730/);
  });

  it('P-23 a shipment an overseas carrier delivers is cross-border even where its own row says it is not', async () => {
    await m.orm.em.fork().nativeUpdate(Shipment, { id: shipmentId(ORDER.optoutCrossBorder) }, { crossBorder: false });
    try {
      const answer = await m.ask('carrier-oceanic', `{ refused: shipment(id: "${shipmentId(ORDER.optoutCrossBorder)}") { crossBorder ${DELIVERY} } }`);
      expect(answer.body.data.refused.crossBorder).toBe(true);
      for (const field of ['consigneeName', 'consigneePhone', 'address', 'customsId']) expectBlocked(answer, `refused.${field}`, 'P-23', 'cross_border');
      expect(JSON.stringify(answer.body.data)).not.toMatch(/Bob|13987654321|Elm Street|CN-CUS-7730/);
    } finally {
      await m.orm.em.fork().nativeUpdate(Shipment, { id: shipmentId(ORDER.optoutCrossBorder) }, { crossBorder: true });
    }
  });

  it('P-23 cross-border: the overseas seller gets delivery data only with the buyer’s consent, name and phone masked', async () => {
    const answer = await m.ask('merchant-lantern', `{ consented: order(id: "${ORDER.buyerCrossBorder}") { consigneeName consigneePhone deliveryAddress total } refused: order(id: "${ORDER.optoutCrossBorder}") { consigneeName consigneePhone deliveryAddress total } }`);
    expect(answer.body.data.consented).toEqual({ consigneeName: 'A***', consigneePhone: '138****5678', deliveryAddress: '12 Harbour Road, Springfield, 94110, US', total: orderTotal(demo(ORDER.buyerCrossBorder)) });
    expectExplained(answer, 'consented.consigneeName', 'mask', 'P-23', { consent: 'cross_border' });
    for (const field of ['consigneeName', 'consigneePhone', 'deliveryAddress']) expectBlocked(answer, `refused.${field}`, 'P-23', 'cross_border');
    // The order itself (not delivery data) stays the store's.
    expect(answer.body.data.refused.total).toBe(orderTotal(demo(ORDER.optoutCrossBorder)));
  });

  it('P-23 the buyer\'s note on a cross-border order reaches the overseas seller only with the buyer\'s consent, scrubbed; without it, blocked by every path', async () => {
    const query = `{ consented: order(id: "${ORDER.buyerCrossBorder}") { note } refused: order(id: "${ORDER.optoutCrossBorder}") { note }
      list: storeOrders(storeId: "${STORE.lantern}") { id note }
      node: node(id: "${ORDER.optoutCrossBorder}") { ... on Order { n: note } } }`;
    const answer = await m.ask('merchant-lantern', query);
    expectBlocked(answer, 'refused.note', 'P-23', 'cross_border');
    expect(answer.body.data.node).toEqual({ n: null });
    const listed = answer.body.data.list.find((o: { id: string }) => o.id === ORDER.optoutCrossBorder);
    expect(listed.note).toBeNull();
    if (demo(ORDER.buyerCrossBorder).note) expectExplained(answer, 'consented.note', 'scrub', 'P-21');
  });

  it('P-23 the invoice header of a cross-border order does not name the buyer the consignee name hides: masked with the consent, blocked without', async () => {
    // Both orders are invoiced to the buyer by name.
    expect(demo(ORDER.buyerCrossBorder).invoice?.header).toBe('Alice Walker');
    expect(demo(ORDER.optoutCrossBorder).invoice?.header).toBe('Bob Stone');
    const query = `{ consented: order(id: "${ORDER.buyerCrossBorder}") { consigneeName invoiceHeader } refused: order(id: "${ORDER.optoutCrossBorder}") { invoiceHeader }
      list: storeOrders(storeId: "${STORE.lantern}") { id invoiceHeader }
      page: storeOrdersConnection(storeId: "${STORE.lantern}") { nodes { invoiceHeader } }
      node: node(id: "${ORDER.buyerCrossBorder}") { ... on Order { header: invoiceHeader } } }`;
    const answer = await m.ask('merchant-lantern', query);
    expect(answer.body.data.consented).toEqual({ consigneeName: 'A***', invoiceHeader: 'A***' });
    expectExplained(answer, 'consented.invoiceHeader', 'mask', 'P-23', { consent: 'cross_border' });
    expectBlocked(answer, 'refused.invoiceHeader', 'P-23', 'cross_border');
    expect(answer.body.data.node).toEqual({ header: 'A***' });
    expect(JSON.stringify(answer.body), 'the names, by any path').not.toMatch(/Alice|Walker|Bob|Stone/);
    // A domestic order's invoice header stays the store's in full (P-21).
    const domestic = await m.ask('merchant-deer', `{ order(id: "${ORDER.optoutDomestic}") { invoiceHeader } }`);
    expect(domestic.body.data.order.invoiceHeader).toBe('Bob Stone');
  });

  it("P-23 the taxpayer id of a cross-border order does not name the buyer the consignee name hides: masked with the consent, blocked without", async () => {
    // A private buyer's taxpayer id is their national id number.
    const orders = () => m.orm.em.fork();
    await orders().nativeUpdate(Order, { id: { $in: [ORDER.buyerCrossBorder, ORDER.optoutCrossBorder] } }, { taxpayerId: '110105198001010019' });
    try {
      const query = `{ consented: order(id: "${ORDER.buyerCrossBorder}") { taxpayerId } refused: order(id: "${ORDER.optoutCrossBorder}") { taxpayerId }
        list: storeOrders(storeId: "${STORE.lantern}") { id taxpayerId } node: node(id: "${ORDER.optoutCrossBorder}") { ... on Order { t: taxpayerId } } }`;
      const answer = await m.ask('merchant-lantern', query);
      expect(answer.body.data.consented.taxpayerId).not.toBe('110105198001010019');
      expect(answer.body.data.consented.taxpayerId).toMatch(/\*/);
      expectExplained(answer, 'consented.taxpayerId', 'mask', 'P-23', { consent: 'cross_border' });
      expectBlocked(answer, 'refused.taxpayerId', 'P-23', 'cross_border');
      expect(JSON.stringify(answer.body), 'the taxpayer id, by any path').not.toMatch(/110105198001010019|10105198001010/);
    } finally {
      await orders().nativeUpdate(Order, { id: { $in: [ORDER.buyerCrossBorder, ORDER.optoutCrossBorder] } }, { taxpayerId: null });
    }
  });

  it("P-21 a private buyer's national id written as a domestic order's taxpayer id reaches the store masked; a company's taxpayer id is read as written", async () => {
    const orders = () => m.orm.em.fork();
    const ids = [ORDER.buyerDomestic, ORDER.optoutDomestic];
    const before = await orders().find(Order, { id: { $in: ids } });
    // A person's id as a private buyer writes it: spaced, prefixed, in full-width digits, of another country.
    const personal = ['110105198001010019', '11010519800101001X', '110105800101001', '078-05-1120', '110105 19800101 0019', 'ID 110105198001010019', '１１０１０５１９８００１０１００１９', 'RSSMRA80A01H501U', '800101-1234567', '123.456.789-09', '12345678Z', '1234 5678 9012', '123456789', 'US078051120', 'PL80010112345', 'CZ8001011234', '11010519491231002A', 'ES12345678Z', '07-8051120', '00-1234567'];
    try {
      for (const national of personal) {
        await orders().nativeUpdate(Order, { id: ORDER.buyerDomestic }, { taxpayerId: national });
        const answer = await m.ask(
          'merchant-deer',
          `{ order(id: "${ORDER.buyerDomestic}") { taxpayerId } list: storeOrders(storeId: "${STORE.deer}") { id t: taxpayerId } node(id: "${ORDER.buyerDomestic}") { ... on Order { taxpayerId } } }`,
        );
        expectOnlyPrivacyErrors(answer);
        expect(answer.body.data.order.taxpayerId).toMatch(/\*/);
        expectExplained(answer, 'order.taxpayerId', 'scrub', 'P-21');
        const digits = national.normalize('NFKC').replace(/\D/g, '');
        expect(JSON.stringify(answer.body).replace(/\D/g, ''), `${national}, by any path`).not.toContain(digits.slice(1, -1));
      }
      // A company's id (a unified social credit code, an employer number) stays whole: the store prints it on the invoice. A VAT number is masked: a person's id shares its shapes.
      for (const company of ['91350100M000100Y3Q', '9135 0100 M000 100Y 3Q', '12-3456789']) {
        await orders().nativeUpdate(Order, { id: ORDER.buyerDomestic }, { taxpayerId: company });
        const answer = await m.ask('merchant-deer', `{ order(id: "${ORDER.buyerDomestic}") { taxpayerId } }`);
        expect(answer.body.data.order.taxpayerId).toBe(company);
      }
    } finally {
      for (const row of before) await orders().nativeUpdate(Order, { id: row.id }, { taxpayerId: row.taxpayerId });
    }
  });

  it('P-23 the customs id is read only by the carrier under delivery: not by the store, support or the public', async () => {
    const query = `{ order(id: "${ORDER.buyerRecentCrossBorder}") { customsId } }`;
    expectBlocked(await m.ask('merchant-deer', query), 'order.customsId', 'P-83');
    expectBlocked(await m.ask('agent', query), 'order.customsId', 'P-23');
    // The public does not see the order at all (P-82 default deny).
    expect((await m.ask('visitor', query)).body).toEqual({ data: { order: null } });
    const carrier = await m.ask('carrier-swift', `{ shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { customsId } }`);
    expect(carrier.body.data.shipment.customsId).toBeNull();
  });

  it('P-23 P-65 the values one rule blocks across a list come as one error: the first path, and every path it nulled', async () => {
    const answer = await m.ask('merchant-deer', `{ storeOrders(storeId: "${STORE.deer}") { id customsId } }`);
    expectOnlyPrivacyErrors(answer);
    const orders = answer.body.data.storeOrders as { id: string; customsId: string | null }[];
    expect(orders.length).toBeGreaterThan(2);
    for (const order of orders) expect(order.customsId).toBeNull();
    expect(answer.body.errors).toHaveLength(1);
    const [error] = answer.body.errors!;
    const paths = orders.map((_, i) => ['storeOrders', i, 'customsId']);
    expect(error.path).toEqual(paths[0]);
    expect(error.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', field: 'Order.customsId', count: orders.length, paths });
    expect(error.message).toContain(`(${orders.length} values)`);
    expectExplained(answer, 'storeOrders.*.customsId', 'block', error.extensions.rule, { count: orders.length });
  });

  it('P-24 bank cards appear only as the last four digits, to the subject, support and the payment institution', async () => {
    const query = `{ order(id: "${ORDER.buyerDomestic}") { payment { cardLast4 } } }`;
    for (const persona of ['buyer', 'agent', 'payment']) {
      const answer = await m.ask(persona, query);
      expect(answer.body.data.order.payment.cardLast4, persona).toBe('**** **** **** 4242');
      expectExplained(answer, 'order.payment.cardLast4', 'mask', 'P-24');
    }
    // Nobody else sees the payment at all: the order or its payment comes back as nothing (P-82 default deny).
    for (const persona of ['merchant-deer', 'carrier-swift', 'visitor']) {
      const answer = await m.ask(persona, query);
      expect(answer.body.data.order?.payment ?? null, persona).toBeNull();
      expect(JSON.stringify(answer.body), persona).not.toMatch(/4242/);
    }
    // De-identified partners cannot look the order up at all (refused whole, P-51, P-50), and through
    // the store's order list they see no payment either.
    for (const [persona, rule] of [['analyst', 'P-51'], ['advertiser', 'P-50']]) {
      const lookup = await m.ask(persona, query);
      expect(lookup.body.data ?? null, persona).toBeNull();
      expect(lookup.body.errors?.[0]?.extensions, persona).toMatchObject({ code: 'PRIVACY_BLOCKED', rule });
      const listed = await m.ask(persona, `{ storeOrders(storeId: "${STORE.deer}") { total payment { cardLast4 } } }`);
      for (const order of listed.body.data.storeOrders) expect(order.payment ?? null, persona).toBeNull();
      expect(JSON.stringify(listed.body), persona).not.toMatch(/4242/);
    }
  });

  it('P-24 a payment institution reads only the orders and payments it processes: another institution’s, listed, looked up or reached through a node, are nothing', async () => {
    const institutionOf = (id: string) => PAYMENT_INSTITUTION[demo(id).payment.method];
    const fields = `id paymentInstitutionId total payment { institutionId method cardLast4 }`;
    const others = DEMO_ORDERS.filter((o) => PAYMENT_INSTITUTION[o.payment.method] !== 'cardpay').map((o) => o.id);
    expect(others.length).toBeGreaterThan(3);
    for (const institution of ['cardpay', 'alipay', 'wechatpay']) {
      const token = await tokenFor(m, { role: 'payment', sub: `u-payment-${institution}`, institution });
      const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'essential.service.payment_processing' };
      const mine = DEMO_ORDERS.filter((o) => institutionOf(o.id) === institution);
      for (const store of [STORE.deer, STORE.lantern]) {
        const listed = await m.post(`{ storeOrders(storeId: "${store}", first: 100) { ${fields} } }`, headers);
        expectOnlyPrivacyErrors(listed);
        // The store's list mixes institutions, and a page cut by `first` ends at its first row the
        // caller may not see (the rows after it would count the ones removed): only its own rows, maybe not all.
        const ids: string[] = listed.body.data.storeOrders.map((o: any) => o.id);
        for (const id of ids) expect(mine.map((o) => o.id), `${institution} ${store}`).toContain(id);
        for (const order of listed.body.data.storeOrders) {
          expect(order.paymentInstitutionId).toBe(institution);
          expect(order.payment.institutionId).toBe(institution);
        }
      }
      for (const order of DEMO_ORDERS) {
        const theirs = institutionOf(order.id) !== institution;
        for (const query of [`{ order(id: "${order.id}") { ${fields} } }`, `{ node(id: "${order.id}") { ... on Order { ${fields} } } }`]) {
          const answer = await m.post(query, headers);
          const row = answer.body.data?.order ?? answer.body.data?.node ?? null;
          if (theirs) {
            // Nothing, as for a missing order: not its total, its card, or that it exists (P-82 default deny).
            expect(answer.body, `${institution} ${order.id}`).toEqual({ data: { [query.includes('node(') ? 'node' : 'order']: null } });
          } else {
            expect(row, `${institution} ${order.id}`).toMatchObject({ id: order.id, total: orderTotal(order), payment: { institutionId: institution, method: order.payment.method } });
          }
        }
      }
    }
    // An institution's token must name the institution: without it the caller is refused, never "every institution".
    const unbound = await tokenFor(m, { role: 'payment', sub: 'u-payment' });
    const refused = await m.post(`{ order(id: "${others[0]}") { total } }`, { authorization: `Bearer ${unbound}`, 'x-purpose': 'essential.service.payment_processing' });
    expect(refused.status).toBe(401);
    expect(refused.body.data ?? null).toBeNull();
  });

  it('P-24 the payment institution reads the payment, not the order’s delivery data nor the payer’s member id', async () => {
    const answer = await m.ask('payment', `{ order(id: "${ORDER.buyerDomestic}") { total consigneePhone payment { buyerId method status cardLast4 } } }`);
    expect(answer.body.data.order.total).toBe(orderTotal(demo(ORDER.buyerDomestic)));
    expect(answer.body.data.order.payment).toEqual({ buyerId: null, method: 'card', status: 'captured', cardLast4: '**** **** **** 4242' });
    expectBlocked(answer, 'order.consigneePhone', 'P-83');
    // Nor the payer's member id, on the payment or the order: it links the payment to the member's public profile.
    expectBlocked(answer, 'order.payment.buyerId', 'P-83');
  });
});
