import { Kind, type DocumentNode } from 'graphql';

/**
 * Words of a field name that say it holds personal data (POLICY "Vocabulary"). A field name is
 * split into its words (`ownerMobile` → owner, mobile; `date_of_birth` → date, of, birth), and one
 * word, or two or three in a row written together (`postal`+`code`, `date`+`of`+`birth`), must be
 * one of these. Short or common words (`ip`, `zip`, `lat`, `tax id`) match only as whole words, so
 * `zipper` or `taxRate` are not personal.
 */
const PERSONAL_WORDS = new Set([
  // contact
  'phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'msisdn', 'fax', 'email', 'mail', 'emailaddress',
  'address', 'street', 'postcode', 'postal', 'postalcode', 'zip', 'zipcode', 'city', 'consignee',
  // names and accounts (`name` alone only as a name's first or last word: `realNameVerification` is not a name)
  'fullname', 'firstname', 'lastname', 'surname', 'realname', 'nickname', 'username', 'avatar',
  // demographics
  'birth', 'birthday', 'birthdate', 'dob', 'dateofbirth', 'age', 'gender', 'sex', 'ethnicity', 'religion', 'nationality', 'marital',
  // government ids
  'ssn', 'socialsecurity', 'socialsecuritynumber', 'national', 'nationalid', 'passport', 'customs', 'taxpayer', 'taxid', 'taxnumber', 'driverlicense', 'driverslicense',
  // financial
  'iban', 'bankaccount', 'accountnumber', 'routingnumber', 'sortcode', 'card', 'cardnumber', 'creditcard', 'cvv', 'cvc', 'salary', 'income',
  // device, location
  'ip', 'ipaddress', 'ipv4', 'ipv6', 'imei', 'idfa', 'device', 'deviceid', 'location', 'geo', 'geolocation', 'gps', 'lat', 'lng', 'lon', 'latitude', 'longitude', 'coords', 'coordinates',
  // credentials, biometrics, health
  'password', 'passwd', 'credential', 'fingerprint', 'biometric', 'health', 'medical', 'diagnosis',
]);

/** Stems that are personal wherever they appear in a name, also inside an all-lowercase compound (`contactphone`). */
const PERSONAL_STEMS = /phone|e-?mail|passport|birth|nickname|username|surname|consignee|taxpayer|latitude|longitude|msisdn|salary|gender|password/i;

/** A field name's words, lower-cased: camelCase, PascalCase, snake_case, kebab-case and digits all split. */
export function nameWords(name: string): string[] {
  return (name.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? []).map((w) => w.toLowerCase());
}

/** True when a field name looks personal (see PERSONAL_WORDS). */
export function looksPersonal(name: string): boolean {
  if (PERSONAL_STEMS.test(name)) return true;
  const words = nameWords(name);
  if (words[0] === 'name' || words.at(-1) === 'name' || words.at(-1) === 'names') return true;
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let n = 0; n < 3 && i + n < words.length; n++) {
      joined += words[i + n];
      if (PERSONAL_WORDS.has(joined) || PERSONAL_WORDS.has(singular(joined))) return true;
    }
  }
  return false;
}

const singular = (word: string) => (word.endsWith('es') && PERSONAL_WORDS.has(word.slice(0, -2)) ? word.slice(0, -2) : word.endsWith('s') ? word.slice(0, -1) : word);

export interface AllowListEntry {
  coordinate: string;
  reason: string;
}

/**
 * Lints one subgraph's SDL: a field whose name looks personal but carries no `@pii` fails, unless
 * the allow-list names it with a reason (a store's business name is not a person's). This catches
 * the subgraph team that adds `contactPhone` and forgets the annotation.
 */
export function lintUnannotatedPersonalFields(subgraph: string, typeDefs: DocumentNode, allowList: AllowListEntry[]): string[] {
  const allowed = new Set(allowList.filter((a) => a.reason?.trim()).map((a) => a.coordinate));
  const problems: string[] = [];
  for (const def of typeDefs.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (['Query', 'Mutation', 'Subscription'].includes(def.name.value)) continue;
    for (const field of def.fields ?? []) {
      const coordinate = `${def.name.value}.${field.name.value}`;
      if (!looksPersonal(field.name.value)) continue;
      if (field.directives?.some((d) => d.name.value === 'pii')) continue;
      if (allowed.has(coordinate)) continue;
      problems.push(`subgraph '${subgraph}': ${coordinate} looks personal but has no @pii; annotate it, or add it with a reason to schema/pii-allowlist.json`);
    }
  }
  return problems;
}
