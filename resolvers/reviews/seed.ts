import type { EntityManager } from '@mikro-orm/core';
import { Answer, Comment, Homepage, Question, Review, SharedReview } from './review.entity.js';
import { MEMBER, PRODUCT, daysAgo } from '../demo-ids.js';

const [ava, ben, chen, dina, eli, fay] = MEMBER.others;

/** The one review whose text carries contact data, for the scrubbing tests (P-41, P-51). */
export const REVIEW_WITH_CONTACT = 'r-2010';

/**
 * Demo data of the reviews subgraph: anonymous, shared and public reviews (P-30..P-32), a minor's
 * review (P-70), public comments and Q&A (P-33) and one homepage per member (P-34).
 * Review text carries no personal data except REVIEW_WITH_CONTACT's.
 */
export async function seedReviews(em: EntityManager): Promise<void> {
  const review = (id: string, authorId: string, productId: string, rating: number, text: string, days: number, flags: { anonymous?: boolean; sharedPublicly?: boolean } = {}) =>
    em.create(Review, {
      id,
      authorId,
      productId,
      rating,
      text,
      pictures: [`/static/reviews/${id}.jpg`],
      anonymous: flags.anonymous ?? false,
      sharedPublicly: flags.sharedPublicly ?? false,
      createdAt: daysAgo(days),
    });

  // m-buyer: anonymous (P-31), anonymous and shared (P-32), public (P-30).
  review('r-2001', MEMBER.buyer, PRODUCT.trailBoots, 5, 'Comfortable from the first day on the trail, no blisters after 20 km.', 30, { anonymous: true });
  review('r-2002', MEMBER.buyer, PRODUCT.campTent, 4, 'Pitches in five minutes and stayed dry through a night of rain.', 25, { anonymous: true, sharedPublicly: true });
  review('r-2003', MEMBER.buyer, PRODUCT.woolSocks, 5, 'Warm, soft and they survived the washing machine.', 20);
  // m-optout: a public review; m-minor: a public review shown as the placeholder author (P-70).
  review('r-2004', MEMBER.optout, PRODUCT.trailBoots, 3, 'Good grip, but the laces wore out quickly.', 18);
  review('r-2005', MEMBER.minor, PRODUCT.trailBoots, 4, 'My favourite boots for school trips.', 15);
  // Other shoppers on the red-lantern store; m-ava's text has an e-mail and a phone number (scrubbing).
  review(REVIEW_WITH_CONTACT, ava, PRODUCT.paperLantern, 5, 'Beautiful lantern, arrived intact. Happy to send more photos: write to m-ava@example.com or call 13911112222.', 12);
  review('r-2006', ben, PRODUCT.paperLantern, 4, 'Lovely warm light, the paper is thicker than expected.', 10);
  review('r-2007', chen, PRODUCT.paperLantern, 2, 'The frame was bent on arrival, the shop replaced it.', 8);
  review('r-2008', dina, PRODUCT.teaSet, 5, 'Delicate cups, the teapot pours without dripping.', 6);
  review('r-2009', eli, PRODUCT.silkFan, 4, 'Light and well made, the painting is lovely.', 4);

  em.create(SharedReview, { id: 'sr-1', reviewId: 'r-2002', authorId: MEMBER.buyer, sharedAt: daysAgo(24) });

  // Public comments and questions with answers on the trail boots (P-33).
  em.create(Comment, { id: 'c-3001', productId: PRODUCT.trailBoots, authorId: MEMBER.optout, text: 'Does anyone know if the laces can be replaced?', createdAt: daysAgo(17) });
  em.create(Comment, { id: 'c-3002', productId: PRODUCT.trailBoots, authorId: ava, text: 'Any standard 120 cm lace fits.', createdAt: daysAgo(16) });
  em.create(Comment, { id: 'c-3003', productId: PRODUCT.trailBoots, authorId: ben, text: 'Great value at this price.', createdAt: daysAgo(9) });
  em.create(Question, { id: 'q-boots-size', productId: PRODUCT.trailBoots, authorId: ben, text: 'Do these run true to size?', createdAt: daysAgo(14) });
  em.create(Answer, { id: 'a-boots-size-1', questionId: 'q-boots-size', authorId: MEMBER.optout, text: 'Yes, I wear my usual size 42.', createdAt: daysAgo(13) });
  em.create(Answer, { id: 'a-boots-size-2', questionId: 'q-boots-size', authorId: ava, text: 'Slightly narrow, half a size up if you have wide feet.', createdAt: daysAgo(12) });
  em.create(Question, { id: 'q-boots-water', productId: PRODUCT.trailBoots, authorId: ava, text: 'Are they waterproof?', createdAt: daysAgo(11) });
  em.create(Answer, { id: 'a-boots-water-1', questionId: 'q-boots-water', authorId: ben, text: 'Water resistant; fine in light rain and wet grass.', createdAt: daysAgo(10) });

  // One homepage per member, with the member's nickname (P-34 finds it only while allowed).
  const homepage = (memberId: string, nickname: string, bio: string) => em.create(Homepage, { memberId, nickname, bio });
  homepage(MEMBER.buyer, 'DeerFan', 'Weekend hiker, always looking for the next trail.');
  homepage(MEMBER.optout, 'QuietShopper', 'I read reviews more than I write them.');
  homepage(MEMBER.minor, 'LittleFox', 'I like foxes and drawing.');
  homepage(MEMBER.guardian, 'ParentBear', 'Parent of a young explorer.');
  [ava, ben, chen, dina, eli, fay].forEach((id, i) => homepage(id, `Shopper${i + 1}`, `Shopper number ${i + 1}: tea, lanterns and long walks.`));

  await em.flush();
}
