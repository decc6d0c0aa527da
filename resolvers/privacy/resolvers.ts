import type { EntityManager, InferEntity } from '@mikro-orm/core';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../subgraph-context.js';
import { Consent, ConsentEvent, consentId, grantCounts, type ConsentKind } from './consent.entity.js';
import { policyVersionNow } from './policy-version.js';
import { DataSubjectRequest, REQUEST_KINDS, type RequestKind } from './request.entity.js';
import { REAUTHENTICATION_REQUIRED, REQUEST_DUE_DAYS, isOpen, isOverdue, reauthProblem, recordOnce, recordRequest, type RequestRow } from './requests.js';
import { CLOSED_STATUSES } from '../../schema/data-subject-requests.js';
import { actingSubject, callerMember, grantedAsChild, isMinor } from '../acting-subject.js';
import { minorAge } from '../policy-in-force.js';
import { databaseKind } from '../orm.js';

/** A request's note is a few sentences to the privacy team, not a document: stored as text and kept 730 days (P-66). */
const MAX_NOTE_LENGTH = 2000;
/** Open requests within their due date of one kind one filer may have about one member at once (a cancellation or a copy continues its open twin instead). */
const MAX_OPEN_PER_KIND = 10;

type ConsentRow = InferEntity<typeof Consent>;
type EventRow = InferEntity<typeof ConsentEvent>;

/** One order per (entity, field) loader: RequestLoaders keys ignore the order. */
const BY_KIND = { kind: 'asc' } as const;
/** History is chronological: oldest event first, the autoincrement id breaking ties. */
const CHRONOLOGICAL = { at: 'asc', id: 'asc' } as const;

const iso = (value: Date | string | null | undefined): string | null =>
  value instanceof Date ? value.toISOString() : (value ?? null);


/** The privacy officer under legal obligation with a case reference (P-81), as the gateway forwarded it. */
function isOfficerUnderLegalObligation(ctx: SubgraphContext): boolean {
  return ctx.callerRole === 'privacy_officer' && ctx.callerPurpose === 'essential.legal_obligation' && Boolean(ctx.callerCase);
}

const clampFirst = (n: number | null | undefined, max = 1000) => Math.max(1, Math.min(max, Number.isInteger(n) ? (n as number) : 100));

/**
 * Characters a request note may not hold: controls and invisible formatting (a right-to-left
 * override shows the officer's work list a note that reads otherwise than it is stored); line
 * breaks and tabs stay, as do the joiners of emoji and scripts.
 */
const NOTE_INVISIBLE = /(?![\n\r\t\u200C\u200D])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

/**
 * The privacy subgraph: consents, their current state and their append-only history (P-63).
 * A change is the next request's truth (P-11): the gateway invalidates its cached decisions.
 */
