import { readFileSync } from 'node:fs';
import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import type { DecisionContext, FactKind } from '../../directives/decide.js';
import { compilePrivacyPlan } from '../../gateway/privacy-plan.js';
import { runPrivacyPass, type FactsByKindLoader, type PassResult } from '../../gateway/privacy-pass.js';
import { RowInputs, withRowInputs } from '../../gateway/row-inputs.js';
import type { SubjectFacts } from '../../directives/subject-facts.js';

const supergraph = readFileSync('schema/supergraph.graphql', 'utf8');
const schema = withRowInputs(buildASTSchema(parse(supergraph), { assumeValidSDL: true }), supergraph);
const index = readPrivacyIndex(schema);
const config = loadPolicyConfig();
const ctx: DecisionContext = { caller: { role: 'logistics', sub: 'u-carrier-swift', carrier: 'swift' }, purpose: 'essential.service.operations.delivery', config };
const plan = compilePrivacyPlan(schema, index, parse('{ shipments(carrierId: "swift", first: 3) { id crossBorder consigneePhone } }'), ctx);

/** The subgraph's object for a shipment, as `_privacyInputs` hands it to the pass (each input under its own name). */
const shipmentRow = (buyer: string) => ({ id: 'sx', buyerId: buyer, carrierId: 'swift', deliveredAt: null, crossBorder: true, consigneePhone: '13910000481' });

/** Three cross-border shipments of the carrier, as the gateway executes them (with the plan's inputs). */
const shipments = () => ({
  shipments: ['m1', 'm2', 'm3'].map((buyer, i) => ({ id: `s${i}`, crossBorder: true, consigneePhone: '13910000481', __pg_inputs: new RowInputs(shipmentRow(buyer)) as unknown })),
});

const consents = (crossBorder: boolean): SubjectFacts => ({ consents: { cross_border: crossBorder } });

describe('privacy pass: facts', () => {
  it('P-11 P-23 facts the cache remembers decide their rows without a lookup; only the others are asked, once', async () => {
    const asked: Map<FactKind, string[]>[] = [];
    const loadFacts: FactsByKindLoader = async (needs) => {
      asked.push(needs);
      return new Map([['consents', new Map((needs.get('consents') ?? []).map((id) => [id, consents(false)]))]]);
    };
    const remembered = new Map([['m1', consents(true)], ['m2', consents(false)]]);
    const data = shipments();
    const result = (await runPrivacyPass(plan, data, { ctx, loadFacts, knownFacts: (_kind, id) => remembered.get(id), audienceKeys: {} as never })) as PassResult;

    expect(asked).toEqual([new Map([['consents', ['m3']]])]);
    expect(data.shipments.map((s) => s.consigneePhone)).toEqual(['139****0481', null, null]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions).toMatchObject({ rule: 'P-23', count: 2, paths: [['shipments', 1, 'consigneePhone'], ['shipments', 2, 'consigneePhone']] });
  });

  it('P-70 P-80 the audit asks the subjects\' ages with the decisions\' facts, in one lookup, and records what a minor\'s reader got', async () => {
    const audited = compilePrivacyPlan(schema, index, parse('{ shipments(carrierId: "swift", first: 3) { id crossBorder consigneePhone } }'), ctx, { audit: true });
    const asked: Map<FactKind, string[]>[] = [];
    const loadFacts: FactsByKindLoader = async (needs) => {
      asked.push(needs);
      return new Map<FactKind, Map<string, SubjectFacts>>([
        ['consents', new Map((needs.get('consents') ?? []).map((id) => [id, consents(true)]))],
        ['person', new Map((needs.get('person') ?? []).map((id) => [id, { minor: id === 'm2' }]))],
      ]);
    };
    const data = shipments();
    const result = (await runPrivacyPass(audited, data, { ctx, loadFacts, audienceKeys: {} as never })) as PassResult;

    expect(asked).toEqual([new Map([['consents', ['m1', 'm2', 'm3']], ['person', ['m1', 'm2', 'm3']]])]);
    expect(data.shipments[1]!.consigneePhone).toBe('139****0481');
    // Every field of the minor's row, with the decision applied to it: the phone was masked.
    expect([...result.audit, ...result.auditReads].filter((e) => e.subject === 'm2').map((e) => [e.path, e.outcome])).toEqual([
      ['shipments.1.id', 'allow'],
      ['shipments.1.crossBorder', 'allow'],
      ['shipments.1.consigneePhone', 'mask'],
    ]);
  });

  it('P-11 when the cache remembers every subject, the pass answers at once, without a promise', () => {
    const loadFacts: FactsByKindLoader = () => {
      throw new Error('no lookup expected');
    };
    const data = shipments();
    const result = runPrivacyPass(plan, data, { ctx, loadFacts, knownFacts: () => consents(true), audienceKeys: {} as never });
    expect(result).not.toBeInstanceOf(Promise);
    expect(data.shipments.every((s) => s.consigneePhone === '139****0481')).toBe(true);
  });
});

