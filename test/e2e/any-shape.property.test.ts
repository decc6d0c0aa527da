import fc from 'fast-check';
import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS, PERSONA_NAMES } from '../../gateway/personas.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { CORPUS } from '../support/operation-corpus.js';
import { corpusRewrites, type Operation, type RewriteKind } from '../support/operation-rewrites.js';
import { propertyParameters } from '../support/property-runs.js';
import { outcomeDifferences } from '../support/same-outcome.js';

/**
 * A privacy rule holds only if it holds for every document a client can send. For every persona
 * (under its default purpose, and a few under none), the operations the policy suites send, in
 * generated equivalent shapes (aliases, duplicates, fragments, keeping directives, __typename,
 * other operations in the document): each answer is the original's answer, value by value, error
 * by error, decision by decision (test/support/same-outcome.ts says how they are compared).
 *
 * FC_NUM_RUNS=<n> runs each property longer; a failure prints its seed (FC_SEED, FC_PATH replay it).
 */
const RUNS = 15;

/**
 * No copy that @skip/@include drops: the gateway runtime's planner merges such a copy with the kept
 * field and loses both, with or without the privacy layer (`{ stores { id @skip(if: true) id } }`
 * answers INTERNAL_SERVER_ERROR; a nested object comes back null). It returns less, never more;
 * test/unit/operation-rewrites.test.ts still proves those rewrites equivalent.
 */
const DROPPED_COPIES = false;

/** FC_REWRITES=alias,duplicate,… narrows the kinds of rewrite, to chase one failure. */
const KINDS = process.env.FC_REWRITES ? (process.env.FC_REWRITES.split(',') as RewriteKind[]) : undefined;

const CASES: { persona: string; purpose?: null }[] = [
  ...PERSONA_NAMES.map((persona) => ({ persona })),
  // Without a declared purpose: nobody else's personal fields (P-83), in any shape.
  ...['merchant-deer', 'carrier-swift', 'agent', 'analyst'].map((persona) => ({ persona, purpose: null })),
];

describe('any shape of an operation gets the same outcome', () => {
  let m: Marketplace;
  let schema: GraphQLSchema;
  const originals = new Map<string, Promise<GraphQLAnswer>>();

  beforeAll(async () => {
    m = await Marketplace.start();
    schema = buildASTSchema(parse(m.supergraph), { assumeValidSDL: true });
  });
  afterAll(async () => {
    await m?.close();
  });

  const send = (persona: string, purpose: null | undefined, operation: Operation) =>
    m.ask(persona, operation.query, { purpose, variables: operation.variables, operationName: operation.operationName });

  for (const { persona, purpose } of CASES) {
    const declared = purpose === null ? 'no purpose' : (PERSONAS[persona].purpose ?? 'no purpose');
    it(`P-82 P-65 any shape of a corpus operation gets the same outcome for ${persona} under ${declared}`, async () => {
      const cases = corpusRewrites(CORPUS, schema, { kinds: KINDS, droppedCopies: DROPPED_COPIES });
      await fc.assert(
        fc.asyncProperty(cases, async ({ label, rewrite }) => {
          const key = `${persona}/${declared}/${label}`;
          if (!originals.has(key)) originals.set(key, send(persona, purpose, CORPUS[label]));
          const original = await originals.get(key)!;
          expect(JSON.stringify(original.body), `the original answer of ${label}`).not.toMatch(/__pg_|__audit_/);
          const answer = await send(persona, purpose, rewrite);
          const differences = outcomeDifferences(schema, { operation: CORPUS[label], answer: original }, { operation: rewrite, answer });
          expect(differences, `${label} as\n${rewrite.query}\n${JSON.stringify({ operationName: rewrite.operationName, variables: rewrite.variables })}`).toEqual([]);
        }),
        propertyParameters(RUNS),
      );
    });
  }
});
