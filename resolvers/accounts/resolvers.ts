import unhomoglyph from 'unhomoglyph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { SubgraphContext } from '../subgraph-context.js';
import { GraphQLError } from 'graphql';
import { Guardianship, LoginBinding, Member, RealNameVerification } from './member.entity.js';
import { actingSubject, callerMember, isGuardianOf, isMinor } from '../acting-subject.js';
import { accountsFacts, ageOn, isWard } from './facts.js';
import { minorAge } from '../policy-in-force.js';
import { REAUTHENTICATION_REQUIRED, reauthProblem } from '../../schema/data-subject-requests.js';
import { NICKNAME_COPIES } from '../../schema/privacy-contract.js';
import { ANONYMOUS_NICKNAME, SCRUB_TOKENS, digitWordAlternation, scrub } from '../../directives/transforms/index.js';
import { passesForAnonymous } from './reads-as.js';

/** The member-editable profile fields (P-61), as in schema/accounts.graphql `ProfileCorrection`. */
const CORRECTABLE = ['nickname', 'gender', 'avatar', 'name', 'phone', 'email', 'birthDate'] as const;
type Correction = Partial<Record<(typeof CORRECTABLE)[number], string | null>>;

const badInput = (message: string): never => {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
};

/** Checks a correction and returns the column changes: trimmed, an empty string clearing an optional field. */
export function correctionChanges(input: Correction): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const key of CORRECTABLE) {
    if (!(key in input) || input[key] === undefined) continue;
    const raw = input[key];
    const value = raw === null ? null : raw.trim() === '' ? null : raw.trim();
    if (value !== null && value.length > 200) badInput(`${key} is too long`);
    // Shown to other people (stores, carriers, reviews' readers): a control or formatting character
    // (a direction mark, a zero-width space, a tag), a letter that shows as blank, or half a
    // surrogate pair makes the value read as another one. The zero-width joiners (U+200C, U+200D)
    // stay: Persian and Indic names and emoji sequences need them.
    if (value !== null && INVISIBLE.test(value)) badInput(`${key} holds a control, invisible or blank character`);
    if (value !== null && key === 'nickname' && !/[\p{L}\p{N}]/u.test(value)) badInput('nickname needs a letter or a digit');
    // The stand-in of an anonymous or cancelled author (P-31, P-62) is nobody's nickname: a member
    // under it made their signed reviews read as anonymous ones, and others' anonymous ones as theirs.
    if ((key === 'nickname' || key === 'avatar') && value !== null && passesForAnonymous(key === 'avatar' ? avatarFileName(value) : value, ANONYMOUS_NICKNAME)) badInput(`"${ANONYMOUS_NICKNAME}" is the stand-in for anonymous authors, in any language: not a nickname or an avatar's name (P-31)`);
    if (key === 'nickname' && value === null) badInput('nickname cannot be cleared');
    // Shown to every visitor beside the member's reviews and homepage, as written: contact details, an
    // id or markup there would reach everyone unscrubbed (public texts are scrubbed, P-70, P-41).
    if ((key === 'nickname' || key === 'gender') && value !== null && !publicProfileValue(value, key)) {
      badInput(`${key} is shown to everyone: it may not hold contact details, a messaging account, an id or markup (at most ${MAX_NUMERALS[key]} digits or number words)`);
    }
    // A phone spelled a word per digit takes seven words, in any language a list may miss: a nickname holds six at most, a gender five.
    if (value !== null && (key === 'nickname' || key === 'gender') && value.split(/[\s\p{P}\p{S}]+/u).filter(Boolean).length > MAX_WORDS[key]) badInput(`${key} is shown to everyone: at most ${MAX_WORDS[key]} words`);
    // The age decides who manages the account (P-70): an unknown age counts as a minor's, so clearing
    // it brought an adult back under a former guardian. Corrected, never removed.
    if (key === 'birthDate' && value === null) badInput('birthDate cannot be cleared: it is corrected, not removed (P-70)');
    if (key === 'email' && value !== null && !EMAIL.test(value)) badInput('email is not an e-mail address');
    // An avatar is a picture the marketplace serves: a remote URL would track the profile's readers,
    // and a `javascript:` one runs in a storefront that links it.
    if (key === 'avatar' && value !== null && !/^\/static\/avatars\/[A-Za-z0-9_-]{1,100}\.(?:png|jpe?g|gif|webp)$/i.test(value)) badInput('avatar must be one of the marketplace\'s avatar pictures: its path in static/avatars, with a leading slash, ending in png, jpg, gif or webp');
    // Its file name is shown to every visitor as written, like a nickname.
    if (key === 'avatar' && value !== null && !publicProfileValue(avatarFileName(value), 'nickname')) {
      badInput(`avatar is shown to everyone: its file name may not hold contact details, a messaging account, an id or markup (at most ${MAX_NUMERALS.nickname} digits or number words)`);
    }
    if (key === 'phone' && value !== null && (!/^\+?[0-9 ().-]{5,24}$/.test(value) || (value.match(/[0-9]/g)?.length ?? 0) < 5)) badInput('phone is not a phone number');
    // A calendar day: Date.parse rolls 1997-02-31 over into March, so the day must come back as written.
    if (key === 'birthDate' && value !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)) || new Date(Date.parse(value)).toISOString().slice(0, 10) !== value)) badInput('birthDate must be YYYY-MM-DD, a day of the calendar');
    // A birth date after today is no one's: it made an adult "under 14" with no guardian to undo it (P-70).
    if (key === 'birthDate' && value !== null && (Date.parse(value) > Date.now() || value < '1900-01-01')) badInput('birthDate must be a day between 1900-01-01 and today');
    changes[key] = value;
  }
  return changes;
}

