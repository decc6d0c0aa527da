import { describe, expect, it } from 'vitest';
import type { FieldPolicy, SubjectSpec } from '../../directives/annotations.js';
import { NeedsRow, decide, hiddenRow, rowAccess, rowVisibility, type DecisionContext, type RowContext } from '../../directives/decide.js';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { buildASTSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { kindsOf } from '../../directives/categories.js';
import type { Caller } from '../../directives/caller.js';

const config = loadPolicyConfig();
const NOW = Date.parse('2026-11-23T12:00:00Z');

function field(coordinate: string, category: string, extra: Partial<FieldPolicy> = {}): FieldPolicy {
  const [typeName, fieldName] = coordinate.split('.');
  return { typeName, fieldName, coordinate, category, kinds: kindsOf(category), sensitive: false, public: false, purposes: null, consent: null, returnType: 'String', list: false, nullable: true, leaf: true, implicit: false, annotated: true, ...extra };
}

function row(extra: Partial<RowContext> = {}): RowContext {
  return { subjectId: 'm-buyer', facts: { consents: {}, minor: false, guardians: [], agents: [] }, now: NOW, ...extra };
}

const ctx = (caller: Caller, purpose: string | null, r?: RowContext): DecisionContext => ({ caller, purpose, config, row: r });

const member: SubjectSpec = { id: 'id' };
const order: SubjectSpec = { id: 'buyerId', store: 'storeId', crossBorder: 'crossBorder' };
const shipment: SubjectSpec = { id: 'buyerId', carrier: 'carrierId', deliveredAt: 'deliveredAt', crossBorder: 'crossBorder' };
const review: SubjectSpec = { id: 'authorId', anonymous: 'anonymous' };

const buyer: Caller = { role: 'customer', sub: 'm-buyer' };
const other: Caller = { role: 'customer', sub: 'm-optout' };
const visitor: Caller = { role: 'visitor' };
const merchantDeer: Caller = { role: 'merchant', sub: 'u-merchant-deer', store: 'deer-outfitters' };
const swift: Caller = { role: 'logistics', sub: 'u-carrier-swift', carrier: 'swift' };
const agent: Caller = { role: 'support', sub: 'u-agent' };
const analyst: Caller = { role: 'analyst', sub: 'u-analyst', partner: 'insight-labs' };
const researcher: Caller = { role: 'researcher', sub: 'u-researcher', project: 'uni-study' };
const advertiser: Caller = { role: 'advertiser', sub: 'u-advertiser', partner: 'adreach' };

const phone = field('Member.phone', 'user.contact.phone_number', { purposes: ['essential.service.operations.support'] });
const nickname = field('Member.nickname', 'user.account.username', { public: true });

describe('decide: the pure policy core', () => {
  it('P-01 a customer reads their own phone; password hashes are never readable', () => {
    expect(decide(phone, member, ctx(buyer, null, row())).outcome).toBe('allow');
    const hash = field('Member.passwordHash', 'user.authorization.credentials');
    expect(decide(hash, member, ctx(buyer, null, row()))).toMatchObject({ outcome: 'block', rule: 'P-01' });
  });

  it("P-02 a member's phone is not public: another customer and a visitor are blocked", () => {
    expect(decide(phone, member, ctx(other, null, row())).outcome).toBe('block');
    expect(decide(phone, member, ctx(visitor, null))).toMatchObject({ outcome: 'block', rule: 'P-83' });
  });

  it('P-03 the subject sees their national id masked', () => {
    const nationalId = field('RealNameVerification.nationalId', 'user.government_id.national_identification_number', { sensitive: true });
    expect(decide(nationalId, { id: 'memberId' }, ctx(buyer, null, row()))).toMatchObject({ outcome: 'mask', rule: 'P-03' });
  });

  it('P-10 personalization reads history only while the consent is on, even for the subject', () => {
    const history = field('Member.browsingHistory', 'user.behavior.browsing_history', { purposes: ['personalize.content'], consent: 'personalized_recommendation', leaf: false, list: true });
    const on = row({ facts: { consents: { personalized_recommendation: true }, minor: false } });
    const off = row({ facts: { consents: { personalized_recommendation: false }, minor: false } });
    expect(decide(history, member, ctx(buyer, 'personalize.content', on)).outcome).toBe('allow');
    expect(decide(history, member, ctx(buyer, 'personalize.content', off))).toMatchObject({ outcome: 'block', rule: 'P-10', consent: 'personalized_recommendation' });
  });

  it("P-21 a merchant reads its own store's consignee phone masked, and nothing of another store's order", () => {
    const consigneePhone = field('Order.consigneePhone', 'user.contact.phone_number', { purposes: ['essential.service.operations'] });
    expect(decide(consigneePhone, order, ctx(merchantDeer, 'essential.service.operations', row({ store: 'deer-outfitters' })))).toMatchObject({ outcome: 'mask', rule: 'P-21' });
    expect(decide(consigneePhone, order, ctx(merchantDeer, 'essential.service.operations', row({ store: 'red-lantern' })))).toMatchObject({ outcome: 'block', rule: 'P-21' });
  });

  it('P-22 a carrier reads its own shipment, not another carrier’s, and not 30 days after delivery', () => {
    const consigneePhone = field('Shipment.consigneePhone', 'user.contact.phone_number', { purposes: ['essential.service.operations.delivery'] });
    const delivery = 'essential.service.operations.delivery';
    expect(decide(consigneePhone, shipment, ctx(swift, delivery, row({ carrier: 'swift' }))).outcome).toBe('allow');
    expect(decide(consigneePhone, shipment, ctx(swift, delivery, row({ carrier: 'oceanic' })))).toMatchObject({ outcome: 'block', rule: 'P-22' });
    const old = new Date(NOW - 31 * 86_400_000).toISOString();
    expect(decide(consigneePhone, shipment, ctx(swift, delivery, row({ carrier: 'swift', deliveredAt: old })))).toMatchObject({ outcome: 'block', rule: 'P-22' });
  });

  it('P-22 a delivery date later than now is no delivery date: the window is closed, as for one 30 days old, and the reason says so; a carrier clock a minute ahead is not', () => {
    const consigneePhone = field('Shipment.consigneePhone', 'user.contact.phone_number', { purposes: ['essential.service.operations.delivery'] });
    const delivery = 'essential.service.operations.delivery';
    for (const future of [new Date(NOW + 365 * 86_400_000).toISOString(), '+275760-09-13T00:00:00.000Z', new Date(NOW + 3_600_000).toISOString()]) {
      const decision = decide(consigneePhone, shipment, ctx(swift, delivery, row({ carrier: 'swift', deliveredAt: future })));
      expect(decision, future).toMatchObject({ outcome: 'block', rule: 'P-22' });
      // The reason says what a carrier looking at a future date needs to hear, not only "30 days ago".
      expect(decision.reason, future).toMatch(/in the future/);
    }
    expect(decide(consigneePhone, shipment, ctx(swift, delivery, row({ carrier: 'swift', deliveredAt: new Date(NOW + 60_000).toISOString() }))).outcome).toBe('allow');
  });

  it('P-23 cross-border delivery data needs the buyer’s consent, and is masked with it', () => {
    const name = field('Shipment.consigneeName', 'user.name', { purposes: ['essential.service.operations.delivery'] });
    const delivery = 'essential.service.operations.delivery';
    const consented = row({ carrier: 'swift', crossBorder: true, facts: { consents: { cross_border: true }, minor: false } });
    const refused = row({ carrier: 'swift', crossBorder: true, facts: { consents: {}, minor: false } });
    expect(decide(name, shipment, ctx(swift, delivery, consented))).toMatchObject({ outcome: 'mask', rule: 'P-23' });
    expect(decide(name, shipment, ctx(swift, delivery, refused))).toMatchObject({ outcome: 'block', rule: 'P-23', consent: 'cross_border' });
  });

  it('P-31 an anonymous review’s author is a placeholder to the store’s merchant, and real to its author', () => {
    const author = field('Review.author', 'user.account.username', { public: true, returnType: 'Member', leaf: false });
    const anonymous = row({ anonymous: true });
    expect(decide(author, review, ctx(merchantDeer, 'essential.service.operations', anonymous))).toMatchObject({ outcome: 'placeholder', rule: 'P-31' });
    expect(decide(author, review, ctx(buyer, null, anonymous)).outcome).toBe('allow');
  });

  it('P-40 an agent reads the phone of a member with a ticket assigned to them, masked; others blocked', () => {
    const support = 'essential.service.operations.support';
    const assigned = row({ facts: { consents: {}, minor: false, agents: ['u-agent'] } });
    const unassigned = row({ facts: { consents: {}, minor: false, agents: ['u-agent-2'] } });
    expect(decide(phone, member, ctx(agent, support, assigned))).toMatchObject({ outcome: 'mask', rule: 'P-40' });
    expect(decide(phone, member, ctx(agent, support, unassigned))).toMatchObject({ outcome: 'block', rule: 'P-40' });
  });

  it('P-50 P-51 P-52 partners: advertisers blocked, analysts pseudonymized per partner, researchers per project', () => {
    const memberId = field('BrowsingEvent.memberId', 'user.unique_id', { purposes: ['analytics.reporting', 'analytics.research'] });
    const event: SubjectSpec = { id: 'memberId' };
    const adult = row({ subjectId: 'm-ava', facts: { consents: {}, minor: false, guardians: [] } });
    expect(decide(memberId, event, ctx(advertiser, 'marketing.advertising.third_party', adult))).toMatchObject({ outcome: 'block', rule: 'P-50' });
    expect(decide(memberId, event, ctx(analyst, 'analytics.reporting', adult))).toMatchObject({ outcome: 'pseudonymize', rule: 'P-51', audience: 'partner:insight-labs#analytics.reporting' });
    expect(decide(memberId, event, ctx(researcher, 'analytics.research', adult))).toMatchObject({ outcome: 'pseudonymize', rule: 'P-52', audience: 'project:uni-study#analytics.research' });
  });

  it("P-70 a child's personal data reaches no analytics or research partner, and an age that cannot be checked blocks (P-82)", () => {
    const memberId = field('BrowsingEvent.memberId', 'user.unique_id', { purposes: ['analytics.reporting', 'analytics.research'] });
    const event: SubjectSpec = { id: 'memberId' };
    const child = row({ subjectId: 'm-minor', facts: { consents: {}, minor: true, guardians: ['m-guardian'] } });
    expect(decide(memberId, event, ctx(analyst, 'analytics.reporting', child))).toMatchObject({ outcome: 'block', rule: 'P-70' });
    expect(decide(memberId, event, ctx(researcher, 'analytics.research', child))).toMatchObject({ outcome: 'block', rule: 'P-70' });
    expect(decide(memberId, event, ctx(analyst, 'analytics.reporting', row({ subjectId: 'm-x', facts: 'unavailable' })))).toMatchObject({ outcome: 'block', rule: 'P-82' });
  });

  it('P-52 an aggregate over fewer than k subjects is refused', () => {
    const revenue = field('OrderStat.revenue', 'user.financial.transaction', { public: true });
    const stat: SubjectSpec = { count: 'buyers' };
    expect(decide(revenue, stat, ctx(researcher, 'analytics.research', row({ subjectId: null, count: 2 })))).toMatchObject({ outcome: 'block', rule: 'P-52' });
    expect(decide(revenue, stat, ctx(researcher, 'analytics.research', row({ subjectId: null, count: 7 }))).outcome).toBe('allow');
    const officer: Caller = { role: 'privacy_officer', sub: 'u-officer', caseRef: 'C-1' };
    expect(decide(revenue, stat, ctx(officer, null, row({ subjectId: null, count: 2 })))).toMatchObject({ outcome: 'block', rule: 'P-52' });
    expect(decide(revenue, stat, ctx(officer, 'essential.legal_obligation', row({ subjectId: null, count: 2 })))).toMatchObject({ outcome: 'allow', rule: 'P-81' });
  });

  it('P-70 a minor appears as the placeholder in public; their guardian reads their data', () => {
    const minorRow = row({ subjectId: 'm-minor', facts: { consents: {}, minor: true, guardians: ['m-guardian'] } });
    expect(decide(nickname, member, ctx(visitor, null, minorRow))).toMatchObject({ outcome: 'placeholder', rule: 'P-70' });
    expect(decide(phone, member, ctx({ role: 'guardian', sub: 'm-guardian' }, null, minorRow))).toMatchObject({ outcome: 'allow', rule: 'P-70' });
  });

  it('P-82 a consent that cannot be checked blocks', () => {
    const recommendations = field('Member.recommendations', 'user.behavior.browsing_history', { purposes: ['personalize.content'], consent: 'personalized_recommendation', leaf: false, list: true });
    expect(decide(recommendations, member, ctx(buyer, 'personalize.content', row({ facts: 'unavailable' })))).toMatchObject({ outcome: 'block', rule: 'P-82' });
  });

  it('P-83 no purpose, no data: a merchant without a purpose is blocked before any row is read', () => {
    const consigneeName = field('Order.consigneeName', 'user.name', { purposes: ['essential.service.operations'] });
    expect(decide(consigneeName, order, ctx(merchantDeer, null))).toMatchObject({ outcome: 'block', rule: 'P-83' });
  });

  it('decisions that depend on the row are deferred while planning', () => {
    const consigneeName = field('Order.consigneeName', 'user.name', { purposes: ['essential.service.operations'] });
    expect(() => decide(consigneeName, order, ctx(merchantDeer, 'essential.service.operations'))).toThrow(NeedsRow);
  });

  describe('P-82 default deny', () => {
    const supergraph = readFileSync('schema/supergraph.graphql', 'utf8');
    const index = readPrivacyIndex(buildASTSchema(parse(supergraph), { assumeValidSDL: true }));
    const typeOf = (name: string) => index.get(name)!;
    const orders = typeOf('Order').subject;
    const shipments = typeOf('Shipment').subject;
    const events = typeOf('BrowsingEvent').subject;
    const reviews = typeOf('Review').subject;
    const oceanic: Caller = { role: 'logistics', sub: 'u-carrier-oceanic', carrier: 'oceanic' };

    it('P-82 a field of a @subject type without @pii is blocked, whoever asks, even its subject and under legal obligation', () => {
      const bare = readPrivacyIndex(buildASTSchema(parse(supergraph.replace(/(\n  status: String) @pii\(category: "system\.operations"\)( @join__field\(graph: ORDERS\))/, '$1$2')), { assumeValidSDL: true }));
      const status = bare.get('Order')!.fields.get('status')!;
      expect(status).toMatchObject({ annotated: false, coordinate: 'Order.status' });
      for (const [caller, purpose] of [[buyer, null], [merchantDeer, 'essential.service.operations'], [{ role: 'privacy_officer', sub: 'u-officer', caseRef: 'C-1' }, 'essential.legal_obligation']] as const) {
        expect(decide(status, orders, ctx(caller, purpose, row({ store: 'deer-outfitters' })))).toMatchObject({ outcome: 'block', rule: 'P-82', reason: expect.stringContaining('not annotated') });
      }
    });

    it('P-82 every field of every @subject type of the supergraph is annotated', () => {
      const bare = [...index.values()].flatMap((t) => [...t.fields.values()]).filter((f) => !f.annotated);
      expect(bare.map((f) => f.coordinate)).toEqual([]);
    });

    it('P-82 an operational field (system.operations) is decided as its row: the subject, its store, nobody else', () => {
      const status = typeOf('Order').fields.get('status')!;
      const deerOrder = row({ store: 'deer-outfitters' });
      expect(decide(status, orders, ctx(buyer, null, deerOrder)).outcome).toBe('allow');
      expect(decide(status, orders, ctx(merchantDeer, 'essential.service.operations', deerOrder))).toMatchObject({ outcome: 'allow', rule: 'P-21' });
      expect(decide(status, orders, ctx(merchantDeer, 'essential.service.operations', row({ store: 'red-lantern' })))).toMatchObject({ outcome: 'block', rule: 'P-21' });
      expect(decide(status, orders, ctx(visitor, null))).toMatchObject({ outcome: 'block', rule: 'P-83' });
      expect(decide(status, orders, ctx(other, 'essential.service', deerOrder))).toMatchObject({ outcome: 'block' });
    });

    it('P-21 P-22 P-40 P-50 row access: related callers only, under a purpose the record is declared for', () => {
      expect(rowAccess(shipments, ctx(swift, 'essential.service.operations.delivery', row({ carrier: 'swift' })))).toMatchObject({ outcome: 'allow', rule: 'P-22' });
      expect(rowAccess(shipments, ctx(oceanic, 'essential.service.operations.delivery', row({ carrier: 'swift' })))).toMatchObject({ outcome: 'block', rule: 'P-22' });
      expect(rowAccess(orders, ctx(swift, 'essential.service.operations.delivery', row()))).toMatchObject({ outcome: 'block', rule: 'P-83' });
      expect(rowAccess(events, ctx(merchantDeer, 'essential.service.operations', row()))).toMatchObject({ outcome: 'block', rule: 'P-83' });
      expect(rowAccess(events, ctx(analyst, 'analytics.reporting', row()))).toMatchObject({ outcome: 'allow', rule: 'P-51' });
      expect(rowAccess(events, ctx(advertiser, 'marketing.advertising.third_party', row()))).toMatchObject({ outcome: 'block', rule: 'P-50' });
      expect(rowAccess(orders, ctx(agent, 'essential.service.operations.support', row({ facts: { agents: ['u-agent'] } })))).toMatchObject({ outcome: 'allow', rule: 'P-40' });
      expect(rowAccess(orders, ctx(agent, 'essential.service.operations.support', row({ facts: { agents: [] } })))).toMatchObject({ outcome: 'block', rule: 'P-40' });
      expect(rowAccess(reviews, ctx(visitor, null)).outcome).toBe('allow');
    });

    it('P-24 a payment institution sees the orders and payments it processes: not another institution’s, not one without an institution, no other record', () => {
      const cardpay: Caller = { role: 'payment', sub: 'u-payment', institution: 'cardpay' };
      const payments = typeOf('Payment').subject;
      const processing = 'essential.service.payment_processing';
      for (const subject of [orders, payments]) {
        expect(rowAccess(subject, ctx(cardpay, processing, row({ institution: 'cardpay' })))).toMatchObject({ outcome: 'allow', rule: 'P-24' });
        expect(rowAccess(subject, ctx(cardpay, processing, row({ institution: 'alipay' })))).toMatchObject({ outcome: 'block', rule: 'P-24' });
        expect(rowAccess(subject, ctx(cardpay, processing, row({ institution: null })))).toMatchObject({ outcome: 'block', rule: 'P-24' });
        expect(rowAccess(subject, ctx({ role: 'payment', sub: 'u-payment' }, processing, row({ institution: 'cardpay' })))).toMatchObject({ outcome: 'block', rule: 'P-24' });
      }
      expect(rowAccess(shipments, ctx(cardpay, processing, row({ institution: 'cardpay' })))).toMatchObject({ outcome: 'block' });
    });

    it('P-82 a hidden row is known before execution where the caller alone decides it, and read per row where the row does', () => {
      expect(rowVisibility(orders, ctx(visitor, null))).toBe('hidden');
      expect(rowVisibility(orders, ctx(advertiser, 'marketing.advertising.third_party'))).toBe('hidden');
      expect(rowVisibility(orders, ctx(merchantDeer, 'essential.service.operations'))).toBe('per-row');
      expect(rowVisibility(reviews, ctx(visitor, null))).toBe('shown');
      expect(hiddenRow(orders, ctx(merchantDeer, 'essential.service.operations', row({ store: 'red-lantern' })))).toBe(true);
      expect(hiddenRow(orders, ctx(merchantDeer, 'essential.service.operations', row({ store: 'deer-outfitters' })))).toBe(false);
      // A row whose inputs did not arrive cannot be shown (P-82).
      expect(() => hiddenRow(orders, ctx(merchantDeer, 'essential.service.operations', row({ inputsMissing: true })))).toThrow();
    });
  });
});
