import { accountsEntities } from './accounts/entities.js';
import { catalogEntities } from './catalog/entities.js';
import { ordersEntities } from './orders/entities.js';
import { logisticsEntities } from './logistics/entities.js';
import { reviewsEntities } from './reviews/entities.js';
import { activityEntities } from './activity/entities.js';
import { supportEntities } from './support/entities.js';
import { privacyEntities } from './privacy/entities.js';

/**
 * Every subgraph's entities: one database, one table prefix per subgraph. The access audit
 * (`audit_record`, P-80) is the gateway's, with its own migrations (gateway/audit/).
 */
export const allEntities = [
  ...accountsEntities,
  ...catalogEntities,
  ...ordersEntities,
  ...logisticsEntities,
  ...reviewsEntities,
  ...activityEntities,
  ...supportEntities,
  ...privacyEntities,
];

/** Each subgraph's own entities: the tables behind its SDL's types. */
export const entitiesBySubgraph: Record<string, readonly { meta: { className: string; properties: object } }[]> = {
  accounts: accountsEntities,
  catalog: catalogEntities,
  orders: ordersEntities,
  logistics: logisticsEntities,
  reviews: reviewsEntities,
  activity: activityEntities,
  support: supportEntities,
  privacy: privacyEntities,
};
