/**
 * Milliseconds since the epoch of a timestamp such as a shipment's `deliveredAt`, always the
 * value `Date.parse` gives. The subgraphs write instants as `Date.prototype.toISOString` does
 * (`2026-11-01T09:30:00.000Z`, or without the milliseconds); those are read here digit by digit,
 * and anything else goes to `Date.parse`.
 *
 * Why not always `Date.parse`: it runs the engine's general date parser, about 2,200 machine
 * instructions a call, and a carrier's manifest parses one per delivered row.
 */
export function parseInstant(text: string): number {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== Z) return Date.parse(text);
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== T) return Date.parse(text);
  if (text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON || (n === 24 && text.charCodeAt(19) !== DOT)) return Date.parse(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = n === 24 ? digits(text, 20, 3) : 0;
  // Out-of-range parts (or a non-digit, -1) are left to Date.parse, which decides what they mean
  // (it rolls 2026-02-30 over to March; it refuses a 13th month and a 60th second).
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
    return Date.parse(text);
  }
  return ((daysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}

/**
 * The UTC day (`2026-11-30`) of `ms`, the instant `text` was parsed to, read off the text when the
 * text is written as `toISOString` writes it and its first ten characters name that very day (a
 * `2026-02-30` rolls over to March, and is not); null otherwise, and the caller formats `ms`.
 * Why: `toISOString` costs an export of a thousand dates more than the rest of their decisions.
 */
export function canonicalDay(text: string, ms: number): string | null {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== Z || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== T) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysSinceEpoch(year, month, day) === Math.floor(ms / 86_400_000) ? text.slice(0, 10) : null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const Z = 90; // 'Z'
const T = 84; // 'T'
const DASH = 45;
const COLON = 58;
const DOT = 46;
const ZERO = 48;

/** The decimal number written by `count` digits from `start`, or -1 if one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
 * `days_from_civil`). A day past the month's end counts on into the next month, as Date.parse does.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
