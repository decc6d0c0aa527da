import { readFileSync } from 'node:fs';
import { buildASTSchema, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { compilePrivacyPlan } from '../../gateway/privacy-plan.js';
import type { Caller } from '../../gateway/caller.js';

const schema = buildASTSchema(parse(readFileSync('schema/supergraph.graphql', 'utf8')), { assumeValidSDL: true });
const index = readPrivacyIndex(schema);
const config = loadPolicyConfig();
const plan = (query: string, caller: Caller, purpose: string | null = null) =>
  compilePrivacyPlan(schema, index, parse(query), { caller, purpose, config });

describe('privacy plan: data minimization before execution', () => {
  it("P-02 P-83 removes a visitor's blocked fields from the operation, so no subgraph is asked for them", () => {
    const p = plan('{ member(id: "m-buyer") { nickname phone email } }', { role: 'visitor' });
    const printed = print(p.document);
    expect(printed).not.toMatch(/\bphone\b/);
    expect(printed).not.toMatch(/\bemail\b/);
    expect(printed).toMatch(/nickname/);
    expect(p.blocksStatically).toBe(true);
  });

  it('adds the row inputs a data-dependent decision needs, under __pg_ aliases', () => {
    const p = plan('{ storeOrders(storeId: "deer-outfitters") { consigneePhone } }', { role: 'merchant', sub: 'u', store: 'deer-outfitters' }, 'essential.service.operations');
    const printed = print(p.document);
    expect(printed).toMatch(/__pg_store: storeId/);
    expect(printed).toMatch(/__pg_id: buyerId/);
    expect(printed).toMatch(/consigneePhone/);
  });

  it('reads a plainly selected, unannotated input as the client asked for it, instead of fetching it twice', () => {
    const carrier: Caller = { role: 'logistics', sub: 'u', carrier: 'swift' };
    const p = plan('{ shipments(carrierId: "swift") { deliveredAt crossBorder consigneePhone } }', carrier, 'essential.service.operations.delivery');
    const printed = print(p.document);
    expect(printed).not.toMatch(/__pg_deliveredAt|__pg_crossBorder/);
    expect(printed).toMatch(/__pg_carrier: carrierId/);
    expect(p.readsRows).toBe(true);
    // Aliased to another field, or conditional: the gateway fetches its own copy.
    const aliased = print(plan('query ($x: Boolean!) { shipments(carrierId: "swift") { deliveredAt: waybill crossBorder @include(if: $x) consigneePhone } }', carrier, 'essential.service.operations.delivery').document);
    expect(aliased).toMatch(/__pg_deliveredAt: deliveredAt/);
    expect(aliased).toMatch(/__pg_crossBorder: crossBorder/);
    // An annotated input (the subject id) is always the gateway's own: the pass may transform the client's copy.
    expect(print(plan('{ storeOrders(storeId: "deer-outfitters") { buyerId consigneePhone } }', { role: 'merchant', sub: 'u', store: 'deer-outfitters' }, 'essential.service.operations').document)).toMatch(/__pg_id: buyerId/);
  });

  it('keeps a selection set valid when every selected field is removed', () => {
    const p = plan('{ member(id: "m-buyer") { phone } }', { role: 'visitor' });
    expect(print(p.document)).not.toMatch(/phone/);
    expect(validate(schema, p.document)).toEqual([]);
  });

  it('follows fragments and aliases', () => {
    const p = plan('query { m: member(id: "m-buyer") { ...F } } fragment F on Member { contact: phone nickname }', { role: 'visitor' });
    const printed = print(p.document);
    expect(printed).not.toMatch(/phone/);
    const rootField = p.root!.byType.get('Query')!.fields.find((f) => f.responseKey === 'm')!;
    expect(rootField.child!.byType.get('Member')!.fields.map((f) => f.responseKey)).toContain('contact');
  });

  it('leaves an operation without personal fields untouched', () => {
    const query = parse('{ product(id: "p-trail-boots") { name price store { name } } }');
    const p = compilePrivacyPlan(schema, index, query, { caller: { role: 'visitor' }, purpose: null, config });
    expect(print(p.document)).toBe(print(query));
    expect(p.root).toBeNull();
  });

  it('P-31 an anonymous row needs its inputs where its author’s own row lists it, or where an author field is asked; elsewhere not', () => {
    const visitor = { role: 'visitor' } as Caller;
    const underProduct = plan('{ product(id: "p1") { reviews { id rating text } } }', visitor);
    expect(print(underProduct.document)).not.toMatch(/__pg_/);
    expect(underProduct.readsRows).toBe(false);

    const underAuthor = print(plan('{ member(id: "m-buyer") { id reviews { id text } } }', visitor).document);
    expect(underAuthor).toMatch(/__pg_anonymous: anonymous/);
    expect(underAuthor).toMatch(/__pg_id: authorId/);

    const withAuthor = print(plan('{ product(id: "p1") { reviews { id author { nickname } } } }', visitor).document);
    expect(withAuthor).toMatch(/__pg_anonymous: anonymous/);
  });
});
