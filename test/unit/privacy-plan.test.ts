import { readFileSync } from 'node:fs';
import { buildASTSchema, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { compilePrivacyPlan } from '../../gateway/privacy-plan.js';
import { withRowInputs } from '../../gateway/row-inputs.js';
import { reservedAlias } from '../../gateway/reserved-aliases.js';
import type { Caller } from '../../directives/caller.js';

const supergraph = readFileSync('schema/supergraph.graphql', 'utf8');
// As the gateway runtime extends it: one `_privacyInputs` field per type with @subject inputs.
const schema = withRowInputs(buildASTSchema(parse(supergraph), { assumeValidSDL: true }), supergraph);
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

  it('adds the row inputs a data-dependent decision needs: one field per row, whatever the type declares', () => {
    const p = plan('{ storeOrders(storeId: "deer-outfitters") { consigneePhone } }', { role: 'merchant', sub: 'u', store: 'deer-outfitters' }, 'essential.service.operations');
    const printed = print(p.document);
    expect(printed.match(/__pg_inputs: _privacyInputs/g)).toHaveLength(1);
    expect(printed).toMatch(/consigneePhone/);
    expect(validate(schema, p.document)).toEqual([]);
    // The pass reads each input @subject declares from that field, under the input's own name.
    const order = p.root!.only!.fields[0]!.child!.only!;
    expect(order.needsRow).toBe(true);
    expect(order.inputFields).toEqual([['id', 'buyerId'], ['store', 'storeId'], ['crossBorder', 'crossBorder'], ['institution', 'paymentInstitutionId']]);
  });

  it('P-82 a schema the gateway did not extend gets no row inputs (its rows then block, see the pass)', () => {
    const bare = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
    const carrier: Caller = { role: 'logistics', sub: 'u', carrier: 'swift' };
    const p = compilePrivacyPlan(bare, readPrivacyIndex(bare), parse('{ shipments(carrierId: "swift") { consigneePhone } }'), { caller: carrier, purpose: 'essential.service.operations.delivery', config });
    expect(print(p.document)).not.toMatch(/__pg_/);
    expect(p.readsRows).toBe(true);
  });

  it("P-82 a client may neither select the row inputs nor use the gateway's aliases", () => {
    expect(reservedAlias(parse('{ shipments(carrierId: "swift") { _privacyInputs } }'))).toMatch(/_privacyInputs is reserved/);
    expect(reservedAlias(parse('{ shipments(carrierId: "swift") { __pg_carrierId: waybill } }'))).toMatch(/__pg_carrierId is reserved/);
    // A row's key is asked by the runtime beside its inputs: another field under `id` made the subgraph refuse the request.
    expect(reservedAlias(parse('{ member(id: "m-buyer") { id: gender } }'))).toMatch(/alias id on the field gender is reserved/);
    expect(reservedAlias(parse('{ review(id: "r-2001") { ... on Review { id: authorId } } }'))).toMatch(/alias id on the field authorId is reserved/);
    expect(reservedAlias(parse('{ storeOrders(storeId: "deer-outfitters") { __typename: status } }'))).toMatch(/alias __typename on the field status is reserved/);
    expect(reservedAlias(parse('{ member(id: "m-buyer") { id id @include(if: true) key: id __typename t: __typename } }'))).toBeNull();
    // An input's own name, on its field or another, is the client's: the gateway reads its own copy.
    expect(reservedAlias(parse('{ storeOrders(storeId: "deer-outfitters") { storeId: note buyerId } }'))).toBeNull();
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

  it("P-22 P-82 asks for a row's inputs by their names, merged with the client's plain selection of them; under reserved aliases where the client puts anything else under an input's name", () => {
    const carrier = { role: 'logistics', sub: 'u', carrier: 'swift' } as Caller;
    const purpose = 'essential.service.operations.delivery';
    const shipmentOf = (p: ReturnType<typeof plan>) => p.root!.only!.fields[0]!.child!.only!;
    const merged = plan('{ shipments(carrierId: "swift") { deliveredAt crossBorder consigneePhone } }', carrier, purpose);
    expect(print(merged.document)).toMatch(/__pg_inputs: _privacyInputs\b/);
    expect(shipmentOf(merged).inputFields).toEqual([['id', 'buyerId'], ['carrier', 'carrierId'], ['deliveredAt', 'deliveredAt'], ['crossBorder', 'crossBorder']]);
    for (const query of [
      '{ shipments(carrierId: "swift") { deliveredAt: waybill consigneePhone } }',
      'query ($x: Boolean!) { shipments(carrierId: "swift") { crossBorder @include(if: $x) consigneePhone } }',
      'query ($x: Boolean!) { shipments(carrierId: "swift") { ... @include(if: $x) { status } consigneePhone } }',
    ]) {
      const posed = plan(query, carrier, purpose);
      expect(print(posed.document), query).toMatch(/__pg_inputs: _privacyInputsAliased/);
      expect(shipmentOf(posed).inputFields).toEqual([['id', '__pg_buyerId'], ['carrier', '__pg_carrierId'], ['deliveredAt', '__pg_deliveredAt'], ['crossBorder', '__pg_crossBorder']]);
      expect(validate(schema, posed.document)).toEqual([]);
    }
  });

  it('P-31 an anonymous row needs its inputs where its author’s own row lists it, or where an author field or its text is asked; elsewhere not', () => {
    const visitor = { role: 'visitor' } as Caller;
    const underProduct = plan('{ product(id: "p1") { reviews { id rating pictures } } }', visitor);
    expect(print(underProduct.document)).not.toMatch(/__pg_/);
    expect(underProduct.readsRows).toBe(false);
    const withText = plan('{ product(id: "p1") { reviews { id text } } }', visitor);
    expect(print(withText.document)).toMatch(/reviews \{[^}]*__pg_inputs: _privacyInputs/);

    const underAuthor = plan('{ member(id: "m-buyer") { id reviews { id text } } }', visitor);
    expect(print(underAuthor.document)).toMatch(/reviews \{[^}]*__pg_inputs: _privacyInputs/);
    const review = underAuthor.root!.only!.fields[0]!.child!.only!.fields.find((f) => f.responseKey === 'reviews')!.child!.only!;
    expect(review.inputFields).toEqual([['id', 'authorId'], ['anonymous', 'anonymous']]);

    const withAuthor = print(plan('{ product(id: "p1") { reviews { id author { nickname } } } }', visitor).document);
    expect(withAuthor).toMatch(/reviews \{[^}]*__pg_inputs: _privacyInputs/);
  });
});

describe('privacy plan: subject ids for the access audit', () => {
  const merchant: Caller = { role: 'merchant', sub: 'u', store: 'deer-outfitters' };
  const audited = (query: string, caller: Caller, purpose: string | null = null) =>
    compilePrivacyPlan(schema, index, parse(query), { caller, purpose, config }, { audit: true });

  it('P-80 at an abstract position each personal type answers its subject id under its own alias, and the operation stays valid', () => {
    const query = '{ node(id: "o1") { ...O ... on Member { nickname } } } fragment O on Node { ... on Order { total } }';
    const p = audited(query, merchant, 'essential.service.operations');
    const printed = print(p.document);
    expect(printed).toMatch(/__pg_sid_Review: authorId/);
    // A member looked up by key is read with its inputs (P-70), which hold its subject id.
    expect(printed).toMatch(/\.\.\. on Member \{\s*__pg_inputs: _privacyInputs\s*\}/);
    expect(printed).not.toMatch(/__pg_sid_Member/);
    expect(validate(schema, p.document)).toEqual([]);
    // A fragment's own selection set carries nothing of the gateway's: the field's set asks each type's.
    const fragment = printed.slice(printed.indexOf('fragment O'));
    expect(fragment).not.toMatch(/__pg_/);
    expect(p.audited).toBe(true);
  });

  it('P-70 P-80 a field read through a named fragment gets the inputs its position needs, as an inline fragment does: the plan and the document agree', () => {
    const officer: Caller = { role: 'privacy_officer', sub: 'o', caseRef: 'CASE-1' };
    const named = audited('{ node(id: "m-minor") { ...F } } fragment F on Member { name }', officer);
    const inline = audited('{ node(id: "m-minor") { ... on Member { name } } }', officer);
    const member = (p: typeof named) => p.root!.only!.fields[0]!.child!.byType.get('Member')!;
    expect(member(named).needsRow).toBe(true);
    expect(member(inline).needsRow).toBe(true);
    for (const p of [named, inline]) expect(print(p.document)).toMatch(/\.\.\. on Member \{\s*__pg_inputs: _privacyInputs\s*\}/);
    // The fragment is spread where its rows need inputs and where they need none: it gets none itself.
    const listed = audited('{ a: node(id: "m-minor") { ...F } b: review(id: "r-2001") { author { ...F } } } fragment F on Member { name }', officer);
    expect(print(listed.document).slice(print(listed.document).indexOf('fragment F'))).not.toMatch(/__pg_inputs|__pg_sid/);
  });

  it('P-80 a row that already carries its inputs reads its subject from them: no second alias', () => {
    const p = audited('{ storeOrders(storeId: "deer-outfitters") { consigneePhone } }', merchant, 'essential.service.operations');
    expect(print(p.document)).not.toMatch(/__pg_sid_Order/);
  });

  it('P-80 a row keeps its subject id where the client may not read it, and the plan reads rows exactly as without the audit', () => {
    const query = '{ storeOrders(storeId: "deer-outfitters") { id total } }';
    const analyst: Caller = { role: 'analyst', sub: 'a' };
    const withAudit = audited(query, analyst);
    const without = plan(query, analyst);
    expect(print(withAudit.document)).toMatch(/__pg_sid_Order: buyerId/);
    expect(print(without.document)).not.toMatch(/__pg_sid_|buyerId/);
    expect(without.audited).toBeUndefined();
    expect(withAudit.root!.only!.fields[0]!.child!.only!.subjectKey).toBe('__pg_sid_Order');
    // Hiding and the public cache's flag do not change with the audit.
    expect(withAudit.root!.only!.fields[0]!.child!.only!.needsRow).toBe(without.root!.only!.fields[0]!.child!.only!.needsRow);
    expect(withAudit.readsRows).toBe(without.readsRows);
  });

  it('P-70 P-81 a read the pass does not change stays in the audited plan as an audit-only field', () => {
    // A review's pictures are public as they are, a child's too (their text is scrubbed, P-70).
    const query = '{ product(id: "p1") { reviews { pictures } } }';
    const visitor: Caller = { role: 'visitor' };
    const review = audited(query, visitor).root!.only!.fields[0]!.child!.only!.fields[0]!.child!.only!;
    expect(review.fields).toMatchObject([{ responseKey: 'pictures', coordinate: 'Review.pictures', auditOnly: true }]);
    const plain = plan(query, visitor).root?.only?.fields[0]?.child?.only?.fields[0]?.child?.only;
    expect(plain?.fields ?? []).toEqual([]);
  });
});
