/** The orders subgraph's MikroORM entities (defineEntity; tables prefixed 'orders_'). */
import { Order, OrderItem, Payment, UnlinkedBuyers } from './order.entity.js';

export const ordersEntities = [Order, OrderItem, Payment, UnlinkedBuyers];
