import type { EntityManager } from '@mikro-orm/core';
import type { RequestLoaders } from './request-loaders.js';
import type { PageCursors } from './page-cursor.js';
import type { CorrectionClient } from './correction-client.js';
import type { PrivacyRequestsClient } from './privacy-requests-client.js';
import type { AuditEntriesClient } from './audit-entries-client.js';

/**
 * What every subgraph resolver receives. The caller fields come from the envelope the gateway
 * signed (schema/caller-envelope.ts, verified by resolvers/gateway-signature.ts), never from
 * headers: a subgraph trusts them because nobody else can sign.
 */
export interface SubgraphContext {
  em: EntityManager;
  loaders: RequestLoaders;
  callerSub: string | null;
  callerRole: string | null;
  /**
   * When the caller last authenticated (token `auth_time`, seconds since the epoch): data-subject
   * requests need a recent one (P-64).
   */
  callerAuthTime: number | null;
  /** The purpose the caller declared, already checked by the gateway. */
  callerPurpose: string | null;
  /** The privacy officer's case reference (P-81). */
  callerCase: string | null;
  /** Seals and opens the cursors of paged lists (resolvers/page-cursor.ts). */
  cursors: PageCursors;
  /**
   * The privacy subgraph's signed `/privacy/requests` contract: the one way another subgraph
   * records a data-subject request (the privacy subgraph alone writes its table).
   */
  privacyRequests: PrivacyRequestsClient;
  /** Applies a correction to the copies other subgraphs keep of a value this one owns (P-61). */
  correctCopies: CorrectionClient;
  /** The gateway's signed `/audit/entries` contract: the access audit is the gateway's table (P-80). */
  auditEntries: AuditEntriesClient;
}
