import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, PRODUCT } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { PSEUDONYM, expectBlocked, expectExplained, expectUntouched, startSecondGateway } from '../support/privacy-assertions.js';

/**
 * P-10 (browsing and search history) and P-11 (a consent change governs the very next request,
 * on every gateway instance), through the gateway over HTTP.
 */
describe('history: P-10, P-11', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  const HISTORY = `{ me { browsingHistory { id productId } searchHistory { query } recommendations { id } } }`;

  it('P-10 the subject sees their own browsing and search history, even with personalization switched off', async () => {
    const answer = await m.ask('buyer-optout', `{ me { browsingHistory { id productId } searchHistory { query } } }`);
    expectUntouched(answer);
    expect(answer.body.data.me.browsingHistory.map((e: any) => e.productId)).toEqual([PRODUCT.campTent, PRODUCT.woolSocks, PRODUCT.trailBoots]);
    expect(answer.body.data.me.searchHistory.map((e: any) => e.query)).toEqual(['tent pegs', 'wool socks', 'boot laces']);
  });

  it('P-10 personalize.content reads history and recommends from it while the personalized-recommendation consent is on', async () => {
    const answer = await m.ask('buyer', HISTORY, { purpose: 'personalize.content' });
    expectUntouched(answer);
    expect(answer.body.data.me.browsingHistory).toHaveLength(6);
    expect(answer.body.data.me.searchHistory[0].query).toBe('trail boots size 42');
    expect(answer.body.data.me.recommendations.map((p: any) => p.id)).toEqual([PRODUCT.trailBoots, PRODUCT.campTent, PRODUCT.woolSocks, PRODUCT.paperLantern, PRODUCT.teaSet]);
  });

  it('P-10 personalize.content gets nothing of a member whose personalized-recommendation consent is off, naming the consent', async () => {
    const answer = await m.ask('buyer-optout', HISTORY, { purpose: 'personalize.content' });
    expect(answer.body.data.me).toEqual({ browsingHistory: null, searchHistory: null, recommendations: null });
    for (const field of ['browsingHistory', 'searchHistory', 'recommendations']) expectBlocked(answer, `me.${field}`, 'P-10', 'personalized_recommendation');
    expect(answer.body.extensions.privacy).toMatchObject({ purpose: 'personalize.content', role: 'customer' });
  });

  it("P-10 P-81 recommendations are not made without the member's consent for the privacy officer's case either; the history, which exists without it, is read", async () => {
    const query = `{ off: member(id: "${MEMBER.optout}") { browsingHistory { id } recommendations { id } } on: member(id: "${MEMBER.buyer}") { recommendations { id } } }`;
    const answer = await m.ask('officer', query, { purpose: 'essential.legal_obligation' });
    expect(answer.body.data.off.recommendations).toBeNull();
    expectBlocked(answer, 'off.recommendations', 'P-10', 'personalized_recommendation');
    expect(answer.body.data.off.browsingHistory).toEqual(expect.any(Array));
    expect(answer.body.data.on.recommendations.length).toBeGreaterThan(0);
  });

  it('P-10 analysts see the history of pseudonymized subjects only', async () => {
    // A partner cannot ask for a person's history by their id: refused whole (P-51).
    const lookup = await m.ask('analyst', `{ member(id: "${MEMBER.buyer}") { id browsingHistory { memberId productId ip } searchHistory { memberId query } } }`);
    expect(lookup.body.data ?? null).toBeNull();
    expect(lookup.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-51' });
    expect(JSON.stringify(lookup.body)).not.toMatch(/psn_|203\.0\.113|trail boots/);
    // The analytics export: every event's subject is a pseudonym, the same for one member's events.
    const answer = await m.ask('analyst', `{ browsingEvents(first: 100) { id memberId productId ip } }`);
    // A child's events keep their own tokens, and nothing personal (P-70).
    const children = (answer.body.errors ?? []).filter((e: any) => e.extensions.rule === 'P-70');
    expect(children.length).toBe(answer.body.errors?.length ?? 0);
    const all: any[] = answer.body.data.browsingEvents;
    for (const event of all) expect(event.id).toMatch(PSEUDONYM);
    const events = all.filter((e) => e.memberId !== null);
    expect(all.length - events.length).toBeGreaterThan(0);
    for (const event of all.filter((e) => e.memberId === null)) expect(event).toMatchObject({ productId: null, ip: null });
    for (const event of events) {
      expect(event.memberId).toMatch(PSEUDONYM);
      expect(event.ip).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    }
    // m-buyer is the one member with six views (seeded so), all from 203.0.113.57.
    const byMember = new Map<string, any[]>();
    for (const event of events) byMember.set(event.memberId, [...(byMember.get(event.memberId) ?? []), event]);
    const six = [...byMember.values()].filter((list) => list.length === 6);
    expect(six).toHaveLength(1);
    for (const event of six[0]) expect(event.ip).toBe('203.0.113.0/24');
    expect(JSON.stringify(answer.body.data)).not.toMatch(/m-buyer|"m-|"be-|203\.0\.113\.57/);
    expectExplained(answer, 'browsingEvents.*.memberId', 'pseudonymize', 'P-51', { count: events.length });
  });

  it('P-10 merchants and carriers never read browsing or search history', async () => {
    const query = `{ member(id: "${MEMBER.buyer}") { browsingHistory { id } searchHistory { query } recommendations { id } } }`;
    for (const persona of ['merchant-deer', 'carrier-swift']) {
      const answer = await m.ask(persona, query);
      expect(answer.body.data.member).toEqual({ browsingHistory: null, searchHistory: null, recommendations: null });
      for (const field of ['browsingHistory', 'searchHistory', 'recommendations']) expectBlocked(answer, `member.${field}`, 'P-83');
    }
  });

  it('P-11 a consent change governs the very next request', async () => {
    const before = await m.ask('buyer', `{ me { browsingHistory { id } } }`, { purpose: 'personalize.content' });
    expect(before.body.data.me.browsingHistory).toHaveLength(6);

    const withdraw = await m.ask('buyer', `mutation { setConsent(kind: personalized_recommendation, granted: false) { kind granted } }`);
    expect(withdraw.body.data.setConsent).toEqual({ kind: 'personalized_recommendation', granted: false });
    const after = await m.ask('buyer', `{ me { browsingHistory { id } } }`, { purpose: 'personalize.content' });
    expectBlocked(after, 'me.browsingHistory', 'P-10', 'personalized_recommendation');

    await m.ask('buyer', `mutation { setConsent(kind: personalized_recommendation, granted: true) { granted } }`);
    const again = await m.ask('buyer', `{ me { browsingHistory { id } } }`, { purpose: 'personalize.content' });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.me.browsingHistory).toHaveLength(6);
  });

  it('P-11 a consent change made through one gateway instance governs the next request on another', async () => {
    const second = await startSecondGateway(m);
    try {
      const query = `{ me { browsingHistory { id } } }`;
      // Both instances have answered (and planned) this operation before the change.
      expect((await second.ask('buyer', query, 'personalize.content')).body.data.me.browsingHistory).toHaveLength(6);
      expect((await m.ask('buyer', query, { purpose: 'personalize.content' })).body.data.me.browsingHistory).toHaveLength(6);

      await m.ask('buyer', `mutation { setConsent(kind: personalized_recommendation, granted: false) { granted } }`);
      expectBlocked(await second.ask('buyer', query, 'personalize.content'), 'me.browsingHistory', 'P-10', 'personalized_recommendation');

      await second.ask('buyer', `mutation { setConsent(kind: personalized_recommendation, granted: true) { granted } }`);
      const first = await m.ask('buyer', query, { purpose: 'personalize.content' });
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data.me.browsingHistory).toHaveLength(6);
    } finally {
      await second.close();
    }
  });
});
