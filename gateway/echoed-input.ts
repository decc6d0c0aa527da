/**
 * A value a client sent, as an error message or extension may quote it back: at most `max`
 * characters (then `…`), with every control, format or invisible character written as its code
 * point (`\u{202E}`), so an answer never carries a megabyte of header back, nor a bidi override
 * that reorders what a developer or a log reader sees, nor a token pasted in the wrong header in full.
 */
export function echoInput(value: string, max = 64): string {
  const chars = [...value];
  const kept = chars.length > max ? chars.slice(0, max) : chars;
  const shown = kept.map((c) => (UNSHOWN.test(c) ? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}` : c)).join('');
  return chars.length > max ? `${shown}… (${chars.length} characters)` : shown;
}

const UNSHOWN = /[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}\u2800]/u;