export const privacyResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    /** The calling member's consents; none without a caller. */
    myConsents: (_, __, ctx) => {
      const member = callerMember(ctx);
      return member ? ctx.loaders.manyBy(Consent, 'memberId', BY_KIND).load(member) : [];
    },
    /** P-64: the caller's own requests (or their ward's, P-70), newest first. */
    myDataSubjectRequests: async (_, args: { memberId?: string | null }, ctx) => {
      const { subject } = await actingSubject(ctx.em, ctx, args.memberId, 'list data-subject requests');
      return ctx.em.find(DataSubjectRequest, { memberId: subject }, { orderBy: { createdAt: 'desc', id: 'asc' } });
    },
    /** P-64: the privacy officer's work list; nobody else gets a row. */
    dataSubjectRequests: async (_, args: { open?: boolean | null; overdue?: boolean | null }, ctx) => {
      if (ctx.callerRole !== 'privacy_officer') return [];
      // The open ones chosen in SQL: the closed (every download's completed copy among them) only grow.
      const rows = await ctx.em.find(DataSubjectRequest, args.open === false ? {} : { status: { $nin: [...CLOSED_STATUSES] } }, { orderBy: { dueAt: 'asc', id: 'asc' } });
      const now = Date.now();
      return rows.filter((r) => (args.open === false || isOpen(r.status)) && (!args.overdue || isOverdue(r, now)));
    },
    /**
     * P-80: the access audit, for the privacy officer under legal obligation only (P-81), read from
     * the gateway, which owns it, over its signed `/audit/entries` contract.
     */
    auditEntries: async (_, args: { subject?: string | null; requestId?: string | null; afterSeq?: number | null; afterIndex?: number | null; first?: number | null }, ctx) => {
      if (!isOfficerUnderLegalObligation(ctx)) return [];
      // A position before the first is refused, not read as 0: `afterIndex: 0` leaves entry 0 out, so a clamp would hide it.
      for (const argument of ['afterSeq', 'afterIndex'] as const) {
        if ((args[argument] ?? 0) < 0) throw new GraphQLError(`${argument} is a position in the audit: 0 or more, got ${args[argument]}`, { extensions: { code: 'BAD_USER_INPUT', argument } });
      }
      if (args.first === 0) return [];
      return ctx.auditEntries({ subject: args.subject, requestId: args.requestId, afterSeq: args.afterSeq ?? 0, afterIndex: args.afterIndex ?? null, first: clampFirst(args.first) });
    },
  },
  Mutation: {
    /**
     * Grants or withdraws one consent (P-63): appends a history event and upserts the current
     * row in one transaction. Every call is recorded, also one that repeats the current state:
     * it is the member's declaration under the policy version in force.
     */
    setConsent: async (_, args: { kind: ConsentKind; granted: boolean; memberId?: string | null }, ctx) => {
      // The checks read in the same transaction as the write: a guardian link removed meanwhile cannot slip through.
      return ctx.em.transactional(async (tx) => {
        const { subject: memberId, asGuardian } = await actingSubject(tx, ctx, args.memberId, "change the member's consent");
        // The change's time is taken once the member's consents are locked: of two changes sent together, the last to be written is the latest, and the state is what its history ends with.
        await lockConsents(tx, memberId);
        const now = new Date();
        // P-64 lists consent among the requests made after the member's identity is confirmed again:
        // a grant or a withdrawal alike, so a stale or stolen session changes none (and withdrawing
        // is exactly as easy as granting).
        const problem = reauthProblem(ctx.callerAuthTime);
        if (problem) throw new GraphQLError(problem, { extensions: { code: REAUTHENTICATION_REQUIRED, rule: 'P-64' } });
        // P-70: a child switches no consent on alone (personalization, marketing, cross-border,
        // third-party binding, being findable, ...): the guardian does. The minor may still withdraw any.
        if (args.granted && !asGuardian && (await isMinor(tx, memberId))) {
          // P-70: a child does not switch personalization or marketing on alone.
          throw new GraphQLError(`${args.kind} of a member under ${minorAge()} is granted by their guardian (P-70)`, { extensions: { code: 'FORBIDDEN', rule: 'P-70' } });
        }
        const policyVersion = policyVersionNow();
        tx.create(ConsentEvent, { memberId, kind: args.kind, granted: args.granted, at: now, policyVersion, grantedBy: ctx.callerSub });
        // P-64 lists consent among the data-subject requests: each change is one, recorded as done.
        recordRequest(tx, { memberId, kind: 'consent', status: 'completed', requestedBy: ctx.callerSub, authTime: ctx.callerAuthTime, note: `${args.granted ? 'granted' : 'withdrew'} ${args.kind}`, now });
        // An upsert, so two first-time changes of the same consent cannot collide on the unique key.
        return tx.upsert(Consent, {
          id: consentId(memberId, args.kind),
          memberId,
          kind: args.kind,
          granted: args.granted,
          updatedAt: now,
          policyVersion,
          grantedBy: ctx.callerSub,
        });
      });
    },
    /**
     * P-64: records a data-subject request, due in 15 days, only after a recent identity
     * confirmation. A cancellation request is carried out by the gateway (it erases across every
     * subgraph, P-62); the others are the privacy officer's work list.
     */
    submitDataSubjectRequest: async (_, args: { kind: RequestKind; note?: string | null; memberId?: string | null }, ctx) => {
      if (!REQUEST_KINDS.includes(args.kind)) throw new GraphQLError(`unknown request kind ${args.kind}`, { extensions: { code: 'BAD_USER_INPUT' } });
      if (args.note != null && args.note.length > MAX_NOTE_LENGTH) throw new GraphQLError(`note is longer than ${MAX_NOTE_LENGTH} characters`, { extensions: { code: 'BAD_USER_INPUT' } });
      if (args.note != null && NOTE_INVISIBLE.test(args.note)) throw new GraphQLError('note holds a control or invisible character (line breaks and tabs are fine)', { extensions: { code: 'BAD_USER_INPUT' } });
      const { subject } = await actingSubject(ctx.em, ctx, args.memberId, 'file a data-subject request');
      const problem = reauthProblem(ctx.callerAuthTime);
      if (problem) throw new GraphQLError(problem, { extensions: { code: REAUTHENTICATION_REQUIRED, rule: 'P-64' } });
      // Requests of a kind without twins (access, deletion, ...) each open a row: so many stand open per
      // member, kind and filer at most, or one member's filings would bury everyone's in the officer's list
      // (P-64). Per filer: a guardian's filings for the ward never use up the ward's own, nor the reverse.
      // Only those still within their due date count: one the office let run over never bars the next.
      const open = await ctx.em.count(DataSubjectRequest, { memberId: subject, kind: args.kind, requestedBy: ctx.callerSub, status: { $nin: [...CLOSED_STATUSES] }, dueAt: { $gt: new Date() } });
      if (open >= MAX_OPEN_PER_KIND) throw new GraphQLError(`${open} ${args.kind} requests you filed for this member are open and within their due date: the privacy office answers each within ${REQUEST_DUE_DAYS} days (P-64); file another once one is closed or overdue`, { extensions: { code: 'TOO_MANY_OPEN_REQUESTS', rule: 'P-64' } });
      const row = await recordOnce(ctx.em, { memberId: subject, kind: args.kind, requestedBy: ctx.callerSub, authTime: ctx.callerAuthTime, note: args.note ?? null });
      if (!row) throw new GraphQLError('this account is cancelled: there is nothing left to cancel (P-62)', { extensions: { code: 'FORBIDDEN' } });
      return row;
    },
  },
  DataSubjectRequest: {
    createdAt: (r: RequestRow) => iso(r.createdAt),
    dueAt: (r: RequestRow) => iso(r.dueAt),
    completedAt: (r: RequestRow) => iso(r.completedAt),
    overdue: (r: RequestRow) => isOverdue(r),
    failedSubgraphs: (r: RequestRow) => (r.progress?.failed ? Object.keys(r.progress.failed) : []),
  } as any,
  AuditEntry: {
    at: (e: { at: Date | string }) => iso(e.at),
  } as any,
  Member: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    consents: (member: { id: string }, _: unknown, ctx: SubgraphContext) => ctx.loaders.manyBy(Consent, 'memberId', BY_KIND).load(member.id),
  } as any,
  Consent: {
    /** In effect, as the gateway's facts read it (facts.ts): a grant a child made alone is off, and so is a guardian's made for a member of 14 or older (P-70). */
    granted: async (c: ConsentRow, _: unknown, ctx: SubgraphContext) => {
      if (!c.granted) return false;
      // One lookup for a request's consents: keyed by member and the grant's time.
      const asChild = ctx.loaders.named('grantedAsChild', async (keys) => {
        const grants = keys.map((key) => JSON.parse(key) as { memberId: string; at: string });
        return grantedAsChild(ctx.em, grants);
      });
      return grantCounts(c.memberId, c.grantedBy, await asChild.load(JSON.stringify({ memberId: c.memberId, at: new Date(c.updatedAt).toISOString() })));
    },
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

/**
 * Serializes the consent changes of one member, to the end of the transaction. PostgreSQL runs two
 * transactions side by side and commits them in either order (an advisory lock on the member); SQLite
 * has one writer, which a first write statement claims (an update of no row).
 */
async function lockConsents(tx: EntityManager, memberId: string): Promise<void> {
  const connection = tx.getConnection();
  if (databaseKind() === 'postgresql') await connection.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`consent:${memberId}`], 'all', tx.getTransactionContext());
  else await connection.execute('update privacy_consent set id = id where 0 = 1', [], 'run', tx.getTransactionContext());
}
