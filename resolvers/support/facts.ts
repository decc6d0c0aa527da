import type { EntityManager } from '@mikro-orm/core';
import type { SubjectFacts } from '../../schema/privacy-contract.js';
import { OPEN_TICKET_STATUSES } from './support.entity.js';

/** A `support_ticket` row as read below: only the columns the answer needs. */
interface AssignedTicketRow {
  member_id: string;
  agent_id: string;
}

/**
 * support's facts (P-40): for each requested member, the agents that have a ticket of that
 * member assigned and open (a status listed as open: `Closed`, `resolved` or a typo is not), in
 * one statement. Every requested id is answered, with an empty list when no open ticket is
 * assigned, so "no agent" is a fact, not a missing answer.
 *
 * Plain parameterized SQL rather than `em.find(Ticket)`: the gateway calls this once per request
 * that needs agent facts, and entity hydration and the identity map cost several times the query.
 * Columns are the entity's (support.entity.ts) under the default underscore naming; unquoted
 * lowercase names read the same on SQLite and PostgreSQL. `order by id` keeps the agent order
 * `em.find` gave.
 */
export async function supportFacts(em: EntityManager, ids: string[]): Promise<Record<string, SubjectFacts>> {
  const subjects = [...new Set(ids)];
  if (subjects.length === 0) return {};
  const sql =
    `select member_id, agent_id from support_ticket where member_id in (${subjects.map(() => '?').join(', ')})` +
    ` and status in (${OPEN_TICKET_STATUSES.map(() => '?').join(', ')}) and agent_id is not null order by id`;
  // In the caller's transaction, if any: SQLite's one connection would otherwise wait for it.
  const rows = await em.getConnection().execute<AssignedTicketRow[]>(sql, [...subjects, ...OPEN_TICKET_STATUSES], 'all', em.getTransactionContext());
  const agents = new Map<string, Set<string>>();
  for (const id of subjects) agents.set(id, new Set());
  for (const row of rows) agents.get(row.member_id)?.add(row.agent_id);
  const facts: Record<string, SubjectFacts> = {};
  for (const [id, set] of agents) facts[id] = { agents: [...set] };
  return facts;
}
