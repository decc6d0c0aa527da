/** The logistics subgraph's MikroORM entities (defineEntity; tables prefixed 'logistics_'). */
import { Carrier, Shipment } from './shipment.entity.js';

export const logisticsEntities = [Carrier, Shipment];
