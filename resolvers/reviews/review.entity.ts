import { defineEntity, p } from '@mikro-orm/core';

/**
 * A product review. `authorId` and `productId` are ids owned by the accounts and catalog
 * subgraphs: plain columns, never ORM relations across subgraphs. `anonymous` is the author's
 * choice (P-31); `sharedPublicly` their choice to show an anonymous review in the share channel (P-32).
 */
export const Review = defineEntity({
  name: 'Review',
  tableName: 'reviews_review',
  properties: {
    id: p.string().primary(),
    productId: p.string().index(),
    authorId: p.string().index(),
    rating: p.integer(),
    text: p.text(),
    /** Picture URLs, stored as a JSON array. */
    pictures: p.json<string[]>().nullable(),
    anonymous: p.boolean().default(false),
    sharedPublicly: p.boolean().default(false),
    createdAt: p.datetime(),
  },
});

/** An entry of the public share channel: an anonymous review its author shared (P-32). */
export const SharedReview = defineEntity({
  name: 'SharedReview',
  tableName: 'reviews_shared_review',
  properties: {
    id: p.string().primary(),
    reviewId: p.string().unique(),
    authorId: p.string().index(),
    sharedAt: p.datetime(),
  },
});

/** A public comment on a product (P-33). */
export const Comment = defineEntity({
  name: 'Comment',
  tableName: 'reviews_comment',
  properties: {
    id: p.string().primary(),
    productId: p.string().index(),
    authorId: p.string().index(),
    text: p.text(),
    createdAt: p.datetime(),
  },
});

/** A public question about a product (P-33). */
export const Question = defineEntity({
  name: 'Question',
  tableName: 'reviews_question',
  properties: {
    id: p.string().primary(),
    productId: p.string().index(),
    authorId: p.string().index(),
    text: p.text(),
    createdAt: p.datetime(),
  },
});

/** A public answer to a question (P-33). */
export const Answer = defineEntity({
  name: 'Answer',
  tableName: 'reviews_answer',
  properties: {
    id: p.string().primary(),
    questionId: p.string().index(),
    authorId: p.string().index(),
    text: p.text(),
    createdAt: p.datetime(),
  },
});

/**
 * A member's personal homepage. The owner's nickname is kept on the row so that the
 * find-by-nickname search (P-34) is answered by this subgraph alone.
 */
export const Homepage = defineEntity({
  name: 'Homepage',
  tableName: 'reviews_homepage',
  properties: {
    memberId: p.string().primary(),
    nickname: p.string().unique(),
    bio: p.text().nullable(),
  },
});
