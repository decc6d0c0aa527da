/**
 * How the scrubber reads a text before its passes look for personal data: what shows a
 * character without being it is read as that character, and what shows nothing goes. A value
 * written around the passes (`&#49;&#51;&#56;…`, `138<b></b>1234`, `**138** **1234**`,
 * `12 Main Ѕtreet` with a Cyrillic `Ѕ`) is then the value they know. The scrubbed text is this
 * reading, so what a partner gets shows what the writer meant, not how it was disguised.
 */

/** Full-width letters, digits, `＠`, `．`, `－`, `＋`; circled and super/subscript digits: read as what they stand for (NFKC). Other full-width punctuation (`：`, `！`) is the text's own. */
const COMPATIBILITY_FORMS = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF20\uFF0E\uFF0D\uFF0B\u2460-\u249B\u24EA-\u24FF\u2776-\u2793\u00B2\u00B3\u00B9\u2070-\u209F\uFE50-\uFE6B]/gu;
/** Characters that show nothing but are not format characters (a grapheme joiner, variation selectors, Hangul fillers, the blank braille cell). */
const INVISIBLE = /[\p{Cf}\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0]/gu;

/**
 * HTML character references. Decoded by hand rather than with an entities library: the five that
 * HTML markup itself needs (`&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, as names or numbers) stay
 * encoded, so a note a client renders as HTML stays as inert as it was written; every other one
 * is read as its character.
 */
const MARKUP_SIGNIFICANT = new Set([0x3c, 0x3e, 0x26, 0x22, 0x27]);
const NAMED_REFERENCES: Record<string, string> = {
  nbsp: '\u00A0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', shy: '', zwj: '', zwnj: '',
  commat: '@', period: '.', comma: ',', colon: ':', semi: ';', hyphen: '\u2010', dash: '\u2010', ndash: '\u2013', mdash: '\u2014', minus: '\u2212',
  num: '#', plus: '+', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', sol: '/', bsol: '\\', lowbar: '_', ast: '*', verbar: '|', excl: '!', quest: '?', percnt: '%', dollar: '$', Hat: '^', grave: '`', tilde: '~', equals: '=',
};
const CHARACTER_REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,8}));/g;
function decodeReference(reference: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) return NAMED_REFERENCES[name] ?? reference;
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
  if (MARKUP_SIGNIFICANT.has(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return reference;
  return String.fromCodePoint(code);
}

/** Inline formatting tags, which show no character of their own (`138<b></b>1234`); a line break is one. */
const FORMATTING_TAG = /<\/?(?:b|i|u|s|em|strong|span|font|small|big|sub|sup|mark|del|ins|code|kbd|tt|var|wbr|br)(?:\s[^<>]{0,200})?\/?>/gi;
/**
 * Markdown's emphasis marks around a number (`**138** **1234**`, `_1234_`, `` `5678` ``): between
 * a digit and a space, a line's edge or a sentence's mark. Between two digits (`138****5678`, a
 * mask) or a letter and a digit (`08Z~2026`) they are the text's own.
 */
const SENTENCE_MARK = String.raw`[.,;:!?()\[\]、，。；：！？（）「」]`;
const MARKDOWN_AT_DIGITS = new RegExp(String.raw`(?<=\p{Nd})[*_~\u0060]{1,3}(?=\s|$|${SENTENCE_MARK})|(?<=^|\s|${SENTENCE_MARK})[*_~\u0060]{1,3}(?=\p{Nd})`, 'gu');

/**
 * Cyrillic and Greek letters drawn like Latin ones. Read as Latin only inside a word that mixes
 * them with Latin letters (`Ѕtreet`, `аt`), which no language writes: a Russian or Greek word
 * keeps its own letters. A table of its own, not a confusables library: those map to Unicode's
 * skeletons, which rewrite Latin text too (`rn` as `m`).
 */
const LATIN_LOOKALIKE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l',
  А: 'A', В: 'B', Е: 'E', Ё: 'E', І: 'I', Ї: 'I', Ј: 'J', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ѕ: 'S', Һ: 'H', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Ӏ: 'I',
  α: 'a', ο: 'o', ν: 'v', ρ: 'p', τ: 't', υ: 'u', ι: 'i', κ: 'k', χ: 'x',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
function latinWord(word: string): string {
  if (!LATIN.test(word) || !CYRILLIC_OR_GREEK.test(word)) return word;
  return Array.from(word, (c) => LATIN_LOOKALIKE[c] ?? c).join('');
}

export function readForScrub(text: string): string {
  return text
    .replace(CHARACTER_REFERENCE, decodeReference)
    .replace(FORMATTING_TAG, (tag) => (/^<\/?br\b/i.test(tag) ? '\n' : ''))
    .replace(COMPATIBILITY_FORMS, (c) => c.normalize('NFKC'))
    .replace(INVISIBLE, '')
    .replace(/([^\p{L}\p{M}])\p{M}+/gu, '$1') // a mark over a digit, a space or a sign (an underline) leaves it: only letters carry marks
    .replace(MARKDOWN_AT_DIGITS, '')
    .replace(WORD, latinWord);
}