describe('privacy pass: audit entries', () => {
  const merchant: DecisionContext = { caller: { role: 'merchant', sub: 'u-merchant-deer', store: 'deer-outfitters' }, purpose: 'essential.service.operations', config };
  const orders = compilePrivacyPlan(schema, index, parse('{ storeOrders(storeId: "deer-outfitters", first: 1) { id taxpayerId } }'), merchant);
  const data = () => ({ storeOrders: [{ id: 'o1', taxpayerId: '91310000MA1K', __pg_inputs: new RowInputs({ buyerId: 'm1', storeId: 'deer-outfitters', crossBorder: false, paymentInstitutionId: 'cardpay' }) as unknown }] });
  const loadFacts: FactsByKindLoader = () => new Map();

  it('P-80 a sensitive value read is collected for the access audit, with its subject and path', () => {
    const result = runPrivacyPass(orders, data(), { ctx: merchant, loadFacts, audienceKeys: {} as never }) as PassResult;
    expect(result.audit).toEqual([{ subject: 'm1', path: 'storeOrders.0.taxpayerId', field: 'Order.taxpayerId', outcome: 'scrub', rule: 'P-21' }]);
  });

  it('P-80 without an audit sink nothing is collected, and the caller receives the same data', () => {
    const audited = data();
    const unaudited = data();
    runPrivacyPass(orders, audited, { ctx: merchant, loadFacts, audienceKeys: {} as never });
    const result = runPrivacyPass(orders, unaudited, { ctx: merchant, loadFacts, audienceKeys: {} as never, audit: false }) as PassResult;
    expect(result.audit).toEqual([]);
    expect(unaudited).toEqual(audited);
  });
});

describe('privacy pass: row inputs', () => {
  const loadFacts: FactsByKindLoader = () => new Map([['consents', new Map([['m1', consents(true)]])]]);

  it('P-82 a row whose inputs did not arrive is never decided without them: whether the carrier may see it is unknown, so it is removed, and the page ends there', () => {
    const data = shipments();
    const first = data.shipments[0]!;
    const { crossBorder: _left, ...withoutCrossBorder } = shipmentRow('m1');
    data.shipments[1]!.__pg_inputs = new RowInputs(withoutCrossBorder); // the subgraph left an input out
    const result = runPrivacyPass(plan, data, { ctx, loadFacts, knownFacts: () => consents(true), audienceKeys: {} as never }) as PassResult;
    // A page cut by first ends at its first row that may not be shown: the rows after it would count the ones removed (P-21).
    expect(data.shipments).toEqual([first]);
    expect(data.shipments.map((s) => s.consigneePhone)).toEqual(['139****0481']);
    expect(result.errors).toEqual([]);
    const absent = shipments();
    absent.shipments[0]!.__pg_inputs = undefined; // the field is absent
    runPrivacyPass(plan, absent, { ctx, loadFacts, knownFacts: () => consents(true), audienceKeys: {} as never });
    expect(absent.shipments).toEqual([]);
  });

  it('P-82 the inputs never reach the response: cleared from every row, and serialized to nothing even if left', () => {
    const data = shipments();
    runPrivacyPass(plan, data, { ctx, loadFacts, knownFacts: () => consents(true), audienceKeys: {} as never });
    expect(data.shipments.every((s) => s.__pg_inputs === undefined)).toBe(true);
    const left = { id: 's9', __pg_inputs: new RowInputs({ buyerId: 'm1', consigneePhone: '13910000481' }) };
    expect(JSON.stringify(left)).toBe('{"id":"s9"}');
    expect(JSON.stringify(structuredClone(left))).toBe('{"id":"s9","__pg_inputs":{}}');
  });

  it('the pass keeps nothing on the rows’ inputs once it is done, with or without a facts lookup (its state dies with the request)', async () => {
    for (const knownFacts of [() => consents(true), undefined]) {
      const data = shipments();
      const holders = data.shipments.map((s) => s.__pg_inputs as RowInputs);
      const pass = runPrivacyPass(plan, data, { ctx, loadFacts: async (needs) => new Map([['consents', new Map((needs.get('consents') ?? []).map((id) => [id, consents(true)]))]]), knownFacts, audienceKeys: {} as never });
      expect(pass instanceof Promise).toBe(knownFacts === undefined);
      await pass;
      expect(data.shipments.map((s) => s.consigneePhone)).toEqual(['139****0481', '139****0481', '139****0481']);
      expect(holders.map((h) => h.passState)).toEqual([undefined, undefined, undefined]);
    }
  });

  it('P-82 a pass whose facts lookup fails keeps nothing on the rows’ inputs either, whether the lookup throws or rejects', async () => {
    const failures: FactsByKindLoader[] = [
      () => {
        throw new Error('consent store down');
      },
      async () => {
        throw new Error('consent store down');
      },
    ];
    for (const loadFacts of failures) {
      const data = shipments();
      const holders = data.shipments.map((s) => s.__pg_inputs as RowInputs);
      await expect(async () => runPrivacyPass(plan, data, { ctx, loadFacts, audienceKeys: {} as never })).rejects.toThrow('consent store down');
      expect(holders.map((h) => h.passState)).toEqual([undefined, undefined, undefined]);
    }
  });
});
