import type { DevKeys } from './dev-keys.js';
import { PERSONAS } from './personas.js';
import { tokenForPersona } from './sign-token.js';

/** A query per persona that shows what that caller sees (and what the policy withholds). */
export const SAMPLE_QUERIES: Record<string, string> = {
  visitor: `{ product(id: "p-trail-boots") { name price store { name }
    reviews { text anonymous author { nickname avatar } } } }`,
  buyer: `{ me { nickname name phone email birthDate realNameVerification { realName nationalId }
    orders { id total consigneePhone payment { cardLast4 } shipments { waybill status } }
    reviews { text anonymous } browsingHistory { productId at } } }`,
  'buyer-optout': `{ product(id: "p-trail-boots") { reviews { text anonymous author { nickname } } }
  me { nickname recommendations { id } } }`,
  minor: `{ me { nickname birthDate recommendations { id } } }`,
  guardian: `{ me { nickname wards { nickname birthDate consents { kind granted } } } }`,
  'merchant-deer': `{ storeOrders(storeId: "deer-outfitters", first: 5) { id total items { productId quantity }
    consigneeName consigneePhone deliveryAddress taxpayerId customsId buyer { name } }
  order(id: "o-buyer-crossborder") { id consigneeName total } }`,
  'merchant-lantern': `{ storeOrders(storeId: "red-lantern", first: 5) { id consigneeName consigneePhone deliveryAddress } }`,
  'carrier-swift': `{ shipments(carrierId: "swift", first: 10) { waybill status consigneeName consigneePhone address order { total } } }`,
  'carrier-oceanic': `{ shipments(carrierId: "oceanic", first: 10) { waybill status deliveredAt consigneeName consigneePhone address customsId } }`,
  agent: `{ myTickets { subject member { nickname name phone orders { id consigneePhone payment { cardLast4 } } } } }`,
  analyst: `{ browsingEvents(first: 10) { memberId ip deviceId productId at } }`,
  advertiser: `{ orderStats { storeId buyers orders revenue } browsingEvents(first: 3) { memberId ip } }`,
  researcher: `{ orderStats { storeId buyers orders revenue } browsingEvents(first: 10) { memberId productId at } }`,
  officer: `{ member(id: "m-buyer") { name phone realNameVerification { realName nationalId } }
  review(id: "r-buyer-anon") { text author { nickname } } }`,
  payment: `{ order(id: "o-buyer-domestic") { total payment { method status cardLast4 } consigneePhone } }`,
  'login-partner': `{ member(id: "m-buyer") { nickname email loginBindings { provider externalId } } }`,
};

/**
 * GraphiQL options with one tab per demo persona: its signed development token and purpose preset
 * in the headers, and a sample query, so anyone can watch the policy at work in a browser.
 * For development only: the tokens are signed with the local development key.
 */
export async function graphiqlWithPersonas(keys: DevKeys) {
  const tabs = [];
  for (const [name, persona] of Object.entries(PERSONAS)) {
    const token = await tokenForPersona(name, keys, { expiresIn: '7d' });
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (persona.purpose) headers['x-purpose'] = persona.purpose;
    const query = SAMPLE_QUERIES[name] ?? '{ __typename }';
    tabs.push({ query: `# persona: ${name} — ${persona.description}\n${query}\n`, headers: JSON.stringify(headers, null, 2) });
  }
  return { title: 'privacy-gateway', defaultTabs: tabs, shouldPersistHeaders: false };
}
