import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ResponseErrors } from '../../gateway/response-errors.js';

describe('response errors', () => {
  it('maps without capturing stack traces, and restores the limit afterwards, even if the mapping throws', () => {
    const limit = Error.stackTraceLimit;
    const errors = ResponseErrors.of(new GraphQLError('a', { path: ['x', 0] }), new GraphQLError('b'));
    const copies = errors.map((e) => new GraphQLError(e.message, { path: e.path }));
    expect(copies.every((e) => !e.stack?.includes('\n    at '))).toBe(true);
    expect(copies).toBeInstanceOf(ResponseErrors); // a second mapping is covered too
    expect(Error.stackTraceLimit).toBe(limit);
    expect(() =>
      errors.map(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('is a list like any other to whoever reads or serializes it', () => {
    const errors = ResponseErrors.of(new GraphQLError('blocked', { path: ['shipments', 1, 'address'], extensions: { code: 'PRIVACY_BLOCKED' } }));
    expect(Array.isArray(errors)).toBe(true);
    expect(errors).toHaveLength(1);
    expect(JSON.parse(JSON.stringify({ errors }))).toEqual({ errors: [{ message: 'blocked', path: ['shipments', 1, 'address'], extensions: { code: 'PRIVACY_BLOCKED' } }] });
  });
});
