import type { InferEntity } from '@mikro-orm/core';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../subgraph-context.js';
import { Consent, ConsentEvent, consentId, type ConsentKind } from './consent.entity.js';
import { POLICY_VERSION } from './policy-version.js';

type ConsentRow = InferEntity<typeof Consent>;
type EventRow = InferEntity<typeof ConsentEvent>;

/** One order per (entity, field) loader: RequestLoaders keys ignore the order. */
const BY_KIND = { kind: 'asc' } as const;
/** History is chronological: oldest event first, the autoincrement id breaking ties. */
const CHRONOLOGICAL = { at: 'asc', id: 'asc' } as const;

const iso = (value: Date | string | null | undefined): string | null =>
  value instanceof Date ? value.toISOString() : (value ?? null);

const forbidden = (message: string): never => {
  throw new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
};

/**
 * Whose consent a caller may change (P-63, P-70): their own, or, for a caller with the guardian
 * role, another member's (the gateway has already checked that the guardian is linked to that
 * member). A caller the gateway did not verify changes nothing.
 */
export function consentSubject(callerSub: string | null, callerRole: string | null, memberId: string | null | undefined): string {
  if (!callerSub) return forbidden('setConsent needs a verified caller');
  if (memberId === undefined || memberId === null) return callerSub;
  if (memberId.trim() === '') throw new GraphQLError('memberId must not be empty', { extensions: { code: 'BAD_USER_INPUT' } });
  if (memberId === callerSub) return callerSub;
  if (callerRole === 'guardian') return memberId;
  return forbidden("only the member or their guardian may change the member's consent");
}

/**
 * The privacy subgraph: consents, their current state and their append-only history (P-63).
 * A change is the next request's truth (P-11): the gateway invalidates its cached decisions.
 */
export const privacyResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    /** The calling member's consents; none without a caller. */
    myConsents: (_, __, ctx) => (ctx.callerSub ? ctx.loaders.manyBy(Consent, 'memberId', BY_KIND).load(ctx.callerSub) : []),
  },
  Mutation: {
    /**
     * Grants or withdraws one consent (P-63): appends a history event and upserts the current
     * row in one transaction. Every call is recorded, also one that repeats the current state:
     * it is the member's declaration under the policy version in force.
     */
    setConsent: async (_, args: { kind: ConsentKind; granted: boolean; memberId?: string | null }, ctx) => {
      const memberId = consentSubject(ctx.callerSub, ctx.callerRole, args.memberId);
      const now = new Date();
      return ctx.em.transactional(async (tx) => {
        tx.create(ConsentEvent, { memberId, kind: args.kind, granted: args.granted, at: now, policyVersion: POLICY_VERSION });
        // An upsert, so two first-time changes of the same consent cannot collide on the unique key.
        return tx.upsert(Consent, {
          id: consentId(memberId, args.kind),
          memberId,
          kind: args.kind,
          granted: args.granted,
          updatedAt: now,
          policyVersion: POLICY_VERSION,
        });
      });
    },
  },
  Member: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    consents: (member: { id: string }, _: unknown, ctx: SubgraphContext) => ctx.loaders.manyBy(Consent, 'memberId', BY_KIND).load(member.id),
  } as any,
  Consent: {
    updatedAt: (c: ConsentRow) => iso(c.updatedAt),
    /** One statement for every consent of every member in the response: events by member, split by kind here. */
    history: async (c: ConsentRow, _: unknown, ctx: SubgraphContext) => {
      const events = await ctx.loaders.manyBy(ConsentEvent, 'memberId', CHRONOLOGICAL).load(c.memberId);
      return events.filter((e: EventRow) => e.kind === c.kind);
    },
  } as any,
  ConsentEvent: {
    at: (e: EventRow) => iso(e.at),
  } as any,
};
