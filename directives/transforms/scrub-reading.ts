/**
 * How the scrubber reads a text before its passes look for personal data: what shows a
 * character without being it is read as that character, and what shows nothing goes. A value
 * written around the passes (`&#49;&#51;&#56;…`, `138<b></b>1234`, `12 Main Ѕtreet` with a
 * Cyrillic `Ѕ`) is then the value they know. The scrubbed text is this reading, so what a
 * partner gets shows what the writer meant, not how it was disguised.
 */

/** Full-width letters, digits, `＠`, `．`, `－`, `＋`, `＿`; circled and super/subscript digits; circled, parenthesized (`⒜` is `(a)`), mathematical and Roman-numeral letters; vertical dashes: read as what they stand for (NFKC). Other full-width punctuation (`：`, `！`) is the text's own. */
const COMPATIBILITY_FORMS = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF20\uFF0E\uFF0D\uFF0B\uFF3F\uFE31\uFE32\u2460-\u24E9\u24EA-\u24FF\u2160-\u2188\u{1D400}-\u{1D7FF}\u{1F130}-\u{1F149}\u2776-\u2793\u00B2\u00B3\u00B9\u2070-\u209F\uFE50-\uFE6B]/gu;
/** A circled or boxed `a` between a mailbox and a dotted domain (`aliceⓐexample.com`, `alice 🅰 example.com`) stands for `@`, which it is drawn as; NFKC would read it as the letter and join the two. */
const CIRCLED_AT = /(?<=[\p{L}\p{N}._%+\-][^\S\r\n]{0,2})(?:[ⓐⒶ]|\u{1F170}|\u{1F130})(?=[^\S\r\n]{0,2}[\p{L}\p{N}\-]+(?:[.。｡．][\p{L}\p{N}]|[^\S\r\n]{0,2}ⓓⓞⓣ|[^\S\r\n]+dot[^\S\r\n]))/gu;
/** Characters that show nothing but are not format characters (a grapheme joiner, variation selectors, Hangul fillers, the blank braille cell). */
const ODD_SPACE = /[\v\f\u0085\u1680]/g;
/** Two or more number words glued, each after the first capitalized (`oneThreeEight`, `OneTwo`). */
const GLUED_NUMBER_WORDS = /(?<![A-Za-z])(?:[Ss]eventeen|[Tt]hirteen|[Ff]ourteen|[Ee]ighteen|[Nn]ineteen|[Ff]ifteen|[Ss]ixteen|[Ss]eventy|[Ee]leven|[Tt]welve|[Tt]wenty|[Tt]hirty|[Ee]ighty|[Nn]inety|[Tt]hree|[Ss]even|[Ee]ight|[Ff]orty|[Ff]ifty|[Ss]ixty|[Zz]ero|[Ff]our|[Ff]ive|[Nn]ine|[Oo]ne|[Tt]wo|[Ss]ix|[Tt]en)(?:Seventeen|Thirteen|Fourteen|Eighteen|Nineteen|Fifteen|Sixteen|Seventy|Eleven|Twelve|Twenty|Thirty|Eighty|Ninety|Three|Seven|Eight|Forty|Fifty|Sixty|Zero|Four|Five|Nine|One|Two|Six|Ten){1,}(?![a-z])/g;
const NUMBER_WORD_PART = /[A-Z]?[a-z]+/g;
/** Number words and digits glued in any case (`1three8`, `1Two3four`): each digit run is whole (`(?!\d)`), so a long run reads one way. */
const NUMBER_WORD_ANY = '(?:seventeen|thirteen|fourteen|eighteen|nineteen|fifteen|sixteen|seventy|eleven|twelve|twenty|thirty|eighty|ninety|three|seven|eight|forty|fifty|sixty|zero|four|five|nine|one|two|six|ten)';
const DIGITS_AND_WORDS = new RegExp(String.raw`(?<![A-Za-z0-9])(?:\d+(?!\d)|${NUMBER_WORD_ANY})(?:\d+(?!\d)|${NUMBER_WORD_ANY})+(?![A-Za-z0-9])`, 'gi');
const DIGITS_OR_WORD = new RegExp(String.raw`\d+|${NUMBER_WORD_ANY}`, 'gi');
const DIGIT_BESIDE_LETTER = /\d[A-Za-z]|[A-Za-z]\d/;
/** A glued run of three parts or more with two digits or more is spelled apart (`1three8`); a model or a size (`Forty2`, `one2one`, `Win10`) stays as written. */
function gluedDigitsAndWords(run: string): string {
  const parts = run.match(DIGITS_OR_WORD)!;
  const digitCount = run.replace(/\D/g, '').length;
  return parts.length >= 3 && digitCount >= 2 && /[a-z]/i.test(run) ? parts.join(' ') : run;
}
const TATWEEL = /\u0640/g;
const INVISIBLE = /(?![\u200C\u200D\u{E0020}-\u{E007F}])[\p{Cf}\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/gu;

/**
 * The joiners that shape Persian words and emoji sequences (ZWNJ, ZWJ) go only beside an ASCII
 * character or a digit, where they join nothing; the tag characters of a flag (🏴 then tags) stay.
 */
const JOINER_BESIDE_ASCII = /(?<=[\x21-\x7E]|\p{Nd})[\u200C\u200D]+|[\u200C\u200D]+(?=[\x21-\x7E]|\p{Nd})/gu;
const STRAY_TAG = /(?<!\u{1F3F4}[\u{E0020}-\u{E007E}]{0,16})[\u{E0020}-\u{E007F}]/gu;

/**
 * Enclosed digits and letters that have no compatibility mapping (`❶ ➀ ➊ ⓵ ⓿`, `🅜 🅼`): read as
 * the digit or letter they enclose. Regional indicators (`🇲`) are left: two of them are a flag.
 */
function enclosed(c: string): string {
  const code = c.codePointAt(0)!;
  const from = (start: number, first: number) => String(code - start + first);
  if (code >= 0x2776 && code <= 0x277f) return from(0x2776, 1);
  if (code >= 0x2780 && code <= 0x2789) return from(0x2780, 1);
  if (code >= 0x278a && code <= 0x2793) return from(0x278a, 1);
  if (code >= 0x24eb && code <= 0x24f4) return from(0x24eb, 11);
  if (code >= 0x24f5 && code <= 0x24fe) return from(0x24f5, 1);
  if (code === 0x24ff) return '0';
  if (code >= 0x1f150 && code <= 0x1f169) return String.fromCharCode(0x41 + code - 0x1f150);
  if (code >= 0x1f170 && code <= 0x1f189) return String.fromCharCode(0x41 + code - 0x1f170);
  return c;
}
const ENCLOSED = /[\u2776-\u2793\u24EB-\u24FF\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}]/gu;