/**
 * A messaging or payment app named in a short public value (`vx: alicew88`, `tg alicew`, `加V alicew88`,
 * `venmo1 alicew`): in a nickname it can only point to an account there. A digit after the name still
 * names it; separators inside it (`cash_app`, `pay pal`) too. Free text keeps its own, looser reading
 * (`my wechat is broken` stays a sentence). `line`, `signal` and `x` are words in nicknames, and so are
 * `snap`, `sc` and "find me": those count only where a handle follows a colon or an `@`
 * (`sc: alicew`, `find me @alicew`), a digit follows (`snap2`) or `on` precedes them (`on sc`):
 * `snap alicewalker` passes, as `Oh Snap` and `SC Freiburg` must.
 */
const APP_NAME = String.raw`wechat|weixin|wei[\s_-]?xin|wx|vx|telegramm?|tg|skype|qq|instagram|insta|ig|twitter|facebook|fb|whatsapp|snapchat|kakao(?:talk)?|discord|weibo|tiktok|douyin|viber|threema|kik|line[\s_-]?id|linkedin|cash[\s_-]?app|venmo|pay[\s_-]?pal|twitch|onlyfans|messenger|imessage|zalo|bsky|bluesky|reddit|hmu`;
const MESSAGING_APP = new RegExp(
  String.raw`(?<![A-Za-z])(?:${APP_NAME})(?![A-Za-z])` +
    String.raw`|(?<![A-Za-z])(?:snap|sc)\d|(?<![A-Za-z])(?:snap|sc|line|signal|x|threads|steam|psn|xbox|github|gitlab|roblox|epic|battle\.?net|(?:dm|add|find|msg|text|ping|reach|follow|pm)[\s_]?me)\s*[:：@]|(?<![A-Za-z])on\s+(?:snap|sc|signal|line|threads|steam|github)(?![A-Za-z])|(?<![A-Za-z])(?:pm|dm)[\s_]?me(?![A-Za-z])|(?<![A-Za-z])github(?![A-Za-z])|#\d{4}(?!\d)` +
    String.raw`|(?:^|\s)\$\s?\p{L}|(?<![A-Za-z0-9])(?:t|m|wa|line)\s*(?:\.|dot)\s*me(?![A-Za-z0-9])|(?<![A-Za-z0-9])u\/[A-Za-z0-9_]` +
    String.raw`|\+\s?[vVＶ](?![A-Za-z])|加\s*[vVＶ微薇]|[vV]信|微\s*信|威信|薇信|徽信|扣扣|企鹅|微博|抖音|小[红紅]书|小[红紅]書|绿泡泡|綠泡泡|电报|電報`,
  'iu',
);
/** A character reference (`&lt;`), a script or data URL, or a web address (`www.alicew.net`, `bobstone.net`, `alice.walker.name`): a nickname names no page. */
const MARKUP_OR_LINK = /&#?[A-Za-z0-9]{1,10};|(?:javascript|vbscript|data)\s*:|https?:|www\.|[A-Za-z0-9-]{2,}\.(?:com|net|org|name|me|io|co|info|biz|app|dev|xyz|site|online|page|blog|link|ly|tv|cn|uk|de|fr|jp|ru|us|ca|au|social)(?![A-Za-z0-9])/iu;
/** A name and a year or a lucky number (`Gamer2024`, `Kitty1314`): the scrubber reads it as an id, a nickname it is. */
const NAME_AND_NUMBER = /^(?:\p{L}+\d{1,4}|\d{1,4}\p{L}+)$/u;

