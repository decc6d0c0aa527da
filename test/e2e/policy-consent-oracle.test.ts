import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { MEMBER } from '../../resolvers/demo-ids.js';
import { PERSONAS } from '../../gateway/personas.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';

/**
 * A caller the policy does not serve a member's data to learns nothing of that member's consents:
 * the refusal is the same whether the consent is on or off. The role's rules decide before the
 * consent, so the reason names the missing relation (P-02, P-21, P-40, P-04), never the consent.
 */
const config = loadPolicyConfig();
const GOVERNED = new Set(Object.values(config.consents).flatMap((c) => c.governs));
// Every consent-gated field of a member, and the member's records behind one.
const FIELDS = 'email recommendations { id } browsingHistory { id at } searchHistory { query } loginBindings { provider } orders { id consigneeName }';
// m-ava has personalized_recommendation on, m-optout has it and third_party_binding off, m-minor has none (P-70).
const MEMBERS = { on: 'm-ava', off: MEMBER.optout, child: MEMBER.minor } as const;

/** The refusals under one alias, without it: what the caller is told about that member. */
function refusals(answer: GraphQLAnswer, alias: string): unknown[] {
  return (answer.body.errors ?? [])
    .filter((e) => e.path?.[0] === alias)
    .map((e) => ({ message: e.message, path: e.path!.slice(1), extensions: { ...e.extensions, paths: undefined } }))
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

describe('consents are not told to callers without a relation to the member', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  const cases = Object.entries(PERSONAS)
    // The member herself, the minor's guardian and the agent serving the opted-out member have a relation.
    .filter(([persona]) => !['buyer-optout', 'minor', 'guardian', 'agent', 'privacy-officer', 'officer'].includes(persona))
    .flatMap(([persona, p]) => ((p.claims ? config.roles[p.claims.role]?.purposes : []) ?? []).filter((purpose) => GOVERNED.has(purpose)).map((purpose) => [persona, purpose] as const));

  it('covers every persona whose role may declare a purpose a consent governs', () => {
    expect(new Set(cases.map(([persona]) => persona))).toEqual(new Set(['buyer', 'merchant-deer', 'merchant-lantern', 'carrier-swift', 'carrier-oceanic', 'login-partner']));
  });

  for (const [persona, purpose] of cases) {
    it(`P-10 P-04 P-63 P-70 ${persona} under ${purpose}: a member's refusals read the same whether their consents are on or off`, async () => {
      const query = `{ on: member(id: "${MEMBERS.on}") { ${FIELDS} } off: member(id: "${MEMBERS.off}") { ${FIELDS} } child: member(id: "${MEMBERS.child}") { ${FIELDS} } }`;
      const answer = await m.ask(persona, query, { purpose });
      expect(answer.status).toBe(200);
      const on = refusals(answer, 'on');
      expect(on.length, JSON.stringify(answer.body)).toBeGreaterThan(0);
      expect(refusals(answer, 'off')).toEqual(on);
      expect(JSON.stringify(answer.body.errors)).not.toMatch(/"consent":|has not consented/);
    });
  }
});
