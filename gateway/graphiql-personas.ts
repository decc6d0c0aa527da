import { isLocalRequest, isLoopbackHost } from './loopback.js';
import type { DevKeys } from './dev-keys.js';
import { PERSONAS } from './personas.js';
import { loadPolicyConfig } from '../directives/policy-config.js';
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
  order(id: "o-1042") { id consigneeName total } }`,
  'merchant-lantern': `{ storeOrders(storeId: "red-lantern", first: 5) { id consigneeName consigneePhone deliveryAddress } }`,
  'carrier-swift': `{ shipments(carrierId: "swift", first: 10) { waybill status consigneeName consigneePhone address order { total } } }`,
  'carrier-oceanic': `{ shipments(carrierId: "oceanic", first: 10) { waybill status deliveredAt consigneeName consigneePhone address customsId } }`,
  agent: `{ myTickets { subject member { nickname name phone orders { id consigneePhone payment { cardLast4 } } } } }`,
  analyst: `{ browsingEvents(first: 10) { memberId ip deviceId productId at } }`,
  advertiser: `{ orderStats { storeId buyers orders revenue } browsingEvents(first: 3) { memberId ip } }`,
  researcher: `{ orderStats { storeId buyers orders revenue } browsingEvents(first: 10) { memberId productId at } }`,
  officer: `{ member(id: "m-buyer") { name phone realNameVerification { realName nationalId } }
  review(id: "r-2001") { text author { nickname } } }`,
  payment: `{ order(id: "o-1041") { total payment { method status cardLast4 } consigneePhone } }`,
  'login-partner': `{ member(id: "m-buyer") { nickname email loginBindings { provider externalId } } }`,
};

/** The name of a persona's sample operation, which GraphiQL shows as its tab's title: `merchant-deer` → `MerchantDeer`. */
export function personaOperationName(persona: string): string {
  return persona.replace(/(^|-)([a-z])/g, (_, _dash, letter: string) => letter.toUpperCase());
}

/**
 * GraphiQL options with one tab per demo persona, the visitor's first: a named sample query that
 * shows what that caller sees (and what the policy withholds), its purpose preset in the headers
 * and, given development keys, its signed token. Headers are never kept in the browser's storage.
 * Only personas of `roles` get a tab (default: the roles of the policy file): a role the served
 * policy does not declare would only show its token refused.
 */
export async function graphiqlWithPersonas(keys: DevKeys | null, roles: readonly string[] = Object.keys(loadPolicyConfig().roles)) {
  const tabs = [];
  for (const [name, persona] of Object.entries(PERSONAS)) {
    if (!roles.includes(persona.claims?.role ?? 'visitor')) continue;
    const token = keys ? await tokenForPersona(name, keys, { expiresIn: '7d' }) : null;
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (persona.purpose) headers['x-purpose'] = persona.purpose;
    const query = `# persona: ${name} — ${persona.description}\nquery ${personaOperationName(name)} ${SAMPLE_QUERIES[name] ?? '{ __typename }'}\n`;
    tabs.push({ query, headers: JSON.stringify(headers, null, 2) });
  }
  // The first tab's query as the default, or GraphiQL opens on its welcome text (comments only).
  return { title: 'privacy-gateway', defaultTabs: tabs, defaultQuery: tabs[0]!.query, shouldPersistHeaders: false };
}

/** Where the gateway listens and who may call it from a browser: what decides whether GraphiQL may hold tokens. */
export interface GraphiQLServing {
  /** The address the gateway is bound to (`GATEWAY_HOST`). */
  host: string;
  /** The CORS allow-list (gateway/cors-options.ts). */
  corsOrigins: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** The roles of the served policy; default: the policy file's (POLICY_FILE, else directives/policy.json). */
  roles?: readonly string[];
}

type GraphiQLPage = Awaited<ReturnType<typeof graphiqlWithPersonas>>;

/** The runtime's `graphiql` option: off, one page for every request, or the page for each request. */
export type ServedGraphiQL = false | GraphiQLPage | ((request: Request) => GraphiQLPage);

/** How often GraphiQL's persona tokens are signed again: well inside P-64's five minutes. */
export const PERSONA_TOKENS_RESIGNED_MS = 60_000;

/**
 * What `npm start` and `npm run gateway` serve as GraphiQL. In production: nothing, unless
 * `GRAPHIQL=on`, and then tabs without tokens. Elsewhere the development tokens (every persona's,
 * the privacy officer's included) are embedded only when the gateway is bound to a loopback
 * address and no origin is allowed cross-origin access: a page reachable from the network, or
 * from other sites' scripts, carries none. Even then only a page asked for at a loopback `Host`
 * gets them: a site resolved to 127.0.0.1 (DNS rebinding), or a proxy forwarding another name to
 * this address, gets the tabs without tokens.
 */
export async function graphiqlForServing(serving: GraphiQLServing, keys: () => Promise<DevKeys>): Promise<{ graphiql: ServedGraphiQL; tokens: boolean; reason: string }> {
  const env = serving.env ?? process.env;
  if (env.NODE_ENV === 'production' && env.GRAPHIQL !== 'on') return { graphiql: false, tokens: false, reason: 'production (GRAPHIQL=on serves it without tokens)' };
  const withheld = notLoopbackDevelopment(serving);
  const withoutTokens = await graphiqlWithPersonas(null, serving.roles);
  if (withheld) return { graphiql: withoutTokens, tokens: false, reason: withheld };
  const devKeys = await keys();
  let withTokens = await graphiqlWithPersonas(devKeys, serving.roles);
  // Tokens signed in just now, as a sign-in gives: P-64's rights actions want one within 5 minutes,
  // so a page loaded later than that after start had every tab's consent change refused.
  setInterval(() => void graphiqlWithPersonas(devKeys, serving.roles).then((page) => (withTokens = page), () => undefined), PERSONA_TOKENS_RESIGNED_MS).unref();
  return { graphiql: (request) => (isLocalRequest(request) ? withTokens : withoutTokens), tokens: true, reason: 'loopback bind, no CORS origins (tokens at a loopback Host, without a proxy\'s headers, only)' };
}

/**
 * Why a gateway is not a development gateway only this machine can reach, or null when it is: not
 * production, bound to a loopback address, and no origin allowed cross-origin access.
 */
export function notLoopbackDevelopment(serving: GraphiQLServing): string | null {
  const env = serving.env ?? process.env;
  if (env.NODE_ENV === 'production') return 'production';
  if (!isLoopbackHost(serving.host)) return `bound to ${serving.host}, not a loopback address`;
  if (serving.corsOrigins.length) return 'CORS_ORIGINS is set';
  return null;
}

/**
 * How `npm start` and `npm run gateway` serve the privacy explorer: to the privacy officer's token
 * always, and without a token too where GraphiQL gets the development tokens.
 */
export function explorerForServing(serving: GraphiQLServing) {
  const closed = notLoopbackDevelopment(serving);
  return { explorer: { openOnLoopback: closed === null }, reason: closed ? `the privacy officer's token only: ${closed}` : 'open on loopback (development)' };
}