/**
 * Digits of any script, Chinese
 * numerals and English number words, glued or not (`oneThreeEight`): a phone needs seven of them
 * however they are spelled or separated (`一三八/一二三四`, `one three eight`), and a visitor reads
 * the nickname and the gender side by side, so together they hold fewer than any phone. A teen or a
 * ten spells two digits.
 */
const NUMERAL = /\p{N}|[〇零一二三四五六七八九十百千两兩幺壹贰貳叁參肆伍陆陸柒捌玖]|(eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)|zero|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand/giu;
const MAX_NUMERALS = { nickname: 4, gender: 1 } as const;
const MAX_WORDS = { nickname: 6, gender: 5 } as const;
const AVATAR_FOLDER = '/static/avatars/';
/** An avatar path's file name without its extension: what a visitor reads of it. */
const avatarFileName = (avatar: string) => (avatar.startsWith(AVATAR_FOLDER) ? avatar.slice(AVATAR_FOLDER.length) : avatar).replace(/\.[A-Za-z]+$/, '');
/** A mail provider named in a short public value (`bob.stone92 gmail`, `gmail: bobstone`): the rest is a mailbox. */
const MAIL_PROVIDER = /gmail|googlemail|hotmail|outlook|yahoo|ymail|icloud|foxmail|protonmail|gmx|yandex|aol\b|zoho|fastmail|邮箱|郵箱/iu;

/** The value with compatibility forms and accents read plain (`ｗéchat` is `wechat`). */
const plain = (value: string) => value.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '');

/**
 * The digits the public profile values spell together (a phone has seven at least). Of the avatar's
 * file name a single digit between letters does not count: the marketplace's own names put them so
 * (`u7k2q9`), where no number reads; its digits in a row and its number words do.
 */
const MAX_NUMERALS_SHOWN = 6;
function numeralsShown(nickname: string, gender: string, avatar: string): number {
  const count = (value: string) => Math.max(numerals(plain(value)), numerals(unhomoglyph(plain(value))));
  const file = avatarFileName(avatar);
  return count(nickname) + count(gender) + count(file.replace(/(?<=\p{L})\p{Nd}(?=\p{L}|$)/gu, ''));
}

/**
 * Digit words of other languages (directives/transforms/digit-words.ts), as whole words and read
 * as the value is (without accents or marks; `zero` and `six` are NUMERAL's already), and Roman numerals. A run of three Korean or
 * Japanese digit syllables or more (`일삼팔`, `いちさんはち`) counts each.
 */
const NUMERAL_WORD_ELSEWHERE = new RegExp(String.raw`(?<!\p{L})(?:${digitWordAlternation((word) => (/^(?:zero|six)$/.test(word) ? '' : plain(word).toLowerCase()))}|i{1,3}|iv|vi{1,3}|ix)(?!\p{L})`, 'giu');
const DIGIT_SYLLABLES = /[영공일이삼사오육칠팔구]{3,}|(?:いち|さん|よん|ろく|なな|しち|はち|きゅう|ぜろ|れい|に|し|ご|く){3,}/gu;
const DIGIT_SYLLABLE = /いち|さん|よん|ろく|なな|しち|はち|きゅう|ぜろ|れい|[영공일이삼사오육칠팔구にしごく]/gu;

