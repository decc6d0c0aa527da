/**
 * The "mask" outcome (POLICY.md, Outcomes): a value of the same GraphQL type (a String) with
 * most characters hidden. Used where the policy lets a caller see that a value exists and a
 * hint of it, never the value itself: the merchant's and the carrier's view of the consignee
 * phone (P-21, P-23), the subject's own real name and national id (P-03), support's view of
 * phone and ids (P-40), bank cards (P-24).
 *
 * Every function is pure, takes the raw value and returns the masked string; `null` /
 * `undefined` give `null`. Numbers and bigints are read as their decimal text (a phone stored
 * as a number is still a phone); any other non-string gives `null` (fail closed, P-82).
 * Inputs that are already masked (contain `*`) mask to themselves, so masking twice is safe.
 */

/** What the mask functions accept: the raw field value. */
export type MaskInput = string | number | bigint | null | undefined;

/** The kinds of value `mask` knows how to hide. */
export type MaskKind = 'phone' | 'email' | 'national_id' | 'card' | 'name' | 'generic';

/** Every `MaskKind`, for validating policy configuration at start-up. */
export const MASK_KINDS: readonly MaskKind[] = Object.freeze([
  'phone',
  'email',
  'national_id',
  'card',
  'name',
  'generic',
] as const);

/** True if `kind` names a mask (so a policy file's string can be checked before use). */
export function isMaskKind(kind: unknown): kind is MaskKind {
  return typeof kind === 'string' && (MASK_KINDS as readonly string[]).includes(kind);
}

const STAR = '*';
/** Fixed-width stand-in: hides the length of what it replaces. */
const HIDDEN = '***';

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Reads a field value as text; `null` for null/undefined and for types that are not text. */
function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'bigint') return value.toString();
  return null;
}

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The first user-perceived character: a whole grapheme (base letter + combining marks, an emoji ZWJ sequence). */
function firstGrapheme(text: string): string {
  // Two printable ASCII characters never join into one grapheme: most names need no segmenter,
  // which was the masking's largest cost on a carrier manifest.
  const first = text.charCodeAt(0);
  const second = text.charCodeAt(1);
  if (first >= 0x20 && first < 0x7f && (Number.isNaN(second) || (second >= 0x20 && second < 0x7f))) return text[0]!;
  for (const { segment } of graphemeSegmenter.segment(text)) return segment;
  return '';
}

/** How many stars follow a masked name's first character, whatever its length. */
const NAME_STARS = STAR.repeat(3);

/**
 * Keeps the first grapheme of the (NFC-normalised, trimmed) input, then always three stars: one
 * star per hidden character told the name's length, and with it, among a store's buyers, often
 * whose name it was. A single-grapheme value is only stars: keeping "the first character" of a
 * one-character name would show the whole name (more protective choice where the policy is silent).
 */
function keepFirstGrapheme(text: string): string {
  const s = text.normalize('NFC').trim();
  if (s === '') return '';
  const first = firstGrapheme(s);
  // One character, or stars already (masking a masked value changes nothing).
  if (first.length === s.length || first === STAR) return NAME_STARS;
  return first + NAME_STARS;
}

/*
 * E.164 country calling codes are prefix-free: 1 and 7 are one digit, the list below are two
 * digits, every other code is three digits. That lets `+8613812345678` (no separator) still
 * show its country code.
 */
const TWO_DIGIT_COUNTRY_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47',
  '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65',
  '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98',
]);

function countryCodeLength(digits: string): number {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  if (TWO_DIGIT_COUNTRY_CODES.has(digits.slice(0, 2))) return 2;
  return 3;
}

/**
 * Masks a run of digits (a `*` counts as an already-hidden digit) with four stars whatever it
 * hides, so that the mask tells neither the number's length nor, for a short number, all but one
 * of its digits (`12345678` as `123*5678` left ten candidates): 11 or more → first 3 and last 4
 * kept (`138****5678`); 8 to 10 → last 4 (`****5678`); 6 or 7 → last 2; fewer → stars alone.
 * Idempotent: a masked run masks to itself.
 */
function maskDigitRun(symbols: string): string {
  const n = symbols.length;
  if (n >= 11) return symbols.slice(0, 3) + STARS + symbols.slice(-4);
  if (n >= 8) return STARS + symbols.slice(-4);
  if (n >= 6) return STARS + symbols.slice(-2);
  return STARS;
}
const STARS = '****';

/**
 * P-21 / P-23 / P-40: a phone number as `138****5678` (first 3 and last 4 digits; shorter ones
 * keep less, {@link maskDigitRun}). An
 * international number keeps its `+` and country code readable (`+86 138****5678`), masking the
 * national number the same way. Separators and any non-digit text are dropped (they would only
 * help re-identify the number). Text with no digits at all becomes `***`.
 */
