import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildASTSchema, getNamedType, isLeafType, parse, type GraphQLObjectType } from 'graphql';
import { ANONYMOUS_ID, ANONYMOUS_NICKNAME, DEFAULT_AVATAR } from '../../directives/transforms/placeholder.js';
import { MEMBER, ORDER, PRODUCT, birthDateYearsAgo } from '../../resolvers/demo-ids.js';
import { Marketplace } from '../support/marketplace.js';
import { Member } from '../../resolvers/accounts/member.entity.js';
import { Comment } from '../../resolvers/reviews/review.entity.js';
import { auditRows, tokenFor } from '../support/rights.js';
import { expectBlocked, expectExplained, expectUntouched } from '../support/privacy-assertions.js';

/**
 * P-70 (display): a member under 14 appears as the placeholder in public places, personalization
 * stays off without a guardian's consent, and the linked guardian reads the child's data.
 */
describe('minors: P-70', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  /** Anything that would name the child. */
  const NAMES_CHILD = /m-minor|LittleFox|Charlie|avatars\/f5m0z4/;

  it('P-70 a member under 14 appears as the placeholder in public places (a review\'s author); their profile looked up by id is not found, exactly as an id nobody has', async () => {
    const answer = await m.ask('visitor', `{ member(id: "${MEMBER.minor}") { id nickname avatar gender } review(id: "r-2005") { text rating authorId author { nickname avatar } } }`);
    expect(answer.body.errors).toBeUndefined();
    // A placeholder where an unknown id answers nothing would say "this id is a child's".
    expect(answer.body.data.member).toBeNull();
    const nobody = await m.ask('visitor', '{ member(id: "m-nobody") { id nickname avatar gender } members(ids: ["m-nobody"]) { id } node(id: "m-nobody") { id } }');
    const child = await m.ask('visitor', `{ member(id: "${MEMBER.minor}") { id nickname avatar gender } members(ids: ["${MEMBER.minor}"]) { id } node(id: "${MEMBER.minor}") { id } }`);
    expect(child.body).toEqual(nobody.body);
    expect(child.body).toEqual({ data: { member: null, members: [], node: null } });
    // The review's content stays public (P-30); its author is the stand-in.
    expect(answer.body.data.review).toEqual({ text: 'My favourite boots for school trips.', rating: 4, authorId: ANONYMOUS_ID, author: { nickname: ANONYMOUS_NICKNAME, avatar: DEFAULT_AVATAR } });
    for (const path of ['review.authorId', 'review.author']) expectExplained(answer, path, 'placeholder', 'P-70');
    expect(JSON.stringify(answer.body)).not.toMatch(NAMES_CHILD);
    // The child, their guardian and the officer under legal obligation find the profile.
    for (const persona of ['minor', 'guardian']) expect((await m.ask(persona, `{ member(id: "${MEMBER.minor}") { nickname } }`)).body.data.member, persona).toEqual({ nickname: 'LittleFox' });
    expect((await m.ask('officer', `{ member(id: "${MEMBER.minor}") { nickname } }`, { purpose: 'essential.legal_obligation' })).body.data.member).toEqual({ nickname: 'LittleFox' });
  });

  it('P-70 whatever a lookup by id selects (a refused field, only __typename, nothing at all, a list, a page size that fails), a child\'s profile answers as an id nobody has, for every persona that is not theirs', async () => {
    const member = (buildASTSchema(parse(m.supergraph), { assumeValidSDL: true }).getType('Member') as GraphQLObjectType).getFields();
    const leaves = Object.keys(member).filter((name) => member[name]!.args.length === 0 && isLeafType(getNamedType(member[name]!.type)));
    expect(leaves.length).toBeGreaterThan(8);
    // A page size its subgraph refuses (`first: -1`) fails the field on the child's row as on any other.
    const paged = Object.keys(member).filter((name) => member[name]!.args.some((arg) => arg.name === 'first'));
    expect(paged).toEqual(expect.arrayContaining(['browsingHistory', 'searchHistory']));
    const selections = ['__typename', ...leaves, 'reviews { id }', 'orders { id }', 'nickname @skip(if: true)', '... @include(if: false) { nickname }', '__typename @skip(if: true)', ...paged.map((name) => `${name}(first: -1) { __typename }`)];
    for (const persona of ['visitor', 'buyer', 'merchant-deer', 'carrier-swift', 'agent', 'payment', 'login-partner']) {
      for (const selection of selections) {
        const roots = (id: string) => [`a: member(id: "${id}") { ${selection} }`, `b: members(ids: ["${id}"]) { ${selection} }`, `c: node(id: "${id}") { ... on Member { ${selection} } }`];
        // All three in one document, and each alone (alone, a list's failed field comes back without its row's index).
        const documents = (id: string) => [roots(id).join(' '), ...(selection.includes('first: -1') ? roots(id) : [])].map((fields) => `{ ${fields} }`);
        // An unknown id as long as the child's: an error's location is the same column in both.
        const [child, nobody] = [documents(MEMBER.minor), documents(`m-${'x'.repeat(MEMBER.minor.length - 2)}`)];
        for (let i = 0; i < child.length; i++) expect((await m.ask(persona, child[i]!)).body, `${persona}: ${child[i]}`).toEqual((await m.ask(persona, nobody[i]!)).body);
      }
    }
  });

  it('P-70 P-34 a page size below zero is refused before anything runs, the same whether the request also names a hidden child, a hidden homepage or nobody: no subgraph error under a removed row', async () => {
    // Unknown keys as long as the hidden ones: an error's location is the same column in both.
    const NOBODY = `m-${'x'.repeat(MEMBER.minor.length - 2)}`;
    // Beside the caller's own history of the same field: one batch, whose one error the runtime put at the hidden row.
    const beside = (lookup: string) => `{ a: ${lookup} me { ${/searchHistory/.test(lookup) ? 'searchHistory' : 'browsingHistory'}(first: -1) { __typename } } }`;
    for (const persona of ['buyer', 'guardian', 'merchant-deer']) {
      const pairs: [string, string][] = [
        [`members(ids: ["${MEMBER.minor}"]) { browsingHistory(first: -1) { __typename } }`, `members(ids: ["${NOBODY}"]) { browsingHistory(first: -1) { __typename } }`],
        [`member(id: "${MEMBER.minor}") { searchHistory(first: -1) { __typename } }`, `member(id: "${NOBODY}") { searchHistory(first: -1) { __typename } }`],
        ['homepage(nickname: "QuietShopper") { member { browsingHistory(first: -1) { __typename } } }', 'homepage(nickname: "QuietShoppex") { member { browsingHistory(first: -1) { __typename } } }'],
      ];
      for (const [hidden, nobody] of pairs) {
        const [one, other] = [await m.ask(persona, beside(hidden)), await m.ask(persona, beside(nobody))];
        expect(one.body, `${persona}: ${hidden}`).toEqual(other.body);
        expect(one.body.data ?? null, persona).toBeNull();
        expect(one.body.errors?.map((e: any) => [e.message, e.extensions?.code]), persona).toEqual([['`first` must be a non-negative integer', 'BAD_USER_INPUT']]);
      }
    }
    // Through a variable too.
    const variable = await m.post('query ($n: Int) { me { browsingHistory(first: $n) { __typename } } }', { authorization: `Bearer ${await m.token('buyer')}` }, { n: -5 });
    expect(variable.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('P-70 P-02 the placeholder ends with the year a member turns 14, not on the birthday: the day it ended would tell the birth date to anyone who looks daily', async () => {
    const now = new Date();
    const year = now.getUTCFullYear();
    const iso = (y: number, md: string) => `${String(y).padStart(4, '0')}-${md}`;
    const read = () => m.ask('visitor', `{ member(id: "${MEMBER.minor}") { nickname } review(id: "r-2005") { authorId author { nickname } } }`);
    const em = m.orm.em.fork();
    // Written behind the account store's back: remembered facts live a second (P-11).
    const setBirthDate = async (birthDate: string) => {
      await em.nativeUpdate(Member, { id: MEMBER.minor }, { birthDate });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    };
    try {
      // 14 today, and 14 since the first of January: still the placeholder until the year is out.
      for (const birthDate of [birthDateYearsAgo(14), iso(year - 14, '01-01')]) {
        await setBirthDate(birthDate);
        const answer = await read();
        expect(answer.body.data, birthDate).toEqual({ member: null, review: { authorId: ANONYMOUS_ID, author: { nickname: ANONYMOUS_NICKNAME } } });
      }
      // Born in the year before: shown as themselves, whether they turned 14 in January or turn 15 on the 31st of December.
      for (const birthDate of [iso(year - 15, '01-01'), iso(year - 15, '12-31')]) {
        await setBirthDate(birthDate);
        const answer = await read();
        expect(answer.body.data, birthDate).toEqual({ member: { nickname: 'LittleFox' }, review: { authorId: MEMBER.minor, author: { nickname: 'LittleFox' } } });
      }
      // Their own rights follow the exact age: at 14 the guardian's link ends the day of the birthday.
      await setBirthDate(birthDateYearsAgo(14));
      expect((await m.ask('guardian', '{ me { wards { id } } }')).body.data.me.wards).toEqual([]);
      expect((await m.ask('guardian', `{ member(id: "${MEMBER.minor}") { name } }`)).body.data.member?.name ?? null).toBeNull();
    } finally {
      await em.nativeUpdate(Member, { id: MEMBER.minor }, { birthDate: birthDateYearsAgo(12) });
    }
  });

  it('P-70 on a product page the child is the placeholder to every other caller, while adults appear as themselves', async () => {
    for (const persona of ['visitor', 'buyer', 'merchant-deer']) {
      const answer = await m.ask(persona, `{ product(id: "${PRODUCT.trailBoots}") { reviews { id author { nickname avatar } } } }`);
      const byId = Object.fromEntries(answer.body.data.product.reviews.map((r: any) => [r.id, r.author]));
      expect(byId['r-2005'], persona).toEqual({ nickname: ANONYMOUS_NICKNAME, avatar: DEFAULT_AVATAR });
      expect(byId['r-2004'], persona).toEqual({ nickname: 'QuietShopper', avatar: '/static/avatars/p3x8d1.png' });
      expect(JSON.stringify(answer.body), persona).not.toMatch(NAMES_CHILD);
    }
  });

  it('P-70 P-31 a child\'s review list stands in as empty to others, on every path: one stand-in per review would count them', async () => {
    for (const persona of ['visitor', 'merchant-deer', 'buyer']) {
      const answer = await m.ask(persona, `{ member(id: "${MEMBER.minor}") { reviews { id text } } review(id: "r-2005") { author { reviews { id } } } }`);
      expect(answer.body.data.member, persona).toBeNull();
      expect(answer.body.data.review.author.reviews, persona).toEqual([]);
      expect(JSON.stringify(answer.body), persona).not.toMatch(/r-2005"|school trips/);
    }
    // The child reads their own.
    const own = await m.ask('minor', `{ member(id: "${MEMBER.minor}") { reviews { id } } }`);
    expect(own.body.data.member.reviews).toEqual([{ id: 'r-2005' }]);
  });

  it('P-70 P-34 a child\'s homepage is found by nobody else, even with the finder switch on: finding it would say the nickname is a child\'s', async () => {
    const find = `{ homepage(nickname: "LittleFox") { bio } search(term: "LittleFox") { __typename ... on Homepage { bio } } }`;
    const on = await m.ask('guardian', `mutation { setConsent(kind: find_by_nickname, granted: true, memberId: "${MEMBER.minor}") { granted } }`);
    expect(on.body.data.setConsent).toEqual({ granted: true });
    try {
      for (const persona of ['visitor', 'buyer', 'merchant-deer']) {
        const answer = await m.ask(persona, find);
        expect(answer.body, persona).toEqual({ data: { homepage: null, search: [] } });
      }
      // Its owner still finds it.
      const own = await m.ask('minor', find);
      expect(own.body.data.homepage).toEqual({ bio: 'I like foxes and drawing.' });
    } finally {
      await m.ask('guardian', `mutation { setConsent(kind: find_by_nickname, granted: false, memberId: "${MEMBER.minor}") { granted } }`);
    }
  });

  it('P-70 the child reads their own data, and the linked guardian reads it too', async () => {
    const own = await m.ask('minor', `{ me { id nickname name phone birthDate } }`);
    expectUntouched(own);
    expect(own.body.data.me).toEqual({ id: MEMBER.minor, nickname: 'LittleFox', name: 'Charlie Walker', phone: '13700001111', birthDate: birthDateYearsAgo(12) });

    const guardian = await m.ask('guardian', `{ me { wards { id nickname name phone birthDate } } member(id: "${MEMBER.minor}") { nickname avatar name phone orders { id total consigneePhone } } }`);
    expectUntouched(guardian);
    expect(guardian.body.data.me.wards).toEqual([{ id: MEMBER.minor, nickname: 'LittleFox', name: 'Charlie Walker', phone: '13700001111', birthDate: birthDateYearsAgo(12) }]);
    expect(guardian.body.data.member).toMatchObject({ nickname: 'LittleFox', avatar: '/static/avatars/f5m0z4.png', name: 'Charlie Walker', phone: '13700001111' });
    expect(guardian.body.data.member.orders).toEqual([{ id: 'o-1046', total: 58.5, consigneePhone: '13700001111' }]);
  });

  it("P-70 the guardian is linked to their ward only: another member's data stays closed to them", async () => {
    const answer = await m.ask('guardian', `{ member(id: "${MEMBER.buyer}") { nickname name phone } }`);
    expect(answer.body.data.member.nickname).toBe('DeerFan');
    expectBlocked(answer, 'member.name', 'P-83');
    expectBlocked(answer, 'member.phone', 'P-83');
  });

  it("P-70 personalization stays off without a guardian's consent, and follows it once the guardian grants it", async () => {
    const query = `{ member(id: "${MEMBER.minor}") { browsingHistory { id } recommendations { id } } }`;
    const self = await m.ask('minor', `{ me { browsingHistory { id } recommendations { id } } }`, { purpose: 'personalize.content' });
    expectBlocked(self, 'me.browsingHistory', 'P-10', 'personalized_recommendation');
    expect(self.body.errors![0].message).toContain('guardian');
    expectBlocked(await m.ask('guardian', query, { purpose: 'personalize.content' }), 'member.browsingHistory', 'P-10', 'personalized_recommendation');

    const granted = await m.ask('guardian', `mutation { setConsent(kind: personalized_recommendation, granted: true, memberId: "${MEMBER.minor}") { memberId kind granted } }`);
    expect(granted.body.data.setConsent).toEqual({ memberId: MEMBER.minor, kind: 'personalized_recommendation', granted: true });
    const after = await m.ask('guardian', query, { purpose: 'personalize.content' });
    expectUntouched(after);
    expect(after.body.data.member.browsingHistory).toHaveLength(2);
    expect(after.body.data.member.recommendations.map((p: any) => p.id)).toEqual([PRODUCT.trailBoots, PRODUCT.paperLantern]);

    await m.ask('guardian', `mutation { setConsent(kind: personalized_recommendation, granted: false, memberId: "${MEMBER.minor}") { granted } }`);
  });
  it('P-70 a member under 14 switches on no consent alone (personalization, marketing, cross-border, third-party binding, ...); withdrawing stays open', async () => {
    for (const kind of ['personalized_recommendation', 'marketing_messages', 'cross_border', 'location', 'find_by_nickname', 'third_party_binding', 'event_sharing']) {
      const alone = await m.ask('minor', `mutation { setConsent(kind: ${kind}, granted: true) { granted } }`);
      expect(alone.body.data?.setConsent ?? null, kind).toBeNull();
      expect(alone.body.errors?.[0]?.extensions, kind).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
      const withdrawn = await m.ask('minor', `mutation { setConsent(kind: ${kind}, granted: false) { granted } }`);
      expect(withdrawn.body.data.setConsent, kind).toEqual({ granted: false });
    }
    // So the login partner never reads the child's e-mail on the child's word alone (P-04).
    const partner = await m.ask('login-partner', `{ member(id: "${MEMBER.minor}") { email } }`);
    expect(partner.body.data.member?.email ?? null).toBeNull();
  });

  it('P-70 a minor cannot change their own birth date (and so cannot age out of the guardian); the guardian and the privacy officer under legal obligation can', async () => {
    const alone = await m.ask('minor', 'mutation { updateMyProfile(input: { birthDate: "1990-01-01" }) { birthDate } }');
    expect(alone.body.data?.updateMyProfile ?? null).toBeNull();
    expect(alone.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
    const still = await m.ask('minor', '{ me { birthDate } }');
    expect(still.body.data.me.birthDate).toBe(birthDateYearsAgo(12));
    const personalization = await m.ask('minor', 'mutation { setConsent(kind: personalized_recommendation, granted: true) { granted } }');
    expect(personalization.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
    // Other corrections stay the child's own (P-61).
    const avatar = await m.ask('minor', 'mutation { updateMyProfile(input: { avatar: "/static/avatars/f5m0z4.png" }) { avatar } }');
    expect(avatar.body.data.updateMyProfile).toEqual({ avatar: '/static/avatars/f5m0z4.png' });
    const guardian = await m.ask('guardian', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${birthDateYearsAgo(12)}" }) { birthDate } }`);
    expect(guardian.body.data.updateMyProfile).toEqual({ birthDate: birthDateYearsAgo(12) });
    // So can the privacy officer, under legal obligation with a case (audited, P-81), and only that field.
    const legal = { purpose: 'essential.legal_obligation' };
    const officer = await m.ask('officer', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${birthDateYearsAgo(12)}" }) { birthDate } }`, legal);
    expect(officer.body.errors).toBeUndefined();
    expect(officer.body.data.updateMyProfile).toEqual({ birthDate: birthDateYearsAgo(12) });
    // The child's requests name the officer by role: who it was and the case are the access audit's (P-80, P-81).
    const requests = await m.ask('guardian', `{ myDataSubjectRequests(memberId: "${MEMBER.minor}") { note } }`);
    const notes = requests.body.data.myDataSubjectRequests.map((r: { note: string }) => r.note);
    expect(notes).toContain('corrected: birthDate (privacy officer)');
    expect(JSON.stringify(notes)).not.toMatch(/CASE-|u-officer/);
    const download = await m.route(`/privacy/my-data?memberId=${MEMBER.minor}`, 'guardian');
    expect(JSON.stringify(download.body.subgraphs.privacy)).not.toMatch(/CASE-|u-officer/);
    const more = await m.ask('officer', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { phone: "13700000000" }) { phone } }`, legal);
    expect(more.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'P-70' });
    const outside = await m.ask('officer', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "1990-01-01" }) { birthDate } }`, { purpose: null });
    expect(outside.body.data?.updateMyProfile ?? null).toBeNull();
  });

  /** m-ben, an adult who granted personalization alone, their recommendations, and the officer's correction of their birth date (legal obligation). */
  async function benWhoseBirthDateTheOfficerCorrects() {
    const ben = await tokenFor(m, { sub: 'm-ben', role: 'customer' });
    const recommendations = () => m.post('{ me { recommendations { id } } }', { authorization: `Bearer ${ben}`, 'x-purpose': 'personalize.content' });
    const setBirthDate = (date: string) => m.ask('officer', `mutation { updateMyProfile(memberId: "m-ben", input: { birthDate: "${date}" }) { birthDate } }`, { purpose: 'essential.legal_obligation' });
    const adult: string = (await m.post('{ me { birthDate } }', { authorization: `Bearer ${ben}` })).body.data.me.birthDate;
    return { ben, recommendations, setBirthDate, adult };
  }

  it('P-70 a consent a member granted alone counts for nothing once an officer\'s correction shows them under 14: only a guardian\'s grant does', async () => {
    const { ben, recommendations, setBirthDate, adult } = await benWhoseBirthDateTheOfficerCorrects();
    expect((await recommendations()).body.data.me.recommendations.length).toBeGreaterThan(0);
    expect((await setBirthDate(birthDateYearsAgo(12))).body.data.updateMyProfile).toEqual({ birthDate: birthDateYearsAgo(12) });
    try {
      // The grant m-ben made as an adult stays on record, and decides nothing (P-11: the next request).
      expectBlocked(await recommendations(), 'me.recommendations', 'P-10', 'personalized_recommendation');
      // And the member's own list says so: off, the grant in its history (P-63, P-65).
      const consents = await m.post('{ myConsents { kind granted history { granted } } }', { authorization: `Bearer ${ben}` });
      const personalization = consents.body.data.myConsents.find((c: { kind: string }) => c.kind === 'personalized_recommendation');
      expect(personalization).toEqual({ kind: 'personalized_recommendation', granted: false, history: [{ granted: true }] });
    } finally {
      expect((await setBirthDate(adult)).body.errors).toBeUndefined();
    }
    expect((await recommendations()).body.data.me.recommendations.length).toBeGreaterThan(0);
  });

  it("P-70 P-04 a guardian's grant counts for nothing once an officer's correction shows the member was 14 or older when it was made: a guardian acts for a child only", async () => {
    const setBirthDate = (date: string) => m.ask('officer', `mutation { updateMyProfile(memberId: "${MEMBER.minor}", input: { birthDate: "${date}" }) { birthDate } }`, { purpose: 'essential.legal_obligation' });
    const child: string = (await m.ask('guardian', `{ member(id: "${MEMBER.minor}") { birthDate } }`)).body.data.member.birthDate;
    const recommendations = () => m.ask('minor', '{ me { recommendations { id } } }', { purpose: 'personalize.content' });
    expect((await m.ask('guardian', `mutation { setConsent(kind: personalized_recommendation, granted: true, memberId: "${MEMBER.minor}") { granted } }`)).body.data.setConsent).toEqual({ granted: true });
    try {
      expect((await recommendations()).body.data.me.recommendations.length).toBeGreaterThan(0);
      expect((await setBirthDate(birthDateYearsAgo(15))).body.errors).toBeUndefined();
      // 15 on the day of the grant: the guardian had no say, and the member never granted it (P-11: the next request).
      expectBlocked(await recommendations(), 'me.recommendations', 'P-10', 'personalized_recommendation');
      const consents = await m.ask('minor', '{ myConsents { kind granted } }');
      expect(consents.body.data.myConsents.find((c: { kind: string }) => c.kind === 'personalized_recommendation')).toEqual({ kind: 'personalized_recommendation', granted: false });
    } finally {
      expect((await setBirthDate(child)).body.errors).toBeUndefined();
      await m.ask('guardian', `mutation { setConsent(kind: personalized_recommendation, granted: false, memberId: "${MEMBER.minor}") { granted } }`);
    }
  });

  it('P-70 P-02 a grant made alone while under 14 stays void after the 14th birthday: it coming into force that day would tell others the birth date', async () => {
    const { ben, recommendations, setBirthDate, adult } = await benWhoseBirthDateTheOfficerCorrects();
    // 14 today: the seeded grant, made days ago, was made at 13.
    expect((await setBirthDate(birthDateYearsAgo(14))).body.errors).toBeUndefined();
    try {
      expectBlocked(await recommendations(), 'me.recommendations', 'P-10', 'personalized_recommendation');
      const consents = await m.post('{ myConsents { kind granted } }', { authorization: `Bearer ${ben}` });
      expect(consents.body.data.myConsents.find((c: { kind: string }) => c.kind === 'personalized_recommendation')).toEqual({ kind: 'personalized_recommendation', granted: false });
    } finally {
      expect((await setBirthDate(adult)).body.errors).toBeUndefined();
    }
    expect((await recommendations()).body.data.me.recommendations.length).toBeGreaterThan(0);
  });

  it('P-10 recommendations are made only while the consent is on, for the subject too, whatever the request declares', async () => {
    for (const purpose of [null, 'personalize.content']) {
      for (const persona of ['buyer-optout', 'minor']) {
        const answer = await m.ask(persona, '{ me { recommendations { id } } }', { purpose });
        expectBlocked(answer, 'me.recommendations', 'P-10', 'personalized_recommendation');
      }
      const consented = await m.ask('buyer', '{ me { recommendations { id } } }', { purpose });
      expect(consented.body.errors).toBeUndefined();
      expect(consented.body.data.me.recommendations.length).toBeGreaterThan(0);
    }
    // The subject still sees their own history: only what is made from it needs the consent (P-10).
    const history = await m.ask('buyer-optout', '{ me { browsingHistory { id } } }');
    expect(history.body.errors).toBeUndefined();
  });

  it('P-70 what a child wrote in a public place reaches others scrubbed (a phone or an address in it would undo the placeholder), like every public text, telling no one which is a child\'s; the child and the guardian read it as written', async () => {
    const em = m.orm.em.fork();
    const said = 'Great tea set! I am Charlie, text me on 13700001111 or charlie@example.com';
    em.create(Comment, { id: 'c-minor-contact', productId: PRODUCT.trailBoots, authorId: MEMBER.minor, text: said, createdAt: new Date() });
    em.create(Comment, { id: 'c-adult-contact', productId: PRODUCT.trailBoots, authorId: MEMBER.optout, text: said, createdAt: new Date() });
    await em.flush();
    try {
      const query = `{ product(id: "${PRODUCT.trailBoots}") { comments { id text } } }`;
      const texts = async (persona: string) => Object.fromEntries((await m.ask(persona, query)).body.data.product.comments.map((c: any) => [c.id, c.text]));
      for (const persona of ['visitor', 'buyer', 'merchant-deer']) {
        const seen = await texts(persona);
        expect(seen['c-minor-contact'], persona).toBe('Great tea set! I am Charlie, text me on [phone] or [email]');
        expect(seen['c-adult-contact'], persona).toBe(seen['c-minor-contact']);
      }
      for (const persona of ['minor', 'guardian']) expect((await texts(persona))['c-minor-contact'], persona).toBe(said);
      expect((await texts('buyer-optout'))['c-adult-contact']).toBe(said);
      const reasons = ((await m.ask('visitor', query)).body.extensions?.privacy?.decisions ?? []).filter((d: any) => d.rule === 'P-70');
      expect(reasons.map((d: any) => d.outcome)).toContain('scrub');
      for (const d of reasons) expect(d.reason).not.toMatch(/14|minor|age|child|year/i);
    } finally {
      await em.nativeDelete(Comment, { id: { $in: ['c-minor-contact', 'c-adult-contact'] } });
    }
  });

  it('P-70 what the public reads of a placeholder author names the rule, not the age', async () => {
    const answer = await m.ask('visitor', `{ product(id: "${PRODUCT.trailBoots}") { reviews { author { nickname } } } }`);
    const reasons = (answer.body.extensions?.privacy?.decisions ?? []).filter((d: any) => d.rule === 'P-70');
    expect(reasons.length).toBeGreaterThan(0);
    for (const d of reasons) expect(d.reason).not.toMatch(/14|minor|age|child|year/i);
  });
  it("P-70 P-80 every read of a child's data is audited, field by field: by someone else, by the child and by the guardian", async () => {
    const fieldsAuditedFor = async (persona: string, query: string) => {
      const before = (await auditRows(m.orm, { subject: MEMBER.minor })).length;
      const answer = await m.ask(persona, query);
      expect(answer.body.data, JSON.stringify(answer.body)).toBeTruthy();
      return (await auditRows(m.orm, { subject: MEMBER.minor })).slice(before).map((r) => r.coordinate as string);
    };
    // The store reads the child's order: no sensitive category in it, but the child's data is sensitive.
    const store = await fieldsAuditedFor('merchant-deer', '{ storeOrders(storeId: "deer-outfitters", first: 50) { id total status consigneeName } }');
    expect(store).toEqual(expect.arrayContaining(['Order.id', 'Order.total', 'Order.status', 'Order.consigneeName']));
    expect(store.every((f) => f.startsWith('Order.'))).toBe(true);
    const page = await fieldsAuditedFor('visitor', `{ review(id: "r-2005") { text rating author { nickname } } }`);
    // The author is the placeholder (P-70): the decision on it is audited, and nothing below it was read.
    expect(page).toEqual(expect.arrayContaining(['Review.text', 'Review.rating', 'Review.author']));
    // All their data is sensitive, so the child's own reads and the guardian's are audited too (P-70, P-80).
    const own = await fieldsAuditedFor('minor', '{ me { nickname phone orders { id total } } }');
    expect(own).toEqual(expect.arrayContaining(['Member.nickname', 'Member.phone', 'Order.id', 'Order.total']));
    const guardian = await fieldsAuditedFor('guardian', `{ member(id: "${MEMBER.minor}") { nickname phone email birthDate orders { id consigneeName deliveryAddress } } }`);
    expect(guardian).toEqual(expect.arrayContaining(['Member.nickname', 'Member.phone', 'Member.email', 'Member.birthDate', 'Order.id', 'Order.consigneeName', 'Order.deliveryAddress']));
  });

  it("P-70 P-80 a read of a child's row that selects no field of it (only `__typename`) is audited too: that the row is there and the caller's is a read of the child's data", async () => {
    const rowsAuditedFor = async (persona: string, query: string, purpose?: string) => {
      const before = (await auditRows(m.orm, { subject: MEMBER.minor })).length;
      const answer = purpose ? await m.ask(persona, query, { purpose }) : await m.ask(persona, query);
      expect(answer.body.errors, JSON.stringify(answer.body)).toBeUndefined();
      return { data: answer.body.data, audited: (await auditRows(m.orm, { subject: MEMBER.minor })).slice(before).map((r) => [r.coordinate, r.rule]) };
    };
    const store = await rowsAuditedFor('merchant-deer', `{ order(id: "${ORDER.minor}") { __typename } }`);
    expect(store.data.order).toEqual({ __typename: 'Order' });
    expect(store.audited).toEqual([['Order', 'P-70']]);
    const listed = await rowsAuditedFor('merchant-deer', '{ storeOrders(storeId: "deer-outfitters", first: 50) { __typename } }');
    expect(listed.audited).toEqual([['Order', 'P-70']]);
    const guardian = await rowsAuditedFor('guardian', `{ member(id: "${MEMBER.minor}") { __typename } }`);
    expect(guardian.audited).toEqual([['Member', 'P-70']]);
    const carrier = await rowsAuditedFor('carrier-swift', `{ shipment(id: "sh-${ORDER.minor}") { __typename } }`);
    expect(carrier.data.shipment).toEqual({ __typename: 'Shipment' });
    expect(carrier.audited).toEqual([['Shipment', 'P-70']]);
    const visitor = await rowsAuditedFor('visitor', '{ review(id: "r-2005") { __typename } }');
    expect(visitor.audited).toEqual([['Review', 'P-70']]);
  });

});

describe('minors while the account store cannot tell ages: P-70, P-82', () => {
  let m: Marketplace;
  beforeAll(async () => {
    // The account store's GraphQL answers, but no facts come from it: every age is unknown.
    m = await Marketplace.start({ gateway: { factsProviders: ['support', 'privacy'] } });
  });
  afterAll(async () => {
    await m?.close();
  });

  it("P-70 P-82 a child's profile looked up by id still answers as an id nobody has when ages cannot be checked; so does an adult's", async () => {
    const NOBODY = `m-${'x'.repeat(MEMBER.minor.length - 2)}`;
    const lookups = (id: string) => `{ member(id: "${id}") { id nickname } members(ids: ["${id}", "${id}"]) { id } node(id: "${id}") { ... on Member { id } } }`;
    for (const persona of ['visitor', 'buyer', 'guardian', 'merchant-deer', 'agent']) {
      const nobody = await m.ask(persona, lookups(NOBODY));
      expect(nobody.body.data, persona).toEqual({ member: null, members: [], node: null });
      for (const id of [MEMBER.minor, MEMBER.optout]) {
        const answer = await m.ask(persona, lookups(id));
        expect(answer.body, `${persona}: ${id}`).toEqual(nobody.body);
      }
    }
  });
});
