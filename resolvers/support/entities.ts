import { ChatMessage, Ticket } from './support.entity.js';

/** The support subgraph's MikroORM entities (defineEntity; tables prefixed 'support_'). */
export const supportEntities = [Ticket, ChatMessage];
