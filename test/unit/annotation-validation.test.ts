import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { AnnotationError } from '../../directives/annotation-check.js';
import { readCheckedPrivacyIndex, readPrivacyIndex } from '../../directives/annotations.js';
import { categoryTaxonomy, parseTaxonomy } from '../../directives/category-taxonomy.js';
import { nearestKey } from '../../directives/nearest-key.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { loadDevKeys } from '../../gateway/dev-keys.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { CompositionError, composeSupergraph } from '../../schema/compose.js';
import { composeMarketplace } from '../../resolvers/compose-marketplace.js';
import { lintUnannotatedPersonalFields, looksPersonal } from '../../schema/pii-lint.js';
import { PRIVACY_PREAMBLE, subgraphTypeDefs } from '../../schema/subgraphs.js';

const policy = loadPolicyConfig();
const supergraph = readFileSync('schema/supergraph.graphql', 'utf8');
const accounts = { name: 'accounts', url: 'http://127.0.0.1:4001/graphql', typeDefs: subgraphTypeDefs('accounts') };
const keyDir = mkdtempSync(join(tmpdir(), 'annotation-keys-'));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

function compositionProblems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CompositionError) return error.problems;
    throw error;
  }
  return [];
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The committed supergraph with one annotation changed, as a subgraph team's edit would change it. */
const supergraphWith = (from: RegExp, to: string) => {
  expect(supergraph).toMatch(from);
  return supergraph.replace(from, to);
};
// Order.consigneePhone (the first consigneePhone of the supergraph): its category, and its first purpose.
const CONSIGNEE_PHONE_CATEGORY = /(consigneePhone: String @pii\(category: )"user\.contact\.phone_number"/;
const CONSIGNEE_PHONE_PURPOSE = /(consigneePhone: String @pii\(category: "[^"]+"\) @purpose\(\s*allow: \[)"([^"]+)"/;

describe('P-82 annotations fail closed: categories are fideslang keys or declared extensions, purposes and consents are the policy’s', () => {
  it('P-82 compose refuses a misspelt category and an unknown purpose, naming the field, the key and the nearest valid key', () => {
    const coupons = parse(`${PRIVACY_PREAMBLE}
      type Query { coupon(code: String!): Coupon }
      type Coupon @key(fields: "code") @subject(id: "ownerId") {
        code: String! @pii(category: "system.operations")
        ownerId: ID
        ownerEmail: String @pii(category: "user.contact.emial") @purpose(allow: ["essential.service.operations", "marketing.comunications"], consent: "marketing_message")
      }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'coupons', url: 'http://127.0.0.1:4999/graphql', typeDefs: coupons }], policy));
    expect(problems).toEqual([
      `subgraph 'coupons': Coupon.ownerEmail: @pii category "user.contact.emial" is neither a fideslang data category nor an extension declared in directives/categories.json; nearest valid key: "user.contact.email"`,
      `subgraph 'coupons': Coupon.ownerEmail: @purpose(allow:) purpose "marketing.comunications" is not a purpose of directives/policy.json; nearest valid key: "marketing.communications"`,
      `subgraph 'coupons': Coupon.ownerEmail: @purpose(consent:) consent "marketing_message" is not a consent of directives/policy.json; nearest valid key: "marketing_messages"`,
    ]);
  });

  it('P-82 compose refuses a non-fideslang key such as user.contact.phone, suggesting the key it shortens', () => {
    const orders = parse(`${PRIVACY_PREAMBLE}
      type Query { parcel(id: ID!): Parcel }
      type Parcel @key(fields: "id") @subject(id: "buyerId", findableBy: "find_by_nick") { id: ID! buyerId: ID consigneePhone: String @pii(category: "user.contact.phone") }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'parcels', url: 'http://127.0.0.1:4999/graphql', typeDefs: orders }], policy));
    expect(problems.join('\n')).toMatch(/subgraph 'parcels': Parcel\.consigneePhone: @pii category "user\.contact\.phone" is neither .*; nearest valid key: "user\.contact\.phone_number"/);
    expect(problems.join('\n')).toMatch(/subgraph 'parcels': Parcel: @subject\(findableBy:\) consent "find_by_nick" is not a consent of directives\/policy\.json; nearest valid key: "find_by_nickname"/);
  });

  it('P-82 the gateway refuses to start over a supergraph with an unknown category: one line naming field, key and nearest key, no stack', async () => {
    const keys = await loadDevKeys(keyDir);
    const bad = supergraphWith(CONSIGNEE_PHONE_CATEGORY, '$1"user.contact.phone"');
    const error = thrown(() => createPrivacyGateway({ supergraph: bad, identity: { publicKey: keys.publicJwk }, graphiql: false, factsCacheMs: 0 }));
    expect(error).toBeInstanceOf(AnnotationError);
    const message = (error as Error).message;
    expect(message).toBe(
      'privacy annotations refused (P-82): Order.consigneePhone: @pii category "user.contact.phone" is neither a fideslang data category nor an extension declared in directives/categories.json; nearest valid key: "user.contact.phone_number"',
    );
    expect(message).not.toMatch(/\n|\bat .*\.ts:\d+/);
  });

  it('P-82 the gateway refuses to start over a supergraph whose @purpose names a purpose the policy does not list', async () => {
    const keys = await loadDevKeys(keyDir);
    const purpose = supergraph.match(CONSIGNEE_PHONE_PURPOSE)![2]!;
    const bad = supergraphWith(CONSIGNEE_PHONE_PURPOSE, `$1"${purpose.slice(0, -1)}"`);
    const error = thrown(() => createPrivacyGateway({ supergraph: bad, identity: { publicKey: keys.publicJwk }, graphiql: false, factsCacheMs: 0 }));
    expect(error).toBeInstanceOf(AnnotationError);
    expect((error as Error).message).toBe(
      `privacy annotations refused (P-82): Order.consigneePhone: @purpose(allow:) purpose "${purpose.slice(0, -1)}" is not a purpose of directives/policy.json; nearest valid key: "${purpose}"`,
    );
  });

  it('P-82 reading the privacy index of a schema with an unknown category throws, so a schema swapped in at run time blocks too', () => {
    const bad = buildASTSchema(parse(supergraphWith(CONSIGNEE_PHONE_CATEGORY, '$1"user.contact.phone"')), { assumeValidSDL: true });
    expect(() => readPrivacyIndex(bad)).toThrow(AnnotationError);
  });

  it('P-02 P-82 a phone, name, e-mail or birth date marked public is refused, by compose, at start and on a supergraph swapped in at run time: only nicknames, genders, public content and their ids may be public', async () => {
    const phone = /(phone: String @pii\(category: "user\.contact\.phone_number")\)/;
    const bad = supergraphWith(phone, '$1, public: true)');
    expect(() => readPrivacyIndex(buildASTSchema(parse(bad), { assumeValidSDL: true }))).toThrow(/Member\.phone: .*cannot be public \(P-02\)/);
    const keys = await loadDevKeys(keyDir);
    expect(thrown(() => createPrivacyGateway({ supergraph: bad, identity: { publicKey: keys.publicJwk }, graphiql: false, factsCacheMs: 0 }))).toBeInstanceOf(AnnotationError);
    // Relabelled as a username, a phone is still a phone.
    const relabelled = supergraphWith(/(\n  phone: String @pii\(category: )"user\.contact\.phone_number"\)/, '$1"user.account.username", public: true)');
    expect(() => readPrivacyIndex(buildASTSchema(parse(relabelled), { assumeValidSDL: true }))).toThrow(/Member\.phone: a field named "phone" cannot be public \(P-02\), whatever its category/);
    const people = parse(`${PRIVACY_PREAMBLE}
      type Query { person(id: ID!): Person }
      type Person @key(fields: "id") @subject(id: "id") {
        id: ID!
        handle: String @pii(category: "user.account.username", public: true)
        born: String @pii(category: "user.demographic.date_of_birth", public: true)
        mail: String @pii(category: "user.contact.email", public: true)
      }
    `);
    const problems = compositionProblems(() => composeSupergraph([accounts, { name: 'people', url: 'http://127.0.0.1:4999/graphql', typeDefs: people }], policy));
    expect(problems.filter((p) => p.includes('cannot be public'))).toEqual([
      expect.stringMatching(/^subgraph 'people': Person\.born: @pii category "user\.demographic\.date_of_birth" cannot be public \(P-02\)/),
      expect.stringMatching(/^subgraph 'people': Person\.mail: @pii category "user\.contact\.email" cannot be public \(P-02\)/),
    ]);
  });

  it('P-82 the real schema composes cleanly and every annotation names a known category, purpose and consent', () => {
    expect(() => composeMarketplace()).not.toThrow();
    const index = readCheckedPrivacyIndex(buildASTSchema(parse(supergraph), { assumeValidSDL: true }), policy);
    const taxonomy = categoryTaxonomy();
    for (const field of [...index.values()].flatMap((t) => [...t.fields.values()])) expect(taxonomy.keys.has(field.category), field.coordinate).toBe(true);
  });
});

describe('the category taxonomy (directives/categories.json)', () => {
  it('holds POLICY.md’s vocabulary and fideslang’s user tree; each extension hangs off a fideslang key and says why', () => {
    const { keys, extensions, parents } = categoryTaxonomy();
    for (const key of [
      'user.contact.phone_number', 'user.contact.email', 'user.contact.address', 'user.contact.address.city', 'user.contact.address.street', 'user.contact.address.postal_code',
      'user.name', 'user.government_id.national_identification_number', 'user.biometric', 'user.financial.bank_account', 'user.demographic.date_of_birth',
      'user.demographic.gender', 'user.behavior.browsing_history', 'user.behavior.search_history', 'user.behavior.purchase_history', 'user.device.ip_address',
      'user.device.device_id', 'user.location.precise', 'user.content.public', 'user.content.private', 'user.account.username', 'user.authorization.credentials',
      'user.childrens', 'user.unique_id', 'user.privacy_preferences', 'system.operations',
    ]) {
      expect(keys.has(key), key).toBe(true);
    }
    expect([...extensions].sort()).toEqual(['system.operations.audit', 'system.operations.time', 'user.behavior.browsing_history.time', 'user.behavior.search_history.time', 'user.financial.invoice', 'user.financial.transaction', 'user.government_id.customs_id', 'user.government_id.taxpayer_id']);
    for (const ext of extensions) expect(extensions.has(parents.get(ext)!), ext).toBe(false);
  });

  it('refuses a taxonomy whose extension has no parent or no reason, or whose parent is not a key', () => {
    expect(() => parseTaxonomy({ fideslang: { user: null }, extensions: { 'user.loyalty': { why: 'points' } } })).toThrow(/extensions\.user\.loyalty needs its parent key/);
    expect(() => parseTaxonomy({ fideslang: { user: null }, extensions: { 'user.loyalty': { parent: 'user' } } })).toThrow(/needs a "why"/);
    expect(() => parseTaxonomy({ fideslang: { user: null, 'user.x.y': 'user.x' } })).toThrow(/parent 'user\.x' is not a key/);
  });

  it('suggests the nearest key: a swap of two letters is one edit, and a key the wrong one shortens wins', () => {
    const keys = categoryTaxonomy().keys;
    expect(nearestKey('user.contact.emial', keys)).toBe('user.contact.email');
    expect(nearestKey('user.contact.phone', keys)).toBe('user.contact.phone_number');
    expect(nearestKey('user.goverment_id.passport_number', keys)).toBe('user.government_id.passport_number');
  });
});

describe('PII lint: personal-looking field names need @pii', () => {
  it('P-82 flags owner mobiles, IBANs, birth dates, national ids, postcodes, cards, devices and locations, by camelCase and snake_case words', () => {
    const names = [
      'ownerMobile', 'iban', 'customerIBAN', 'dob', 'ssn', 'postcode', 'mobile', 'cell', 'cellPhone', 'msisdn', 'zip', 'home_zip_code', 'postalCode', 'postal_code',
      'birthDate', 'dateOfBirth', 'date_of_birth', 'taxId', 'tax_id', 'passport', 'passportNo', 'nationalId', 'bankAccount', 'accountNumber', 'cardNumber', 'cvv',
      'ipAddress', 'IPAddress', 'deviceId', 'geo', 'lat', 'lng', 'latitude', 'longitude', 'salary', 'gender', 'contactPhone', 'emails', 'firstName', 'nameOnCard',
    ];
    expect(names.filter((n) => !looksPersonal(n))).toEqual([]);
    const sdl = parse(`type Coupon { code: String ${names.map((n) => `${n}: String`).join(' ')} }`);
    expect(lintUnannotatedPersonalFields('coupons', sdl, [])).toHaveLength(names.length);
    expect(lintUnannotatedPersonalFields('coupons', sdl, [])[0]).toBe("subgraph 'coupons': Coupon.ownerMobile looks personal but has no @pii; annotate it, or add it with a reason to schema/pii-allowlist.json");
  });

  it('does not flag words that only contain a personal word: zippers, tax rates, allocations, international, geography', () => {
    const names = ['status', 'createdAt', 'price', 'quantity', 'zipper', 'taxRate', 'allocation', 'international', 'latency', 'cellar', 'geography', 'longDescription', 'productId', 'rating', 'mailbox', 'realNameVerification'];
    expect(names.filter((n) => looksPersonal(n))).toEqual(['realNameVerification']);
  });
});
