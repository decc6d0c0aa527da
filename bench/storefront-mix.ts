import { signToken, type PersonaKeys } from '../gateway/sign-token.js';
import { PERSONAS } from '../gateway/personas.js';
import { OPERATIONS, requestOf } from './operations.js';
import { CALLERS, callerCarrierId, callerMemberId, callerMerchantId, callerPartnerSub, callerProductId, callerProducts, callerStoreId } from './seed-callers.js';
import { seededRandom, zipfPicker } from './zipf.js';
import type { OpenLoopRequest } from './open-loop.js';

/**
 * The storefront mix the open-loop load sends: many callers (bench/seed-callers.ts), each with
 * its own token, products and stores drawn with Zipf popularity. Shares of requests, by group and
 * operation (they sum to 100):
 */
export const MIX = [
  { group: 'visitor', operation: 'product-page', share: 50, who: 'anonymous visitor, Zipf product' },
  { group: 'visitor', operation: 'product-reviews', share: 20, who: 'anonymous visitor, Zipf product' },
  { group: 'member', operation: 'product-page', share: 8, who: 'one of the members, signed in, Zipf product' },
  { group: 'member', operation: 'order-history', share: 14, who: 'one of the members, their own orders' },
  { group: 'partner', operation: 'store-orders', share: 4, who: "one of the merchants, their Zipf-popular store's 50 newest orders" },
  { group: 'partner', operation: 'manifest', share: 3, who: "one of the carriers, their 50 newest shipments" },
  { group: 'partner', operation: 'analyst-export', share: 1, who: 'one of the analytics partners, 200 newest browsing events' },
] as const;

export const GROUP_SHARES = Object.entries(MIX.reduce<Record<string, number>>((acc, m) => ((acc[m.group] = (acc[m.group] ?? 0) + m.share), acc), {}));

interface Callers {
  members: string[];
  merchants: string[];
  carriers: string[];
  partners: string[];
}

/** A token for every seeded caller (members, merchants, carriers, partners). */
export async function mintCallerTokens(keys: PersonaKeys): Promise<Callers> {
  const sign = (claims: Record<string, unknown>) => signToken(claims, { privateKey: keys.privateKey, expiresIn: '6h' });
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return {
    members: await Promise.all(range(CALLERS.members).map((i) => sign({ role: 'customer', sub: callerMemberId(i) }))),
    merchants: await Promise.all(range(CALLERS.stores).map((i) => sign({ role: 'merchant', sub: callerMerchantId(i), store: callerStoreId(i) }))),
    carriers: await Promise.all(range(CALLERS.carriers).map((i) => sign({ role: 'logistics', sub: callerCarrierId(i).replace(/^c-/, 'u-carrier-'), carrier: callerCarrierId(i) }))),
    partners: await Promise.all(range(CALLERS.partners).map((i) => sign({ ...PERSONAS.analyst!.claims, sub: callerPartnerSub(i) }))),
  };
}

/** The next request of the mix: a seeded sequence, the same in every run and for every target. */
export function storefrontMix(tokens: Callers, seed = 1): (() => OpenLoopRequest) & { samples: () => { kind: string; request: OpenLoopRequest }[] } {
  const random = seededRandom(seed);
  const product = zipfPicker(callerProducts, CALLERS.zipfS, random);
  const store = zipfPicker(CALLERS.stores, CALLERS.zipfS, random);
  const member = () => Math.floor(random() * CALLERS.members);
  const op = (id: string) => OPERATIONS.find((o) => o.id === id)!;
  const build = (id: string, persona: string, token: string | null, variables: Record<string, unknown>, group: string): OpenLoopRequest => ({
    ...requestOf({ ...op(id), persona, variables }, token),
    group,
  });
  const senders: Record<string, () => OpenLoopRequest> = {
    'visitor product-page': () => build('product-page', 'visitor', null, { id: callerProductId(product()) }, 'visitor'),
    'visitor product-reviews': () => build('product-reviews', 'visitor', null, { id: callerProductId(product()) }, 'visitor'),
    'member product-page': () => build('product-page', 'buyer', tokens.members[member()]!, { id: callerProductId(product()) }, 'member'),
    'member order-history': () => {
      const m = member();
      return build('order-history', 'buyer', tokens.members[m]!, { id: callerMemberId(m) }, 'member');
    },
    'partner store-orders': () => {
      const s = store();
      return build('store-orders', 'merchant-deer', tokens.merchants[s]!, { store: callerStoreId(s), first: 50 }, 'partner');
    },
    'partner manifest': () => {
      const c = Math.floor(random() * CALLERS.carriers);
      return build('manifest', 'carrier-swift', tokens.carriers[c]!, { carrier: callerCarrierId(c), first: 50 }, 'partner');
    },
    'partner analyst-export': () => build('analyst-export', 'analyst', tokens.partners[Math.floor(random() * CALLERS.partners)]!, { first: 200 }, 'partner'),
  };
  const cumulative: [number, () => OpenLoopRequest][] = [];
  let sum = 0;
  for (const m of MIX) cumulative.push([(sum += m.share), senders[`${m.group} ${m.operation}`]!]);
  const next = () => {
    const x = random() * sum;
    return cumulative.find(([upTo]) => x < upTo)![1]();
  };
  // One request of every kind of the mix, for the answers checked before load.
  return Object.assign(next, { samples: () => MIX.map((m) => ({ kind: `${m.group} ${m.operation}`, request: senders[`${m.group} ${m.operation}`]!() })) });
}
