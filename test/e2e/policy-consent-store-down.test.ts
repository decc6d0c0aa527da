import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_ID, ANONYMOUS_NICKNAME } from '../../directives/transforms/placeholder.js';
import { MEMBER, ORDER, shipmentId } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { PSEUDONYM, expectBlocked, expectExplained, expectUntouched } from '../support/privacy-assertions.js';

/**
 * P-82, fail closed: the consent store (the privacy subgraph) is stopped in the middle of the
 * run. Every field whose decision needs a consent is then blocked with rule P-82; everything else
 * still answers. In its own file because it leaves its marketplace without a privacy subgraph.
 */
describe('the consent store stops: P-82', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  const PERSONALIZED = `{ me { browsingHistory { id } searchHistory { query } recommendations { id } } }`;
  const CROSS_BORDER = `{ shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { waybill consigneeName consigneePhone address customsId } }`;
  const BINDING = `{ member(id: "${MEMBER.buyer}") { email loginBindings { provider externalId } } }`;
  const HOMEPAGE = `{ homepage(nickname: "DeerFan") { memberId bio } }`;

  it('P-82 while the consent store answers, consent-gated fields follow the consents', async () => {
    const personalized = await m.ask('buyer', PERSONALIZED, { purpose: 'personalize.content' });
    expectUntouched(personalized);
    expect(personalized.body.data.me.browsingHistory).toHaveLength(6);
    const crossBorder = await m.ask('carrier-oceanic', CROSS_BORDER);
    expect(crossBorder.body.data.shipment).toMatchObject({ consigneePhone: '138****5678', address: '12 Harbour Road, Springfield, 94110, US' });
    const binding = await m.ask('login-partner', BINDING);
    expect(binding.body.data.member).toEqual({ email: 'alice@example.com', loginBindings: [{ provider: 'wechat', externalId: 'wx-7f3a9c' }] });
    expect((await m.ask('visitor', HOMEPAGE)).body.data.homepage.memberId).toBe(MEMBER.buyer);
  });

  it('P-82 with the consent store stopped, consent-gated fields are blocked with rule P-82, naming the consent', async () => {
    await m.subgraph('privacy').close();

    const personalized = await m.ask('buyer', PERSONALIZED, { purpose: 'personalize.content' });
    expect(personalized.status).toBe(200);
    expect(personalized.body.data.me).toEqual({ browsingHistory: null, searchHistory: null, recommendations: null });
    for (const field of ['browsingHistory', 'searchHistory', 'recommendations']) expectBlocked(personalized, `me.${field}`, 'P-82', 'personalized_recommendation');

    const crossBorder = await m.ask('carrier-oceanic', CROSS_BORDER);
    expect(crossBorder.body.data.shipment.waybill).toBe('OC-2002');
    for (const field of ['consigneeName', 'consigneePhone', 'address', 'customsId']) expectBlocked(crossBorder, `shipment.${field}`, 'P-82', 'cross_border');

    const seller = await m.ask('merchant-deer', `{ order(id: "${ORDER.buyerRecentCrossBorder}") { total consigneeName deliveryAddress } }`);
    expect(seller.body.data.order.total).toBe(249);
    expectBlocked(seller, 'order.consigneeName', 'P-82', 'cross_border');
    expectBlocked(seller, 'order.deliveryAddress', 'P-82', 'cross_border');

    const binding = await m.ask('login-partner', BINDING);
    // The login partner's refusal does not name the consent (P-04: it would tell a binding exists).
    expectBlocked(binding, 'member.email', 'P-82');
    expectBlocked(binding, 'member.loginBindings', 'P-82');

    // A homepage findable only by a consent stays hidden, silently (P-34: no error confirms the member exists).
    expect((await m.ask('visitor', HOMEPAGE)).body).toEqual({ data: { homepage: null } });

    // The consent store's own fields: a member reading is told the service failed; one withdrawing a
    // consent, that the change may or may not have been made (a subgraph that did not answer in time
    // may still make it), so read it back. Nothing else.
    for (const [query, field, message] of [
      ['{ myConsents { kind granted } }', 'myConsents', 'a service behind the gateway failed to answer this field'],
      ['mutation { setConsent(kind: marketing_messages, granted: false) { kind granted } }', 'setConsent', 'a service behind the gateway failed to answer this field: the change may or may not have been made; read it back before trying again'],
      ['{ myDataSubjectRequests { id } }', 'myDataSubjectRequests', 'a service behind the gateway failed to answer this field'],
    ]) {
      const answer = await m.ask('buyer', query, { purpose: 'essential.service' });
      expect(answer.body.errors, query).toEqual([expect.objectContaining({ message, path: [field], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
    }
  });

  it('P-82 with the consent store stopped, everything that does not depend on a consent still answers', async () => {
    // The member's own data (P-01), own orders (P-20), even own history without personalization (P-10).
    const own = await m.ask('buyer', `{ me { name phone browsingHistory { id } orders { id consigneePhone payment { cardLast4 } } } }`);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.me).toMatchObject({ name: 'Alice Walker', phone: '13812345678' });
    expect(own.body.data.me.browsingHistory).toHaveLength(6);
    expect(own.body.data.me.orders).toHaveLength(3);
    // Public data and the anonymous review's placeholder (P-02, P-31): the account store still answers.
    const pub = await m.ask('visitor', `{ member(id: "${MEMBER.optout}") { nickname } review(id: "r-2001") { text author { nickname } } }`);
    expect(pub.body.errors).toBeUndefined();
    expect(pub.body.data).toEqual({ member: { nickname: 'QuietShopper' }, review: { text: expect.any(String), author: { nickname: ANONYMOUS_NICKNAME } } });
    // A store's domestic order (P-21), a carrier's domestic shipment (P-22), the assigned agent (P-40).
    const store = await m.ask('merchant-deer', `{ order(id: "${ORDER.buyerDomestic}") { consigneeName consigneePhone } }`);
    expect(store.body).toMatchObject({ data: { order: { consigneeName: 'Alice Walker', consigneePhone: '138****5678' } } });
    expect(store.body.errors).toBeUndefined();
    const carrier = await m.ask('carrier-swift', `{ shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { consigneePhone } }`);
    expect(carrier.body).toEqual({ data: { shipment: { consigneePhone: '13812345678' } } });
    const agent = await m.ask('agent', `{ member(id: "${MEMBER.buyer}") { phone } }`);
    expect(agent.body.data.member.phone).toBe('138****5678');
    expectExplained(agent, 'member.phone', 'mask', 'P-40');
    // Partners' de-identified data does not depend on consents (P-51).
    const analyst = await m.ask('analyst', `{ browsingEvents(first: 2) { memberId ip } }`);
    // A child's event, if one is among them, withholds its member (P-70, from the account store, which answers).
    expect((analyst.body.errors ?? []).filter((e: any) => e.extensions?.rule !== 'P-70')).toEqual([]);
    for (const event of analyst.body.data.browsingEvents) if (event.memberId !== null) expect(event.memberId).toMatch(PSEUDONYM);
    // The minor's placeholder still holds (P-70): that fact comes from the account store. Their
    // profile looked up by id is not found; as a review's author they are the placeholder.
    const minor = await m.ask('visitor', `{ member(id: "${MEMBER.minor}") { id nickname } review(id: "r-2005") { author { id nickname } } }`);
    expect(minor.body.data).toEqual({ member: null, review: { author: { id: ANONYMOUS_ID, nickname: ANONYMOUS_NICKNAME } } });
  });
});
