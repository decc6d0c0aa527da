import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/libsql';
import { ERASED_MEMBER_ID, type EraseReport, type ExportSection, type RetentionInput, type RetentionReport } from '../../schema/privacy-contract.js';
import { cutoff, plainRows } from '../rights-helpers.js';
import { anonymization } from '../erasure.js';
import { ChatMessage, Ticket } from './support.entity.js';

/** What an anonymized chat message says instead of the member's words (P-66). */
export const REMOVED_TEXT = '[removed after its retention period]';

/**
 * P-60: the member's support tickets and the whole conversation of each. Which agent handled them
 * is staff data, not the member's: the download says that an agent did, as the audit in it names
 * callers by role only.
 */
export async function supportExport(em: EntityManager, memberId: string): Promise<ExportSection> {
  const [tickets, messages] = await Promise.all([
    em.find(Ticket, { memberId }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    em.find(ChatMessage, { memberId }, { orderBy: { sentAt: 'asc', id: 'asc' } }),
  ]);
  const byRole = ({ agentId, ...row }: Record<string, unknown>) => ({ ...row, agent: agentId ? 'a support agent' : null });
  return { tickets: plainRows(tickets).map(byRole), chatMessages: plainRows(messages).map(byRole) };
}

/** P-62: tickets and their chats are about the member only: deleted. Idempotent. */
export async function supportErase(em: EntityManager, memberId: string): Promise<EraseReport> {
  return em.transactional(async (tx) => ({
    deleted: {
      support_chat_message: await tx.nativeDelete(ChatMessage, { memberId }),
      support_ticket: await tx.nativeDelete(Ticket, { memberId }),
    },
    anonymized: {},
  }));
}

/**
 * P-66: chat messages (`user.content.private`) past their period lose their text and their link
 * to the member. A ticket and its conversation are one record: the ticket (its subject line, its
 * link to the member) goes once its last message has, so an anonymized ticket keeps no message
 * whose member id joins it back to them. Rows already anonymized are skipped.
 */
export async function supportRetain(em: EntityManager, input: RetentionInput): Promise<RetentionReport> {
  const days = input.retentionDays['user.content.private'];
  if (!days) return {};
  const before = cutoff(input.now, days);
  // Every `user.*` column of a message or ticket; the required ones get the stand-ins.
  const standIns = { memberId: ERASED_MEMBER_ID, text: REMOVED_TEXT, subject: REMOVED_TEXT };
  return em.transactional(async (core) => {
    // The SQL drivers' manager (libsql's and PostgreSQL's alike): a ticket's test is a subquery.
    const tx = core as unknown as SqlEntityManager;
    const messages = await tx.nativeUpdate(ChatMessage, { sentAt: { $lt: before }, memberId: { $ne: ERASED_MEMBER_ID } }, anonymization(tx, 'support', ChatMessage, { standIns }));
    const talkedSince = tx.createQueryBuilder(ChatMessage).select('ticketId').where({ sentAt: { $gte: before } });
    const tickets = await tx
      .createQueryBuilder(Ticket)
      .update(anonymization(tx, 'support', Ticket, { standIns }))
      .where({ createdAt: { $lt: before }, memberId: { $ne: ERASED_MEMBER_ID }, id: { $nin: talkedSince.getKnexQuery() } })
      .execute('run');
    return { 'user.content.private': { support_chat_message: messages, support_ticket: tickets.affectedRows } };
  });
}
