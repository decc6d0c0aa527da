import { LRUCache } from 'lru-cache';
import type { FieldPolicy } from './annotations.js';
import type { Decision } from './decision.js';
import { ageBand, birthYear, dayOf, generalizeAddress, generalizeAmount, generalizeIp, mask, placeholderFor, pseudonymize, readsAsCompanyTaxId } from './transforms/index.js';
import { SCRUB_TOKENS, scrub } from './transforms/scrub.js';

/** Resolves an audience (`partner:insight-labs`) to its HMAC key; throws when there is none (fail closed). */
export type AudienceKeys = (audience: string) => string;

/**
 * Turns a non-blocking decision into the value the client receives, always a valid value of the
 * field's GraphQL type (a list field is transformed item by item). Object-typed fields only ever
 * get allow, placeholder or block; any other outcome on them is a policy bug and blocks (P-82).
 */
export function applyDecision(decision: Decision, policy: FieldPolicy, value: unknown, keys: AudienceKeys): unknown {
  // A placeholder stands in for an empty value too: a child's gender left unset answered null where
  // another child's read "", which told the unset fields of a profile the placeholder hides (P-70).
  if (decision.outcome === 'placeholder') return policy.list ? [] : placeholderFor(policy.fieldName, policy.returnType);
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((item) => applyDecision(decision, policy, item, keys));
  switch (decision.outcome) {
    case 'allow':
      return value;
    case 'mask':
      return mask(policy.kinds.mask, value as string);
    case 'generalize':
      switch (decision.generalization) {
        case 'city':
          return generalizeAddress(String(value));
        case 'year':
          return birthYear(String(value));
        case 'age_band':
          return ageBand(String(value));
        case 'ip_network':
          return generalizeIp(String(value));
        case 'amount_range':
          return generalizeAmount(Number(value));
        case 'day':
          return dayOf(String(value));
        default:
          return null;
      }
    case 'pseudonymize':
      return pseudonymOf(decision.audience!, String(value), keys);
    case 'scrub':
      // A taxpayer id is one id, not a text holding some: a company's is read as written, anything else masked (P-21).
      if (policy.kinds.taxpayerId) return readsAsCompanyTaxId(String(value)) ? value : mask(policy.kinds.mask, String(value));
      // A mailbox stays a mailbox: only a phone number or id written as its name is replaced (P-40).
      if (policy.kinds.email) return scrubbedMailbox(String(value));
      // An address's own address stays (the store ships to it), and an invoice header's (a company's, printed on the invoice); a phone, e-mail or id typed into either goes.
      return scrubbed(String(value), policy.kinds.address || policy.kinds.invoice);
    default:
      return null;
  }
}

/**
 * An e-mail address with each run of seven digits or more, in its name or its domain, replaced as
 * the scrubber reads it (`[phone]@example.com`, `alice@[phone].com`; `[id]` where it reads none):
 * a phone number or id written into a mailbox. Shorter runs stay (`john.smith1990@…`), so the
 * address still reaches its owner's contact; the rest of it is kept as written.
 */
const MAILBOX_DIGIT_RUN = /\p{Nd}(?:[\p{Nd}\-. ]*\p{Nd})?/gu;
const DIGIT = /\p{Nd}/gu;
function scrubbedMailbox(address: string): string {
  return address.replace(MAILBOX_DIGIT_RUN, (run) => {
    if ((run.match(DIGIT)?.length ?? 0) < 7) return run;
    const read = scrubbed(run, false);
    return read && read !== run ? read : SCRUB_TOKENS.id;
  });
}

/**
 * Pseudonyms already computed, per audience key and subject: an export repeats the same members on
 * many rows, and each HMAC costs more than a lookup. Bounded; the oldest entries go first.
 */
const PSEUDONYM_CACHE_LIMIT = 50_000;
/** Per key (not audience name: a rotated key never reuses old tokens), per subject; no key string built per value. */
const pseudonyms = new Map<string, Map<string, string>>();

function pseudonymOf(audience: string, subjectId: string, keys: AudienceKeys): string {
  const key = keys(audience); // throws for an audience without a key: fail closed, before any lookup
  let byKey = pseudonyms.get(key);
  if (!byKey) pseudonyms.set(key, (byKey = new Map()));
  let token = byKey.get(subjectId);
  if (token === undefined) {
    token = pseudonymize(key, subjectId);
    if (byKey.size >= PSEUDONYM_CACHE_LIMIT) byKey.delete(byKey.keys().next().value!);
    byKey.set(subjectId, token);
  }
  return token;
}

/**
 * Texts already scrubbed, one cache per mode, keyed by the text as the subgraph sent it: every
 * visitor of a product page gets the same reviews and questions scrubbed, and the scrubber's forty
 * patterns cost more than the page's other decisions together. A hit is what scrubbing the same
 * text again gives (scrub is a pure function of the text and the mode), so no caller gets anything
 * another caller's text would not give them. Bounded by the characters held; a text longer than
 * SCRUB_CACHE_ONE is scrubbed every time (a hostile size is not kept).
 */
const SCRUB_CACHE_CHARS = 4_000_000;
const SCRUB_CACHE_ONE = 8_000;
const scrubCache = () => new LRUCache<string, string>({ maxSize: SCRUB_CACHE_CHARS / 2, sizeCalculation: (value, key) => key.length + value.length || 1 });
const scrubbedTexts = { keep: scrubCache(), all: scrubCache() };

function scrubbed(text: string, keepAddresses: boolean): string | null {
  if (text.length > SCRUB_CACHE_ONE) return scrub(text, { keepAddresses });
  const cache = keepAddresses ? scrubbedTexts.keep : scrubbedTexts.all;
  let out = cache.get(text);
  if (out === undefined) {
    out = scrub(text, { keepAddresses })!;
    cache.set(text, out);
  }
  return out;
}
