import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicyConfig, type PolicyConfig } from '../../directives/policy-config.js';
import { diffOutcomes, diffParameters, outcomeTable } from '../../schema/policy-outcomes.js';

const sdl = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const policy = loadPolicyConfig();
const table = outcomeTable(sdl, policy);
const edited = (edit: (p: PolicyConfig) => void) => {
  const copy = structuredClone(policy);
  edit(copy);
  return copy;
};

describe('the static outcome table of a policy', () => {
  it('P-21 names the merchant phone outcome per situation of the order', () => {
    const phone = table.filter((c) => c.role === 'merchant' && c.purpose === 'essential.service.operations' && c.coordinate === 'Order.consigneePhone');
    const by = Object.fromEntries(phone.map((c) => [c.situation, `${c.outcome} ${c.rule}`]));
    expect(by).toMatchObject({ related: 'mask P-21', unrelated: 'block P-21', crossBorder: 'mask P-23', crossBorderNoConsent: 'block P-23' });
  });

  it('P-10 P-04 P-01 a member\'s own data with the consent off is tabled as the gateway decides it: recommendations refused (made only under the consent), login bindings and the profile still the member\'s', () => {
    const own = (coordinate: string) => Object.fromEntries(table.filter((c) => c.role === 'customer' && c.purpose === null && c.coordinate === coordinate).map((c) => [c.situation, `${c.outcome} ${c.rule}`]));
    expect(own('Member.recommendations')).toMatchObject({ own: 'allow P-01', ownConsentOff: 'block P-10' });
    expect(own('Member.loginBindings')).toMatchObject({ own: 'allow P-01', ownConsentOff: 'allow P-01' });
    expect(own('Member.phone')).toMatchObject({ own: 'allow P-01', ownConsentOff: 'allow P-01' });
  });

  it('P-04 P-10 the table names the one consent a row or field turns on: the login partner\'s bindings refused when third_party_binding alone is withdrawn, not when another is', () => {
    const bindings = Object.fromEntries(table.filter((c) => c.role === 'login_partner' && c.purpose === 'essential.service.authentication' && c.coordinate === 'LoginBinding').map((c) => [c.situation, c.outcome]));
    expect(bindings).toMatchObject({ related: 'shown', consentOff: 'hidden', 'consentOff:third_party_binding': 'hidden' });
    expect(Object.keys(bindings).filter((s) => s.startsWith('consentOff:') && !s.includes('@'))).toEqual(['consentOff:third_party_binding']);
    // The same consent withdrawn on the other rows whose consents are on: another login partner's binding stays hidden either way.
    expect(bindings['consentOff:third_party_binding@crossBorder']).toBe('hidden');
  });

  it('P-66 a retention period left out is a release (the data is kept for ever); one added is not', () => {
    const category = Object.keys(policy.retentionDays)[0]!;
    const removed = diffParameters(policy, edited((p) => delete p.retentionDays[category]));
    expect(removed).toEqual([expect.objectContaining({ parameter: `retentionDays.${category}`, after: null, releases: true })]);
    const added = diffParameters(edited((p) => delete p.retentionDays[category]), policy);
    expect(added).toEqual([expect.objectContaining({ parameter: `retentionDays.${category}`, before: null, releases: false })]);
  });

  it('P-04 an explanation that starts naming the subject\'s consent is a release: it tells the login partner a bound member withdrew it', () => {
    const naming = edited((p) => {
      for (const entry of [...(p.outcomes.login_partner!.rows ?? []), ...(p.outcomes.login_partner!.fields ?? [])] as { namesConsent?: boolean }[]) if (entry.namesConsent === false) delete entry.namesConsent;
    });
    const changes = diffOutcomes(table, outcomeTable(sdl, naming));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.role === 'login_partner' && c.releases && c.after?.consent === 'third_party_binding')).toBe(true);
  });

  describe('the dry run misses no loosening a file can hide', () => {
    const releasesOf = (proposed: PolicyConfig) => diffOutcomes(table, outcomeTable(sdl, proposed)).filter((c) => c.releases);
    it('P-22 P-23 a rule for rows both cross-border and past the delivery window', () => {
      const loose = edited((p) => p.outcomes.logistics!.fields!.splice(3, 0, { when: { crossBorder: true, pastDeliveryWindow: true }, outcome: 'allow', rule: 'P-22', reason: 'kept for customs' } as never));
      expect(releasesOf(loose).some((c) => c.role === 'logistics' && c.situation === 'crossBorderPastDelivery')).toBe(true);
    });
    it('P-21 P-63 a refusal moved from one consent to another among several: with location withdrawn alone the merchant reads the phone', () => {
      const refusedWithout = (consent: string) =>
        edited((p) => p.outcomes.merchant!.fields!.unshift({ when: { kinds: ['phone'] }, requiresConsent: consent, outcome: 'block', rule: 'P-21', reason: 'the phone goes with the location consent' } as never));
      const changes = diffOutcomes(outcomeTable(sdl, refusedWithout('location')), outcomeTable(sdl, refusedWithout('marketing_messages'))).filter((c) => c.coordinate === 'Order.consigneePhone');
      const by = Object.fromEntries(changes.filter((c) => c.purpose === 'essential.service.operations').map((c) => [c.situation, `${c.before?.outcome} → ${c.after?.outcome}${c.releases ? ' releases' : ''}`]));
      // The new refusal names marketing_messages: the merchant learns it is off, a release too.
      expect(by).toMatchObject({ 'consentOff:location': 'block → mask releases', 'consentOff:marketing_messages': 'mask → block releases' });
    });
    it('P-21 P-22 a rule that opens another store\'s or carrier\'s rows only where they are cross-border or past the delivery window', () => {
      const merchant = edited((p) => {
        p.outcomes.merchant!.rows!.splice(1, 0, { when: { crossBorder: true }, outcome: 'allow', rule: 'P-21', reason: 'an order of your own store' } as never);
      });
      expect(releasesOf(merchant).some((c) => c.role === 'merchant' && c.coordinate === 'Order' && c.situation === 'unrelatedCrossBorder')).toBe(true);
      const carrier = edited((p) => {
        p.outcomes.logistics!.rows!.splice(1, 0, { when: { pastDeliveryWindow: true }, outcome: 'allow', rule: 'P-22', reason: 'a shipment assigned to you' } as never);
      });
      expect(releasesOf(carrier).some((c) => c.role === 'logistics' && c.coordinate === 'Shipment' && c.situation === 'unrelatedPastDelivery')).toBe(true);
    });
    it('P-23 P-63 a refusal naming a consent only on cross-border rows: the store learns the buyer\'s marketing choice', () => {
      const telling = edited((p) => p.outcomes.merchant!.fields!.splice(2, 0, { when: { crossBorder: true, kinds: ['name'] }, requiresConsent: 'marketing_messages', outcome: 'block', rule: 'P-63', reason: 'the buyer has withdrawn marketing consent' } as never));
      expect(releasesOf(telling).some((c) => c.role === 'merchant' && c.coordinate === 'Order.consigneeName' && c.situation === 'consentOff:marketing_messages@crossBorder' && c.after?.consent === 'marketing_messages')).toBe(true);
    });
    it('P-41 P-51 a role\'s own rule changed to its training purpose\'s: the training records\' tokens become the analytics ones', () => {
      const joined = edited((p) => (p.outcomes.analyst!.deidentified!.rule = 'P-41'));
      expect(diffParameters(policy, joined).find((c) => c.parameter === 'outcomes.analyst.deidentified.tokens')).toMatchObject({ releases: true });
    });
    it('P-40 a new role holding tickets as support does (relation assignedTicket) is tabled reading what support reads on its tickets: a release, whatever its name', () => {
      const lead = edited((p) => {
        p.roles.support_lead = { ...structuredClone(p.roles.support!), name: 'Support team lead' };
        p.outcomes.support_lead = structuredClone(p.outcomes.support!);
      });
      const released = releasesOf(lead).filter((c) => c.role === 'support_lead' && c.purpose === 'essential.service.operations.support');
      for (const field of ['Member.email', 'Order.deliveryAddress', 'Ticket']) expect(released.some((c) => c.coordinate === field && c.situation === 'related'), field).toBe(true);
    });
    it('P-70 P-01 a relation given to another role: a customer reading wards', () => {
      const loose = edited((p) => (p.outcomes.customer!.relation = 'ward'));
      expect(releasesOf(loose).some((c) => c.role === 'customer' && c.situation === 'ward')).toBe(true);
    });
    it('P-04 P-52 a refusal that says something new, and a generalization changed (another disclosure, to review)', () => {
      const telling = edited((p) => (p.outcomes.login_partner!.fields![2]!.reason = 'this member bound you but has withdrawn consent'));
      expect(releasesOf(telling).some((c) => c.role === 'login_partner')).toBe(true);
      // Times reach the researcher as their day; any other level is another disclosure.
      const finer = edited((p) => {
        for (const entry of p.outcomes.researcher!.deidentified?.fields ?? []) if ((entry as { generalization?: string }).generalization === 'day') (entry as { generalization?: string }).generalization = 'year';
      });
      expect(releasesOf(finer).some((c) => c.role === 'researcher' && c.before?.generalization === 'day' && c.after?.generalization === 'year')).toBe(true);
      // A reason that only restates a changed parameter is no release.
      expect(releasesOf(edited((p) => (p.kAnonymity = p.kAnonymity + 5)))).toEqual([]);
    });
    it('P-51 P-41 P-21 a role\'s caller class, binding, pseudonym keys and purposes with keys of their own', () => {
      const loose = edited((p) => {
        p.roles.analyst!.callerClass = 'member';
        p.roles.analyst!.binding = 'none';
        p.audiences.push('partner:undefined');
        delete p.outcomes.analyst!.deidentified!.ruleForPurpose;
      });
      const released = diffParameters(policy, loose).filter((c) => c.releases).map((c) => c.parameter);
      expect(released).toEqual(expect.arrayContaining(['roles.analyst.callerClass', 'roles.analyst.binding', 'audiences', 'outcomes.analyst.deidentified.tokens']));
      expect(diffParameters(loose, policy).find((c) => c.parameter === 'roles.analyst.callerClass')?.releases).toBe(false);
    });
  });

  it('P-83 one cell for a field no row data changes', () => {
    const cells = table.filter((c) => c.role === 'merchant' && c.purpose === null && c.coordinate === 'Order.consigneePhone');
    expect(cells).toEqual([expect.objectContaining({ situation: 'any', outcome: 'block', rule: 'P-83' })]);
  });

  it('P-22 a role the file adds, with no demo persona, is tabled bound to its scope: its own shipment related, another carrier\'s not; adding it is a change that releases', () => {
    const withBroker = edited((p) => {
      p.roles.customs_broker = { name: 'Customs broker', binding: 'carrier', purposes: ['essential.service.operations.delivery'] };
      p.outcomes.customs_broker = structuredClone(p.outcomes.logistics);
    });
    const cells = outcomeTable(sdl, withBroker).filter((c) => c.role === 'customs_broker' && c.purpose === 'essential.service.operations.delivery' && c.coordinate === 'Shipment.consigneePhone');
    const by = Object.fromEntries(cells.map((c) => [c.situation, `${c.outcome} ${c.rule}`]));
    expect(by).toMatchObject({ related: 'allow P-22', unrelated: 'block P-22' });
    const added = diffOutcomes(table, outcomeTable(sdl, withBroker));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((c) => c.role === 'customs_broker' && c.before === null)).toBe(true);
    expect(added.some((c) => c.releases)).toBe(true);
  });

  it('the same policy has no change', () => {
    expect(diffOutcomes(table, outcomeTable(sdl, policy))).toEqual([]);
    expect(diffParameters(policy, policy)).toEqual([]);
  });

  it('P-22 a shorter delivery window tightens; a longer one releases', () => {
    const shorter = edited((p) => (p.deliveryWindowDays = 14));
    expect(diffParameters(policy, shorter)).toEqual([expect.objectContaining({ parameter: 'deliveryWindowDays', releases: false })]);
    expect(diffOutcomes(table, outcomeTable(sdl, shorter)).some((c) => c.releases)).toBe(false);
    expect(diffParameters(policy, edited((p) => (p.deliveryWindowDays = 45)))).toEqual([expect.objectContaining({ releases: true })]);
  });

  it('P-52 a smaller k releases aggregates', () => {
    expect(diffParameters(policy, edited((p) => (p.kAnonymity = 3)))).toEqual([expect.objectContaining({ parameter: 'kAnonymity', before: 5, after: 3, releases: true })]);
  });

  it('P-83 a purpose newly open to a role releases what it reads beyond what the role reads declaring no purpose', () => {
    const wider = edited((p) => p.roles.merchant.purposes.push('essential.service.operations.support'));
    const released = diffOutcomes(table, outcomeTable(sdl, wider)).filter((c) => c.releases);
    expect(released.length).toBeGreaterThan(0);
    expect(released.every((c) => c.role === 'merchant' && c.purpose === 'essential.service.operations.support' && c.before === null)).toBe(true);
    expect(released).toContainEqual(
      expect.objectContaining({ coordinate: 'Order.consigneeName', situation: 'related', withoutPurpose: expect.objectContaining({ outcome: 'block', rule: 'P-83' }), after: expect.objectContaining({ outcome: 'scrub', rule: 'P-21' }) }),
    );
  });

  it('P-83 a purpose newly open that gives the role nothing beyond declaring no purpose releases nothing (public reviews are not a release)', () => {
    const wider = edited((p) => p.roles.merchant.purposes.push('essential.service.operations.delivery'));
    const changes = diffOutcomes(table, outcomeTable(sdl, wider));
    expect(changes.filter((c) => c.releases)).toEqual([]);
    expect(changes.some((c) => c.coordinate === 'Review.text')).toBe(false);
  });

  it('P-52 a larger k changes no outcome cell (the reason restates k): the parameter change says it', () => {
    const larger = edited((p) => (p.kAnonymity = 10));
    expect(diffOutcomes(table, outcomeTable(sdl, larger))).toEqual([]);
    expect(diffParameters(policy, larger)).toEqual([expect.objectContaining({ parameter: 'kAnonymity', before: 5, after: 10, releases: false })]);
  });

  it('P-83 a purpose taken from a role only tightens', () => {
    const narrower = edited((p) => (p.roles.support.purposes = ['essential.service.operations.support']));
    const changes = diffOutcomes(table, outcomeTable(sdl, narrower));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.some((c) => c.releases)).toBe(false);
  });
});