/** How many digits the value spells (see {@link NUMERAL}, {@link NUMERAL_WORD_ELSEWHERE}). */
function numerals(value: string): number {
  let count = 0;
  for (const match of value.matchAll(NUMERAL)) count += match[1] ? 2 : 1;
  count += value.match(NUMERAL_WORD_ELSEWHERE)?.length ?? 0;
  // Syllables composed again: the plain reading decomposed Hangul into its letters.
  for (const run of value.normalize('NFC').match(DIGIT_SYLLABLES) ?? []) count += run.match(DIGIT_SYLLABLE)?.length ?? 0;
  return count;
}

/** Whether a nickname or gender may be shown to everyone as written: no markup, nothing the scrubber replaces, no messaging app or mail provider named, few numerals. */
function publicProfileValue(value: string, key: keyof typeof MAX_NUMERALS): boolean {
  const read = plain(value);
  // Read plain and with lookalike letters read as the letters they pass for (`ѕnар`, `ᏚᏟ`).
  const skeleton = unhomoglyph(read);
  // Markup however written (`＜b＞` reads as `<b>`, `&lt;script&gt;` in a page that decodes it), a script URL, a web page.
  if (/[<>]/.test(value) || /[<>]/.test(read) || MARKUP_OR_LINK.test(read) || MESSAGING_APP.test(read) || MESSAGING_APP.test(skeleton) || MAIL_PROVIDER.test(read) || MAIL_PROVIDER.test(skeleton)) return false;
  // Letters of another script that look like digits (`З`, `б`) count as the digits a reader sees.
  if (Math.max(numerals(read), numerals(skeleton)) > MAX_NUMERALS[key]) return false;
  const scrubbed = scrub(value);
  return scrubbed === value || (key === 'nickname' && scrubbed === '[id]' && NAME_AND_NUMBER.test(value));
}

/**
 * Whether the nickname, the gender and the avatar's file name, each accepted alone, say nothing
 * more read one after another, in any order, as a page may lay them out: `alicew88 at` beside
 * `walkerfam dot org` is an e-mail address.
 */
function readApartAsTogether(values: string[]): boolean {
  const shown = values.filter(Boolean);
  // Contact details only: a word after an app's name reads as its handle in free text (`Oh Snap` beside
  // `non-binary`), and a nickname may hold such a pair (`Snap Dragon`, see MESSAGING_APP).
  const contacts = (text: string | null) => text?.match(CONTACT_TOKEN)?.length ?? 0;
  for (const order of orders(shown)) {
    if (order.length < 2) continue;
    const together = order.join(' ');
    const read = plain(together);
    if (MARKUP_OR_LINK.test(read) || MESSAGING_APP.test(read) || MAIL_PROVIDER.test(read)) return false;
    if (contacts(scrub(together)) > order.reduce((sum, value) => sum + contacts(scrub(value)), 0)) return false;
  }
  return true;
}
/** Every ordering of one or more of `values` (three values: three singles, which the caller skips, six pairs and six triples). */
function orders(values: string[]): string[][] {
  if (values.length <= 1) return values.map((v) => [v]);
  const out: string[][] = [];
  values.forEach((value, i) => {
    const rest = values.filter((_, j) => j !== i);
    out.push([value]);
    for (const tail of orders(rest)) out.push([value, ...tail]);
  });
  return out;
}
/** An avatar's file name as words (`walkerfam-dot-org`): what a visitor reads of it. */
const avatarWords = (avatar: string) => (avatar ? avatarFileName(avatar).replace(/[-_]+/g, ' ') : '');
const CONTACT_TOKEN = new RegExp([SCRUB_TOKENS.email, SCRUB_TOKENS.phone, SCRUB_TOKENS.address].map((t) => t.replace(/[[\]]/g, '\\$&')).join('|'), 'g');

