import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, PRODUCT } from '../../resolvers/demo-ids.js';
import { ANONYMOUS_ID, ANONYMOUS_NICKNAME, DEFAULT_AVATAR } from '../../directives/transforms/placeholder.js';
import { Marketplace } from '../support/marketplace.js';
import { Review } from '../../resolvers/reviews/review.entity.js';
import { expectExplained, expectPublic, expectUntouched, tokenFor } from '../support/privacy-assertions.js';

/**
 * P-30 … P-34 through the gateway over HTTP: public reviews, anonymous reviews (the placeholder
 * author, nothing that links back), the public share channel, comments and Q&A, homepages.
 */
describe('reviews: P-30 … P-34', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  const PLACEHOLDER_AUTHOR = { id: ANONYMOUS_ID, nickname: ANONYMOUS_NICKNAME, avatar: DEFAULT_AVATAR };
  const ANON = `{ review(id: "r-2001") { id rating text pictures anonymous authorId author { id nickname avatar } } }`;
  /** Anything in a response that would name m-buyer (Alice, DeerFan). */
  const LINKS_TO_BUYER = /m-buyer|DeerFan|Alice|avatars\/u7k2q9/;

  it('P-30 review text and pictures are public, and so are the author’s nickname and avatar', async () => {
    const answer = await m.ask('visitor', `{ review(id: "r-2003") { text pictures anonymous authorId author { nickname avatar } } }`);
    expectPublic(answer);
    expect(answer.body.data.review).toEqual({
      text: 'Warm, soft and they survived the washing machine.',
      pictures: ['/static/reviews/r-2003.jpg'],
      anonymous: false,
      authorId: MEMBER.buyer,
      author: { nickname: 'DeerFan', avatar: '/static/avatars/u7k2q9.png' },
    });
  });

  it("P-31 buyer's anonymous review shows Anonymous to the reviewed store's merchant (merchant-deer), and nothing links back", async () => {
    const answer = await m.ask('merchant-deer', ANON);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.review).toEqual({
      id: 'r-2001',
      rating: 5,
      text: 'Comfortable from the first day on the trail, no blisters after 20 km.',
      pictures: ['/static/reviews/r-2001.jpg'],
      anonymous: true,
      authorId: ANONYMOUS_ID,
      author: PLACEHOLDER_AUTHOR,
    });
    expect(JSON.stringify(answer.body)).not.toMatch(LINKS_TO_BUYER);
    expectExplained(answer, 'review.authorId', 'placeholder', 'P-31');
    expectExplained(answer, 'review.author', 'placeholder', 'P-31');
  });

  it('P-31 the text of an anonymous review reaches others without the contact details its author typed into it; the author reads it as written', async () => {
    const reviews = () => m.orm.em.fork();
    const written = 'No blisters after 20 km. Questions? Call me on 13812345678 or mail alice@example.com';
    const original = (await reviews().findOneOrFail(Review, { id: 'r-2001' })).text;
    await reviews().nativeUpdate(Review, { id: 'r-2001' }, { text: written });
    try {
      for (const persona of ['visitor', 'merchant-deer', 'buyer-optout']) {
        const answer = await m.ask(persona, `{ review(id: "r-2001") { text } product(id: "${PRODUCT.trailBoots}") { reviews { id text } } node(id: "r-2001") { ... on Review { t: text } } }`);
        expect(answer.body.data.review.text, persona).toBe('No blisters after 20 km. Questions? Call me on [phone] or mail [email]');
        expect(answer.body.data.product.reviews.find((r: { id: string }) => r.id === 'r-2001').text, persona).toBe(answer.body.data.review.text);
        expect(answer.body.data.node.t, persona).toBe(answer.body.data.review.text);
        expect(JSON.stringify(answer.body), persona).not.toMatch(/13812345678|alice@example/);
        expectExplained(answer, 'review.text', 'scrub', 'P-31');
      }
      const own = await m.ask('buyer', '{ me { reviews { id text } } }');
      expect(own.body.data.me.reviews.find((r: { id: string }) => r.id === 'r-2001').text).toBe(written);
      // A signed review's text is public as its author published it (P-30), its contact details replaced like every public text's (P-70).
      const signed = await m.ask('visitor', '{ review(id: "r-2003") { text } }');
      expectPublic(signed);
      expect(signed.body.data.review.text).toBe('Warm, soft and they survived the washing machine.');
    } finally {
      await reviews().nativeUpdate(Review, { id: 'r-2001' }, { text: original });
    }
  });

  it('P-31 the stand-in author shows its id, nickname and avatar only: a field the caller may not read of a person is nothing, not a made-up value (an empty e-mail, a real name "Anonymous")', async () => {
    for (const [persona, purpose] of [['agent', 'essential.service.authentication'], ['agent', undefined], ['visitor', undefined], ['login-partner', undefined]] as const) {
      const answer = await m.ask(persona, '{ review(id: "r-2001") { anonymous author { id nickname avatar name email phone birthDate reviews { id } } } }', purpose ? { purpose } : {});
      expect(answer.body.data.review.author, `${persona} ${purpose}`).toEqual({ id: ANONYMOUS_ID, nickname: ANONYMOUS_NICKNAME, avatar: DEFAULT_AVATAR, name: null, email: null, phone: null, birthDate: null, reviews: [] });
    }
  });

  it("P-31 buyer's anonymous review shows Anonymous to another member (buyer-optout) and to a visitor", async () => {
    for (const persona of ['buyer-optout', 'visitor']) {
      const answer = await m.ask(persona, ANON);
      expect(answer.body.data.review.author, persona).toEqual(PLACEHOLDER_AUTHOR);
      expect(answer.body.data.review.authorId, persona).toBe(ANONYMOUS_ID);
      expect(JSON.stringify(answer.body), persona).not.toMatch(LINKS_TO_BUYER);
    }
  });

  it('P-31 its author sees their real nickname DeerFan; so does the privacy officer, under legal obligation', async () => {
    for (const persona of ['buyer', 'officer']) {
      const answer = await m.ask(persona, ANON);
      expectUntouched(answer);
      expect(answer.body.data.review.authorId, persona).toBe(MEMBER.buyer);
      expect(answer.body.data.review.author, persona).toEqual({ id: MEMBER.buyer, nickname: 'DeerFan', avatar: '/static/avatars/u7k2q9.png' });
    }
  });

  it('P-31 P-81 the privacy officer outside legal obligation (no purpose, essential.service) sees the placeholder: unmasking is case work, always audited', async () => {
    for (const purpose of [null, 'essential.service']) {
      const answer = await m.ask('officer', ANON, { purpose });
      expect(answer.body.data.review.author, String(purpose)).toEqual(PLACEHOLDER_AUTHOR);
      expect(answer.body.data.review.authorId, String(purpose)).toBe(ANONYMOUS_ID);
      expect(JSON.stringify(answer.body), String(purpose)).not.toMatch(LINKS_TO_BUYER);
      // Nor through the author's own review list, where an anonymous review is hidden from others.
      const listed = await m.ask('officer', `{ member(id: "${MEMBER.buyer}") { reviews { id anonymous } } }`, { purpose });
      expect(listed.body.data.member.reviews.filter((r: any) => r.anonymous), String(purpose)).toEqual([]);
    }
  });

  it('P-31 on a product page (a list, the author resolved across subgraphs through _entities) only the anonymous review’s author is replaced', async () => {
    const answer = await m.ask('merchant-deer', `{ product(id: "${PRODUCT.trailBoots}") { name reviews { id anonymous author { nickname avatar } } } }`);
    expect(answer.body.errors).toBeUndefined();
    const byId = Object.fromEntries(answer.body.data.product.reviews.map((r: any) => [r.id, r]));
    expect(byId['r-2001'].author).toEqual({ nickname: ANONYMOUS_NICKNAME, avatar: DEFAULT_AVATAR });
    expect(byId['r-2004'].author).toEqual({ nickname: 'QuietShopper', avatar: '/static/avatars/p3x8d1.png' });
    expect(JSON.stringify(answer.body)).not.toMatch(LINKS_TO_BUYER);
    expectExplained(answer, 'product.reviews.*.author', 'placeholder', 'P-31', { count: 1 });
  });

  it("P-31 a member's review list does not give their anonymous reviews away to others; the author sees all of them", async () => {
    const query = `{ member(id: "${MEMBER.buyer}") { nickname reviews { id anonymous authorId } } }`;
    for (const persona of ['visitor', 'merchant-deer', 'buyer-optout']) {
      const answer = await m.ask(persona, query);
      expect(answer.body.errors, persona).toBeUndefined();
      expect(answer.body.data.member.reviews, persona).toEqual([{ id: 'r-2003', anonymous: false, authorId: MEMBER.buyer }]);
    }
    const own = await m.ask('buyer', `{ me { reviews { id anonymous } } }`);
    expect(own.body.data.me.reviews.map((r: any) => r.id).sort()).toEqual(['r-2001', 'r-2002', 'r-2003']);
  });

  it("P-31 a member's review list keeps their signed reviews older than an anonymous one, and takes no page size: neither its end nor a page of one tells where the anonymous reviews stand", async () => {
    // A signed review older than both anonymous ones (r-2001, r-2002).
    const em = m.orm.em.fork();
    em.create(Review, { id: 'r-older-signed', productId: PRODUCT.silkFan, authorId: MEMBER.buyer, rating: 3, text: 'Signed, and older.', pictures: [], anonymous: false, sharedPublicly: false, createdAt: new Date(Date.now() - 60 * 86_400_000) });
    await em.flush();
    try {
      for (const persona of ['visitor', 'merchant-deer']) {
        const answer = await m.ask(persona, `{ member(id: "${MEMBER.buyer}") { reviews { id } } }`);
        expect(answer.body.data.member.reviews.map((r: { id: string }) => r.id), persona).toEqual(['r-2003', 'r-older-signed']);
      }
      const paged = await m.ask('visitor', `{ member(id: "${MEMBER.buyer}") { reviews(first: 1) { id } } }`);
      expect(paged.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await m.orm.em.fork().nativeDelete(Review, { id: 'r-older-signed' });
    }
  });

  it("P-31 a member's review list shows 50 of their reviews however many of the newest are anonymous: a shorter list would count the anonymous ones", async () => {
    const em = m.orm.em.fork();
    const ids = Array.from({ length: 55 }, (_, i) => `r-many-${String(i).padStart(2, '0')}`);
    ids.forEach((id, i) => em.create(Review, { id, productId: PRODUCT.trailBoots, authorId: 'm-ava', rating: 4, text: 'Again.', pictures: [], anonymous: [10, 30, 52].includes(i), sharedPublicly: false, createdAt: new Date(Date.now() - i * 86_400_000) }));
    await em.flush();
    try {
      const answer = await m.ask('visitor', '{ member(id: "m-ava") { reviews { id } } }');
      const shown = answer.body.data.member.reviews.map((r: { id: string }) => r.id);
      expect(shown).toHaveLength(50);
      expect(shown.filter((id: string) => ['r-many-10', 'r-many-30', 'r-many-52'].includes(id))).toEqual([]);
      // The author reads their own, anonymous ones too, 50 of them.
      const own = await m.post('{ me { reviews { id } } }', { authorization: `Bearer ${await tokenFor(m, { role: 'customer', sub: 'm-ava' })}` });
      expect(own.body.data.me.reviews).toHaveLength(50);
    } finally {
      await m.orm.em.fork().nativeDelete(Review, { id: { $in: ids } });
    }
  });

  it("P-31 a child's anonymous review is not listed under the child for their guardian: review(id:) shows the guardian the placeholder, and the list must not undo it", async () => {
    const em = m.orm.em.fork();
    em.create(Review, { id: 'r-minor-anon', productId: PRODUCT.woolSocks, authorId: MEMBER.minor, rating: 4, text: 'Warm for the winter walk to school.', pictures: [], anonymous: true, sharedPublicly: false, createdAt: new Date(Date.now() - 86_400_000) });
    await em.flush();
    try {
      const listed = await m.ask('guardian', `{ member(id: "${MEMBER.minor}") { reviews { id anonymous } } a: members(ids: ["${MEMBER.minor}"]) { reviews { id } } }`);
      expect(listed.body.errors).toBeUndefined();
      expect(listed.body.data.member.reviews).toEqual([{ id: 'r-2005', anonymous: false }]);
      expect(listed.body.data.a[0].reviews).toEqual([{ id: 'r-2005' }]);
      const direct = await m.ask('guardian', '{ review(id: "r-minor-anon") { authorId author { id nickname } } }');
      expect(direct.body.data.review).toEqual({ authorId: ANONYMOUS_ID, author: { id: ANONYMOUS_ID, nickname: ANONYMOUS_NICKNAME } });
      // The child, its author, reads it in their own list.
      const own = await m.ask('minor', '{ me { reviews { id } } }');
      expect(own.body.data.me.reviews.map((r: { id: string }) => r.id).sort()).toEqual(['r-2005', 'r-minor-anon']);
    } finally {
      await m.orm.em.fork().nativeDelete(Review, { id: 'r-minor-anon' });
    }
  });

  it('P-32 an anonymous review its author shared shows nickname and avatar in the public share channel only', async () => {
    const channel = await m.ask('visitor', `{ sharedReviews { id author { nickname avatar } review { id text author { nickname avatar } } } }`);
    expect(channel.body.errors).toBeUndefined();
    expect(channel.body.data.sharedReviews).toEqual([
      {
        id: 'sr-1',
        author: { nickname: 'DeerFan', avatar: '/static/avatars/u7k2q9.png' },
        // The review object itself is still anonymous: the share channel's own author fields carry the name.
        review: { id: 'r-2002', text: 'Pitches in five minutes and stayed dry through a night of rain.', author: { nickname: ANONYMOUS_NICKNAME, avatar: DEFAULT_AVATAR } },
      },
    ]);
    // Outside the channel the same review is anonymous.
    const direct = await m.ask('visitor', `{ review(id: "r-2002") { authorId author { nickname avatar } } }`);
    expect(direct.body.data.review).toEqual({ authorId: ANONYMOUS_ID, author: { nickname: ANONYMOUS_NICKNAME, avatar: DEFAULT_AVATAR } });
    expectExplained(direct, 'review.author', 'placeholder', 'P-31');
    // The channel shows nickname and avatar only: not the member id, nor a profile to read more from.
    for (const persona of ['visitor', 'merchant-deer', 'buyer-optout']) {
      const more = await m.ask(persona, `{ sharedReviews { authorId author { id nickname } } }`);
      expect(more.body.data.sharedReviews, persona).toEqual([{ authorId: null, author: { id: null, nickname: 'DeerFan' } }]);
      expect(JSON.stringify(more.body), persona).not.toContain(MEMBER.buyer);
      // Nor does the avatar's URL name the member (it did: /static/avatars/m-buyer.png).
      expect(JSON.stringify(channel.body), persona).not.toContain(MEMBER.buyer);
      const profile = await m.ask(persona, `{ sharedReviews { author { gender reviews { id } } } }`);
      expect(profile.body.errors?.[0]?.message, persona).toMatch(/Cannot query field "(gender|reviews)" on type "SharedAuthor"/);
    }
    // Its author reads their own id.
    const own = await m.ask('buyer', `{ sharedReviews { authorId author { id } } }`);
    expect(own.body.data.sharedReviews).toEqual([{ authorId: MEMBER.buyer, author: { id: MEMBER.buyer } }]);
  });

  it('P-33 comments, questions and answers show avatar, nickname and content publicly', async () => {
    const answer = await m.ask(
      'visitor',
      `{ product(id: "${PRODUCT.trailBoots}") {
          comments { text authorId author { nickname avatar } }
          questions { text author { nickname avatar } answers { text authorId author { nickname avatar } } } } }`,
    );
    expectPublic(answer);
    const { comments, questions } = answer.body.data.product;
    expect(comments[0]).toEqual({ text: 'Does anyone know if the laces can be replaced?', authorId: MEMBER.optout, author: { nickname: 'QuietShopper', avatar: '/static/avatars/p3x8d1.png' } });
    expect(comments.map((c: any) => c.author.nickname)).toEqual(['QuietShopper', 'Shopper1', 'Shopper2']);
    expect(questions[0]).toMatchObject({ text: 'Do these run true to size?', author: { nickname: 'Shopper2', avatar: '/static/avatars/s2h4n6.png' } });
    expect(questions[0].answers[0]).toEqual({ text: 'Yes, I wear my usual size 42.', authorId: MEMBER.optout, author: { nickname: 'QuietShopper', avatar: '/static/avatars/p3x8d1.png' } });
    expect(questions[1].answers[0].author.nickname).toBe('Shopper2');
  });

  it('P-34 a homepage is found by nickname while its owner allows it; otherwise the search finds nothing, exactly as for a nickname nobody has', async () => {
    const query = (nickname: string) => `{ homepage(nickname: "${nickname}") { memberId bio member { nickname } } }`;
    const found = await m.ask('visitor', query('DeerFan'));
    expectPublic(found);
    expect(found.body.data.homepage).toEqual({ memberId: MEMBER.buyer, bio: 'Weekend hiker, always looking for the next trail.', member: { nickname: 'DeerFan' } });

    const hidden = await m.ask('visitor', query('QuietShopper'));
    const nobody = await m.ask('visitor', query('NoSuchNickname'));
    expect(hidden.body).toEqual({ data: { homepage: null } });
    expect({ status: hidden.status, body: hidden.body }).toEqual({ status: nobody.status, body: nobody.body });
    // Also for a logged-in member and a merchant: no error, no explanation that would confirm the member exists.
    for (const persona of ['buyer', 'merchant-deer']) expect((await m.ask(persona, query('QuietShopper'))).body).toEqual({ data: { homepage: null } });
    // The owner finds their own page.
    expect((await m.ask('buyer-optout', query('QuietShopper'))).body.data.homepage.memberId).toBe(MEMBER.optout);
  });

  it('P-34 switching "find me by nickname" on makes the homepage findable on the next request, and off hides it again', async () => {
    const query = `{ homepage(nickname: "QuietShopper") { memberId } }`;
    await m.ask('buyer-optout', `mutation { setConsent(kind: find_by_nickname, granted: true) { granted } }`);
    expect((await m.ask('visitor', query)).body.data.homepage).toEqual({ memberId: MEMBER.optout });
    await m.ask('buyer-optout', `mutation { setConsent(kind: find_by_nickname, granted: false) { granted } }`);
    expect((await m.ask('visitor', query)).body).toEqual({ data: { homepage: null } });
  });
});
