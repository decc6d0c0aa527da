import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../gateway/json-depth.js';

/** How deep a parsed JSON value nests objects and arrays. */
const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf)) : 0;

describe('the JSON nesting scan a request body passes before it is parsed (P-82)', () => {
  it('P-82 agrees with the parsed depth of any JSON text, strings with brackets, quotes and escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(nestsDeeperThan(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 2_000 },
    );
  });

  it('P-82 brackets inside a string, after an escaped quote or backslash, are text', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '\\"[[[[{{{{', b: '\\\\' }), 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\\\"}', 0)).toBe(true);
  });
});
