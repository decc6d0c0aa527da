import { MEMBER, ORDER, PRODUCT, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import type { Operation } from './operation-rewrites.js';

/**
 * Operations the policy suites send (test/e2e/policy-*.test.ts), one of each kind: orders of the
 * caller, of a store and of another store; consignee data of shipments, own and not; anonymous
 * reviews and minors' reviews; partners' exports and aggregates; support tickets and transcripts;
 * account data. The property tests send each in many equivalent shapes.
 */
export const CORPUS: Readonly<Record<string, Operation>> = Object.freeze({
  'own orders': { query: `{ me { id orders { id storeId items { productId quantity price } total consigneeName consigneePhone deliveryAddress taxpayerId customsId payment { method cardLast4 } } } }` },
  'an order in full': {
    query: `{ order(id: "${ORDER.buyerDomestic}") { id storeId total discount note consigneeName consigneePhone deliveryAddress invoiceHeader taxpayerId invoiceEmail customsId buyerId } }`,
  },
  "an order's buyer": { query: `{ order(id: "${ORDER.buyerDomestic}") { buyerId buyer { name realNameVerification { realName nationalId } browsingHistory { id } } payment { method cardLast4 } } }` },
  "another store's order": { query: `{ order(id: "${ORDER.optoutCrossBorder}") { id total items { quantity } consigneeName consigneePhone deliveryAddress invoiceHeader } }` },
  "a store's orders": { query: `{ storeOrders(storeId: "${STORE.deer}") { id total consigneeName consigneePhone customsId } }` },
  "another store's orders": { query: `{ storeOrders(storeId: "${STORE.lantern}") { id total consigneeName } }` },
  'a shipment with its order': {
    query: `{ shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { waybill consigneeName consigneePhone address order { id total items { quantity } invoiceHeader taxpayerId } } }`,
  },
  "mine and another carrier's shipment": {
    query: `{ mine: shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { consigneePhone } theirs: shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { waybill consigneeName consigneePhone address customsId } }`,
  },
  "a carrier's manifest": { query: `{ shipments(carrierId: "swift") { id deliveredAt consigneePhone consigneeName } }` },
  'a manifest with a conditional field': {
    query: `query ($x: Boolean!) { shipments(carrierId: "swift") { id crossBorder @include(if: $x) consigneePhone } }`,
    variables: { x: false },
  },
  'cross-border consent': {
    query: `{ consented: shipment(id: "${shipmentId(ORDER.buyerRecentCrossBorder)}") { crossBorder consigneeName consigneePhone address customsId } refused: shipment(id: "${shipmentId(ORDER.optoutCrossBorder)}") { crossBorder consigneeName consigneePhone address customsId } }`,
  },
  'an anonymous review': { query: `{ review(id: "r-2001") { id rating text pictures anonymous authorId author { id nickname avatar } } }` },
  "a product's reviews": { query: `{ product(id: "${PRODUCT.trailBoots}") { name reviews { id anonymous authorId author { nickname avatar } } } }` },
  'the share channel': { query: `{ sharedReviews { id authorId author { nickname avatar } review { id text author { nickname avatar } } } }` },
  "a minor's profile and review": { query: `{ member(id: "${MEMBER.minor}") { id nickname avatar gender } review(id: "r-2005") { text rating authorId author { nickname avatar } } }` },
  "a member's reviews": { query: `{ member(id: "${MEMBER.buyer}") { nickname reviews { id anonymous authorId } } }` },
  'a person-level export': {
    query: `{ members(ids: ["${MEMBER.buyer}", "${MEMBER.optout}"]) { id nickname gender name phone email birthDate browsingHistory { id ip deviceId memberId } searchHistory { query } orders { id buyerId total deliveryAddress note } } browsingEvents(first: 5) { id productId memberId ip deviceId } }`,
  },
  'order statistics': { query: `{ orderStats { storeId buyers orders revenue } }` },
  "a member's account and tickets": {
    query: `{ member(id: "${MEMBER.buyer}") { nickname name phone email birthDate orders { id total consigneeName consigneePhone taxpayerId payment { cardLast4 } } tickets { id status subject } } }`,
  },
  'assigned tickets': { query: `{ myTickets { id memberId subject member { nickname phone } messages { text } } }` },
  'chat transcripts': { query: `{ chatTranscripts(first: 5) { id ticketId memberId fromMember text } }` },
  'real-name verification': { query: `{ member(id: "${MEMBER.buyer}") { realNameVerification { realName nationalId result } loginBindings { provider externalId } } }` },
  'own account': { query: `{ me { id nickname gender avatar name phone email birthDate level wards { id nickname name phone birthDate } } }` },
  "a ward's data": { query: `{ member(id: "${MEMBER.minor}") { nickname avatar name phone orders { id total consigneePhone } } }` },
  'login bindings': {
    query: `{ bound: member(id: "${MEMBER.buyer}") { email loginBindings { provider externalId } } refused: member(id: "${MEMBER.optout}") { email loginBindings { provider externalId } } }`,
  },
});
