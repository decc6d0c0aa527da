import { Answer, Comment, Homepage, Question, Review, SharedReview } from './review.entity.js';

/** The reviews subgraph's MikroORM entities (defineEntity; tables prefixed 'reviews_'). */
export const reviewsEntities = [Review, SharedReview, Comment, Question, Answer, Homepage];
