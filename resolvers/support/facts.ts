import type { EntityManager } from '@mikro-orm/core';
import type { SubjectFacts } from '../privacy-contract.js';
import { Ticket } from './support.entity.js';

/**
 * support's facts (P-40): for each requested member, the agents that have a ticket of that
 * member assigned and not closed, in one statement. Every requested id is answered, with an
 * empty list when no open ticket is assigned, so "no agent" is a fact, not a missing answer.
 */
export async function supportFacts(em: EntityManager, ids: string[]): Promise<Record<string, SubjectFacts>> {
  const subjects = [...new Set(ids)];
  if (subjects.length === 0) return {};
  const tickets = await em.find(
    Ticket,
    { memberId: { $in: subjects }, status: { $ne: 'closed' }, agentId: { $ne: null } },
    { fields: ['memberId', 'agentId'], orderBy: { id: 'asc' } },
  );
  const agents = new Map<string, Set<string>>(subjects.map((id) => [id, new Set()]));
  for (const t of tickets) if (t.agentId) agents.get(t.memberId)?.add(t.agentId);
  return Object.fromEntries(subjects.map((id) => [id, { agents: [...agents.get(id)!] }]));
}
