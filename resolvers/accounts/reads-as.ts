import unhomoglyph from 'unhomoglyph';

/** Small capitals read as their letters (`ᴀ` is an `a` to a reader); NFKC leaves them. */
const SMALL_CAPITALS: Record<string, string> = { '\u1D00': 'a', '\u0299': 'b', '\u1D04': 'c', '\u1D05': 'd', '\u1D07': 'e', '\u0262': 'g', '\u029C': 'h', '\u026A': 'i', '\u1D0A': 'j', '\u1D0B': 'k', '\u029F': 'l', '\u1D0D': 'm', '\u0274': 'n', '\u1D0F': 'o', '\u1D18': 'p', '\u0280': 'r', '\uA731': 's', '\u1D1B': 't', '\u1D1C': 'u', '\u1D20': 'v', '\u1D21': 'w', '\u028F': 'y', '\u1D22': 'z' };

/**
 * Whether `value` reads as `word` to a person: in any case, width or punctuation, with accents or
 * hooks on its letters, in letters of another script that look the same (Cyrillic `А`, Greek `Ο`:
 * Unicode's confusables, `unhomoglyph`), and with up to two letters or symbols no confusable table
 * knows (`Anonymouʂ`, `Anonymou$`, `Anonymou5`) standing in for the word's own, and with symbols
 * or digits around it (`Anonymous™`, `~Anonymous~`, `Anonymous1`).
 */
export function readsAs(value: string, word: string): boolean {
  const bare = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');
  const skeletons = (text: string) => [text, text.toLowerCase(), text.toUpperCase()].map((t) => bare(unhomoglyph(t)).toLowerCase());
  const lettersOf = (text: string) => bare(text.normalize('NFKC')).replace(/[^\p{L}\p{N}\p{S}]/gu, '').replace(/./gu, (c) => SMALL_CAPITALS[c] ?? c);
  // Symbols and digits around the word decorate it (`Anonymous™`, `~Anonymous~`, `Anonymous1`); one may also stand in for its last letter (`Anonymou$`).
  // Modifier letters and letters of no case (`ˈ`, `ー`, `ǀ`) read as marks there too.
  const undecorated = value.replace(/^[^\p{Lu}\p{Ll}]+|[^\p{Lu}\p{Ll}]+$/gu, '');
  const targets = skeletons(word);
  return [lettersOf(value), lettersOf(undecorated)].flatMap(skeletons).some((s) => targets.some((t) => looksLike(s, t)));
}

/** `seen` is `target` but for at most two characters that are no ASCII letter (a digit, a symbol: a reader takes them for the target's, `Anonymou5`). */
function looksLike(seen: string, target: string): boolean {
  const a = [...seen];
  const b = [...target];
  if (a.length !== b.length) return false;
  let standIns = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (/[a-z]/.test(a[i]!) || ++standIns > 2) return false;
  }
  return true;
}

/**
 * Whether a nickname passes for `word` beside a review: it reads as it ({@link readsAs}), one of
 * its words does (`Anonymous User`), or its letters are `word` with one letter added, dropped or
 * changed (`Anonymus`, `Annonymous`). A word joined to others (`AnonymousFan`) is a name of its own.
 */
export function passesFor(value: string, word: string): boolean {
  if (readsAs(value, word)) return true;
  const words = value.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
  if (words.length > 1 && words.some((w) => readsAs(w, word))) return true;
  return withinOneEdit(value.normalize('NFKC').toLowerCase().replace(/[^\p{L}]/gu, ''), word.toLowerCase());
}

/** `a` and `b` differ by at most one letter added, dropped or changed. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** "Anonymous" in the marketplace's other languages: a reader takes any of them for the stand-in. */
const ANONYMOUS_ELSEWHERE = ['Anónimo', 'Anônimo', 'Anonimo', 'Anonyme', 'Anonym', 'Anonymer', 'Anonimowy', 'Anonim', 'Аноним', 'Анонимный', 'Анонім', 'Ανώνυμος', 'Anoniem', 'Anonymní'];

/**
 * Whether a nickname passes for the anonymous authors' stand-in `word` ({@link passesFor}), or for
 * its translation: as a word (`Anónimo`, `Аноним Пользователь`), or written in Chinese, Japanese
 * or Korean anywhere in it (`匿名`, `匿名用户`, `익명`).
 */
export function passesForAnonymous(value: string, word: string): boolean {
  if (passesFor(value, word) || /匿名|익명|ناشناس|مجهول|אנונימי|अनाम|ẩn\s*danh/iu.test(value.normalize('NFKC'))) return true;
  const words = value.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
  if (words.some(anonymousInflected)) return true;
  return ANONYMOUS_ELSEWHERE.some((other) => readsAs(value, other) || words.some((w) => readsAs(w, other)));
}

/** The word's stem with an ending of up to four letters (`Anonima`, `Anonimowa`, `Anonyymi`, `Анонимно`, `Ανώνυμη`); `AnonymousFan` has more. */
const ANONYMOUS_STEM = /^(?:anon[iy]y?m|anonu{1,2}m|anoniem|аноним|анонім|ανωνυμ)\p{L}{0,4}$/u;
function anonymousInflected(word: string): boolean {
  const plain = unhomoglyph(word.normalize('NFKC')).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return ANONYMOUS_STEM.test(plain) || ANONYMOUS_STEM.test(word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
}

