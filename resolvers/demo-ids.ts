/**
 * The ids the demo data and the personas share (gateway/personas.ts uses the same ones), so
 * tests and GraphiQL can name people, stores and carriers by handle.
 */
export const MEMBER = {
  buyer: 'm-buyer',
  optout: 'm-optout',
  minor: 'm-minor',
  guardian: 'm-guardian',
  /** Other shoppers, so stores have more than one buyer and aggregates reach k. */
  others: ['m-ava', 'm-ben', 'm-chen', 'm-dina', 'm-eli', 'm-fay'],
} as const;

/**
 * Each demo member's avatar: a picture they uploaded, under a name that is not their member id (a
 * URL holding the id linked a shared anonymous review's avatar to the member's profile, P-32).
 */
export const DEMO_AVATAR: Record<string, string> = {
  [MEMBER.buyer]: '/static/avatars/u7k2q9.png',
  [MEMBER.optout]: '/static/avatars/p3x8d1.png',
  [MEMBER.minor]: '/static/avatars/f5m0z4.png',
  [MEMBER.guardian]: '/static/avatars/b9r6w2.png',
  ...Object.fromEntries(MEMBER.others.map((id, i) => [id, `/static/avatars/s${i + 1}h4n${7 - i}.png`])),
};

export const STORE = { deer: 'deer-outfitters', lantern: 'red-lantern' } as const;
export const MERCHANT = { deer: 'u-merchant-deer', lantern: 'u-merchant-lantern' } as const;
export const CARRIER = { swift: 'swift', oceanic: 'oceanic' } as const;
export const AGENT = 'u-agent';

/**
 * `days` before now, to the minute (seeds are relative to the seeding day). Not to the
 * millisecond: the seeder writes one member's rows together, so their shared milliseconds would
 * tie an anonymous review to the same author's signed one (P-31).
 */
export function daysAgo(days: number, now = Date.now()): Date {
  return new Date(Math.floor(now / 60_000) * 60_000 - days * 86_400_000);
}

/** An ISO date (YYYY-MM-DD) `years` years before today. */
export function birthDateYearsAgo(years: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - 40); // a little past the birthday, so the age is exactly `years`
  return d.toISOString().slice(0, 10);
}

/** A third, tiny store with only two buyers: its aggregate is below k = 5 (P-52). */
export const TINY_STORE = { id: 'tiny-kiosk', merchantId: 'u-merchant-kiosk' } as const;

/** Catalog products by store (catalog seeds them; orders and reviews refer to them). */
export const PRODUCT = {
  trailBoots: 'p-trail-boots',
  campTent: 'p-camp-tent',
  woolSocks: 'p-wool-socks',
  paperLantern: 'p-paper-lantern',
  teaSet: 'p-tea-set',
  silkFan: 'p-silk-fan',
  postcards: 'p-postcards',
  keychain: 'p-keychain',
} as const;

/** The persona orders the policy tests name (orders seeds them; logistics ships them as `sh-<orderId>`). */
export const ORDER = {
  /** m-buyer at deer-outfitters, domestic, shipped by swift, in transit; invoice, card 4242, note with contact data. */
  buyerDomestic: 'o-1041',
  /** m-buyer at red-lantern, cross-border (customs id), oceanic, delivered 45 days ago (P-22 window closed). */
  buyerCrossBorder: 'o-1042',
  /** m-buyer at deer-outfitters, cross-border, oceanic, not yet delivered. */
  buyerRecentCrossBorder: 'o-1043',
  /** m-optout at deer-outfitters, swift, delivered 3 days ago. */
  optoutDomestic: 'o-1044',
  /** m-optout at red-lantern, cross-border, oceanic, not delivered. */
  optoutCrossBorder: 'o-1045',
  /** m-minor at deer-outfitters (P-70). */
  minor: 'o-1046',
  /** m-ava at deer-outfitters, completed more than three years ago (P-62, P-66 retention). */
  avaOld: 'o-1047',
} as const;

/** The shipment id of an order: a carrier's copy of its delivery data. */
export const shipmentId = (orderId: string): string => `sh-${orderId}`;

// --- appended by the reviews/activity/support/privacy subgraphs ---

/** A second support agent: the closed ticket of m-optout is assigned to them, not to AGENT (P-40). */
export const OTHER_AGENT = 'u-agent-2';
