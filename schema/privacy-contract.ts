import type { EntityManager } from '@mikro-orm/core';
import type { SubjectFacts } from '../directives/subject-facts.js';
import type { RequestsAnswer, RequestsCall } from './data-subject-requests.js';

/**
 * The facts a subgraph answers at `/privacy/facts` (a policy information point): the type the
 * policy decides on, defined in directives/.
 */
export type { SubjectFacts } from '../directives/subject-facts.js';

/**
 * One subgraph's part of a member's download (P-60): named collections of plain JSON rows, e.g.
 * `{ orders: [...], payments: [...] }`. Empty collections are kept, so "nothing here" is visible.
 */
export type ExportSection = Record<string, unknown>;

/** What one subgraph did for a cancellation (P-62): rows deleted and rows anonymized, per table. */
export interface EraseReport {
  deleted: Record<string, number>;
  anonymized: Record<string, number>;
}

/** The retention periods in force, by data category (directives/policy.json `retentionDays`). */
export interface RetentionInput {
  retentionDays: Record<string, number>;
  /** The moment the job runs as (ms since the epoch); tests pass a later one. */
  now: number;
}

/** What one subgraph's retention run changed (P-66): per category, per table, rows anonymized. */
export type RetentionReport = Record<string, Record<string, number>>;

/**
 * The member id that anonymized rows point to instead of the member (P-62, P-66): a review kept
 * after its author cancelled shows the placeholder author and links back to no one.
 */
export const ERASED_MEMBER_ID = 'erased';

/**
 * The privacy contract a subgraph serves beside its public graph, at `/privacy/<operation>`,
 * reachable by the gateway only. It is not composed into the supergraph, so clients never see it.
 *
 * Every subgraph that declares `@pii` fields must implement `export` and `erase` (P-60, P-62):
 * `npm run compose` refuses one that does not (see `subgraphImplementsPrivacyContract` in
 * resolvers/privacy-contract-check.ts). Adding a subgraph with personal data means implementing them.
 */
/** What a contract operation may ask other subgraphs, over their signed contract. */
export interface ContractPeers {
  /** The facts `subgraph` answers at `/privacy/facts` for these subjects; throws when it does not answer. */
  facts(subgraph: string, subjectIds: string[]): Promise<Record<string, SubjectFacts>>;
}

export interface PrivacyContract {
  /** Facts for each requested subject id (ids it knows nothing about may be left out). */
  facts?(em: EntityManager, subjectIds: string[]): Promise<Record<string, SubjectFacts>>;
  /**
   * P-60: everything this subgraph holds about the member, as plain JSON. Never includes what
   * nobody may read (password hashes, P-01); shows what the member sees masked the same way
   * (real name and national id, P-03; cards as last four digits, P-24).
   */
  export?(em: EntityManager, memberId: string): Promise<ExportSection>;
  /**
   * P-62: deletes or anonymizes the member's data in this subgraph. Idempotent: a retry after a
   * partial failure runs it again and changes nothing that is already erased. `filedBy` is who
   * asked, when not the member: the store that owns the guardian link (accounts) erases only while
   * it holds, checked in the same transaction (P-70), and refuses with a {@link ContractInputError}.
   */
  erase?(em: EntityManager, memberId: string, call?: EraseCall): Promise<EraseReport>;
  /**
   * P-61: applies a member's correction made in the store that owns the value (accounts, for the
   * nickname) to the copy this subgraph keeps of it. Idempotent. `peers` asks other subgraphs'
   * contracts (a homepage's finder switch is the consent store's, P-34).
   */
  correct?(em: EntityManager, input: CorrectionCall, peers: ContractPeers): Promise<{ corrected: number }>;
  /** P-66: anonymizes this subgraph's data past its retention period. Idempotent. */
  retain?(em: EntityManager, input: RetentionInput): Promise<RetentionReport>;
  /**
   * P-64: the data-subject requests, implemented by the subgraph that owns them (privacy): the
   * gateway records and advances them here (schema/data-subject-requests.ts `RequestsCall`).
   */
  requests?(em: EntityManager, input: RequestsCall): Promise<RequestsAnswer>;
}

/** A contract call the subgraph refuses as malformed: answered 400, nothing written. */
export class ContractInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractInputError';
  }
}

/** Who asked for an erasure, when not the member themself (a guardian for a ward, P-70). */
export interface EraseCall {
  filedBy?: string | null;
}

/** A correction (P-61) for the copies other subgraphs keep: the member and the corrected value. */
export interface CorrectionCall {
  memberId: string;
  nickname: string;
}

/**
 * The subgraphs that keep a copy of a member's nickname, which accounts owns: reviews finds a
 * homepage by it (P-34). A nickname correction reaches them before it is applied in accounts, or
 * not at all: a homepage left under the old nickname was found by it, beside the new one.
 */
export const NICKNAME_COPIES = ['reviews'] as const;

/** The operations served at `/privacy/<operation>`. */
export const PRIVACY_OPERATIONS = ['facts', 'export', 'erase', 'retain', 'requests', 'correct'] as const;
export type PrivacyOperation = (typeof PRIVACY_OPERATIONS)[number];

/** The operations every subgraph with `@pii` fields must implement (P-60, P-62). */
export const REQUIRED_PRIVACY_OPERATIONS = ['export', 'erase'] as const;
