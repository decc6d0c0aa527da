import { readFileSync } from 'node:fs';
import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import * as cat from '../../directives/categories.js';

const supergraph = readFileSync('schema/supergraph.graphql', 'utf8');
const index = readPrivacyIndex(buildASTSchema(parse(supergraph), { assumeValidSDL: true }));
const annotated = [...index.values()].flatMap((t) => [...t.fields.values()]);

describe('categories: the answers a decision reads', () => {
  it('P-01 P-21 P-22 P-24 every field keeps the same answers the category tests give, computed once per category', () => {
    const categories = [...new Set([...annotated.map((f) => f.category), 'user.authorization.credentials.password', 'user.biometric.face'])];
    for (const c of categories) {
      const kinds = cat.kindsOf(c);
      expect(kinds).toEqual({
        neverReadable: cat.isNeverReadable(c),
        identifier: cat.isIdentifier(c),
        contactOrName: cat.isContactOrName(c),
        address: cat.isAddress(c),
        phone: cat.isPhone(c),
        email: cat.isEmail(c),
        name: cat.isName(c),
        governmentId: cat.isGovernmentId(c),
        bankAccount: cat.isBankAccount(c),
        transaction: cat.isTransaction(c),
        freeText: cat.isFreeText(c),
        purchaseHistory: cat.isPurchaseHistory(c),
        browsingOrSearch: cat.isBrowsingOrSearch(c),
        ip: cat.isIp(c),
        birthDate: cat.isBirthDate(c),
        customsId: cat.isCustomsId(c),
        taxpayerId: cat.isTaxpayerId(c),
        financial: cat.isFinancial(c),
        deliveryData: cat.isName(c) || cat.isPhone(c) || cat.isAddress(c) || cat.isCustomsId(c),
        mask: cat.maskKindOf(c),
      });
      expect(cat.kindsOf(c)).toBe(kinds);
      expect(Object.isFrozen(kinds)).toBe(true);
    }
    for (const field of annotated) expect(field.kinds).toBe(cat.kindsOf(field.category));
  });

  it('P-22 P-23 delivery data is the consignee name, phone, address and customs id, and nothing else', () => {
    const delivery = annotated.filter((f) => f.kinds.deliveryData).map((f) => f.coordinate);
    expect(delivery).toEqual(expect.arrayContaining(['Shipment.consigneeName', 'Shipment.consigneePhone', 'Shipment.address', 'Shipment.customsId']));
    expect(cat.kindsOf('user.contact.email').deliveryData).toBe(false);
    expect(cat.kindsOf('user.government_id.customs_id.passport').deliveryData).toBe(true);
  });
});
