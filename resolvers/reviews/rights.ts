import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ERASED_MEMBER_ID, type ContractPeers, type CorrectionCall, type EraseReport, type ExportSection } from '../../schema/privacy-contract.js';
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
 * Homepage nicknames are unique (a lookup names one homepage), and only a homepage found by its
 * nickname holds on to it, so a rename tells the member nothing they could not look up:
 * - a nickname no homepage has, or one a hidden homepage has (its finder switch off: a member who
 *   chose not to be found; a child's, whatever the switch), is taken: this homepage is found by it, and the hidden one
 *   by no nickname (it was found by none anyway; switched on later, it needs a nickname again);
 * - a nickname a findable homepage has, which anyone can look up, stays that homepage's: this one
 *   is found by no nickname, under an unguessable stand-in, and the correction still succeeds.
 * The consent store and the account store (the holder's age) are asked every time, taken or not,
 * so that neither the answer nor its time tells a taken nickname from a free one; if either does
 * not answer, the correction fails (accounts then refuses it whole).
 */
export async function reviewsCorrect(em: EntityManager, call: CorrectionCall, peers: ContractPeers): Promise<{ corrected: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await correctOnce(em, call, peers);
    } catch (error) {
      // Taken meanwhile by another correction (the unique index says so): decided again on whose it is now,
      // so a findable homepage is not left unfound because a hidden one's rename committed first.
      if (!/unique/i.test((error as Error).message)) throw error;
      if (attempt === MAX_ATTEMPTS) return { corrected: await em.nativeUpdate(Homepage, { memberId: call.memberId }, { nickname: unfindable() }) };
    }
  }
}

/**
 * Each round is lost only to another rename that committed meanwhile, and each rename commits once:
 * renames contending for one nickname settle within as many rounds as there are of them. Past
 * sixteen at once this homepage is found by none (it never takes a nickname a findable one has).
 */
const MAX_ATTEMPTS = 16;

async function correctOnce(em: EntityManager, { memberId, nickname }: CorrectionCall, peers: ContractPeers): Promise<{ corrected: number }> {
  const holder = await em.fork().findOne(Homepage, { nickname, memberId: { $ne: memberId } });
  const asked = holder?.memberId ?? memberId;
  // A child's homepage is found by nobody whatever the switch says (P-70): it holds on to nothing,
  // or keeping the nickname would tell that it is a child's. Accounts knows the age (unknown: a child's).
  const [consents, person] = await Promise.all([peers.facts('privacy', [asked]), peers.facts('accounts', [asked])]);
  const heldOnTo = holder !== null && consents[asked]?.consents?.[FINDER_SWITCH] === true && person[asked]?.minor === false;
  return em.transactional(async (tx) => {
    if (holder && !heldOnTo) await tx.nativeUpdate(Homepage, { memberId: holder.memberId, nickname }, { nickname: unfindable() });
    return { corrected: await tx.nativeUpdate(Homepage, { memberId }, { nickname: heldOnTo ? unfindable() : nickname }) };
  });
}

/** The consent a homepage is found by its nickname under: the `findableBy` of `Homepage`'s `@subject` (schema/reviews.graphql). */
const FINDER_SWITCH = 'find_by_nickname';

/** A homepage nickname nobody can type: `~` and 128 random bits. */
const unfindable = () => `~${randomBytes(16).toString('base64url')}`;
