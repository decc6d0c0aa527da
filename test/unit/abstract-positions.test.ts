import { execute, parse, validate } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { readPrivacyIndex } from '../../directives/annotations.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import type { DecisionContext } from '../../directives/decide.js';
import { compilePrivacyPlan } from '../../gateway/privacy-plan.js';
import { runPrivacyPass, type PassResult } from '../../gateway/privacy-pass.js';
import { executingOperation } from '../../gateway/executing-operation.js';
import { rowInputsExtension } from '../../gateway/row-inputs.js';

/**
 * The plan and the pass at interface and union positions: every way of reaching a person through
 * an abstract type gets the same decision, and nothing the gateway selected for itself reaches
 * the client. The schema is small and built here, so the test also covers shapes the
 * marketplace's own schema does not have.
 */
const sdl = /* GraphQL */ `
  directive @pii(category: String!, sensitive: Boolean = false, public: Boolean = false) on FIELD_DEFINITION
  directive @purpose(allow: [String!]!, consent: String) on FIELD_DEFINITION
  directive @subject(id: String, store: String, carrier: String, agent: String, deliveredAt: String, anonymous: String, crossBorder: String, findableBy: String, count: String) on OBJECT

  interface Node { id: ID! }
  type Member implements Node @subject(id: "id") {
    id: ID!
    nickname: String @pii(category: "user.account.username", public: true)
    phone: String @pii(category: "user.contact.phone_number") @purpose(allow: ["essential.service.operations.support"])
  }
  type Product implements Node { id: ID! name: String seller: Member related: [SearchResult!]! }
  union SearchResult = Member | Product
  type Query { node(id: ID!): Node search(term: String!): [SearchResult!]! product: Product }
`;

const members = [
  { __typename: 'Member', id: 'm1', nickname: 'one', phone: '13900000001' },
  { __typename: 'Member', id: 'm2', nickname: 'two', phone: '13900000002' },
];
const product = { __typename: 'Product', id: 'p1', name: 'boots', seller: members[1], related: members };
const rowInputs = rowInputsExtension(sdl)!;
const schema = makeExecutableSchema({
  typeDefs: [sdl, rowInputs.typeDefs],
  resolvers: {
    ...rowInputs.resolvers,
    Query: {
      node: (_: unknown, { id }: { id: string }) => [...members, product].find((x) => x.id === id),
      search: () => [product, ...members],
      product: () => product,
    },
    Node: { __resolveType: (x: { __typename: string }) => x.__typename },
    SearchResult: { __resolveType: (x: { __typename: string }) => x.__typename },
  } as never,
});
const index = readPrivacyIndex(schema);
const config = loadPolicyConfig();
/** Member m1, reading: their own phone is theirs (P-01), another member's is not (P-83). */
const ctx: DecisionContext = { caller: { role: 'customer', sub: 'm1' }, purpose: null, config };

async function ask(query: string, operationName?: string) {
  const document = executingOperation(parse(query), operationName);
  const plan = compilePrivacyPlan(schema, index, document, ctx);
  expect(validate(schema, plan.document)).toEqual([]);
  const result = await execute({ schema, document: plan.document, operationName });
  expect(result.errors).toBeUndefined();
  const pass = (await runPrivacyPass(plan, result.data as Record<string, unknown>, { ctx, loadFacts: () => new Map(), audienceKeys: {} as never })) as PassResult;
  // What leaves the gateway: JSON, in which a cleared key is absent.
  return { data: JSON.parse(JSON.stringify(result.data)), pass };
}

/** Every phone in an answer, by member id: the value the client reads. */
function phones(data: unknown, out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(data)) for (const item of data) phones(item, out);
  else if (data && typeof data === 'object') {
    const obj = data as Record<string, unknown>;
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'phone' || key === 'tel') out.set(String(obj.id ?? obj.who ?? '?'), value);
      else phones(value, out);
    }
  }
  return out;
}

const SHAPES: [string, string, string?][] = [
  ['inline fragments on a union', '{ search(term: "x") { ... on Member { id phone } ... on Product { name } } }'],
  ['a named fragment on a member of a union', '{ search(term: "x") { ...M } } fragment M on Member { id phone }'],
  ['a fragment on the interface, then on the type', '{ node(id: "m2") { ...N } } fragment N on Node { id ... on Member { phone } }'],
  ['an alias and a duplicate under an interface', '{ node(id: "m2") { id ... on Member { tel: phone phone } } }'],
  ['a union nested under an object', '{ product { related { ... on Member { id phone } } } }'],
  ['the fragment defined before its operation, with a second operation', 'fragment M on Member { id phone } query A { __typename } query B { search(term: "x") { ...M } }', 'B'],
  ['a condition on the fragment', 'query ($yes: Boolean = true) { search(term: "x") { ... on Member @include(if: $yes) { id phone } } }'],
];

describe('privacy plan and pass at abstract positions', () => {
  for (const [shape, query, operationName] of SHAPES) {
    it(`P-83 another member's phone is blocked through ${shape}; the reader's own is theirs (P-01)`, async () => {
      const { data, pass } = await ask(query, operationName);
      expect(JSON.stringify(data)).not.toMatch(/__pg_/);
      const seen = phones(data);
      expect(seen.size).toBeGreaterThan(0);
      for (const [id, phone] of seen) expect(phone, `${shape}: ${id}`).toBe(id === 'm1' ? '13900000001' : null);
      expect(pass.blocked).toBeGreaterThan(0);
    });
  }

  it('P-82 nothing the gateway selects for itself reaches the client at positions without any policy', async () => {
    for (const query of [
      '{ search(term: "x") { __typename } }',
      '{ search(term: "x") { ... on Product { name } } }',
      '{ product { ...N } } fragment N on Node { id }',
      '{ node(id: "p1") { id ... on Product { name related { __typename } } } }',
    ]) {
      const { data } = await ask(query);
      expect(JSON.stringify(data), query).not.toMatch(/__pg_/);
    }
  });

  it('P-82 a row at an abstract position whose concrete type did not arrive is refused, not passed through', () => {
    const plan = compilePrivacyPlan(schema, index, parse('{ search(term: "x") { ... on Member { phone } } }'), ctx);
    const data = { search: [{ phone: '13900000002' }] };
    expect(() => runPrivacyPass(plan, data, { ctx, loadFacts: () => new Map(), audienceKeys: {} as never })).toThrow(/unknown type/);
  });
});
