import type { InferEntity } from '@mikro-orm/core';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../subgraph-context.js';
import { RECORD_LIST_READ } from '../../schema/record-lists.js';
import { ChatMessage, Ticket } from './support.entity.js';

type TicketRow = InferEntity<typeof Ticket>;
type MessageRow = InferEntity<typeof ChatMessage>;

/** The largest page `chatTranscripts(first)` serves in one call. */
export const MAX_TRANSCRIPT_PAGE = 1000;

/** One order per (entity, field) loader: RequestLoaders keys ignore the order. */
const TICKETS_NEWEST_FIRST = { createdAt: 'desc', id: 'asc' } as const;
const CONVERSATION_ORDER = { sentAt: 'asc', id: 'asc' } as const;

const iso = (value: Date | string | null | undefined): string | null =>
  value instanceof Date ? value.toISOString() : (value ?? null);

function pageSize(first: number | null | undefined, fallback = 100): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0) throw new GraphQLError('`first` must be a non-negative integer', { extensions: { code: 'BAD_USER_INPUT' } });
  return Math.min(n, MAX_TRANSCRIPT_PAGE);
}

/**
 * The support subgraph. The gateway decides who reads a ticket (P-40) and scrubs and
 * pseudonymizes transcripts (P-41); this subgraph only narrows `myTickets` to the calling agent.
 */
export const supportResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    ticket: (_, { id }: { id: string }, ctx) => ctx.loaders.byId(Ticket).load(id),
    /** The tickets assigned to the calling agent (the signed caller's sub); none without a caller. */
    // The tickets assigned to the calling agent: another role's sub names no agent, even one that reads like an agent's id.
    myTickets: (_, __, ctx) => (ctx.callerSub && ctx.callerRole === 'support' ? ctx.loaders.manyBy(Ticket, 'agentId', TICKETS_NEWEST_FIRST).load(ctx.callerSub) : []),
    /** Chat messages newest first, in one statement. */
    chatTranscripts: (_, { first }: { first?: number | null }, ctx) =>
      ctx.em.find(ChatMessage, {}, { orderBy: { sentAt: 'desc', id: 'asc' }, limit: pageSize(first) }),
  },
  Member: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    tickets: (member: { id: string }, _: unknown, ctx: SubgraphContext) =>
      ctx.loaders.firstBy(Ticket, 'memberId', TICKETS_NEWEST_FIRST, RECORD_LIST_READ).load(member.id),
  } as any,
  Ticket: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => ctx.loaders.byId(Ticket).load(ref.id),
    member: (t: TicketRow) => (t.memberId ? { id: t.memberId } : null),
    messages: (t: TicketRow, _: unknown, ctx: SubgraphContext) => ctx.loaders.firstBy(ChatMessage, 'ticketId', CONVERSATION_ORDER, RECORD_LIST_READ).load(t.id),
  } as any,
  ChatMessage: {
    sentAt: (m: MessageRow) => iso(m.sentAt),
  } as any,
};
