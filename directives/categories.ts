/**
 * Facts about fideslang data categories that the policy needs. A custom key extends its parent
 * (`user.government_id.customs_id` is a government id), so every test is by prefix.
 */

/** `category` is `parent` or below it. */
const under = (category: string, parent: string) =>
  category.length === parent.length ? category === parent : category.length > parent.length && category.charCodeAt(parent.length) === 46 /* . */ && category.startsWith(parent);

/**
 * Sensitive personal information (reference/004, Part I): government ids, biometrics, bank
 * accounts, property and transaction information, precise whereabouts, children's data.
 * Decisions on these are audited (P-80). A minor's data is sensitive whatever its category (P-70),
 * which the caller of this function adds.
 */
export function isSensitiveCategory(category: string): boolean {
  return SENSITIVE.some((p) => under(category, p));
}

// Each fideslang key with the key fideslang 3.2 renamed it to (directives/categories.json accepts both).
// Health data is not on POLICY.md's list but is sensitive in reference/004; the protective reading.
const SENSITIVE = ['user.government_id', 'user.biometric', 'user.biometrics', 'user.financial', 'user.location.precise', 'user.childrens', 'user.children', 'user.health', 'user.health_and_medical'];
const NEVER_READABLE = ['user.authorization.credentials', 'user.authorization.password', 'user.authorization.biometric', 'user.authorization.biometrics', 'user.biometric', 'user.biometrics'];

/** Never readable by anyone, through any purpose (P-01). */
function isNeverReadable(category: string): boolean {
  return NEVER_READABLE.some((p) => under(category, p));
}

// The tests a decision makes, each by prefix; decisions read their answers through kindsOf.
const isIdentifier = (c: string) => under(c, 'user.unique_id') || under(c, 'user.device.device_id');
const isContactOrName = (c: string) => under(c, 'user.name') || under(c, 'user.contact.phone_number') || under(c, 'user.contact.email') || under(c, 'user.account.username');
const isAddress = (c: string) => under(c, 'user.contact.address');
const isPhone = (c: string) => under(c, 'user.contact.phone_number');
const isEmail = (c: string) => under(c, 'user.contact.email');
const isName = (c: string) => under(c, 'user.name');
const isGovernmentId = (c: string) => under(c, 'user.government_id');
const isBankAccount = (c: string) => under(c, 'user.financial.bank_account') || under(c, 'user.financial.credit_card');
const isTransaction = (c: string) => under(c, 'user.financial.transaction');
const isFreeText = (c: string) => under(c, 'user.content') || under(c, 'user.behavior.search_history');
const isPurchaseHistory = (c: string) => under(c, 'user.behavior.purchase_history');
const isBrowsingOrSearch = (c: string) => under(c, 'user.behavior.browsing_history') || under(c, 'user.behavior.search_history');
const isIp = (c: string) => under(c, 'user.device.ip_address');
const isBirthDate = (c: string) => under(c, 'user.demographic.date_of_birth');
const isCustomsId = (c: string) => under(c, 'user.government_id.customs_id');
const isTaxpayerId = (c: string) => under(c, 'user.government_id.taxpayer_id');
const isFinancial = (c: string) => under(c, 'user.financial');
const isInvoice = (c: string) => under(c, 'user.financial.invoice');
/** The project's `….time` categories (categories.json extensions): when a record's event happened. */
const isTime = (c: string) => c.endsWith('.time');

/**
 * Every category test a decision makes, answered once per category. `decide` runs for every
 * data-dependent field of every row (450 times for a merchant's list of 50 orders) and tested
 * the category string up to a dozen times each; a field's category never changes, so the policy
 * index keeps its answers on the field ({@link FieldPolicy.kinds}) and a decision reads flags.
 */
