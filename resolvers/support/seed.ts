import type { EntityManager } from '@mikro-orm/core';
import { ChatMessage, Ticket } from './support.entity.js';
import { AGENT, MEMBER, OTHER_AGENT, daysAgo } from '../demo-ids.js';

/** The open ticket of m-buyer assigned to AGENT (P-40), and its chat with contact data (P-41). */
export const TICKET = { buyer: 't-4001', optoutClosed: 't-4002' } as const;

/**
 * Demo data of the support subgraph: an open ticket of m-buyer with u-agent, whose chat has a
 * phone number, an e-mail address and a street address in the member's free text (P-41
 * scrubbing), and a closed ticket of m-optout with another agent (no access, P-40).
 */
export async function seedSupport(em: EntityManager): Promise<void> {
  em.create(Ticket, { id: TICKET.buyer, memberId: MEMBER.buyer, agentId: AGENT, status: 'open', subject: 'Where is my parcel?', createdAt: daysAgo(2) });
  const buyerChat: [boolean, string][] = [
    [true, 'Hello, my parcel was due yesterday and has not arrived. Where is my parcel?'],
    [false, 'Sorry to hear that. Could you confirm how we can reach you and the delivery address?'],
    [true, 'Call me on 13812345678 or write to alice@example.com. I live at 12 Harbour Road, the blue door.'],
    [false, 'Thank you. I have asked the carrier to check the parcel and will update you today.'],
  ];
  buyerChat.forEach(([fromMember, text], i) =>
    em.create(ChatMessage, { id: `cm-buyer-${i + 1}`, ticketId: TICKET.buyer, memberId: MEMBER.buyer, agentId: AGENT, fromMember, text, sentAt: daysAgo(2 - i * 0.01) }),
  );

  em.create(Ticket, { id: TICKET.optoutClosed, memberId: MEMBER.optout, agentId: OTHER_AGENT, status: 'closed', subject: 'Change of delivery time', createdAt: daysAgo(20) });
  const optoutChat: [boolean, string][] = [
    [true, 'Can the delivery come in the afternoon instead?'],
    [false, 'Done, the carrier will come after 2 pm.'],
    [true, 'Thanks, that works.'],
  ];
  optoutChat.forEach(([fromMember, text], i) =>
    em.create(ChatMessage, { id: `cm-optout-${i + 1}`, ticketId: TICKET.optoutClosed, memberId: MEMBER.optout, agentId: OTHER_AGENT, fromMember, text, sentAt: daysAgo(20 - i * 0.01) }),
  );
  await em.flush();
}
