import { BrowsingEvent, SearchEvent } from './activity.entity.js';

/** The activity subgraph's MikroORM entities (defineEntity; tables prefixed 'activity_'). */
export const activityEntities = [BrowsingEvent, SearchEvent];