/**
 * The reading never writes a character HTML markup needs (`< > & " '`) where the text had none:
 * a note a client renders as HTML stays as inert as it was written. So a reference or a
 * compatibility form that reads as one (`&lt;`, `&#x3C;`, `&#xFE64;`, `﹤`, `＜`) stays as written,
 * and a tag goes only beside a digit (dropping `<b></b>` from `<<b></b>script>` would write a tag).
 */
const MARKUP = /[<>&"']/;
const readsAsMarkup = (c: string): boolean => MARKUP.test(c.normalize('NFKC'));
/** Control characters and noncharacters show nothing a reader could take for a value: their references stay as written. */
const UNSHOWN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/** HTML character references, read as their characters (but see MARKUP). Decoded by hand rather than with an entities library, for that exception. */
const NAMED_REFERENCES: Record<string, string> = {
  nbsp: '\u00A0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', shy: '', zwj: '', zwnj: '',
  ZeroWidthSpace: '', NoBreak: '', NegativeThinSpace: '', InvisibleTimes: '', InvisibleComma: '', commat: '@', period: '.', comma: ',', colon: ':', semi: ';', hyphen: '\u2010', dash: '\u2010', ndash: '\u2013', mdash: '\u2014', minus: '\u2212',
  num: '#', plus: '+', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', sol: '/', bsol: '\\', lowbar: '_', ast: '*', verbar: '|', excl: '!', quest: '?', percnt: '%', dollar: '$', Hat: '^', grave: '`', tilde: '~', equals: '=',
};
const CHARACTER_REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,24}));/g;
function decodeReference(reference: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) return NAMED_REFERENCES[name] ?? reference;
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return reference;
  const c = String.fromCodePoint(code);
  return readsAsMarkup(c) || UNSHOWN.test(c) ? reference : c;
}

/**
 * Inline tags and comments beside a digit (or a markdown mark by one), or inside a word of ASCII
 * letters, digits and `@ . -` (`alice@ex<b></b>ample.com`, `m-bu<!-- -->yer`), which show no
 * character of their own (`138<b></b>1234`, `**138**<b></b>**1234**`); a line break is one. Their
 * going writes no new tag: a tag starts with a letter after `<`, and a digit, a mark or such a word's character stands where `<` would.
 * A comment ends at its first `-->`: one free to run on to a later one made eight of them in a row
 * try every split (36 empty comments, 252 bytes, held the event loop 17 s).
 */
const INLINE_TAG = String.raw`(?:<\/?(?:a|b|i|q|u|s|em|strong|span|font|small|big|sub|sup|mark|del|ins|code|kbd|tt|var|abbr|cite|dfn|label|time|data|bdi|bdo|wbr|br)(?:\s[^<>]{0,1000})?\/?>|<!--(?:[^-]|-(?!->)){0,1000}-->)`;
/** Block tags a rich-text editor writes between lines (`<p>138</p><p>1234</p>`): between digits they read as a space, as the lines they make. */
const BLOCK_TAGS_BETWEEN_DIGITS = /(?<=\p{Nd})(?:<\/?(?:p|div|li|ul|ol|tr|td|th|h[1-6]|blockquote|section|article|header|footer|pre|table|tbody)(?:\s[^<>]{0,200})?\/?>){1,6}(?=\p{Nd})/giu;
/** Markdown's and quotes' marks: they may stand between a tag and its digit (`**138**<b></b>`), and beside a comma no list writes (scrub.ts). */
export const MARK = String.raw`[*_~^\u0060"']`;
const INLINE_TAG_BY_DIGIT = new RegExp(
  String.raw`(?<=\p{Nd}${MARK}{0,3}${INLINE_TAG}{0,8})${INLINE_TAG}|${INLINE_TAG}(?=${INLINE_TAG}{0,8}${MARK}{0,3}\p{Nd})|(?<=[A-Za-z0-9@.\-]${INLINE_TAG}{0,8})${INLINE_TAG}(?=${INLINE_TAG}{0,8}[A-Za-z0-9@.\-])`,
  'giu',
);

/**
 * Cyrillic and Greek letters drawn like Latin ones. Read as Latin only inside a mostly Latin word
 * that mixes them in (`Ѕtreet`, `аt`: half its letters or fewer, each a lookalike), which no
 * language writes: a Russian or Greek word keeps its own letters, and so does a Latin brand
 * before one (`Xiaomiтелефон`). A table of its own, not a confusables library: those map to Unicode's
 * skeletons, which rewrite Latin text too (`rn` as `m`).
 */
const LATIN_LOOKALIKE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l',
  А: 'A', В: 'B', Е: 'E', Ё: 'E', І: 'I', Ї: 'I', Ј: 'J', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ѕ: 'S', Һ: 'H', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Ӏ: 'I',
  ο: 'o', // Greek small letters are formulas' (`cosα`) more often than disguises: only those drawn as Latin ones
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  υ: 'u', τ: 't', ι: 'i', κ: 'k', ν: 'v', ρ: 'p', ε: 'e',
  // Armenian small letters drawn like Latin ones
  օ: 'o', ս: 'u', հ: 'h', ո: 'n', ց: 'g', ք: 'p', զ: 'q', ւ: 'L',
  // Cherokee capitals drawn like Latin ones (their small forms are added below)
  Ꭺ: 'A', Ᏼ: 'B', Ꮯ: 'C', Ꭰ: 'D', Ꭼ: 'E', Ꮐ: 'G', Ꮋ: 'H', Ꭻ: 'J', Ꮶ: 'K', Ꮮ: 'L', Ꮇ: 'M', Ꮲ: 'P', Ꭱ: 'R', Ꮪ: 'S', Ꭲ: 'T', Ꮩ: 'V', Ꮃ: 'W', Ꮓ: 'Z', Ꭵ: 'i',
};
// Cherokee small letters (U+AB70–U+ABBF, U+13F8–U+13FD) are the capitals U+13A0–U+13F5 drawn small: read as the small Latin letter.
for (const [capital, latin] of Object.entries(LATIN_LOOKALIKE)) {
  const code = capital.codePointAt(0)!;
  if (code >= 0x13a0 && code <= 0x13ef) LATIN_LOOKALIKE[String.fromCodePoint(code - 0x13a0 + 0xab70)] = latin.toLowerCase();
  if (code >= 0x13f0 && code <= 0x13f5) LATIN_LOOKALIKE[String.fromCodePoint(code - 0x13f0 + 0x13f8)] = latin.toLowerCase();
}
const MARK_CHAR = /\p{M}/u;
const MARKED_ASCII = /([A-Za-z])\p{M}+/gu;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;
function latinWord(word: string, offset: number, text: string): string {
  if (!CYRILLIC_OR_GREEK.test(word)) return word;
  const letters = Array.from(word);
  const others = letters.filter((c) => CYRILLIC_OR_GREEK.test(c));
  if (others.some((c) => !(c in LATIN_LOOKALIKE))) return word;
  const latin = letters.map((c) => LATIN_LOOKALIKE[c] ?? c).join('');
  // An id's prefix before its dash, whatever share of it is lookalikes (`о-1045`, `ԁеv-…`): the prefix it shows.
  if (letters.length <= 3 && LOOKALIKE_PREFIX.test(latin) && ID_DASH_AFTER.test(text.slice(offset + word.length, offset + word.length + 12))) return latin;
  return LATIN.test(word) && others.length * 2 <= letters.length ? latin : word;
}

/**
 * Latin small capitals (`ᴍ`, `ᴜ`, `ᴏ`): read as the letters they are drawn as. Phonetic
 * transcriptions use a few of them (`ɪ`, `ʀ`); a note in a marketplace is rarely one, and reads the same.
 */
const SMALL_CAPITAL: Record<string, string> = {
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ꞯ: 'q', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};
const SMALL_CAPITALS = new RegExp(`[${Object.keys(SMALL_CAPITAL).join('')}]`, 'gu');
const HAS_SMALL_CAPITAL = new RegExp(SMALL_CAPITALS.source, 'u');

/**
 * Letters drawn like a digit among digits (`1О41` with a Cyrillic О, `1З8`), up to three, one side
 * against a digit and the other against a digit or a group's separator before one
 * (`415 555 O199`, `4I5-555-OI99`): read as those digits.
 */
const DIGIT_LOOKALIKE: Record<string, string> = { О: '0', о: '0', Ο: '0', ο: '0', O: '0', o: '0', З: '3', з: '3', Ч: '4', ч: '4', б: '6', l: '1', I: '1', Ӏ: '1', ӏ: '1' };
const LOOKALIKE_DIGITS = `[${Object.keys(DIGIT_LOOKALIKE).join('')}]{1,3}`;
const BETWEEN_DIGITS = new RegExp(`(?<=\\p{Nd})${LOOKALIKE_DIGITS}(?=[ .\\-]?\\p{Nd})|(?<=\\p{Nd}[ .\\-])${LOOKALIKE_DIGITS}(?=\\p{Nd})`, 'gu');
const MAY_HOLD_DIGIT_LOOKALIKE = new RegExp(`\\p{Nd}[ .\\-]?${LOOKALIKE_DIGITS}\\p{Nd}|\\p{Nd}${LOOKALIKE_DIGITS}[ .\\-]?\\p{Nd}`, 'u');
/**
 * Digit groups written with Latin letters for some digits (`07700 9OO I23`): groups of digits
 * and `O`, `o`, `I`, `l`, each holding a digit, joined by single spaces, dots or hyphens. Where
 * they hold five digits or more they read as the number they show; `Win10 l0l` stays.
 */
const LETTERED_GROUPS = /(?<![\p{L}\p{N}])(?=[OoIl]*\d)[0-9OoIl]+(?:[ .\-](?=[OoIl]*\d)[0-9OoIl]+)+(?![\p{L}\p{N}])/gu;
const MAY_HOLD_LETTERED_GROUP = /\d[OoIl]|[OoIl]\d/;
function letteredGroups(run: string): string {
  // An order's key without its hyphen, maybe numbered on (`o1041-2`): the scrubber's, as a key, not a number.
  if (ORDER_KEY_GLUED.test(run)) return run;
  return (run.match(/\d/g)?.length ?? 0) >= 5 ? run.replace(/[OoIl]/g, (c) => DIGIT_LOOKALIKE[c]!) : run;
}
const ORDER_KEY_GLUED = /^[Oo]\d{4,}(?:-\d{1,2})*$/;

/**
 * Dashes drawn like a hyphen (`‐ ‑ – — − ー 一 ─ ➖`, every dash punctuation and their lookalikes)
 * and dots drawn like a full stop (`· ・ ․ 。`, digits drawn as a dot such as Arabic-Indic zero):
 * read as `-` and `.` where an id or an e-mail address has them, so `m‑ava`, `o–1045`,
 * `bob‑stone@example.com`, `alice・smith@example.com` and `alice@example٠com` are the ids and
 * addresses they show. Only there: after an id's prefix (`m`, `o`, `dev`, ...), beside a digit
 * (`SW–1001`, `1990–2000`), and inside an e-mail address; prose keeps its dashes (`Paris–London`).
 */
const DASH = String.raw`[\p{Pd}\u2212\u2043\u02D7\u02C9\u02CD\u2796\u2500\u2501\u2574\u2576\u2578\u23AF\u23BA-\u23BD\u30FC\uFF70\u4E00\u2F00\u3161\u1173\uFFDA\u2CBA\uA4FE\u2053\u{10191}]`;
/** A word for the lookalike reading: letters and marks, up to a dash drawn as a letter (`ー`, `一`), which stands between an id's prefix and the rest. */
const WORD = new RegExp(String.raw`(?:(?!${DASH})[\p{L}\p{M}])+`, 'gu');
const DOT = String.raw`[\u00B7\u2024\u2027\u2219\u22C5\u30FB\uFF65\u2E31\u2E33\u3002\uFF61\u0660\u06F0\uA4F8\u1427]`;
/**
 * Prefixes of the ids that name a person or their records: those that go on in letters
 * (`m-buyer`, `u-agent`, `dev-ava-phone`, `wx-…`, `sh-o-1046`, `cm-…`, `be-…`, `se-…`) join a dash
 * after them; those that go on in digits (`o-1041`, `t-4001`, `r-2001`) join it beside the digit.
 * Public ids (`p-trail-boots`, `a-…`, `q-…`, `c-…`) are not personal: `p–values` stays prose.
 */
const ID_PREFIX = String.raw`(?:m|u|dev|wx|sh|cm|be|se)`;
/**
 * An id's dash as written: one dash, or up to three with up to two spaces on one side or a line
 * break after (`o––1041`, `m –buyer`, `m- buyer`, `m-⏎buyer`). Spaces on both sides are prose's separator (`thank u - see you`).
 */
const GAP = String.raw`(?:[ \u00A0]{1,2}(?:-|${DASH}){1,3}|(?:-|${DASH}){1,3}(?:[ \u00A0]{0,2}|\r?\n))`;
/** Every personal id's prefix, those that go on in digits too. */
const ANY_ID_PREFIX = String.raw`(?:${ID_PREFIX}|o|t|r)`;
const LOOKALIKE_PREFIX = new RegExp(String.raw`^${ANY_ID_PREFIX}$`, 'i');
const LOOKALIKE_LETTER = `[${Object.keys(LATIN_LOOKALIKE).join('')}]`;
/** What follows an id's dash: a letter or digit, a digit of any script, or a lookalike letter read as Latin with the word it starts. */
const ID_DASH_AFTER = new RegExp(String.raw`^${GAP}(?:[A-Za-z0-9]|\p{Nd}|${LOOKALIKE_LETTER})`, 'u');
/** A dash or dot other than `-` and `.` themselves: most texts hold none, and skip the step. */
const JOINER = new RegExp(String.raw`(?![-.])(?:${DASH}|${DOT})`, 'gu');
const MAY_JOIN = new RegExp(JOINER.source, 'u');
const DASH_ALONE = new RegExp(`^${DASH}$`, 'u');
const ALNUM = /[A-Za-z0-9]/;
const ALNUM_OR_DIGIT = /[A-Za-z0-9]|\p{Nd}/u;
const DIGIT = /\p{Nd}/u;
/** An id so far, its parts joined by any dash (`u–merchant` before `–deer`). */
const ID_SO_FAR = new RegExp(String.raw`(?<![\p{L}\p{N}])${ID_PREFIX}(?:(?:-|${DASH})[A-Za-z0-9]+)*$`, 'iu');
/** The rest of an e-mail's local part, then its `@`. */
const LOCAL_PART_AFTER = /^[^\s@]{0,64}@/;
/** An `@` (or `艾特`, `圈`), or `at` spelled (bare, bracketed or quoted), then a domain so far. */
const DOMAIN_BEFORE = /(?:[@艾特圈]|(?<![\p{L}\p{N}])at(?:[\])}>»"'*]|\s))[^\S\r\n]{0,3}[^\s@]{0,253}$/iu;

/** Reads a dash or dot at `offset` as `-` or `.` where an id or an e-mail address has one (see {@link DASH}), else as written. */
function joined(c: string, offset: number, text: string): string {
  const before = text[offset - 1] ?? '';
  const after = String.fromCodePoint(text.codePointAt(offset + c.length) ?? 32);
  if (!ALNUM.test(before) || !ALNUM_OR_DIGIT.test(after)) return c;
  const dash = DASH_ALONE.test(c);
  const as = dash ? '-' : '.';
  const head = text.slice(Math.max(0, offset - 255), offset);
  if (DOMAIN_BEFORE.test(head) || LOCAL_PART_AFTER.test(text.slice(offset + c.length, offset + c.length + 66))) return as;
  if (!dash) return c;
  // Beside a digit: `o–1041`, `SW–1001`, and a range `1990–2000` reads as the range it is, not as one long number.
  if (DIGIT.test(before) || DIGIT.test(after)) return as;
  return ID_SO_FAR.test(text.slice(Math.max(0, offset - 64), offset)) ? as : c;
}

/**
 * An id whose dash is doubled, spaced or an underscore (`o––1041`, `m –buyer`, `m_buyer`): read with the
 * one `-` it stands for: a member's, user's, device's or login id's prefix alone as a word then a
 * word (`m`, `u`, `dev`, `wx`) and the parts after it, or any personal id's prefix then three digits
 * or more, whose dash may be spaced on both sides (`o - 1041`: no sentence reads so).
 */
const SPACED_ID = new RegExp(String.raw`(?<![\p{L}\p{N}'’])(?:(?:m|u|dev|wx)(?:${GAP}|_)[A-Za-z0-9]+(?:${GAP}[A-Za-z0-9]+)*|${ANY_ID_PREFIX}(?:${GAP}|[ \u00A0]{1,2}(?:-|${DASH}){1,3}[ \u00A0]{1,2})\p{Nd}{3,})(?![\p{L}\p{N}])`, 'giu');
/** The dashes and spaces of a {@link SPACED_ID}, each read as one `-`: the longest first. */
const GAPS = new RegExp(String.raw`[ \u00A0]{0,2}(?:-|${DASH}){1,3}(?:\r?\n|[ \u00A0]{0,2})|_`, 'gu');
const MAY_BE_SPACED = new RegExp(String.raw`--|[ \u00A0](?:-|${DASH})|(?:-|${DASH})[ \u00A0\r\n]|${DASH}{2}|(?<![\p{L}\p{N}])(?:m|u|dev|wx)_`, 'iu');
const singleDashes = (id: string) => id.replace(GAPS, '-');

/**
 * How a value is written inside markdown or a URL rather than disguised: a markdown escape before
 * a dash, dot, @ or underscore (`m\\-buyer`), percent-encoded ones (`m%2Dbuyer`, `alice%40example%2Ecom`,
 * `%2540` encoded twice), emphasis around a part (`**m**-buyer`, `alice@ex**ample**.com`, `**12** Harbour Road`),
 * and `@` doubled: read as the value written. Emphasis stays where it marks words (`**Bold** text`).
 */
const MARKDOWN_ESCAPE = /(?<=[A-Za-z0-9])\\(?=[-.@_])/g;
const PERCENT_TWICE = /%25(?=2[DdEe]|40|5[Ff])/g;
const PERCENT_ENCODED = /(?<=[A-Za-z0-9])%(2[DdEe]|40|5[Ff])(?=[A-Za-z0-9])/g;
const EMPHASIS = /(\*{2,3}|~~|__)([^\s*~_]{1,64}?)\1/g;
const VALUE_CHAR = /[A-Za-z0-9@.\-]/;
const CURRENCY = /\p{Sc}/u;
/** Emphasis, code or a tag pair around the words after a house number (`12 **Oak** Street`, `12 \u0060Oak\u0060 Street`, `12 <b>Oak</b> Street`): the street's name. */
const AFTER_HOUSE_NUMBER = String.raw`(?<=(?<![\p{L}\p{N}])\p{Nd}{1,6}[A-Za-z]?,?[^\S\r\n]{1,2})`;
const MARKED_STREET_NAME = new RegExp(String.raw`${AFTER_HOUSE_NUMBER}(\*{1,3}|~~|_{1,2}|\u0060)([^\s*~_\u0060]{1,64}(?:[^\S\r\n][^\s*~_\u0060]{1,64}){0,3}?)\1`, 'gu');
const TAGGED_STREET_NAME = new RegExp(String.raw`${AFTER_HOUSE_NUMBER}<(b|i|u|em|strong|span|mark|font|small|big)(?:\s[^<>]{0,200})?>([^<>]{1,100})<\/\1>`, 'giu');
const DOUBLED_AT = /@{2,}/g;
const MAY_BE_MARKED = /[\\%*~_@\u0060]/;
function asWritten(text: string): string {
  return text
    .replace(MARKDOWN_ESCAPE, '')
    .replace(PERCENT_TWICE, '%')
    .replace(PERCENT_ENCODED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(EMPHASIS, (run: string, _mark: string, inner: string, offset: number, whole: string) =>
      // A part of a value: a number (`**12** Harbour Road`), or a part joined to the rest without a space (`**m**-buyer`); `**Bold** text` stays,
      // and so does a price (`~~$59~~ **$39**`: struck out, the old price would read as the current one).
      !CURRENCY.test(inner) && (DIGIT.test(inner) || VALUE_CHAR.test(whole[offset - 1] ?? '') || VALUE_CHAR.test(whole[offset + run.length] ?? '')) ? inner : run,
    )
    .replace(DOUBLED_AT, '@')
    .replace(MARKED_STREET_NAME, '$2');
}

/** An id whose letters carry accents (`m-búyer`, `ḿ-buyer`): read without them, as the id it shows. */
const ACCENTED_ID = new RegExp(String.raw`(?<![\p{L}\p{N}])${ANY_ID_PREFIX}\p{M}*-[\p{L}\p{M}\p{N}-]{0,64}[^\x00-\x7F][\p{L}\p{M}\p{N}-]{0,64}|(?<![\p{L}\p{N}])[^\x00-\x7F\s]\p{M}*-[A-Za-z0-9]`, 'giu');
const NON_ASCII = /[^\x00-\x7F]/;
const PRINTABLE_ASCII = /^[\x21-\x7E]+$/;
const STARTS_AS_ID = new RegExp(String.raw`^${ANY_ID_PREFIX}-`, 'i');
const unaccented = (id: string) => {
  const bare = id.normalize('NFD').replace(/\p{M}+/gu, '');
  // Only where the accents were all there was to it: another script's word stays as written.
  return PRINTABLE_ASCII.test(bare) && STARTS_AS_ID.test(bare) ? bare : id;
};

/** The text as the scrubber's passes read it. Each step runs only on a text that holds what it reads: most notes hold none, and a list scrubs one per row. */
export function readForScrub(text: string): string {
  // Spaces a keyboard seldom types (vertical tab, form feed, next line, the Ogham space) read as one; a tatweel, which only stretches a line, as nothing;
  // number words glued in camel case (`oneThreeEight`) as the words they are.
  const spaced = text.replace(ODD_SPACE, ' ').replace(TATWEEL, '').replace(GLUED_NUMBER_WORDS, (run) => run.match(NUMBER_WORD_PART)!.join(' '));
  const referenced = spaced.includes('&') ? spaced.replace(CHARACTER_REFERENCE, decodeReference) : spaced;
  const untagged = referenced.includes('<') ? referenced.replace(BLOCK_TAGS_BETWEEN_DIGITS, ' ').replace(TAGGED_STREET_NAME, '$2').replace(INLINE_TAG_BY_DIGIT, (tag) => (/^<\/?br\b/i.test(tag) ? '\n' : '')) : referenced;
  // Every form, invisible character, joiner, tag character and mark below is outside ASCII: an ASCII text skips them all.
  const read = !NON_ASCII.test(untagged)
    ? untagged
    : untagged
        .replace(CIRCLED_AT, '@')
        .replace(COMPATIBILITY_FORMS, (c) => (readsAsMarkup(c) ? c : c.normalize('NFKC')))
        .replace(ENCLOSED, enclosed)
        .replace(INVISIBLE, '')
        .replace(JOINER_BESIDE_ASCII, '')
        .replace(STRAY_TAG, '')
        .replace(/([^\p{L}\p{M}])\p{M}+/gu, '$1'); // a mark over a digit, a space or a sign (an underline) leaves it: only letters carry marks
  const plain = MAY_BE_MARKED.test(read) ? asWritten(read) : read;
  // Marks over an ASCII letter that make no letter of a language (`m̀-optout`, an underline) disguise it: they go; `é` written as e + ◌́ stays.
  const unmarked = MARK_CHAR.test(plain) ? plain.replace(MARKED_ASCII, (run, letter: string) => (Array.from(run.normalize('NFC')).length === 1 ? run : letter)) : plain;
  const between = MAY_HOLD_DIGIT_LOOKALIKE.test(unmarked) ? unmarked.replace(BETWEEN_DIGITS, (run) => Array.from(run, (c) => DIGIT_LOOKALIKE[c]!).join('')) : unmarked;
  const lookalikes = MAY_HOLD_LETTERED_GROUP.test(between) ? between.replace(LETTERED_GROUPS, letteredGroups) : between;
  // Digits and number words glued (`1three8`), read once the forms, references and invisible characters that hid them are read: as the digits and words they are.
  const digits = DIGIT_BESIDE_LETTER.test(lookalikes) ? lookalikes.replace(DIGITS_AND_WORDS, gluedDigitsAndWords) : lookalikes;
  const capitals = HAS_SMALL_CAPITAL.test(digits) ? digits.replace(SMALL_CAPITALS, (c) => SMALL_CAPITAL[c]!) : digits;
  const latin = CYRILLIC_OR_GREEK.test(capitals) ? capitals.replace(WORD, latinWord) : capitals;
  const joinedText = MAY_JOIN.test(latin) ? latin.replace(JOINER, joined) : latin;
  const single = MAY_BE_SPACED.test(joinedText) ? joinedText.replace(SPACED_ID, singleDashes) : joinedText;
  return NON_ASCII.test(single) ? single.replace(ACCENTED_ID, unaccented) : single;
}
