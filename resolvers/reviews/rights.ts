import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ERASED_MEMBER_ID, type CorrectionCall, type EraseReport, type ExportSection } from '../../schema/privacy-contract.js';
import { plainRows } from '../rights-helpers.js';
import { anonymization, type AnonymizeOptions } from '../erasure.js';
import { scrub } from '../../directives/transforms/scrub.js';
import { Answer, Comment, Homepage, Question, Review, SharedReview } from './review.entity.js';

/** Reviews, comments, questions and answers stay for other buyers and their threads (README "Cancellation"): their public content is kept, their author becomes the stand-in. */
const KEPT_CONTRIBUTION: AnonymizeOptions = {
  standIns: { authorId: ERASED_MEMBER_ID },
  keep: { text: 'public content that informs other buyers, shown under the placeholder author (P-31), scrubbed', pictures: 'public content that informs other buyers, shown under the placeholder author (P-31)' },
};

/** The kinds of contribution whose text is kept: each scrubbed of the contact details it gave. */
const CONTRIBUTIONS = [Review, Comment, Question, Answer] as const;

/** P-60: the member's reviews (anonymous ones included), share-channel entries, comments, questions, answers and homepage. */
export async function reviewsExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  const byAuthor = { authorId: memberId };
  const order = { orderBy: { createdAt: 'asc', id: 'asc' } } as const;
  const [reviews, shared, comments, questions, answers, homepage] = await Promise.all([
    em.find(Review, byAuthor, order),
    em.find(SharedReview, byAuthor, { orderBy: { sharedAt: 'asc', id: 'asc' } }),
    em.find(Comment, byAuthor, order),
    em.find(Question, byAuthor, order),
    em.find(Answer, byAuthor, order),
    em.findOne(Homepage, { memberId }),
  ]);
  return {
    reviews: plainRows(reviews),
    sharedReviews: plainRows(shared),
    comments: plainRows(comments),
    questions: plainRows(questions),
    answers: plainRows(answers),
    homepage: homepage ? plainRows([homepage])[0] : null,
  };
}

/**
 * P-62: reviews stay (they inform other buyers) as anonymous reviews of no one: the author becomes
 * the erased stand-in, so everyone sees the placeholder author (P-31) and nothing links back;
 * the share-channel entries and the homepage are deleted; comments, questions and answers stay
 * for the threads they belong to, their author replaced by the stand-in. What stays is scrubbed
 * of contact details (the scrub outcome's), which public text gives as easily as a profile. Idempotent.
 */
export async function reviewsErase(em: EntityManager, memberId: string): Promise<EraseReport> {
  return em.transactional(async (tx) => {
    // First, while the rows still name their author: a kept text keeps no phone number, e-mail address,
    // id or street address of theirs (`[phone]`, `[email]`…), or the member would still be found in it.
    await scrubKeptTexts(tx, memberId);
    return {
      deleted: {
        reviews_shared_review: await tx.nativeDelete(SharedReview, { authorId: memberId }),
        reviews_homepage: await tx.nativeDelete(Homepage, { memberId }),
      },
      anonymized: {
        reviews_review: await tx.nativeUpdate(Review, { authorId: memberId }, { ...anonymization(tx, 'reviews', Review, KEPT_CONTRIBUTION), anonymous: true, sharedPublicly: false }),
        reviews_comment: await tx.nativeUpdate(Comment, { authorId: memberId }, anonymization(tx, 'reviews', Comment, KEPT_CONTRIBUTION)),
        reviews_question: await tx.nativeUpdate(Question, { authorId: memberId }, anonymization(tx, 'reviews', Question, KEPT_CONTRIBUTION)),
        reviews_answer: await tx.nativeUpdate(Answer, { authorId: memberId }, anonymization(tx, 'reviews', Answer, KEPT_CONTRIBUTION)),
      },
    };
  });
}

/** Scrubs the texts of the member's contributions in place. */
async function scrubKeptTexts(tx: EntityManager, memberId: string): Promise<void> {
  for (const entity of CONTRIBUTIONS) {
    // Each has an `id` and a `text` column; typed as a review's for the ORM.
    for (const row of await tx.find(entity as typeof Review, { authorId: memberId }, { fields: ['id', 'text'] })) {
      const text = scrub(row.text);
      if (text !== null && text !== row.text) await tx.nativeUpdate(entity as typeof Review, { id: row.id }, { text });
    }
  }
}

/**
 * P-61: a nickname corrected in accounts is the one the member's homepage is found by (P-34).
 * Homepage nicknames are unique (a lookup names one homepage): where another homepage already has
 * the new one, this homepage is found by no nickname at all, under an unguessable stand-in, and
 * the correction still succeeds. Refusing it told the member that a nickname was taken, by a
 * member whose switch may be off (P-34), or a child (P-70).
 */
export async function reviewsCorrect(em: EntityManager, { memberId, nickname }: CorrectionCall): Promise<{ corrected: number }> {
  const taken = await em.fork().findOne(Homepage, { nickname, memberId: { $ne: memberId } });
  try {
    return { corrected: await em.nativeUpdate(Homepage, { memberId }, { nickname: taken ? unfindable() : nickname }) };
  } catch (error) {
    // Taken meanwhile by another correction: the unique index said so.
    if (!/unique/i.test((error as Error).message)) throw error;
    return { corrected: await em.nativeUpdate(Homepage, { memberId }, { nickname: unfindable() }) };
  }
}

/** A homepage nickname nobody can type: `~` and 128 random bits. */
const unfindable = () => `~${randomBytes(16).toString('base64url')}`;
