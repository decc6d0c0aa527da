import { accountsEntities } from './accounts/entities.js';
import { catalogEntities } from './catalog/entities.js';
import { ordersEntities } from './orders/entities.js';
import { logisticsEntities } from './logistics/entities.js';
import { reviewsEntities } from './reviews/entities.js';
import { activityEntities } from './activity/entities.js';
import { supportEntities } from './support/entities.js';
import { privacyEntities } from './privacy/entities.js';
import { auditEntities } from '../schema/audit-entry.entity.js';

/**
 * Every subgraph's entities: one database, one table prefix per subgraph; plus the gateway's
 * access audit (`audit_entry`, P-80), which the privacy subgraph serves to the privacy officer.
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
  ...auditEntities,
];

/** Each subgraph's own entities: the tables behind its SDL's types (the privacy subgraph serves the access audit). */
export const entitiesBySubgraph: Record<string, readonly { meta: { className: string; properties: object } }[]> = {
  accounts: accountsEntities,
  catalog: catalogEntities,
  orders: ordersEntities,
  logistics: logisticsEntities,
  reviews: reviewsEntities,
  activity: activityEntities,
  support: supportEntities,
  privacy: [...privacyEntities, ...auditEntities],
};