export function maskPhone(value: MaskInput): string | null {
  const text = toText(value);
  if (text === null) return null;
  const s = text.normalize('NFKC').trim();
  if (s === '') return '';
  // Most stored numbers are digits only: then they are their own symbols (no array per value).
  const symbols = /^[0-9]+$/.test(s) ? s : (s.match(/[0-9*]/g) ?? []).join('');
  if (symbols === '') return HIDDEN;
  if (/^\(?\+/.test(s)) {
    const leadingDigits = /^[0-9]*/.exec(symbols)?.[0] ?? '';
    const ccLength = countryCodeLength(leadingDigits);
    if (leadingDigits.length >= ccLength && symbols.length > ccLength) {
      return `+${symbols.slice(0, ccLength)} ${maskDigitRun(symbols.slice(ccLength))}`;
    }
    return `+${maskDigitRun(symbols)}`;
  }
  return maskDigitRun(symbols);
}

/**
 * P-21 / P-40: an e-mail as `a***@example.com`: the local part's first character and a fixed
 * `***` (so its length is hidden too), the domain as is. Anything that is not `local@domain`
 * (no `@`, empty local part or domain, whitespace inside) becomes `***`: a malformed value may
 * be something else entirely, so none of it is shown.
 */
export function maskEmail(value: MaskInput): string | null {
  const text = toText(value);
  if (text === null) return null;
  const s = text.normalize('NFC').trim();
  if (s === '') return '';
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1 || /\s/.test(s)) return HIDDEN;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  return `${firstGrapheme(local)}${HIDDEN}@${domain}`;
}

/**
 * P-03 / P-23 / P-40: a national (or customs, or taxpayer) id with only its first and last
 * character shown and four stars between, whatever its length (`1****X`): the length would tell
 * which kind of id, of which country, it is. Fewer than six characters are four stars alone, as
 * showing two of them would show too much. Idempotent.
 */
export function maskNationalId(value: MaskInput): string | null {
  const text = toText(value);
  if (text === null) return null;
  const chars = Array.from(text.trim());
  const n = chars.length;
  if (n === 0) return '';
  if (n < 6) return STAR.repeat(4);
  return chars[0] + STAR.repeat(4) + chars[n - 1];
}

/**
 * P-24: a bank card as `**** **** **** 1234`, whether the stored value is the last four digits
 * or a full number; the full number never passes. Fewer than four digits → `**** **** **** ****`.
 */
export function maskCard(value: MaskInput): string | null {
  const text = toText(value);
  if (text === null) return null;
  const s = text.normalize('NFKC').trim();
  if (s === '') return '';
  // The card number's own last four where the text holds one (12 to 19 digits, maybe grouped), not a CVV or expiry after it.
  let digits = s.replace(/[^0-9]/g, '');
  for (const run of s.matchAll(/\d(?:[ -]?\d)*/g)) {
    const runDigits = run[0].replace(/[^0-9]/g, '');
    if (runDigits.length >= 12 && runDigits.length <= 19) {
      digits = runDigits;
      break;
    }
  }
  const last4 = digits.length >= 4 ? digits.slice(-4) : '****';
  return `**** **** **** ${last4}`;
}

/**
 * P-03 / P-23: a name as its first character then three stars, whatever its length: `张三` →
 * `张***`, `Zoë Smith` → `Z***`. The first character is a whole grapheme (an emoji sequence
 * or a letter with its accents stays intact); input is NFC-normalised first, so precomposed and
 * decomposed spellings mask alike. A one-character name is all stars.
 */
export function maskName(value: MaskInput): string | null {
  const text = toText(value);
  if (text === null) return null;
  return keepFirstGrapheme(text);
}

/** Any other text the policy says to mask: first character, then stars (same rules as `maskName`). */
export function maskGeneric(value: MaskInput): string | null {
  const text = toText(value);
  if (text === null) return null;
  return keepFirstGrapheme(text);
}

/**
 * The mask outcome by kind, as the policy engine names it. An unknown kind is a configuration
 * error and throws (fail closed, P-82) rather than letting the value through.
 */
export function mask(kind: MaskKind, value: MaskInput): string | null {
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
    case 'national_id':
      return maskNationalId(value);
    case 'card':
      return maskCard(value);
    case 'name':
      return maskName(value);
    case 'generic':
      return maskGeneric(value);
    default: {
      const unknownKind: never = kind;
      throw new TypeError(`unknown mask kind: ${String(unknownKind)}`);
    }
  }
}
