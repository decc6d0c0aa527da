import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { UPSTREAM_FAILURE_MESSAGE, maskUpstreamError, useUpstreamErrorScrub } from '../../gateway/upstream-errors.js';

/** Runs the plugin's result hook over one error, as the runtime would before serializing it. */
function scrubbed(error: { message: string; extensions?: Record<string, unknown> }) {
  const result = { errors: [error] };
  (useUpstreamErrorScrub() as any).onResultProcess({ result });
  return result.errors[0]!;
}

const ADDRESSES = 'at http://10.1.2.3:4503/graphql [::1]:4503 ::1:4503 accounts.svc.cluster.local:4001 orders:4003 localhost 127.0.0.1:5432 postgres://u@db:5432/test';

describe('upstream errors', () => {
  it('P-82 a subgraph error under a deliberate code keeps its words, never an address, nor a "rule" that is not a rule id', () => {
    const error = scrubbed({ message: `no such order ${ADDRESSES}`, extensions: { code: 'BAD_USER_INPUT', rule: 'P-99 13812345678', serviceName: 'orders', request: { body: 'signed' } } });
    expect(error.message).toBe('no such order at [upstream] [upstream] [upstream] [upstream] [upstream] [upstream] [upstream] [upstream]');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(scrubbed({ message: 'refused', extensions: { code: 'FORBIDDEN', rule: 'P-64', serviceName: 'privacy' } }).extensions).toEqual({ code: 'FORBIDDEN', rule: 'P-64' });
  });

  it('P-82 a deliberate code on words that are not a deliberate message (SQL, a path, a stack, a phone or e-mail) keeps its code and loses its words', () => {
    for (const message of [
      `SQLITE_ERROR: no such column "SELECT * FROM orders_order WHERE id='o-1043'"`,
      'failed at /srv/app/resolvers/orders/resolvers.ts:12',
      'failed in resolvers.ts',
      'boom\n    at Object.order (file:///srv/app/x.js:1:2)',
      'order of Alice Walker 13812345678 is not yours',
      'write to alice.walker@example.com instead',
      'ER_PARSE_ERROR: You have an error in your SQL syntax',
    ]) {
      expect(scrubbed({ message, extensions: { code: 'FORBIDDEN', rule: 'P-21', serviceName: 'orders' } }), message).toEqual({ message: UPSTREAM_FAILURE_MESSAGE, extensions: { code: 'FORBIDDEN', rule: 'P-21' } });
    }
    // The subgraphs' own words stay, numbers in them included.
    for (const message of ['members(ids:) takes at most 100 distinct ids, got 150', 'the cursor is not one this list gave to this caller', 'note is longer than 2000 characters', 'update your consent first (P-64)', 'select a kind of request']) {
      expect(scrubbed({ message, extensions: { code: 'BAD_USER_INPUT', serviceName: 'orders' } }).message, message).toBe(message);
    }
  });

  it('P-82 any other subgraph error is replaced whole; a gateway error loses addresses and the parser\'s own error', () => {
    expect(scrubbed({ message: `SqliteError: near "x" ${ADDRESSES}`, extensions: { code: 'INTERNAL', serviceName: 'orders' } })).toEqual({ message: UPSTREAM_FAILURE_MESSAGE, extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
    // A subgraph's words the runtime copies to another path of the same fetch, under its own code only.
    expect(scrubbed({ message: 'Fields "anonymous" conflict because they return conflicting types "Boolean" and "ID!".', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })).toEqual({ message: UPSTREAM_FAILURE_MESSAGE, extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
    expect(scrubbed({ message: `connect ECONNREFUSED 127.0.0.1:4003 and [::1]:4003`, extensions: { request: {}, response: {} } })).toEqual({ message: 'connect ECONNREFUSED [upstream] and [upstream]', extensions: {} });
    expect(scrubbed({ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST', originalError: { name: 'SyntaxError', message: '"{m-buyer" is not valid JSON' } } }).extensions).toEqual({ code: 'BAD_REQUEST' });
  });

  it('P-82 times, dates, rule ids and list positions in a message are not taken for addresses', () => {
    for (const message of ['delivered at 2026-11-30T12:10:08.300Z', 'sign in again after 12:30', 'P-64: cannot retry: a copy request', 'window 10:30:00', 'Variable "$i" got invalid value null at "i[1]"; Expected non-nullable type "ID!" not to be null.', 'at "ids[12][0]" and "x[a]"']) {
      expect(scrubbed({ message }).message).toBe(message);
    }
  });

  it('P-82 a subgraph that could not be reached is a service failure, not an unexpected error, and carries neither its address nor the signed request', () => {
    // As the runtime makes it: the connection's error wrapped, with the subgraph's name and the request sent.
    const refused = new GraphQLError('connect ECONNREFUSED 127.0.0.1:45197', { path: ['myConsents'], originalError: new Error('connect ECONNREFUSED 127.0.0.1:45197'), extensions: { code: 'SUBREQUEST_HTTP_ERROR', serviceName: 'privacy', request: { body: '{"extensions":{"hmac-signature":"x"}}' } } });
    const masked = maskUpstreamError(refused, 'Unexpected error.') as GraphQLError;
    expect(masked.toJSON()).toEqual({ message: UPSTREAM_FAILURE_MESSAGE, path: ['myConsents'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
    // A subgraph's own GraphQL error is left to the scrub; anything else is masked as the runtime masks it.
    const own = new GraphQLError('search term is at most 200 characters', { extensions: { code: 'BAD_USER_INPUT', serviceName: 'reviews' } });
    expect(maskUpstreamError(own, 'Unexpected error.')).toBe(own);
    expect((maskUpstreamError(new Error('boom at /srv/x.js'), 'Unexpected error.', false) as GraphQLError).toJSON()).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
