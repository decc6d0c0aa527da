import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildASTSchema,
  execute,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  parse,
  validate,
  type GraphQLFieldResolver,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { LogicalView, logicalDifferences } from '../support/logical-response.js';
import { CORPUS } from '../support/operation-corpus.js';
import { REWRITE_KINDS, applyRewrites, corpusRewrites, type Operation } from '../support/operation-rewrites.js';
import { propertyParameters } from '../support/property-runs.js';

/**
 * The rewrites the any-shape property tests send are equivalent to their originals: each one
 * validates against the supergraph, and graphql-js's own executor, over resolvers whose values
 * depend only on the logical position (field names and arguments from the root), gives the same
 * logical response.
 */
const schema = buildASTSchema(parse(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8')), { assumeValidSDL: true });

/** Values named by their logical position: an object carries the position it was reached at. */
const positional: GraphQLFieldResolver<any, unknown> = (source, args, _context, info) => {
  const at = `${source?.at ?? ''}/${info.fieldName}${JSON.stringify(args)}`;
  const type = getNullableType(info.returnType);
  const make = (named: any, where: string): unknown => {
    if (isObjectType(named)) return { at: where };
    if (isEnumType(named)) return named.getValues()[where.length % named.getValues().length].value;
    if (named.name === 'Int') return where.length;
    if (named.name === 'Float') return where.length / 4;
    if (named.name === 'Boolean') return where.length % 2 === 0;
    return where;
  };
  if (isListType(type)) return [0, 1].map((i) => make(getNamedType(type), `${at}[${i}]`));
  return make(getNamedType(type), at);
};

function run(operation: Operation) {
  const document = parse(operation.query);
  const errors = validate(schema, document);
  const result = execute({ schema, document, operationName: operation.operationName, variableValues: operation.variables, fieldResolver: positional });
  return { errors, result: result as { data?: unknown; errors?: unknown[] } };
}

describe('operation rewrites', () => {
  it('every corpus operation runs as is over the supergraph', () => {
    for (const [label, operation] of Object.entries(CORPUS)) {
      const { errors, result } = run(operation);
      expect(errors.map((e) => e.message), label).toEqual([]);
      expect(result.errors, label).toBeUndefined();
    }
  });

  it('every kind of rewrite applies, alone, to every corpus operation, and stays valid', () => {
    for (const operation of Object.values(CORPUS)) {
      for (const kind of REWRITE_KINDS) {
        for (const variant of [0, 1, 2, 3, 4, 5, 6, 7]) {
          const rewritten = applyRewrites(operation, schema, [{ kind, site: variant * 3, variant }]);
          expect(validate(schema, parse(rewritten.query)).map((e) => e.message), `${kind}/${variant}: ${rewritten.query}`).toEqual([]);
        }
      }
    }
  }, 60_000);

  it('a rewrite with another operation before and after selects ours by operationName', () => {
    const rewritten = applyRewrites(CORPUS['order statistics'], schema, [
      { kind: 'extraOperation', site: 0, variant: 0 },
      { kind: 'extraOperation', site: 0, variant: 1 },
    ]);
    expect(rewritten.operationName).toBe('RwOurs');
    expect(rewritten.query.indexOf('RwOther1')).toBeLessThan(rewritten.query.indexOf('RwOurs'));
    expect(rewritten.query.indexOf('RwOther2')).toBeGreaterThan(rewritten.query.indexOf('RwOurs'));
  });

  it('every rewrite validates against the supergraph and executes to the same logical response as the original', () => {
    fc.assert(
      fc.property(corpusRewrites(CORPUS, schema, { maxSteps: 10 }), ({ label, rewrite }) => {
        const operation = CORPUS[label];
        const original = run(operation);
        const shaped = run(rewrite);
        expect(shaped.errors.map((e) => e.message)).toEqual([]);
        expect(shaped.result.errors).toBeUndefined();
        const view = new LogicalView(schema, rewrite);
        const logical = view.data(shaped.result.data);
        expect(view.problems).toEqual([]);
        expect(logicalDifferences(new LogicalView(schema, operation).data(original.result.data), logical, schema)).toEqual([]);
      }),
      propertyParameters(150),
    );
  }, 60_000);

  it('the logical view tells a different selection apart: a missing field, an extra field, another argument', () => {
    const original = run(CORPUS["a store's orders"]);
    const logical = (op: Operation) => new LogicalView(schema, op).data(run(op).result.data);
    const base = new LogicalView(schema, CORPUS["a store's orders"]).data(original.result.data);
    const fewer = { query: `{ storeOrders(storeId: "deer-outfitters") { id total consigneeName consigneePhone } }` };
    const more = { query: `{ storeOrders(storeId: "deer-outfitters") { id total consigneeName consigneePhone customsId note } }` };
    const other = { query: `{ storeOrders(storeId: "red-lantern") { id total consigneeName consigneePhone customsId } }` };
    expect(logicalDifferences(base, logical(fewer), schema)).not.toEqual([]);
    expect(logicalDifferences(base, logical(more), schema)).not.toEqual([]);
    expect(logicalDifferences(base, logical(other), schema)).not.toEqual([]);
    // …and reads aliases back as the fields they name.
    const aliased = { query: `{ x: storeOrders(storeId: "deer-outfitters") { id total n: consigneeName consigneePhone customsId } storeOrders(storeId: "deer-outfitters") { n: id } }` };
    expect(logicalDifferences(base, logical(aliased), schema)).toEqual([]);
  });
});
