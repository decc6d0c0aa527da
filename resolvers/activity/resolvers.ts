import type { InferEntity } from '@mikro-orm/core';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../subgraph-context.js';
import { cursorBinding, pageOf, pageRows } from '../page-cursor.js';
import { BrowsingEvent, SearchEvent } from './activity.entity.js';

type BrowsingRow = InferEntity<typeof BrowsingEvent>;
type SearchRow = InferEntity<typeof SearchEvent>;

/** How many recommendations `Member.recommendations` returns at most. */
export const MAX_RECOMMENDATIONS = 5;
/** The largest page `browsingEvents(first)` serves in one call (an export is paged, not dumped). */
export const MAX_EVENTS_PAGE = 1000;

/** Newest first, ties broken by id; one order per (entity, field) loader (RequestLoaders keys ignore the order). */
const NEWEST_FIRST = { at: 'desc', id: 'asc' } as const;

const iso = (value: Date | string | null | undefined): string | null =>
  value instanceof Date ? value.toISOString() : (value ?? null);

/** `first` as a LIMIT: negative is a client error, large values are capped at MAX_EVENTS_PAGE. */
export function pageSize(first: number | null | undefined, fallback = 100): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0) throw new GraphQLError('`first` must be a non-negative integer', { extensions: { code: 'BAD_USER_INPUT' } });
  return Math.min(n, MAX_EVENTS_PAGE);
}

/** The newest views recommendations are picked from: browsingHistory's default page, whose loader they share (one statement for both). */
const RECOMMENDED_FROM = 50;

/** P-10's "products picked from the history": distinct product ids, newest view first. */
export function recommendFrom(history: BrowsingRow[], max = MAX_RECOMMENDATIONS): { id: string }[] {
  const seen = new Set<string>();
  for (const event of history) {
    if (seen.size >= max) break;
    seen.add(event.productId);
  }
  return [...seen].map((id) => ({ id }));
}

/**
 * The activity subgraph. It returns the history it is asked for: whether the purpose and the
 * personalized-recommendation consent allow it (P-10) is the gateway's decision.
 */
export const activityResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    /** One statement, newest first. */
    browsingEvents: (_, { first }: { first?: number | null }, ctx) =>
      ctx.em.find(BrowsingEvent, {}, { orderBy: NEWEST_FIRST, limit: pageSize(first) }),
    /** One statement per page, by (at, id) after the cursor's position. */
    browsingEventsConnection: async (_, { first, after }: { first?: number | null; after?: string | null }, ctx) => {
      const size = pageSize(first);
      const binding = cursorBinding('browsingEvents', '', ctx);
      const from = after ? ctx.cursors.open(binding, after) : null;
      const where = from ? { $or: [{ at: { $lt: new Date(from.at) } }, { at: new Date(from.at), id: { $gt: from.id } }] } : {};
      const rows = await pageRows(size, () => ctx.em.find(BrowsingEvent, where as any, { orderBy: NEWEST_FIRST, limit: size }));
      return pageOf(rows, size, (row) => ({ at: iso(row.at)!, id: row.id }), (position) => ctx.cursors.seal(binding, position));
    },
  },
  Member: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    browsingHistory: (member: { id: string }, { first }: { first?: number | null }, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(BrowsingEvent, 'memberId', NEWEST_FIRST, pageSize(first, 50)).load(member.id),
    searchHistory: (member: { id: string }, { first }: { first?: number | null }, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(SearchEvent, 'memberId', NEWEST_FIRST, pageSize(first, 50)).load(member.id),
    /** Picked from the newest views only: the whole history of a heavy browser is no recommendation's. */
    recommendations: async (member: { id: string }, _: unknown, ctx: SubgraphContext) =>
      recommendFrom(await ctx.loaders.firstBy(BrowsingEvent, 'memberId', NEWEST_FIRST, RECOMMENDED_FROM).load(member.id)),
  } as any,
  BrowsingEvent: {
    product: (row: BrowsingRow) => (row.productId ? { id: row.productId } : null),
    at: (row: BrowsingRow) => iso(row.at),
  } as any,
  SearchEvent: {
    at: (row: SearchRow) => iso(row.at),
  } as any,
  Product: {
    // The catalog owns products; activity only refers to them by key.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  } as any,
};
