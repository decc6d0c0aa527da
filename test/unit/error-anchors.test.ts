import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { anchorErrors } from '../../gateway/error-anchors.js';

describe('errors anchored to their rows (P-82, P-34)', () => {
  it('P-34 an error under a row the pass removes goes with it; one under a later row follows it to its new index; a root field\'s stays', () => {
    const hidden = { id: 'h', member: null };
    const kept = { id: 'k', member: null };
    const data: any = { search: [hidden, kept], other: null };
    const errors = [
      new GraphQLError('a service failed', { path: ['search', 0, 'member', 'nickname'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }),
      new GraphQLError('a service failed', { path: ['search', 1, 'member'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }),
      new GraphQLError('root failed', { path: ['other'] }),
    ];
    const reanchor = anchorErrors(data, errors)!;
    data.search.splice(0, 1); // what the privacy pass does to a hidden row
    const after = reanchor(data, []);
    expect(after.map((e) => [e.message, e.path?.join('.'), e.extensions.code])).toEqual([
      ['a service failed', 'search.0.member', 'DOWNSTREAM_SERVICE_ERROR'],
      ['root failed', 'other', undefined],
    ]);
  });

  it('P-82 an error under an object the pass nulls (a blocked author) leaves with it; answers without errors under rows need no walk', () => {
    const author = { name: null };
    const data: any = { review: { author } };
    const reanchor = anchorErrors(data, [new GraphQLError('failed', { path: ['review', 'author', 'name'] })])!;
    data.review.author = null;
    expect(reanchor(data, [])).toEqual([]);
    expect(anchorErrors({ a: 1 }, [new GraphQLError('x', { path: ['a'] })])).toBeNull();
    expect(anchorErrors({ a: 1 }, undefined)).toBeNull();
  });

  it('P-34 P-31 copies of one error at one place (the runtime puts a batch\'s errors at its first row, a hidden row\'s among them) come back once', () => {
    const data: any = { member: { reviews: [{ id: 'r-1', product: { store: null } }] } };
    const copy = () => new GraphQLError('a service failed', { path: ['member', 'reviews', 0, 'product', 'store'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
    const reanchor = anchorErrors(data, [copy(), copy(), copy()])!;
    expect(reanchor(data, []).map((e) => e.path?.join('.'))).toEqual(['member.reviews.0.product.store']);
  });

  it('P-40 an error under a value the pass blocked (a ticket another agent holds, failing below) leaves: the block says all the caller gets', () => {
    const data: any = { member: { id: 'm', tickets: null } };
    const reanchor = anchorErrors(data, [new GraphQLError('a service failed', { path: ['member', 'tickets', 0, 'messages'] })])!;
    expect(reanchor(data, [['member', 'tickets']])).toEqual([]);
    expect(reanchor(data, [['member', 'orders']]).map((e) => e.path?.join('.'))).toEqual(['member.tickets.0.messages']);
  });

  it('P-70 P-82 an error the runtime reports without a row index (one for a batch) stays under a surviving row whose field failed, the first not blocked; with no such row it leaves', () => {
    const child = { id: 'm-minor', browsingHistory: null };
    const other = { id: 'm-ava', browsingHistory: null };
    const own = { id: 'm-buyer', browsingHistory: null };
    const data: any = { members: [child, other, own] };
    const error = () => new GraphQLError('`first` must be a non-negative integer', { path: ['members', 'browsingHistory'], extensions: { code: 'BAD_USER_INPUT' } });
    const reanchor = anchorErrors(data, [error()])!;
    data.members.splice(0, 1); // the child's row leaves the answer
    // Another member's history is blocked by the pass: the caller's own row carries the batch's error.
    expect(reanchor(data, [['members', 0, 'browsingHistory']]).map((e) => e.path?.join('.'))).toEqual(['members.1.browsingHistory']);
    const alone: any = { members: [{ id: 'm-minor', browsingHistory: null }] };
    const gone = anchorErrors(alone, [error()])!;
    alone.members.splice(0, 1);
    expect(gone(alone, [])).toEqual([]);
  });
});
