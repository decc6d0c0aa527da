import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { decide } from '../../directives/decide.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import { kindsOf } from '../../directives/categories.js';
import { buildASTSchema, parse } from 'graphql';
import { MEMBER, birthDateYearsAgo } from '../../resolvers/demo-ids.js';
import { LoginBinding } from '../../resolvers/accounts/member.entity.js';
import { Marketplace } from '../support/marketplace.js';
import { at, expectBlocked, expectExplained, expectOnlyPrivacyErrors, expectUntouched, tokenFor } from '../support/privacy-assertions.js';

/**
 * P-01 … P-04 through the gateway over HTTP, with real signed tokens of the demo personas:
 * a member's own account, what is public, real-name records and third-party login partners.
 */
describe('accounts: P-01 … P-04', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  it('P-01 a customer reads all of their own account data, without declaring a purpose', async () => {
    const answer = await m.ask(
      'buyer',
      `{ me { id nickname gender avatar name phone email birthDate level loginBindings { provider externalId } } }`,
    );
    expectUntouched(answer);
    expect(answer.body.data.me).toEqual({
      id: MEMBER.buyer,
      nickname: 'DeerFan',
      gender: 'female',
      avatar: '/static/avatars/u7k2q9.png',
      name: 'Alice Walker',
      phone: '13812345678',
      email: 'alice@example.com',
      birthDate: birthDateYearsAgo(34),
      level: 'regular',
      loginBindings: [{ provider: 'wechat', externalId: 'wx-7f3a9c' }],
    });
  });

  it('P-01 password hashes, face and voice templates are never readable by anyone: not in the graph, and decide() blocks them for every role', async () => {
    // The graph has no such field: asking for it is a validation error, for the owner and for the officer.
    for (const persona of ['buyer', 'officer']) {
      const answer = await m.ask(persona, `{ me { id passwordHash } }`);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // No annotated field of the composed supergraph carries a credential or biometric category.
    const index = readPrivacyIndex(buildASTSchema(parse(m.supergraph), { assumeValidSDL: true }));
    const categories = [...index.values()].flatMap((t) => [...t.fields.values()].map((f) => f.category));
    expect(categories.filter((c) => /^user\.(authorization\.credentials|biometric)/.test(c))).toEqual([]);
    // Were one added, the decision core blocks it before any other rule: even the subject, even under legal obligation.
    const config = loadPolicyConfig();
    for (const category of ['user.authorization.credentials.password', 'user.biometric.face', 'user.biometric.voice']) {
      const field = { typeName: 'Member', fieldName: 'secret', coordinate: 'Member.secret', category, kinds: kindsOf(category), sensitive: true, public: false, purposes: null, consent: null, returnType: 'String', list: false, nullable: true, leaf: true, implicit: false, annotated: true };
      for (const [role, purpose, extra] of [
        ['customer', null, { sub: MEMBER.buyer }],
        ['privacy_officer', 'essential.legal_obligation', { sub: 'u-officer', caseRef: 'CASE-1' }],
        ['support', 'essential.service.operations.support', { sub: 'u-agent' }],
      ] as const) {
        const decision = decide(field, { id: 'id' }, { caller: { role, ...extra }, purpose, config, row: { subjectId: MEMBER.buyer, facts: {}, now: Date.now() } });
        expect(decision).toMatchObject({ outcome: 'block', rule: 'P-01' });
      }
    }
    // And nothing resembling a hash leaves the graph in the owner's full account.
    const own = await m.ask('buyer', `{ me { id nickname name phone email birthDate gender avatar level realNameVerification { result } loginBindings { externalId } } }`);
    expect(JSON.stringify(own.body)).not.toMatch(/argon2|passwordHash/);
  });

  it('P-01 P-04 a member reads their own login bindings with the consent to share them off, as their download holds them: the consent governs the login partner, not the owner', async () => {
    // m-optout is bound to wechat and has third_party_binding off.
    const own = await m.ask('buyer-optout', '{ me { loginBindings { provider externalId } } }');
    expectUntouched(own);
    expect(own.body.data.me.loginBindings).toEqual([{ provider: 'wechat', externalId: 'wx-1b2c3d' }]);
    const download = await m.route('/privacy/my-data', 'buyer-optout');
    expect(JSON.stringify(download.body)).toContain('wx-1b2c3d');
  });

  it('P-02 nickname, gender and avatar are public, also to visitors (no token, no purpose)', async () => {
    const answer = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { id nickname gender avatar } }`);
    expectUntouched(answer);
    expect(answer.body.data.member).toEqual({ id: MEMBER.buyer, nickname: 'DeerFan', gender: 'female', avatar: '/static/avatars/u7k2q9.png' });
  });

  it("P-02 a member's name, phone, e-mail and date of birth are not public: null and PRIVACY_BLOCKED for visitors and for other members", async () => {
    const query = `{ member(id: "${MEMBER.buyer}") { nickname name phone email birthDate } }`;
    const visitor = await m.ask('visitor', query);
    expectOnlyPrivacyErrors(visitor);
    expect(visitor.body.data.member.nickname).toBe('DeerFan');
    for (const field of ['name', 'phone', 'email', 'birthDate']) expectBlocked(visitor, `member.${field}`, 'P-83');
    expect(visitor.body.extensions.privacy).toMatchObject({ role: 'visitor', purpose: null });

    // Another member, even declaring a purpose of their own role, gets none of it.
    const other = await m.ask('buyer-optout', query, { purpose: 'marketing.communications' });
    expect(other.body.data.member.nickname).toBe('DeerFan');
    for (const field of ['name', 'phone', 'email', 'birthDate']) expectBlocked(other, `member.${field}`, 'P-83');
    expect(JSON.stringify(other.body.data)).not.toMatch(/Alice|13812345678|alice@example/);
  });

  it('P-02 when every selected field is blocked, the object keeps exactly the shape the client asked for', async () => {
    const answer = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { phone email } }`);
    expect(answer.body.data).toEqual({ member: { phone: null, email: null } });
    expectBlocked(answer, 'member.phone', 'P-83');
    expectBlocked(answer, 'member.email', 'P-83');
  });

  it('P-03 the subject sees their real name and national id masked', async () => {
    const answer = await m.ask('buyer', `{ me { realNameVerification { realName nationalId result } } }`);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.me.realNameVerification).toEqual({ realName: 'A***', nationalId: '1****X', result: 'verified' });
    expectExplained(answer, 'me.realNameVerification.realName', 'mask', 'P-03');
    expectExplained(answer, 'me.realNameVerification.nationalId', 'mask', 'P-03');
  });

  it('P-03 staff read real name and national id only under essential.service.authentication; nobody else', async () => {
    const query = `{ member(id: "${MEMBER.buyer}") { realNameVerification { realName nationalId } } }`;
    // The agent assigned to m-buyer's ticket, verifying identity: in clear.
    const auth = await m.ask('agent', query, { purpose: 'essential.service.authentication' });
    expect(auth.body.errors).toBeUndefined();
    expect(auth.body.data.member.realNameVerification).toEqual({ realName: 'Alice Walker', nationalId: '11010519900307002X' });
    // The same agent under support: not the purpose that opens them.
    const support = await m.ask('agent', query);
    // The relation to the record is decided as the record is: closed as a whole.
    expectBlocked(support, 'member.realNameVerification', 'P-83');
    // And under authentication, only the real-name record: the member's other fields stay closed.
    const other = await m.ask('agent', `{ member(id: "${MEMBER.buyer}") { name } }`, { purpose: 'essential.service.authentication' });
    expectBlocked(other, 'member.name', 'P-03');
    // An agent without an assigned ticket of the member, a merchant, a visitor: never.
    const unassigned = await m.ask('agent', `{ member(id: "${MEMBER.optout}") { realNameVerification { realName nationalId } } }`, { purpose: 'essential.service.authentication' });
    expectBlocked(unassigned, 'member.realNameVerification', 'P-40');
    for (const persona of ['merchant-deer', 'visitor']) {
      const answer = await m.ask(persona, query);
      expect(at(answer.body.data, 'member.realNameVerification'), persona).toBeNull();
      expect(JSON.stringify(answer.body.data)).not.toMatch(/Alice|11010519900307002X/);
    }
    // A de-identified partner cannot even name the member: the request is refused whole (P-51).
    const analyst = await m.ask('analyst', query);
    expect(analyst.body.data ?? null).toBeNull();
    expect(analyst.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-51' });
    expect(JSON.stringify(analyst.body)).not.toMatch(/Alice|11010519900307002X/);
  });

  it('P-04 account data goes to a third-party login partner only if the subject consented to that binding, and a withdrawn consent reads as no binding at all', async () => {
    const answer = await m.ask(
      'login-partner',
      `{ bound: member(id: "${MEMBER.buyer}") { email loginBindings { provider externalId } }
         refused: member(id: "${MEMBER.optout}") { email loginBindings { provider externalId } }
         unbound: member(id: "${MEMBER.guardian}") { email loginBindings { provider externalId } } }`,
    );
    expectOnlyPrivacyErrors(answer);
    // m-buyer consented to third_party_binding.
    expect(answer.body.data.bound).toEqual({ email: 'alice@example.com', loginBindings: [{ provider: 'wechat', externalId: 'wx-7f3a9c' }] });
    // m-optout is bound to wechat but withdrew the consent: blocked exactly as m-guardian, who has no
    // binding, so the partner learns neither that the binding exists nor that a consent is off.
    for (const field of ['email', 'loginBindings']) {
      expectBlocked(answer, `refused.${field}`, 'P-04');
      expectBlocked(answer, `unbound.${field}`, 'P-04');
    }
    const refusals = (key: string) =>
      (answer.body.errors ?? []).filter((e) => e.path?.[0] === key).map((e) => ({ ...e, path: e.path!.slice(1), extensions: { ...e.extensions, paths: undefined } }));
    expect(refusals('refused')).toEqual(refusals('unbound'));
    expect(JSON.stringify(answer.body)).not.toMatch(/bob@example|wx-1b2c3d|third_party_binding|"consent"/);
  });

  it('P-04 "that binding": a login partner the member never bound reads nothing of them, and each partner reads only its own binding', async () => {
    const asPartner = async (provider: string, query: string) => {
      const token = await tokenFor(m, { sub: `u-${provider}`, role: 'login_partner', provider });
      return m.post(query, { authorization: `Bearer ${token}`, 'x-purpose': 'essential.service.authentication' });
    };
    const query = `{ member(id: "${MEMBER.buyer}") { email loginBindings { provider externalId } }
      members(ids: ["${MEMBER.buyer}"]) { email loginBindings { externalId } }
      node(id: "${MEMBER.buyer}") { ... on Member { email loginBindings { provider externalId } } } }`;
    // m-buyer consented to third_party_binding and is bound to wechat only.
    const stranger = await asPartner('alipay', query);
    expectOnlyPrivacyErrors(stranger);
    expectBlocked(stranger, 'member.email', 'P-04');
    expectBlocked(stranger, 'member.loginBindings', 'P-04');
    expect(JSON.stringify(stranger.body)).not.toMatch(/alice@example|wx-7f3a9c|wechat/);

    // Bound to two partners: each reads the e-mail and its own binding, never the other's external id.
    const em = m.orm.em.fork();
    await em.insert(LoginBinding, { id: 'lb-buyer-alipay', memberId: MEMBER.buyer, provider: 'alipay', externalId: 'ali-5e6f' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the one-second facts cache (P-11): the insert bypassed the change feed
      const alipay = await asPartner('alipay', query);
      const wechat = await asPartner('wechat', query);
      expectOnlyPrivacyErrors(alipay);
      expect(alipay.body.data.member).toEqual({ email: 'alice@example.com', loginBindings: [{ provider: 'alipay', externalId: 'ali-5e6f' }] });
      expect(alipay.body.data.node).toEqual(alipay.body.data.member);
      expect(alipay.body.data.members).toEqual([{ email: 'alice@example.com', loginBindings: [{ externalId: 'ali-5e6f' }] }]);
      expect(JSON.stringify(alipay.body)).not.toMatch(/wx-7f3a9c|wechat/);
      expect(wechat.body.data.member).toEqual({ email: 'alice@example.com', loginBindings: [{ provider: 'wechat', externalId: 'wx-7f3a9c' }] });
      expect(JSON.stringify(wechat.body)).not.toMatch(/ali-5e6f|alipay/);
    } finally {
      await em.nativeDelete(LoginBinding, { id: 'lb-buyer-alipay' });
    }
  });

  it('P-04 a login partner receives account identifiers only, never name or phone', async () => {
    const answer = await m.ask('login-partner', `{ member(id: "${MEMBER.buyer}") { name phone birthDate } }`);
    expectBlocked(answer, 'member.name', 'P-04');
    expectBlocked(answer, 'member.phone', 'P-83');
    expectBlocked(answer, 'member.birthDate', 'P-83');
  });
});
