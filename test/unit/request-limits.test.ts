import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costLimitError } from '../../gateway/cost-rule.js';
import { corsOptions } from '../../gateway/cors-options.js';
import { largestExpansion } from '../../gateway/fragment-expansion.js';
import { DEFAULT_REQUEST_LIMITS, resolveRequestLimits } from '../../gateway/request-limits.js';

const schema = buildSchema(`
  type Query { shop(id: ID!): Shop  shops(first: Int = 20): [Shop!]!  tags: [String!]!  shopsById(ids: [ID!]!): [Shop!]! }
  type Shop { name: String  orders(limit: Int): [Order!]!  owner: Shop }
  type Order { id: ID  lines: [String!]! }
`);

const costOf = (query: string, variables?: Record<string, unknown>) => {
  const error = costLimitError(schema, parse(query), { maxCost: 0, defaultListSize: 10, variables });
  return error?.extensions.found;
};

describe('request limits (units)', () => {
  it('P-82 the cost multiplies a list field by its size: literal, variable, variable default, schema default, else the default list size', () => {
    expect(costOf('{ shop(id: 1) { name } }')).toBe(2);
    expect(costOf('{ shops(first: 3) { name } }')).toBe(1 + 3 * 1);
    expect(costOf('{ shops { name } }')).toBe(1 + 20 * 1);
    expect(costOf('query($n: Int) { shops(first: $n) { name } }', { n: 1000 })).toBe(1 + 1000);
    expect(costOf('query($n: Int = 7) { shops(first: $n) { name } }', {})).toBe(1 + 7);
    expect(costOf('{ shops(first: 2) { orders { id } } }')).toBe(1 + 2 * (1 + 10 * 1));
    expect(costOf('{ shops(first: 2) { orders(limit: 4) { id lines } } }')).toBe(1 + 2 * (1 + 4 * 2));
    // A negative size is refused before any cost (P-70 P-34: a subgraph refusing it under a row the pass removes told that row was there); a fragment counts where it is spread.
    const negative = costLimitError(schema, parse('query ($n: Int) { shops(first: $n) { name } }'), { maxCost: 1_000, defaultListSize: 10, variables: { n: -5 } });
    expect([negative?.message, negative?.extensions.code]).toEqual(['`first` must be a non-negative integer', 'BAD_USER_INPUT']);
    // A variable named like an object's own property (`constructor`, `toString`) left out of the variables takes its default.
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const inherited = costLimitError(schema, parse(`query ($${name}: Int = -1) { shops(first: $${name}) { name } }`), { maxCost: 1_000, defaultListSize: 10, variables: {} });
      expect(inherited?.extensions.code, name).toBe('BAD_USER_INPUT');
    }
    expect(costOf('{ shops(first: 2) { ...S } } fragment S on Shop { name owner { name } }')).toBe(1 + 2 * 3);
  });

  it('P-82 a list asked by keys costs one item per key sent: 2,000 ids are 2,000 rows, not the default list size', () => {
    expect(costOf('{ shopsById(ids: ["a", "b", "c"]) { name } }')).toBe(1 + 3);
    expect(costOf('query($ids: [ID!]!) { shopsById(ids: $ids) { name owner { name } } }', { ids: Array.from({ length: 2000 }, (_, i) => `s-${i}`) })).toBe(1 + 2000 * 3);
    // One id is one row; a value that is not a list counts as the default list size.
    expect(costOf('{ shopsById(ids: "a") { name } }')).toBe(1 + 10);
  });

  it('P-82 the field count is memoized per fragment and does not follow a cycle', () => {
    const bomb = ['{ ...F0 }', ...Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`), 'fragment F40 on Query { tags }'].join('\n');
    expect(largestExpansion(parse(bomb))).toBe(2 ** 40);
    expect(largestExpansion(parse('{ ...A } fragment A on Query { tags ...B } fragment B on Query { tags ...A }'))).toBe(2);
    expect(largestExpansion(parse('{ shop(id: 1) { name owner { name } } }'))).toBe(4);
  });

  it('P-82 limits: the option wins over the environment, the environment over the default; a bad value stops start-up', () => {
    expect(resolveRequestLimits({}, {})).toEqual(DEFAULT_REQUEST_LIMITS);
    expect(resolveRequestLimits({ maxDepth: 4 }, { GATEWAY_MAX_DEPTH: '6', GATEWAY_MAX_COST: '900' })).toMatchObject({ maxDepth: 4, maxCost: 900 });
    expect(() => resolveRequestLimits({}, { GATEWAY_MAX_DEPTH: 'ten' })).toThrow(/GATEWAY_MAX_DEPTH must be a positive integer/);
    expect(() => resolveRequestLimits({}, { GATEWAY_MAX_BODY_BYTES: '0' })).toThrow(/positive integer/);
    expect(() => resolveRequestLimits({ maxAliases: -1 })).toThrow(/limits.maxAliases/);
  });

  it('P-82 CORS: only listed origins, never credentials; an entry that is not an origin stops start-up', () => {
    const request = (origin?: string) => new Request('http://gateway/graphql', { headers: origin ? { origin } : {} });
    const cors = corsOptions(['https://shop.example/']);
    expect(cors(request('https://shop.example'))).toMatchObject({ origin: ['https://shop.example'], credentials: false });
    expect(cors(request('https://evil.example'))).toBe(false);
    expect(cors(request())).toBe(false);
    expect(corsOptions([])(request('https://shop.example'))).toBe(false);
    expect(() => corsOptions(['shop.example'])).toThrow(/not an origin/);
    expect(() => corsOptions(['https://shop.example/path'])).toThrow(/not an origin/);
  });
});
