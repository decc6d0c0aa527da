import { Source, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { explainComposeFailure } from '../../scripts/compose-failure.js';
import { CompositionError } from '../../schema/compose.js';
import { subgraphTypeDefs } from '../../schema/subgraphs.js';

const failureOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('npm run compose that cannot compose', () => {
  it('names the SDL file, line and column of a syntax error, in one line without a stack', () => {
    const line = explainComposeFailure(failureOf(() => parse(new Source('type Store {\n  id: ID!\n  name String\n}', 'schema/catalog.graphql'))));
    expect(line).toBe('composition failed: schema/catalog.graphql:3:8: Syntax Error: Expected ":", found Name "String".');
  });

  it('reads each subgraph under its own file name, so its line numbers are the file’s', () => {
    const named = subgraphTypeDefs('catalog').definitions.map((d) => d.loc?.source.name);
    expect(new Set(named)).toEqual(new Set(['directives/privacy.graphql', 'schema/catalog.graphql']));
  });

  it('lists composition problems as they are, and anything else in one line naming DEBUG=1', () => {
    expect(explainComposeFailure(new CompositionError(['accounts: Member.phone has no @pii']))).toBe('composition failed:\n  - accounts: Member.phone has no @pii');
    expect(explainComposeFailure(new Error('disk full\n    at write (fs.js:1:1)'), {})).toBe('composition failed: disk full (set DEBUG=1 for the stack)');
    expect(explainComposeFailure(new Error('disk full'), { DEBUG: '1' })).toMatch(/^Error: disk full\n/);
  });
});
