import type { InferEntity } from '@mikro-orm/core';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { SubgraphContext } from '../subgraph-context.js';
import { rowLimit } from '../request-loaders.js';
import { RECORD_LIST_READ } from '../../schema/record-lists.js';
import { Answer, Comment, Homepage, Question, Review, SharedReview } from './review.entity.js';
import { ID_SHAPE, nodeTypeOf } from './node.js';
import { inCatalog, search } from './search.js';

type ReviewRow = InferEntity<typeof Review>;
type SharedReviewRow = InferEntity<typeof SharedReview>;
type HomepageRow = InferEntity<typeof Homepage>;
type Authored = { authorId: string };

/** A stored date as the ISO string the SDL's `String` carries. */
const iso = (value: Date | string | null | undefined): string | null =>
  value instanceof Date ? value.toISOString() : (value ?? null);

/** A federated reference to an entity another subgraph owns: only its key. */
const stub = (id: string | null | undefined) => (id ? { id } : null);

/**
 * One order per (entity, field) loader: RequestLoaders caches a loader by entity and field, so
 * every caller of the same loader must ask for the same order.
 */
const NEWEST_FIRST = { createdAt: 'desc', id: 'asc' } as const;
const OLDEST_FIRST = { createdAt: 'asc', id: 'asc' } as const;

/** A list's `first` (see rowLimit). */
type Page = { first?: number | null };

/** The author stub, shared by every authored type (Review, SharedReview, Comment, Question, Answer). */
const author = (row: Authored) => stub(row.authorId);

/**
 * The reviews subgraph. It returns what it is asked for: who may see an anonymous review's author
 * (P-31, P-32) and whose homepage is findable (P-34) is the gateway's decision.
 */
export const reviewsResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    review: (_, { id }: { id: string }, ctx) => ctx.loaders.byId(Review).load(id),
    /** The share channel, newest share first. A row whose review is gone or no longer shared is left out. */
    sharedReviews: async (_, __, ctx) => {
      const rows = await ctx.em.find(SharedReview, {}, { orderBy: { sharedAt: 'desc', id: 'asc' }, limit: RECORD_LIST_READ });
      const reviews = await ctx.loaders.byId(Review).loadMany(rows.map((r) => r.reviewId));
      return rows.filter((_, i) => {
        const review = reviews[i] as ReviewRow | null | Error;
        return review && !(review instanceof Error) && review.sharedPublicly;
      });
    },
    /** P-34's lookup: the nickname is stored on the homepage row; an unknown nickname is null. */
    homepage: (_, { nickname }: { nickname: string }, ctx) => ctx.loaders.byId(Homepage, 'nickname').load(nickname),
    search: (_, { term, first }: { term: string; first?: number | null }, ctx) => search(ctx, term, Math.max(0, first ?? 20)),
    /**
     * A review is this subgraph's own row; a product or a store is looked up in the catalog's
     * public names, as `search` reads them; any other type is a reference the gateway resolves from
     * its owner, which hides one that has no such row (personal types decide their rows there).
     */
    node: async (_, { id }: { id: string }, ctx) => {
      // An id no row has the shape of (text with spaces or controls, kilobytes long) is nothing's:
      // answered as an unknown id, not passed on as a reference that would carry it onwards.
      if (!ID_SHAPE.test(id)) return null;
      const type = nodeTypeOf(id);
      if (type === 'Review') {
        const review = await ctx.loaders.byId(Review).load(id);
        return review ? { __typename: 'Review', ...review } : null;
      }
      // The catalog answers an unknown product or store as a null entity, which the gateway merges
      // into the reference as an object of nulls (a non-null `products` then failed): no reference.
      if (type === 'Product' || type === 'Store') return (await inCatalog(ctx, type, id)) ? { __typename: type, id } : null;
      return { __typename: type, id };
    },
  },
  // Hits and nodes leave the resolvers tagged with their type.
  SearchResult: { __resolveType: (hit: { __typename: string }) => hit.__typename } as any,
  Node: { __resolveType: (node: { __typename: string }) => node.__typename } as any,
  Product: {
    // The catalog owns products; here a product is only the key the reviews hang on.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    reviews: (product: { id: string }, { first }: Page, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(Review, 'productId', NEWEST_FIRST, rowLimit(first, 20)).load(product.id),
    comments: (product: { id: string }, { first }: Page, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(Comment, 'productId', OLDEST_FIRST, rowLimit(first, 20)).load(product.id),
    questions: (product: { id: string }, { first }: Page, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(Question, 'productId', OLDEST_FIRST, rowLimit(first, 20)).load(product.id),
  } as any,
  Member: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    /** The member's own reviews, anonymous ones included (the gateway decides who sees which). */
    reviews: (member: { id: string }, _: unknown, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(Review, 'authorId', NEWEST_FIRST, RECORD_LIST_READ).load(member.id),
  } as any,
  Review: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => ctx.loaders.byId(Review).load(ref.id),
    product: (review: ReviewRow) => stub(review.productId),
    pictures: (review: ReviewRow) => review.pictures ?? [],
    author,
    createdAt: (review: ReviewRow) => iso(review.createdAt),
  } as any,
  SharedReview: {
    review: (row: SharedReviewRow, _: unknown, ctx: SubgraphContext) => ctx.loaders.byId(Review).load(row.reviewId),
    author,
  } as any,
  Comment: { author } as any,
  Question: {
    author,
    answers: (question: { id: string }, { first }: Page, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(Answer, 'questionId', OLDEST_FIRST, rowLimit(first, 20)).load(question.id),
  } as any,
  Answer: { author } as any,
  Homepage: {
    member: (row: HomepageRow) => stub(row.memberId),
  } as any,
};