export interface CategoryKinds {
  readonly neverReadable: boolean;
  readonly identifier: boolean;
  readonly contactOrName: boolean;
  readonly address: boolean;
  readonly phone: boolean;
  readonly email: boolean;
  readonly name: boolean;
  readonly governmentId: boolean;
  readonly bankAccount: boolean;
  readonly transaction: boolean;
  readonly freeText: boolean;
  readonly purchaseHistory: boolean;
  readonly browsingOrSearch: boolean;
  readonly ip: boolean;
  readonly birthDate: boolean;
  readonly customsId: boolean;
  readonly taxpayerId: boolean;
  readonly financial: boolean;
  /** An invoice header: the name an order is invoiced to, often the buyer's own (P-23 masks it as a name). */
  readonly invoice: boolean;
  /** What a waybill carries: name, phone, address, customs id (P-22, P-23). */
  readonly deliveryData: boolean;
  /** A `system.*` category: the row's own bookkeeping (ids, status, timestamps), read by whoever may see the row. */
  readonly operational: boolean;
  /** When the record's event happened (`system.operations.time`, `….history.time`): a join key to de-identified partners. */
  readonly time: boolean;
  readonly mask: MaskKind;
  /** The flags above as one number, bit i for {@link KIND_NAMES}[i]: a compiled rule tests any of its kinds with one `&`. */
  readonly bits: number;
}

/** The flags of {@link CategoryKinds} a policy rule may test (directives/policy.json `kinds`), in bit order. */
export const KIND_NAMES = [
  'neverReadable', 'identifier', 'contactOrName', 'address', 'phone', 'email', 'name', 'governmentId', 'bankAccount', 'transaction', 'freeText',
  'purchaseHistory', 'browsingOrSearch', 'ip', 'birthDate', 'customsId', 'taxpayerId', 'financial', 'deliveryData', 'operational', 'invoice', 'time',
] as const;
export type KindName = (typeof KIND_NAMES)[number];

/** The bits of `names` (see {@link CategoryKinds.bits}). */
export function kindBits(names: readonly KindName[]): number {
  return names.reduce((bits, name) => bits | (1 << KIND_NAMES.indexOf(name)), 0);
}

const kindsByCategory = new Map<string, CategoryKinds>();

/** The answers of every test above for `category`, computed once per distinct category. */
export function kindsOf(category: string): CategoryKinds {
  let kinds = kindsByCategory.get(category);
  if (!kinds) {
    const c = category;
    const flags = {
      neverReadable: isNeverReadable(c),
      identifier: isIdentifier(c),
      contactOrName: isContactOrName(c),
      address: isAddress(c),
      phone: isPhone(c),
      email: isEmail(c),
      name: isName(c),
      governmentId: isGovernmentId(c),
      bankAccount: isBankAccount(c),
      transaction: isTransaction(c),
      freeText: isFreeText(c),
      purchaseHistory: isPurchaseHistory(c),
      browsingOrSearch: isBrowsingOrSearch(c),
      ip: isIp(c),
      birthDate: isBirthDate(c),
      customsId: isCustomsId(c),
      taxpayerId: isTaxpayerId(c),
      financial: isFinancial(c),
      invoice: isInvoice(c),
      deliveryData: isName(c) || isPhone(c) || isAddress(c) || isCustomsId(c),
      operational: under(c, 'system'),
      time: isTime(c),
    };
    // `bits` is not enumerable: it restates the flags, and a kinds object is compared and printed by its flags.
    const bits = kindBits(KIND_NAMES.filter((name) => flags[name]));
    kinds = Object.freeze(Object.defineProperty({ ...flags, mask: maskKindOf(c) }, 'bits', { value: bits, enumerable: false }) as CategoryKinds);
    kindsByCategory.set(category, kinds);
  }
  return kinds;
}

export type MaskKind = 'phone' | 'email' | 'national_id' | 'card' | 'name' | 'generic';

/** Which mask a category gets (POLICY "Outcomes": phone, e-mail, id, card, name). */
function maskKindOf(category: string): MaskKind {
  if (isPhone(category)) return 'phone';
  if (isEmail(category)) return 'email';
  if (isGovernmentId(category)) return 'national_id';
  if (isBankAccount(category)) return 'card';
  if (isName(category) || isInvoice(category)) return 'name';
  return 'generic';
}
