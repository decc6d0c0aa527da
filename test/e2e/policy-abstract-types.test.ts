import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, ORDER, PRODUCT, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import { ANONYMOUS_ID, ANONYMOUS_NICKNAME } from '../../directives/transforms/placeholder.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { Member } from '../../resolvers/accounts/member.entity.js';
import { Review } from '../../resolvers/reviews/review.entity.js';
import { expectExplained } from '../support/privacy-assertions.js';

/**
 * The policy at abstract positions, the way a storefront reads: `search` (union SearchResult) and
 * `node` (interface Node), with inline fragments, named fragments on the union, the interface or
 * the member type, and aliases. For every persona class each field gets the same value and the
 * same outcome (value, PRIVACY_BLOCKED error and rule, explained decision) as through the type's
 * own root field; no response carries a key the gateway added for itself.
 */
describe('abstract types: search and node decide like the root fields', () => {
  let m: Marketplace;
  beforeAll(async () => {
    m = await Marketplace.start();
  });
  afterAll(async () => {
    await m?.close();
  });

  /** Every answer of this file goes through here: no gateway-internal key (`__pg_*`, `__audit_*`) may reach a client. */
  async function ask(persona: string, query: string): Promise<GraphQLAnswer> {
    const answer = await m.ask(persona, query);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(internalKeys(answer.body), `${persona} ${query}`).toEqual([]);
    return answer;
  }

  const PERSONA_CLASSES = ['visitor', 'buyer', 'merchant-deer', 'carrier-swift', 'analyst', 'officer'] as const;

  /** What the client sees under the alias `x`, with list positions of `x` dropped so one search hit compares with a single object. */
  function seen(answer: GraphQLAnswer) {
    const norm = (path: string) => path.replace(/^x\.(\d+|\*)(?=\.|$)/, 'x');
    const data = answer.body.data?.x;
    return {
      data: Array.isArray(data) ? data[0] : data,
      errors: (answer.body.errors ?? [])
        .map((e: any) => ({
          code: e.extensions?.code,
          rule: e.extensions?.rule,
          field: e.extensions?.field,
          paths: (e.extensions?.paths ?? [e.path]).map((p: (string | number)[]) => norm(p.join('.'))),
        }))
        .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      decisions: (answer.body.extensions?.privacy?.decisions ?? [])
        .map((d: any) => ({ path: norm(d.path), field: d.field, outcome: d.outcome, rule: d.rule }))
        .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    };
  }

  /** Asks the same selection through the root field and through each abstract shape, and expects the same outcome per field. */
  async function expectSameAsRoot(persona: string, root: string, shapes: Record<string, string>) {
    // A row the caller may not see is null both ways (P-82 default deny): that is compared too.
    const direct = seen(await ask(persona, root));
    for (const [shape, query] of Object.entries(shapes)) {
      expect(seen(await ask(persona, query)), `${persona} via ${shape}: ${query}`).toEqual(direct);
    }
  }

  /** The selection of each Node type, with personal fields of every kind of rule. */
  const SEL = {
    Order: 'id status storeId buyerId total consigneeName consigneePhone deliveryAddress taxpayerId note customsId',
    Member: 'id nickname avatar name phone email birthDate',
    Review: 'id rating text anonymous authorId author { id nickname avatar }',
    Shipment: 'id status carrierId consigneeName consigneePhone address customsId',
    Product: 'id name price',
    Store: 'id name',
  } as const;

  /** The Node shapes of one id: inline fragment, named fragment on the type, fragment on the interface. */
  const nodeShapes = (type: keyof typeof SEL, id: string) => ({
    inline: `{ x: node(id: "${id}") { ... on ${type} { ${SEL[type]} } } }`,
    'named fragment on the type': `{ x: node(id: "${id}") { ...F } } fragment F on ${type} { ${SEL[type]} }`,
    'fragment on the interface': `{ x: node(id: "${id}") { ...N } } fragment N on Node { ... on ${type} { ${SEL[type]} } }`,
  });

  const ROOT: Record<keyof typeof SEL, (id: string) => string> = {
    Order: (id) => `{ x: order(id: "${id}") { ${SEL.Order} } }`,
    Member: (id) => `{ x: member(id: "${id}") { ${SEL.Member} } }`,
    Review: (id) => `{ x: review(id: "${id}") { ${SEL.Review} } }`,
    Shipment: (id) => `{ x: shipment(id: "${id}") { ${SEL.Shipment} } }`,
    Product: (id) => `{ x: product(id: "${id}") { ${SEL.Product} } }`,
    Store: (id) => `{ x: store(id: "${id}") { ${SEL.Store} } }`,
  };

  const NODES: [keyof typeof SEL, string, string][] = [
    ['Order', ORDER.buyerDomestic, 'P-20 P-21 P-22 P-51 P-81: an order of deer-outfitters shipped by swift'],
    ['Order', ORDER.buyerCrossBorder, 'P-21 P-23: a cross-border order of red-lantern'],
    ['Member', MEMBER.buyer, 'P-01 P-02 P-51 P-83: a member profile'],
    ['Member', MEMBER.minor, 'P-70: a minor’s profile'],
    ['Review', 'r-2001', 'P-31: an anonymous review'],
    ['Review', 'r-2003', 'P-30: a public review'],
    ['Shipment', shipmentId(ORDER.buyerDomestic), 'P-22: a domestic shipment of swift'],
    ['Shipment', shipmentId(ORDER.buyerCrossBorder), 'P-22 P-23: a cross-border shipment of oceanic, delivered 45 days ago'],
    ['Product', PRODUCT.trailBoots, 'public catalog data: a product'],
    ['Store', STORE.lantern, 'public catalog data: a store'],
  ];

  // Partners that get de-identified data cannot look anyone up by id or name (below).
  for (const persona of PERSONA_CLASSES.filter((p) => p !== 'analyst')) {
    describe(persona, () => {
      for (const [type, id, what] of NODES) {
        it(`${what}: node(id:) decides every field as ${ROOT[type]('…').match(/x: (\w+)/)![1]}(id:) does, for ${persona}`, async () => {
          await expectSameAsRoot(persona, ROOT[type](id), nodeShapes(type, id));
        });
      }

      it(`P-02 P-34 a homepage found by search decides its member as homepage(nickname:) does, for ${persona}`, async () => {
        const hp = `memberId bio member { ${SEL.Member} }`;
        await expectSameAsRoot(persona, `{ x: homepage(nickname: "DeerFan") { ${hp} } }`, {
          inline: `{ x: search(term: "DeerFan") { ... on Homepage { ${hp} } } }`,
          'named fragment on the union': `{ x: search(term: "DeerFan") { ...S } } fragment S on SearchResult { ... on Homepage { ${hp} } ... on Member { ${SEL.Member} } }`,
          'named fragment on the member type': `{ x: search(term: "DeerFan") { ...H } } fragment H on Homepage { ${hp} }`,
        });
      });

      it(`public catalog data: a product and a store found by search read as product(id:) and store(id:), for ${persona}`, async () => {
        await expectSameAsRoot(persona, ROOT.Product(PRODUCT.trailBoots), {
          inline: `{ x: search(term: "trail boots") { ... on Product { ${SEL.Product} } } }`,
          'named fragment on the union': `{ x: search(term: "Trail Boots") { ...S } } fragment S on SearchResult { ... on Product { ${SEL.Product} } }`,
        });
        await expectSameAsRoot(persona, ROOT.Store(STORE.lantern), {
          inline: `{ x: search(term: "red lantern") { ... on Store { ${SEL.Store} } } }`,
        });
      });
    });
  }

  it('P-21 P-82 another store’s order is nothing to merchant-deer through node, as through order(id:)', async () => {
    const answer = await ask('merchant-deer', `{ node(id: "${ORDER.buyerCrossBorder}") { ... on Order { storeId consigneePhone } } }`);
    const direct = await ask('merchant-deer', `{ order(id: "${ORDER.buyerCrossBorder}") { storeId consigneePhone } }`);
    expect(answer.body.data.node).toBeNull();
    expect(direct.body.data.order).toBeNull();
    expect(JSON.stringify(answer.body)).not.toMatch(/\+?\d{7,}|red-lantern/);
  });

  it('P-82 an id no store or product has is nothing through node, as through store(id:) and product(id:): no object of nulls, no error from its non-null fields', async () => {
    for (const id of ['zz', 'no-such-store', 'anonymous', 'p-nope']) {
      const answer = await ask('visitor', `{ node(id: "${id}") { __typename id ... on Store { name products { id } } ... on Product { name reviews { id } } } }`);
      expect(answer.body, id).toEqual({ data: { node: null } });
    }
    const known = await ask('visitor', `{ s: node(id: "${STORE.lantern}") { ... on Store { name } } p: node(id: "p-trail-boots") { ... on Product { name } } }`);
    expect(known.body.data).toEqual({ s: { name: expect.any(String) }, p: { name: 'Trail Boots' } });
  });

  it('P-21 aliases inside a fragment on the interface do not escape the decision: its own store’s phone is masked, another store’s order is nothing', async () => {
    const answer = await ask(
      'merchant-deer',
      `{ own: node(id: "${ORDER.buyerDomestic}") { ...O } other: node(id: "${ORDER.buyerCrossBorder}") { ...O } }
       fragment O on Node { ... on Order { phone: consigneePhone who: consigneeName } }`,
    );
    const direct = await ask('merchant-deer', `{ own: order(id: "${ORDER.buyerDomestic}") { phone: consigneePhone who: consigneeName } }`);
    expect(answer.body.data.own).toEqual(direct.body.data.own);
    expect(answer.body.data.own.phone).toMatch(/\*/);
    expectExplained(answer, 'own.phone', 'mask', 'P-21');
    expect(answer.body.data.other).toBeNull();
  });

  it('P-22 a carrier reads the consignee of its own shipment through node, and another carrier’s shipment is nothing', async () => {
    const own = await ask('carrier-swift', `{ node(id: "${shipmentId(ORDER.buyerDomestic)}") { ... on Shipment { consigneeName address } } }`);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.node.consigneeName).toBeTruthy();
    const other = await ask('carrier-swift', `{ node(id: "${shipmentId(ORDER.buyerCrossBorder)}") { ... on Shipment { consigneeName address } } }`);
    expect(other.body.data.node).toBeNull();
  });

  it('P-31 an anonymous review’s author through node is the placeholder for the store’s merchant and a visitor, and nothing links back', async () => {
    for (const persona of ['merchant-deer', 'visitor']) {
      const answer = await ask(persona, `{ node(id: "r-2001") { id ...R } } fragment R on Review { authorId author { id nickname avatar } }`);
      expect(answer.body.data.node.authorId, persona).toBe(ANONYMOUS_ID);
      expect(answer.body.data.node.author, persona).toMatchObject({ id: ANONYMOUS_ID, nickname: ANONYMOUS_NICKNAME });
      expect(JSON.stringify(answer.body), persona).not.toMatch(/m-buyer|DeerFan|Alice/);
      expectExplained(answer, 'node.author', 'placeholder', 'P-31');
    }
  });

  it('P-31 the author of an anonymous review is the placeholder also when the review is reached from a search hit', async () => {
    const answer = await ask('visitor', `{ search(term: "Trail Boots") { ... on Product { reviews { id anonymous author { nickname } } } } }`);
    const anon = answer.body.data.search[0].reviews.find((r: any) => r.id === 'r-2001');
    expect(anon.author).toEqual({ nickname: ANONYMOUS_NICKNAME });
    expect(JSON.stringify(answer.body)).not.toMatch(/DeerFan/);
  });

  describe('P-34 a homepage whose owner switched find-by-nickname off is not found by search', () => {
    // m-optout (QuietShopper) has find_by_nickname off; "NoSuchPerson" is nobody's nickname.
    const SHAPES = [
      (term: string) => `{ search(term: "${term}") { __typename ... on Homepage { memberId bio member { id nickname } } } }`,
      (term: string) => `{ search(term: "${term}") { __typename } }`,
      (term: string) => `{ search(term: "${term}") { ... on Product { name } } }`,
      (term: string) => `{ search(term: "${term}") { ...S } } fragment S on SearchResult { ... on Homepage { bio } ... on Member { nickname } }`,
      (term: string) => `{ hits: search(term: "${term}") { ... on Homepage { owner: memberId } } }`,
    ];

    // The officer under legal obligation, like the owner, does find it (below).
    for (const persona of PERSONA_CLASSES.filter((p) => p !== 'officer' && p !== 'analyst')) {
      it(`P-34 ${persona}: search finds nothing, exactly as for a nickname nobody has, with no error and nothing of the member`, async () => {
        for (const shape of SHAPES) {
          const hidden = await ask(persona, shape('QuietShopper'));
          const nobody = await ask(persona, shape('NoSuchPerson'));
          expect(hidden.body, shape('QuietShopper')).toEqual(nobody.body);
          expect(Object.values(hidden.body.data)[0], shape('QuietShopper')).toEqual([]);
          expect(hidden.body.errors).toBeUndefined();
          expect(JSON.stringify(hidden.body)).not.toMatch(/m-optout|I read reviews|psn_/);
        }
      });
    }

    it('P-34 a findable homepage is found by search, with the same member as homepage(nickname:)', async () => {
      const answer = await ask('visitor', `{ search(term: "DeerFan") { __typename ... on Homepage { memberId member { nickname } } } }`);
      expect(answer.body.data.search).toEqual([{ __typename: 'Homepage', memberId: MEMBER.buyer, member: { nickname: 'DeerFan' } }]);
    });

    it('P-34 the owner finds their own homepage, and the privacy officer under legal obligation finds it', async () => {
      for (const persona of ['buyer-optout', 'officer']) {
        const answer = await ask(persona, `{ search(term: "QuietShopper") { ... on Homepage { memberId } } }`);
        expect(answer.body.data.search, persona).toEqual([{ memberId: MEMBER.optout }]);
      }
    });

    it('P-34 search never answers a bare Member hit that would confirm a nickname exists', async () => {
      for (const term of ['QuietShopper', 'DeerFan', 'LittleFox']) {
        const answer = await ask('officer', `{ search(term: "${term}") { __typename } }`);
        expect(answer.body.data.search.map((h: any) => h.__typename), term).not.toContain('Member');
      }
    });
  });

  describe('P-51 the analyst cannot name anyone: lookups by id or name are refused, at abstract positions too', () => {
    for (const query of [
      `{ node(id: "${MEMBER.buyer}") { id } }`,
      `{ node(id: "${MEMBER.buyer}") { ... on Member { id } } }`,
      `{ node(id: "${MEMBER.buyer}") { ...N } } fragment N on Node { id }`,
      `{ node(id: "${ORDER.buyerDomestic}") { ... on Order { buyerId } } }`,
      `{ member(id: "${MEMBER.buyer}") { id } }`,
      `{ search(term: "DeerFan") { ... on Homepage { memberId member { id } } } }`,
      `{ homepage(nickname: "DeerFan") { memberId } }`,
    ]) {
      it(`P-51 refused whole, with nothing that answers who it is: ${query}`, async () => {
        const answer = await ask('analyst', query);
        expect(answer.body.data ?? null).toBeNull();
        expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: 'P-51' });
        expect(JSON.stringify(answer.body)).not.toMatch(/m-buyer|DeerFan|psn_/);
      });
    }
  });

  it('node(id:) reads the type from the id’s prefix; an id with none is a store’s', async () => {
    const answer = await ask(
      'visitor',
      `{ p: node(id: "${PRODUCT.teaSet}") { __typename id } s: node(id: "${STORE.deer}") { __typename id } r: node(id: "r-2003") { __typename id } }`,
    );
    expect(answer.body.data).toEqual({
      p: { __typename: 'Product', id: PRODUCT.teaSet },
      s: { __typename: 'Store', id: STORE.deer },
      r: { __typename: 'Review', id: 'r-2003' },
    });
  });


  it('P-82 another field under the response key id or __typename is refused with a clear error, not answered as a failing service', async () => {
    for (const query of [`{ a: member(id: "${MEMBER.buyer}") { nickname } b: member(id: "${MEMBER.buyer}") { id: gender } }`, '{ review(id: "r-2001") { id: authorId } }', '{ node(id: "r-2001") { ... on Review { id: authorId } } }', '{ review(id: "r-2001") { __typename: text author { nickname } } }']) {
      const answer = await m.ask('visitor', query);
      expect(answer.body.data ?? null, query).toBeNull();
      expect(answer.body.errors, query).toEqual([{ message: expect.stringMatching(/^the alias (id|__typename) on the field \w+ is reserved: \1 answers a row's (key|type)/), extensions: { code: 'BAD_USER_INPUT', rule: 'P-82' } }]);
    }
  });

  it("P-82 a response key that another possible type's row input uses (Review's anonymous, Homepage's memberId) is answered, not failed as a service: the inputs then come under the gateway's aliases", async () => {
    const nodes = await m.ask('visitor', `{ r0: node(id: "${MEMBER.buyer}") { ... on Shipment { anonymous: id } ... on Review { text } } r1: node(id: "deer-outfitters") { __typename } r2: node(id: "r-2003") { ... on Review { rating } ... on Shipment { anonymous: id } } }`);
    expect(nodes.body.errors).toBeUndefined();
    expect(nodes.body.data).toEqual({ r0: {}, r1: { __typename: 'Store' }, r2: { rating: expect.any(Number) } });
    const hits = await m.ask('visitor', '{ search(term: "lantern") { __typename ... on Product { memberId: id } } review(id: "r-2003") { text } }');
    expect(hits.body.errors).toBeUndefined();
    expect(hits.body.data.search.length).toBeGreaterThan(0);
    expect(hits.body.data.review.text).toEqual(expect.any(String));
    expect(JSON.stringify(nodes.body) + JSON.stringify(hits.body)).not.toMatch(/conflict|__pg_|_privacyInputs/);
  });

  it('P-62 P-70 P-82 node(id:) and member(id:) of a member id nobody has release nothing and raise no error, exactly as a child\'s id does, so the answer confirms no child', async () => {
    const query = (id: string) => `{ node(id: "${id}") { id ... on Member { nickname avatar gender } } member(id: "${id}") { id nickname } }`;
    const nobody = await ask('visitor', query('m-nobody'));
    expect(nobody.body.errors).toBeUndefined();
    expect(nobody.body.data).toEqual({ node: null, member: null });
    expect((await ask('visitor', query(MEMBER.minor))).body).toEqual(nobody.body);
  });

  it('P-70 P-80 a member looked up through node(id:) with a named fragment is answered as with an inline one: a child\'s id like an unknown one, for every persona class', async () => {
    for (const persona of PERSONA_CLASSES) {
      for (const fields of ['name', 'nickname gender', '__typename', 'id']) {
        for (const id of [MEMBER.minor, 'm-nobody', MEMBER.buyer]) {
          const inline = await ask(persona, `{ node(id: "${id}") { ... on Member { ${fields} } } }`);
          const named = await ask(persona, `{ node(id: "${id}") { ...F } } fragment F on Member { ${fields} }`);
          const what = (a: GraphQLAnswer) => ({ data: a.body.data, errors: a.body.errors?.map((e) => [e.path, e.extensions?.rule]), privacy: a.body.extensions?.privacy });
          expect(what(named), `${persona} ${id} ${fields}`).toEqual(what(inline));
        }
        if (persona === 'officer') continue; // reads a child's data under a legal obligation (P-81)
        const minor = await ask(persona, `{ node(id: "${MEMBER.minor}") { ...F } } fragment F on Member { ${fields} }`);
        expect(minor.body.data, `${persona} ${fields}`).toEqual((await ask(persona, `{ node(id: "m-nobody") { ...F } } fragment F on Member { ${fields} }`)).body.data);
      }
    }
  });

  it('P-70 a child\'s placeholder stands in for the fields they left empty too: an unset gender or avatar reads like a set one', async () => {
    const em = m.orm.em.fork();
    const child = { id: 'm-child-unset', nickname: 'Kit', birthDate: '2018-03-04', gender: null, avatar: null };
    await em.insert(Member, child as any);
    await em.insert(Review, { id: 'r-child-unset', productId: PRODUCT.trailBoots, authorId: child.id, rating: 5, text: 'Nice.', anonymous: false, sharedPublicly: false, createdAt: new Date() } as any);
    try {
      const query = (review: string) => `{ review(id: "${review}") { author { nickname avatar gender } } }`;
      const unset = await ask('visitor', query('r-child-unset'));
      expect(unset.body.errors).toBeUndefined();
      expect(unset.body.data.review.author).toEqual({ nickname: 'Anonymous', avatar: '/static/avatar-default.png', gender: null });
      expect(unset.body.data).toEqual((await ask('visitor', query('r-2005'))).body.data);
    } finally {
      await em.nativeDelete(Review, { id: 'r-child-unset' });
      await em.nativeDelete(Member, { id: child.id });
    }
  });
  it('search matches product and store names in any case, products first, at most `first` hits', async () => {
    const answer = await ask('visitor', `{ all: search(term: "LANTERN") { __typename ... on Product { name } ... on Store { name } } one: search(term: "lantern", first: 1) { __typename } }`);
    expect(answer.body.data.all).toEqual([
      { __typename: 'Product', name: 'Paper Lantern' },
      { __typename: 'Store', name: 'Red Lantern' },
    ]);
    expect(answer.body.data.one).toEqual([{ __typename: 'Product' }]);
  });
});

/** Every key in a response body that the gateway reserves for itself, wherever it is. */
function internalKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) internalKeys(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('__pg_') || key.startsWith('__audit_') || key === '_privacyInputs' || key === '_privacyInputsAliased') found.push(key);
      internalKeys(child, found);
    }
  }
  return found;
}
