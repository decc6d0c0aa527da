import { readFileSync } from 'node:fs';
import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { isSensitiveCategory, kindsOf, type CategoryKinds, type MaskKind } from '../../directives/categories.js';

const supergraph = readFileSync('schema/supergraph.graphql', 'utf8');
const index = readPrivacyIndex(buildASTSchema(parse(supergraph), { assumeValidSDL: true }));
const annotated = [...index.values()].flatMap((t) => [...t.fields.values()]);

type Flag = Exclude<keyof CategoryKinds, 'mask'>;
const FLAGS: Flag[] = [
  'neverReadable', 'identifier', 'contactOrName', 'address', 'phone', 'email', 'name', 'governmentId', 'bankAccount', 'transaction',
  'freeText', 'purchaseHistory', 'browsingOrSearch', 'ip', 'birthDate', 'customsId', 'taxpayerId', 'financial', 'deliveryData', 'operational', 'invoice', 'time',
];

/** The answers for a category: these flags true, every other false, and this mask. */
const answers = (mask: MaskKind, ...flags: Flag[]): CategoryKinds => ({ ...Object.fromEntries(FLAGS.map((f) => [f, flags.includes(f)])), mask }) as CategoryKinds;

/** Every category the schema uses, and the edges of the prefix rule, with the answers the policy expects. */
const EXPECTED: Record<string, CategoryKinds> = {
  'user.unique_id': answers('generic', 'identifier'),
  'user.device.device_id': answers('generic', 'identifier'),
  'user.account.username': answers('generic', 'contactOrName'),
  'user.name': answers('name', 'contactOrName', 'name', 'deliveryData'),
  'user.contact.phone_number': answers('phone', 'contactOrName', 'phone', 'deliveryData'),
  'user.contact.email': answers('email', 'contactOrName', 'email'),
  'user.contact.address': answers('generic', 'address', 'deliveryData'),
  'user.government_id.customs_id': answers('national_id', 'governmentId', 'customsId', 'deliveryData'),
  'user.government_id.taxpayer_id': answers('national_id', 'governmentId', 'taxpayerId'),
  'user.government_id.national_identification_number': answers('national_id', 'governmentId'),
  'user.financial': answers('generic', 'financial'),
  'user.financial.bank_account': answers('card', 'financial', 'bankAccount'),
  'user.financial.transaction': answers('generic', 'financial', 'transaction'),
  'user.financial.invoice': answers('name', 'financial', 'invoice'),
  'user.content.private': answers('generic', 'freeText'),
  'user.content.public': answers('generic', 'freeText'),
  'user.behavior.search_history': answers('generic', 'freeText', 'browsingOrSearch'),
  'user.behavior.browsing_history': answers('generic', 'browsingOrSearch'),
  'user.behavior.purchase_history': answers('generic', 'purchaseHistory'),
  'user.device.ip_address': answers('generic', 'ip'),
  'user.demographic.date_of_birth': answers('generic', 'birthDate'),
  'user.demographic.gender': answers('generic'),
  'user.privacy_preferences': answers('generic'),
  'user.account': answers('generic'),
  'user.childrens': answers('generic'),
  'user.government_id': answers('national_id', 'governmentId'),
  // The row's own bookkeeping: decided as the row is (P-82 default deny, decide.ts rowAccess).
  'system.operations': answers('generic', 'operational'),
  // The access audit's records: bookkeeping, whose rows only the privacy officer reads (P-80, decide.ts rowAccess).
  'system.operations.audit': answers('generic', 'operational'),
  'system.operations.time': answers('generic', 'operational', 'time'),
  'user.behavior.browsing_history.time': answers('generic', 'browsingOrSearch', 'time'),
  'user.behavior.search_history.time': answers('generic', 'freeText', 'browsingOrSearch', 'time'),
  // Never readable, through any purpose (P-01).
  'user.authorization.credentials.password': answers('generic', 'neverReadable'),
  'user.biometric.face': answers('generic', 'neverReadable'),
  // fideslang 3.2's names for the same data get the same answers.
  'user.authorization.password': answers('generic', 'neverReadable'),
  'user.authorization.biometrics': answers('generic', 'neverReadable'),
  'user.biometrics.fingerprint': answers('generic', 'neverReadable'),
  'user.financial.credit_card': answers('card', 'financial', 'bankAccount'),
  // A custom key extends its parent ...
  'user.contact.phone_number.mobile': answers('phone', 'contactOrName', 'phone', 'deliveryData'),
  'user.government_id.customs_id.passport': answers('national_id', 'governmentId', 'customsId', 'deliveryData'),
  // ... and a key that only starts with the same letters does not.
  'user.namesake': answers('generic'),
  'user.contact.phone': answers('generic'),
};

describe('categories: the answers a decision reads', () => {
  it('P-01 P-21 P-22 P-24 each category gets the answers the policy expects, by prefix: a custom key extends its parent', () => {
    for (const [category, expected] of Object.entries(EXPECTED)) expect(kindsOf(category), category).toEqual(expected);
  });

  it('every category the schema annotates is in the table above, and every field reads its answers, computed once per category', () => {
    for (const field of annotated) {
      expect(Object.keys(EXPECTED), field.coordinate).toContain(field.category);
      expect(field.kinds).toBe(kindsOf(field.category));
    }
    const kinds = kindsOf('user.contact.email');
    expect(kindsOf('user.contact.email')).toBe(kinds);
    expect(Object.isFrozen(kinds)).toBe(true);
  });

  it('P-80 sensitive categories are government ids, biometrics, financial data, precise location, children’s and health data (fideslang 2.0 and 3.2 names), and their custom keys', () => {
    for (const c of ['user.government_id.taxpayer_id', 'user.biometric.face', 'user.financial', 'user.financial.bank_account', 'user.location.precise', 'user.childrens.school', 'user.biometrics', 'user.children.thirteen_to_sixteen', 'user.health.condition', 'user.financial.credit_card']) {
      expect(isSensitiveCategory(c), c).toBe(true);
    }
    for (const c of ['user.contact.phone_number', 'user.name', 'user.location', 'user.financialx', 'user.unique_id']) expect(isSensitiveCategory(c), c).toBe(false);
  });

  it('P-22 P-23 delivery data is the consignee name, phone, address and customs id, and nothing else', () => {
    const delivery = annotated.filter((f) => f.kinds.deliveryData).map((f) => f.coordinate);
    expect(delivery).toEqual(expect.arrayContaining(['Shipment.consigneeName', 'Shipment.consigneePhone', 'Shipment.address', 'Shipment.customsId']));
    expect(kindsOf('user.contact.email').deliveryData).toBe(false);
  });
});