/**
 * An address mail servers deliver to: RFC 5322's unquoted local part (no `<`, `"`, spaces or
 * brackets that a partner's page or mail client would read as markup) at a domain of letters,
 * digits and hyphens with a top-level label of two letters or more.
 */
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Control and format characters but the zero-width joiners, letters that show as blank, lone surrogates, line separators. */
const INVISIBLE = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Cs}\u034F\u115F\u1160\u180E\u2028\u2029\u2800\u3164\uFFA0]/u;

/** The most distinct ids `members(ids:)` answers (schema/accounts.graphql). */
export const MAX_MEMBER_IDS = 100;

/** A cancelled member resolves to nothing (P-62): their rows are anonymized, never served. */
const live = (member: any) => (member && !member.cancelledAt ? member : null);

/** A member another subgraph refers to, by id: the live row (a cancelled account's is none). */
const memberByReference = async (ref: { id: string }, ctx: SubgraphContext) => live(await ctx.loaders.byId(Member).load(ref.id));

export const accountsResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    me: async (_, __, ctx) => {
      const member = callerMember(ctx);
      return member ? live(await ctx.loaders.byId(Member).load(member)) : null;
    },
    member: async (_, { id }, ctx) => live(await ctx.loaders.byId(Member).load(id)),
    members: async (_, { ids }: { ids: string[] }, ctx) => {
      // Each member once, at most MAX_MEMBER_IDS of them: 2,000 copies of one id were 2,000 rows to decide and audit.
      const distinct = [...new Set(ids)];
      if (distinct.length > MAX_MEMBER_IDS) throw new GraphQLError(`members(ids:) takes at most ${MAX_MEMBER_IDS} distinct ids, got ${distinct.length}`, { extensions: { code: 'BAD_USER_INPUT', argument: 'ids' } });
      return (await ctx.loaders.byId(Member).loadMany(distinct)).map(live).filter(Boolean);
    },
  },
  Mutation: {
    /**
     * P-61: the member corrects their own profile (a guardian their ward's, P-70). A data-subject
     * request (P-64): it needs a recent identity confirmation and is recorded, completed, in the
     * same transaction as the change.
     */
    updateMyProfile: async (_, args: { input: Correction; memberId?: string | null }, ctx) => {
      // P-70: the privacy officer, under legal obligation with a case, corrects a member's birth date
      // (and nothing else): the one correction neither a minor nor their guardian makes.
      const officer = Boolean(args.memberId) && ctx.callerRole === 'privacy_officer' && ctx.callerPurpose === 'essential.legal_obligation' && Boolean(ctx.callerCase);
      const { subject, asGuardian } = officer ? { subject: args.memberId!, asGuardian: false } : await actingSubject(ctx.em, ctx, args.memberId, 'correct the profile');
      const problem = reauthProblem(ctx.callerAuthTime);
      if (problem) throw new GraphQLError(problem, { extensions: { code: REAUTHENTICATION_REQUIRED, rule: 'P-64' } });
      const changes = correctionChanges(args.input ?? {});
      if (officer && Object.keys(changes).some((key) => key !== 'birthDate')) {
        throw new GraphQLError("the privacy officer corrects only a member's birth date; everything else is the member's or their guardian's (P-61, P-70)", { extensions: { code: 'FORBIDDEN', rule: 'P-70' } });
      }
      // An officer's correction without a birth date would be a read of the profile that the member
      // then sees as a request ("corrected: nothing"), telling them a case is open (P-80, P-81).
      if (officer && !('birthDate' in changes)) {
        throw new GraphQLError("the privacy officer's correction gives the member's birth date, the one field that is theirs to correct (P-70)", { extensions: { code: 'BAD_USER_INPUT', rule: 'P-70' } });
      }
      // Nothing to change is no correction: refused before a request is recorded (written, it changed no row and read as a conflict).
      if (!Object.keys(changes).length) throw new GraphQLError('the correction names no field to change: give at least one in input', { extensions: { code: 'BAD_USER_INPUT', argument: 'input' } });
      // The member reads this record (their requests, their download): staff are named by role, as in the
      // download's audit; who the officer is and the case are in the access audit, the officer's (P-80, P-81).
      const note = `corrected: ${Object.keys(changes).join(', ')}${officer ? ' (privacy officer)' : ''}`;
      const check = async (em: typeof ctx.em, refresh = false) => {
        const member = live(await em.findOne(Member, { id: subject }, { refresh }));
        if (!member) throw new GraphQLError('no such member', { extensions: { code: 'NOT_FOUND' } });
        // A visitor reads the nickname, the gender and the avatar side by side: together they spell no phone.
        const shown = (key: 'nickname' | 'gender' | 'avatar') => (key in changes ? (changes[key] as string | null) : (member as any)[key]) ?? '';
        if (numeralsShown(shown('nickname'), shown('gender'), shown('avatar')) > MAX_NUMERALS_SHOWN) {
          badInput(`nickname, gender and avatar are shown to everyone side by side: together they hold at most ${MAX_NUMERALS_SHOWN} digits or number words`);
        }
        if (!readApartAsTogether([shown('nickname'), shown('gender'), avatarWords(shown('avatar'))])) {
          badInput('nickname, gender and avatar are shown to everyone side by side: together they may not hold contact details, a messaging account, an id or markup');
        }
        // P-70: the age decides what a child may do alone, so a minor does not change their own birth
        // date; the privacy officer does (recorded like every correction).
        if ('birthDate' in changes && !asGuardian && !officer && (await isMinor(em, subject))) {
          throw new GraphQLError(`a member under ${minorAge()} cannot change their own birth date; the privacy officer corrects it (P-70)`, { extensions: { code: 'FORBIDDEN', rule: 'P-70' } });
        }
        // Nor does anyone but the officer move the birthday that ends childhood by a correction (P-70): a guardian
        // making the ward older ends the ward's protection sooner, younger keeps the guardian in
        // charge for years; an adult making themselves a child could change nothing back.
        const newDate = typeof changes.birthDate === 'string' ? changes.birthDate : null;
        if (newDate !== null && !officer && asGuardian && newDate !== member.birthDate) {
          throw new GraphQLError(`a guardian does not correct the ward's birth date: it decides when the guardianship ends at ${minorAge()}; the privacy officer corrects it (P-70)`, { extensions: { code: 'FORBIDDEN', rule: 'P-70' } });
        }
        const newAge = newDate === null ? null : ageOn(newDate);
        if (newAge !== null && !officer && !asGuardian && newAge < minorAge()) {
          throw new GraphQLError(`a birth date that makes a member under ${minorAge()} is set by the privacy officer, not by the member (P-70)`, { extensions: { code: 'FORBIDDEN', rule: 'P-70' } });
        }
        return member;
      };
      const before = await check(ctx.em);
      // The privacy subgraph owns the requests (P-64): the correction is recorded there, over its
      // signed contract, before it is applied. No record, no correction (fail closed).
      const recorded = await ctx
        .privacyRequests({ op: 'record', memberId: subject, kind: 'correction', requestedBy: officer ? null : ctx.callerSub, authTime: ctx.callerAuthTime, status: 'in_progress', note })
        .catch((error) => {
          console.error(`subgraph accounts: correction not recorded, not applied: ${(error as Error).message}`);
          throw new GraphQLError('the correction could not be recorded, so it was not applied; try again later (P-64)', { extensions: { code: 'SERVICE_UNAVAILABLE', rule: 'P-64' } });
        });
      const id = 'request' in recorded ? recorded.request?.id : undefined;
      if (!id) throw new GraphQLError('the correction could not be recorded, so it was not applied; try again later (P-64)', { extensions: { code: 'SERVICE_UNAVAILABLE', rule: 'P-64' } });
      const renamed = typeof changes.nickname === 'string' && changes.nickname !== before.nickname ? changes.nickname : null;
      let member;
      try {
        // The copies of the nickname first (a homepage is found by it, P-34): a rename they did not
        // take would leave the homepage found by the old nickname, which then names the new one.
        if (renamed) {
          await ctx.correctCopies(NICKNAME_COPIES, { memberId: subject, nickname: renamed }).catch((error) => {
            console.error(`subgraph accounts: correction ${id} not applied, its copies did not take it: ${(error as Error).message}`);
            throw new GraphQLError('the correction could not reach every copy of the nickname, so it was not applied; try again later (P-61)', { extensions: { code: 'SERVICE_UNAVAILABLE', rule: 'P-61' } });
          });
        }
        try {
          member = await ctx.em.transactional(async (tx) => {
            const current = await check(tx, true);
            // A guardianship that ended since the request began (the ward turned 14, their birth date
            // corrected, the guardian cancelled) corrects nothing any more (P-70).
            if (asGuardian && !(await isGuardianOf(tx, ctx.callerSub!, subject))) {
              throw new GraphQLError('only the member or their linked guardian may correct the profile for this member (P-70)', { extensions: { code: 'FORBIDDEN', rule: 'P-70' } });
            }
            // Written only while the account is live (and, for a guardian, its birth date the one just
            // read), in the statement itself: a cancellation that committed since the check (its erasure)
            // is not written over with the corrected values (P-62), nor a ward's 14th birthday corrected in (P-70).
            const written = await tx.nativeUpdate(Member, { id: subject, cancelledAt: null, ...(asGuardian ? { birthDate: current.birthDate } : {}) }, changes);
            if (written !== 1) throw new GraphQLError('the account was cancelled or changed while the correction was made: nothing was corrected', { extensions: { code: 'CONFLICT' } });
            return tx.findOneOrFail(Member, { id: subject }, { refresh: true });
          });
        } catch (error) {
          // Put the copies back under the nickname that stayed (best effort: a copy that missed it is found by a name no one has).
          if (renamed) await ctx.correctCopies(NICKNAME_COPIES, { memberId: subject, nickname: before.nickname }).catch(() => undefined);
          throw error;
        }
      } catch (error) {
        // Not applied: the record says so (best effort; left in_progress it stays open and visible),
        // unlinked from a member whose cancellation came in meanwhile, like their other requests (P-62).
        const cancelled = (await accountsFacts(ctx.em, [subject]).catch(() => ({}) as Record<string, { cancelled?: boolean }>))[subject]?.cancelled === true;
        await ctx.privacyRequests({ op: 'update', id, status: 'rejected', ...(cancelled ? { unlinkMember: true } : {}) }).catch(() => undefined);
        throw error;
      }
      // Applied: the record is completed. Should this call fail, the record stays in_progress, an
      // open request the privacy officer sees (and P-64's due date flags), never a silent change.
      await ctx.privacyRequests({ op: 'update', id, status: 'completed' }).catch((error) => {
        console.error(`subgraph accounts: correction ${id} applied, its record left in_progress: ${(error as Error).message}`);
      });
      return member;
    },
  },
  /** A shared review's author (P-32): the member's row, of which the type declares nickname and avatar only. */
  SharedAuthor: { __resolveReference: memberByReference } as any,
  Member: {
    __resolveReference: memberByReference,
    realNameVerification: (member: any, _: unknown, ctx: SubgraphContext) => ctx.loaders.byId(RealNameVerification, 'memberId').load(member.id),
    loginBindings: (member: any, _: unknown, ctx: SubgraphContext) => ctx.loaders.manyBy(LoginBinding, 'memberId').load(member.id),
    wards: async (member: any, _: unknown, ctx: SubgraphContext) => {
      const links = await ctx.loaders.manyBy(Guardianship, 'guardianId').load(member.id);
      const wards = await ctx.loaders.byId(Member).loadMany(links.map((l: any) => l.minorId));
      return wards.filter((w: any) => isWard(w));
    },
  } as any,
  RealNameVerification: {
    verifiedAt: (row: any) => row.verifiedAt?.toISOString?.() ?? row.verifiedAt ?? null,
  },
};
