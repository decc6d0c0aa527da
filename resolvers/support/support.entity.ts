import { defineEntity, p } from '@mikro-orm/core';

/** Ticket statuses; a `closed` ticket no longer gives its agent access to the member (P-40). */
export const TICKET_STATUSES = ['open', 'pending', 'closed'] as const;
/** The statuses that give the assigned agent access (P-40): listed, so that any other status, written by an import or a tool, gives none. */
export const OPEN_TICKET_STATUSES: readonly string[] = ['open', 'pending'];

/**
 * A support ticket of a member, assigned to an agent. `memberId` and `agentId` are ids owned
 * elsewhere: plain columns, never ORM relations across subgraphs.
 */
export const Ticket = defineEntity({
  name: 'Ticket',
  tableName: 'support_ticket',
  properties: {
    id: p.string().primary(),
    memberId: p.string().index(),
    agentId: p.string().nullable().index(),
    status: p.string().default('open'),
    subject: p.string(),
    createdAt: p.datetime(),
  },
});

/** One chat message of a ticket; the member's free text may carry contact data (P-41). */
export const ChatMessage = defineEntity({
  name: 'ChatMessage',
  tableName: 'support_chat_message',
  properties: {
    id: p.string().primary(),
    ticketId: p.string().index(),
    memberId: p.string().index(),
    agentId: p.string().nullable(),
    fromMember: p.boolean(),
    text: p.text(),
    sentAt: p.datetime().index(),
  },
});
