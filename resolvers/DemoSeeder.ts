import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { seedAccounts } from './accounts/seed.js';
import { seedCatalog } from './catalog/seed.js';
import { seedOrders } from './orders/seed.js';
import { seedLogistics } from './logistics/seed.js';
import { seedReviews } from './reviews/seed.js';
import { seedActivity } from './activity/seed.js';
import { seedSupport } from './support/seed.js';
import { seedPrivacy } from './privacy/seed.js';

/**
 * The demo marketplace: every persona of POLICY.md and data that exercises every rule.
 * Each subgraph seeds its own tables; the shared ids are in demo-ids.ts.
 */
export class DemoSeeder extends Seeder {
  async run(em: EntityManager): Promise<void> {
    for (const seed of [seedAccounts, seedCatalog, seedOrders, seedLogistics, seedReviews, seedActivity, seedSupport, seedPrivacy]) {
      await seed(em);
      await em.flush();
    }
  }
}
