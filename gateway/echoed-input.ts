/**
 * A value a client sent, as an error message or extension may quote it back: at most `max`
 * characters (then `…`), with every control, format or invisible character but the space written
 * as its code point (`\u{202E}`), so an answer never carries a megabyte of header back, nor a bidi override
 * that reorders what a developer or a log reader sees, nor a token pasted in the wrong header in full.
 */
export function echoInput(value: string, max = 64): string {
  const chars = [...value];
  const kept = chars.length > max ? chars.slice(0, max) : chars;
  const shown = kept.map((c) => (c !== ' ' && UNSHOWN.test(c) ? codePoint(c) : c)).join('');
  return chars.length > max ? `${shown}… (${chars.length} characters)` : shown;
}

/**
 * An error message as the gateway sends it: a run of 65 non-space characters or more (a field,
 * type or value the client sent, quoted back by graphql-js) cut to 64 and `…`, a run of spaces to
 * one, the whole at most 2,000 characters, and control, format and invisible characters but spaces, tabs and line breaks written as
 * code points. Linear in the message: the patterns that read a message afterwards (addresses,
 * hints) then read at most a few hundred characters per echo, where a 95 KB field name held the
 * event loop 5 s.
 */
export function boundedMessage(message: string): string {
  const runs = message.length > 200 ? message.replace(LONG_RUN, (run) => `${[...run].slice(0, 64).join('')}…`).replace(SPACE_RUN, ' ') : message;
  // A value with spaces in it has no long run: the whole message is bounded too (graphql-js quotes a bad variable twice).
  const short = runs.length > MAX_MESSAGE ? `${[...runs].slice(0, MAX_MESSAGE).join('')}… (${runs.length} characters)` : runs;
  return short.replace(UNSHOWN_EACH, (c) => (c === ' ' || c === '\n' || c === '\t' ? c : codePoint(c)));
}

/** Characters of an error message: a refusal listing every field it names fits; a quoted megabyte does not. */
const MAX_MESSAGE = 2000;

const UNSHOWN = /[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}\u2800]/u;
const UNSHOWN_EACH = /[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}\u2800]/gu;
const LONG_RUN = /\S{65,}/gu;
const SPACE_RUN = /\s{2,}/gu;
const codePoint = (c: string) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`;
