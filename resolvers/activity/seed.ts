import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { BrowsingEvent, SearchEvent } from './activity.entity.js';
import { MEMBER, PRODUCT, daysAgo } from '../demo-ids.js';

/**
 * Demo data of the activity subgraph: browsing and search history for every member (P-10),
 * with IP addresses and device ids for generalization and pseudonymization (P-51, P-52).
 * Addresses are from the documentation ranges (RFC 5737).
 */
/** The order of the members' rows within one day of the demo history (see below). */
const TIE_ORDER = ['m-ava', 'm-ben', 'm-dina', 'm-fay', MEMBER.buyer, 'm-eli', MEMBER.optout, 'm-chen', MEMBER.guardian, MEMBER.minor];

export async function seedActivity(em: EntityManager): Promise<void> {
  const histories: { memberId: string; ip: string; device: string; views: string[]; searches: string[] }[] = [
    {
      memberId: MEMBER.buyer,
      ip: '203.0.113.57',
      device: 'dev-7001',
      // Oldest first here; the newest view is the last one. Six views, five distinct products.
      views: [PRODUCT.teaSet, PRODUCT.paperLantern, PRODUCT.woolSocks, PRODUCT.campTent, PRODUCT.trailBoots, PRODUCT.trailBoots],
      searches: ['hiking socks', 'camping tent 2 person', 'waterproof jacket', 'trail boots', 'trail boots size 42'],
    },
    {
      memberId: MEMBER.optout,
      ip: '203.0.113.88',
      device: 'dev-7002',
      views: [PRODUCT.trailBoots, PRODUCT.woolSocks, PRODUCT.campTent],
      searches: ['boot laces', 'wool socks', 'tent pegs'],
    },
    {
      memberId: MEMBER.minor,
      ip: '198.51.100.23',
      device: 'dev-7003',
      views: [PRODUCT.paperLantern, PRODUCT.trailBoots],
      searches: ['kids boots', 'lantern'],
    },
    {
      memberId: MEMBER.guardian,
      ip: '198.51.100.24',
      device: 'dev-7004',
      views: [PRODUCT.trailBoots, PRODUCT.silkFan],
      searches: ['kids hiking boots', 'silk fan'],
    },
    ...MEMBER.others.map((memberId, i) => ({
      memberId,
      ip: `203.0.113.${120 + i}`,
      device: `dev-${memberId.slice(2)}-phone`,
      views: [i % 2 ? PRODUCT.teaSet : PRODUCT.paperLantern, i % 2 ? PRODUCT.silkFan : PRODUCT.trailBoots],
      searches: [i % 2 ? 'tea set porcelain' : 'paper lantern red', i % 2 ? 'silk fan' : 'trail boots'],
    })),
  ];

  // Lists are newest first, then by id. An id built from its member, or times ordered by member id,
  // would sort an analyst's pseudonyms back into member order (P-51): the ids are random, and the
  // members' views of one day are seconds apart in an order that follows nothing about them.
  const now = Date.now();
  const at = (days: number, memberId: string) => new Date(daysAgo(days, now).getTime() - 1000 * TIE_ORDER.indexOf(memberId));
  for (const h of histories) {
    h.views.forEach((productId, i) =>
      em.create(BrowsingEvent, { id: `be-${randomUUID()}`, memberId: h.memberId, productId, at: at(h.views.length - i + 0.25, h.memberId), ip: h.ip, deviceId: h.device }),
    );
    h.searches.forEach((query, i) =>
      em.create(SearchEvent, { id: `se-${randomUUID()}`, memberId: h.memberId, query, at: at(h.searches.length - i + 0.5, h.memberId) }),
    );
  }
  await em.flush();
}
