import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { loadSigningSecret } from '../../schema/signing-secret.js';
import type { Caller } from '../../directives/caller.js';
import type { FactsLoader } from '../privacy-pass.js';
import { FACT_OWNERS, type FactsProvider } from '../subject-facts.js';
import type { EraseReport, ExportSection, RetentionReport } from '../../schema/privacy-contract.js';
import { isOpen, reauthProblem, type RequestRecord } from '../../schema/data-subject-requests.js';
import { totalChanged, type RetentionRun } from '../../schema/retention-run.js';
import { REFUSALS_RECORDED_AFTER_MS, readMemberAuditEntries, type AuditLog } from '../audit/audit-log.js';
import { callPrivacyContract, type ContractTarget } from './contract-client.js';
import { MEMBER_ID } from '../refused-acting-for.js';
import { PrivacyRequests, RequestsUnavailable } from './privacy-requests.js';

/** A refusal of a rights request, with its HTTP status and machine-readable code. */
export class RightsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'RightsError';
  }
}

export interface RightsServiceOptions {
  /** The gateway's database: the access audit (P-80). The data-subject requests (P-64) are the privacy subgraph's, reached over its contract. */
  orm: MikroORM;
  /** Every subgraph of the supergraph; each is asked for the contract operations it implements (`privacy` for the requests). */
  subgraphs: FactsProvider[];
  /** Facts (guardian links, cancellation) for authorizing guardians (P-70). */
  loadFacts: FactsLoader;
  /** Per-call timeout of a subgraph's export/erase. Default 10 s. */
  timeoutMs?: number;
  /** Signs the contract calls. Default: SUBGRAPH_SIGNING_SECRET, or the one under DATA_DIR. */
  signingSecret?: string;
  /** The access audit a download is recorded in (P-80): it reads every sensitive field at once. */
  auditLog?: AuditLog;
  /** How many of the newest audit records about the member a download carries (default {@link DOWNLOAD_AUDIT_RECORDS}). */
  downloadAuditRecords?: number;
}

/** The machine-readable download (P-60). */
export interface MyDataDocument {
  format: 'privacy-gateway/my-data@1';
  subject: string;
  generatedAt: string;
  /** The data-subject request this download fulfilled (P-64); null for a cancelled account, whose token files none (P-62). */
  requestId: string | null;
  /** True when the account was cancelled: every section is then empty (P-62). */
  cancelled: boolean;
  /** Each subgraph's section, by subgraph name (catalog holds no personal data and has none). */
  subgraphs: Record<string, ExportSection>;
  /** The access-audit entries about the member (P-80): who read what, why, with what outcome; those of the newest records about them ({@link DOWNLOAD_AUDIT_RECORDS}). */
  audit: Record<string, unknown>[];
  /** True when older records about the member are left out (false: `audit` is complete); the privacy officer holds them. Not a count: other callers' refused look-ups, left out of the file, would show in it. */
  auditOlderRecordsLeftOut: boolean;
}

/** The audit records about the member a download carries, newest first: a bounded file, in bounded memory. */
export const DOWNLOAD_AUDIT_RECORDS = 10_000;

export interface CancellationOutcome {
  request: RequestRecord;
  completed: boolean;
}

/**
 * The members' rights that span subgraphs, orchestrated by the gateway through the privacy
 * contract every subgraph with personal data implements: download my data (P-60) and account
 * cancellation (P-62), each recorded as a data-subject request (P-64) after a recent identity
 * confirmation. A guardian acts for their linked ward (P-70).
 */
/** A list position in a field path (`storeOrders.1.items`). */
const LIST_POSITION = /\.\d+(?=\.|$)/g;

export class RightsService {
  private readonly signingSecret: string;
  private readonly requests: PrivacyRequests;
  /** Cancellations being carried out here, by request: a filing or retry meanwhile waits for the same run. */
  private readonly running = new Map<string, Promise<CancellationOutcome>>();
  /** The erasure under way here, by member: another request for the same member (the guardian's and the ward's own) erases after it. */
  private readonly erasing = new Map<string, Promise<unknown>>();
  constructor(private readonly options: RightsServiceOptions) {
    this.signingSecret = options.signingSecret ?? loadSigningSecret();
    this.requests = new PrivacyRequests(options.subgraphs, { timeoutMs: options.timeoutMs, signingSecret: this.signingSecret });
  }

  /**
   * Whose data `caller` may act on: their own (a customer or guardian), or a linked ward's for a
   * guardian (P-70); P-64 also wants a sign-in within the last 5 minutes.
   */
  async actingSubject(caller: Caller, memberId: string | null): Promise<string> {
    if (!caller.sub || (caller.role !== 'customer' && caller.role !== 'guardian')) {
      // Staff, partners and visitors naming a member are probes too, the officer's under a case included.
      if (memberId && memberId !== caller.sub) this.recordRefusedActingFor(caller, memberId);
      throw new RightsError(caller.role === 'visitor' ? 401 : 403, caller.role === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN', 'only a signed-in member (or their guardian) exercises their data rights');
    }
    // Whose data first, then how recent the sign-in: a stale token learns nothing of another's.
    let subject: string | null = null;
    if (!memberId || memberId === caller.sub) subject = caller.sub;
    else if (caller.role === 'guardian') {
      const facts = (await this.options.loadFacts([memberId])).get(memberId);
      if (facts === 'unavailable' || !facts) throw new RightsError(503, 'PRIVACY_BLOCKED', 'the guardian link could not be checked (P-82)');
      if (facts.guardians?.includes(caller.sub)) subject = memberId;
    }
    if (subject === null) {
      this.recordRefusedActingFor(caller, memberId!);
      throw new RightsError(403, 'FORBIDDEN', "only the member or their linked guardian acts on the member's data (P-70)");
    }
    const problem = reauthProblem(caller.authTime);
    if (problem) throw new RightsError(403, 'REAUTHENTICATION_REQUIRED', problem);
    return subject;
  }

  /**
   * P-80: acting on another member's data refused (a guardian naming a member who is not their
   * ward, anyone else naming a member) is recorded about the member named, so the officer sees the probes. Written after the
   * refusal leaves, as every refusal is: waiting for it told a member from an id nobody has.
   */
  private recordRefusedActingFor(caller: Caller, memberId: string): void {
    const log = this.options.auditLog;
    if (!log || !MEMBER_ID.test(memberId)) return;
    const decisions = [{ subject: memberId, fieldPath: 'rights.memberId', coordinate: 'PrivacyRights.memberId', outcome: 'block', rule: 'P-70' }];
    setTimeout(() => void log.append({ at: new Date(), requestId: `rights:${randomUUID()}`, callerSub: caller.sub ?? null, role: caller.role, purpose: null, caseRef: caller.caseRef ?? null, decisions }).catch(() => undefined), REFUSALS_RECORDED_AFTER_MS);
  }

  /** P-60: one document with everything every subgraph holds about the member, their consents and the audit about them. */
  async download(caller: Caller, memberId: string | null, purpose: string | null = null): Promise<MyDataDocument> {
    const subject = await this.actingSubject(caller, memberId);
    const facts = (await this.options.loadFacts([subject])).get(subject);
    const cancelled = facts !== 'unavailable' && Boolean(facts?.cancelled);
    // A cancelled account's still-valid token files nothing (P-62, P-64): its file, empty by
    // definition, is given without a request of its own (each download filed one before).
    const request = cancelled ? null : await this.requestsOrFail(() => this.requests.record({ memberId: subject, kind: 'copy', requestedBy: caller.sub!, authTime: caller.authTime ?? null, status: 'in_progress' }));
    // A cancellation that completed between the facts read and the record unlinked the member's
    // requests before this one existed (P-62): asked again, now that it does, the record is unlinked too.
    if (request) await this.refuseIfCancelledSince(subject, request.id);
    const exported = await callPrivacyContract<ExportSection>(this.options.subgraphs, 'export', { memberId: subject }, { timeoutMs: this.options.timeoutMs, signingSecret: this.signingSecret });
    // A cancelled account's file is empty by definition: whatever row a subgraph still keeps under
    // the member's id (or a stand-in's) does not reach it.
    const answers = cancelled ? exported.map((a) => (a.status === 'ok' ? { ...a, value: {} as ExportSection } : a)) : exported;
    const failed = answers.filter((a) => a.status === 'failed');
    if (failed.length) {
      if (request) await this.requestsOrFail(() => this.requests.update({ id: request.id, status: 'pending_retry', progress: { failed: Object.fromEntries(failed.map((a) => [a.subgraph, (a as { error: string }).error])) }, onlyIfOpen: true }));
      // Never a partial file passed off as complete.
      throw new RightsError(502, 'EXPORT_INCOMPLETE', `the download could not be assembled: ${failed.map((a) => a.subgraph).join(', ')} did not answer; ${request ? `request ${request.id} stays open, ` : ''}try again`);
    }
    // A cancellation marks the account first, then erases: one that began while the sections were
    // read may have emptied some of them, and a file half erased is not passed off as the member's data.
    // A guardian's link that ended meanwhile (an officer's correction showed an adult) leaves them
    // no right to what the sections read after it (P-70).
    if (request) await this.refuseIfCancelledSince(subject, request.id, subject === caller.sub ? null : caller.sub!);
    const subgraphs: Record<string, ExportSection> = {};
    for (const a of answers) if (a.status === 'ok') subgraphs[a.subgraph] = a.value ?? {};
    // A cancelled account's file holds nothing of the member (every section empty, P-62): no read to record.
    if (!request) return { format: 'privacy-gateway/my-data@1', subject, generatedAt: new Date().toISOString(), requestId: null, cancelled, subgraphs, audit: [], auditOlderRecordsLeftOut: false };
    await this.recordDownload(caller, subject, request.id, Object.keys(subgraphs), purpose);
    const { audit, olderLeftOut } = await this.auditAbout(subject, caller.sub!);
    await this.requestsOrFail(() => this.requests.update({ id: request.id, status: 'completed', progress: { done: Object.keys(subgraphs) } }));
    return { format: 'privacy-gateway/my-data@1', subject, generatedAt: new Date().toISOString(), requestId: request.id, cancelled, subgraphs, audit, auditOlderRecordsLeftOut: olderLeftOut };
  }

  /**
   * A download whose account was cancelled since it began is refused, its record unlinked from the
   * member like their others (P-62); so is one for a ward by a `guardian` who is not theirs now (P-70),
   * and one whose guardian link cannot be read again (P-82).
   */
  private async refuseIfCancelledSince(subject: string, requestId: string, guardian: string | null = null): Promise<void> {
    const now = (await this.options.loadFacts([subject])).get(subject);
    if (guardian !== null && (now === 'unavailable' || !now || !now.guardians?.includes(guardian))) {
      await this.requestsOrFail(() => this.requests.update({ id: requestId, status: 'rejected', onlyIfOpen: true }));
      if (now === 'unavailable' || !now) throw new RightsError(503, 'PRIVACY_BLOCKED', 'the guardian link could not be checked again once the file was read, so it was not given (P-82); try again');
      throw new RightsError(403, 'FORBIDDEN', "only the member or their linked guardian acts on the member's data (P-70): the guardian link ended while the file was being prepared");
    }
    if (now === 'unavailable' || !now?.cancelled) return;
    await this.requestsOrFail(() => this.requests.update({ id: requestId, status: 'rejected', unlinkMember: true, onlyIfOpen: true }));
    throw new RightsError(409, 'ACCOUNT_CANCELLED', 'the account was cancelled while the download was being prepared; there is nothing left to download');
  }

  /**
   * P-80: the download reads every sensitive field of the member at once (a child's file, all of
   * it), so it is recorded like a GraphQL read: one record, a decision per subgraph's section,
   * committed before the file leaves, under the purpose the member declared (none is needed). No
   * record, no file (fail closed).
   */
  private async recordDownload(caller: Caller, subject: string, requestId: string, sections: string[], purpose: string | null): Promise<void> {
    const log = this.options.auditLog;
    if (!log || !sections.length) return;
    const decisions = sections.map((name) => ({ subject, fieldPath: `download.subgraphs.${name}`, coordinate: `PrivacyContract.export(${name})`, outcome: 'allow', rule: 'P-60' }));
    try {
      await log.append({ at: new Date(), requestId: `download:${requestId}`, callerSub: caller.sub ?? null, role: caller.role, purpose, caseRef: caller.caseRef ?? null, decisions });
    } catch {
      await this.requests.update({ id: requestId, status: 'pending_retry', progress: { failed: { audit: 'the access audit did not record the download' } } }).catch(() => undefined);
      throw new RightsError(503, 'AUDIT_UNAVAILABLE', `the download could not be recorded in the access audit, so it was not given; request ${requestId} stays open, try again (P-80)`);
    }
  }

  /**
   * P-80 in the download: the entries about the member. Callers other than the member (or the
   * guardian downloading) are named by role only: the member learns who (which kind of recipient)
   * read what and why, not staff identities. The privacy officer's reads are left out, under a
   * case or not, under whatever purpose (a look-up outside the legal obligation too): P-80 gives the
   * audit to the officer alone, and an officer's reads would tell the member that a case is open, or
   * about to be, about them (the protective reading where P-60 and P-80 meet). Of others' reads the
   * file keeps what was released to them, without their request ids or the row's place in their list (`storeOrders.*.items`):
   * a place told how many orders of others came after, in a store too small for its figures (P-52),
   * and another customer's refused look-up told when they visited the store.
   */
  private async auditAbout(subject: string, requester: string): Promise<{ audit: Record<string, unknown>[]; olderLeftOut: boolean }> {
    const own = (e: { callerSub: string | null }) => e.callerSub === subject || e.callerSub === requester;
    // The officer's reads are left out with or without a case: a look before a case is opened would tell of it too.
    const { entries, olderLeftOut } = await readMemberAuditEntries(this.options.orm.em, subject, this.options.downloadAuditRecords ?? DOWNLOAD_AUDIT_RECORDS, (e) => e.role !== 'privacy_officer' && (own(e) || e.outcome !== 'block'));
    // No chain position (`seq`): the gaps between a member's records counted everyone's audited requests.
    const audit = entries.map((e) => ({
      at: e.at,
      requestId: own(e) ? e.requestId : null,
      caller: own(e) ? e.callerSub : null,
      // Another member who reads as a guardian reads as a member: the role would tell that they have a child under 14 (P-70).
      role: !own(e) && e.role === 'guardian' ? 'customer' : e.role,
      purpose: e.purpose,
      fieldPath: e.fieldPath.replace(LIST_POSITION, '.*'),
      field: e.coordinate,
      outcome: e.outcome,
      rule: e.rule,
    }));
    return { audit, olderLeftOut };
  }

  /** P-62: records the cancellation request (P-64) and carries it out at once. */
  async cancel(caller: Caller, memberId: string | null, note: string | null = null): Promise<CancellationOutcome> {
    const subject = await this.actingSubject(caller, memberId);
    // A cancelled account's still-valid token only continues its own open cancellation (one a
    // failing subgraph left pending): the requests store files none anew (P-62, P-64).
    const request = await this.requestsOrFail(() => this.requests.recordCancellation({ memberId: subject, kind: 'cancellation', requestedBy: caller.sub!, authTime: caller.authTime ?? null, note }));
    if (request === 'cancelled') throw new RightsError(409, 'ACCOUNT_CANCELLED', 'this account is cancelled: there is nothing left to cancel (P-62)');
    return this.processCancellation(request.id);
  }

  /**
   * Runs (or re-runs) a cancellation: every subgraph erases the member (idempotently). Only when
   * all succeeded is the request completed and unlinked from the member; otherwise it is left
   * `pending_retry`, naming the subgraphs that failed, for the next retry (P-62: never half-done
   * silently). Filings of the same request at once share one run: each erasing in parallel only
   * multiplied the subgraphs' write transactions on the same rows.
   */
  processCancellation(requestId: string): Promise<CancellationOutcome> {
    let run = this.running.get(requestId);
    if (!run) {
      run = this.carryOut(requestId).finally(() => this.running.delete(requestId));
      this.running.set(requestId, run);
    }
    return run;
  }

  private async carryOut(requestId: string): Promise<CancellationOutcome> {
    const found = await this.requestsOrFail(() => this.requests.get(requestId));
    if (!found) throw new RightsError(404, 'NOT_FOUND', `no data-subject request ${requestId}`);
    if (found.kind !== 'cancellation') throw new RightsError(409, 'NOT_RETRYABLE', `request ${requestId} is a ${found.kind} request, not a cancellation`);
    if (!isOpen(found.status) || !found.memberId) return { request: found, completed: found.status === 'completed' };
    const memberId = found.memberId;
    const refused = await this.filerLostAuthority(found);
    if (refused === 'unchecked') return { request: found, completed: false };
    if (refused) {
      const request = await this.requestsOrFail(() => this.requests.update({ id: requestId, status: 'rejected', progress: { reports: { refused } } }));
      return { request: request ?? found, completed: false };
    }
    await this.requestsOrFail(() => this.requests.update({ id: requestId, status: 'in_progress', attempt: true }));
    // The account first: once it reads cancelled, the member's own writes (a consent, a request) are
    // refused (P-62), so none that passed its check before can land after another store's erase and outlive it.
    // Who filed it goes along: the account store erases a ward only while that guardian's link holds,
    // checked in its erasing transaction, since a link can end after the check above (P-70).
    const filedBy = found.requestedBy && found.requestedBy !== memberId ? found.requestedBy : null;
    const call = (targets: readonly ContractTarget[]) => callPrivacyContract<EraseReport>(targets, 'erase', { memberId, filedBy }, { timeoutMs: this.options.timeoutMs, signingSecret: this.signingSecret });
    const account = this.options.subgraphs.filter((s) => s.name === FACT_OWNERS.person);
    const erase = async () => {
      const first = await call(account);
      return first.some((a) => a.status === 'failed') ? first : [...first, ...(await call(this.options.subgraphs.filter((s) => s.name !== FACT_OWNERS.person)))];
    };
    const before = this.erasing.get(memberId) ?? Promise.resolve();
    const erased = before.catch(() => undefined).then(erase);
    this.erasing.set(memberId, erased);
    const answers = await erased.finally(() => {
      if (this.erasing.get(memberId) === erased) this.erasing.delete(memberId);
    });
    const failed = Object.fromEntries(answers.filter((a) => a.status === 'failed').map((a) => [a.subgraph, (a as { error: string }).error]));
    // The account refused (or failed) a guardian's filing: if the link ended, the request is closed for good.
    if (filedBy && failed[FACT_OWNERS.person] !== undefined) {
      const lost = await this.filerLostAuthority(found);
      if (lost && lost !== 'unchecked') {
        const request = await this.requestsOrFail(() => this.requests.update({ id: requestId, status: 'rejected', progress: { reports: { refused: lost } }, onlyIfOpen: true }));
        return { request: request ?? found, completed: false };
      }
    }
    const reports = Object.fromEntries(answers.filter((a) => a.status === 'ok').map((a) => [a.subgraph, (a as { value: EraseReport }).value]));
    const progress = { done: Object.keys(reports), failed, reports };
    if (Object.keys(failed).length) {
      // Not a request closed meanwhile (its filer's own cancellation rejected it and cleared the
      // filer): reopened, the sweep would run it as the ward's own (P-70).
      const request = await this.requestsOrFail(() => this.requests.update({ id: requestId, status: 'pending_retry', progress, onlyIfOpen: true }));
      return { request: request ?? found, completed: false };
    }
    // Completed and, in the same transaction, unlinked from the member: the record of each request stays, the link to the person does not (P-62).
    const request = await this.requestsOrFail(() => this.requests.update({ id: requestId, status: 'completed', progress, unlinkMember: true }));
    if (!request) throw new RightsError(404, 'NOT_FOUND', `no data-subject request ${requestId}`);
    return { request, completed: true };
  }

  /**
   * Why a cancellation filed for a member by someone else may no longer run (P-70): its filer is
   * not the member's guardian any more (the ward turned 14). 'unchecked' when the guardian link
   * could not be read: nothing is erased on an unchecked authority (P-82); null when it may run.
   */
  private async filerLostAuthority(request: RequestRecord): Promise<string | 'unchecked' | null> {
    if (!request.requestedBy || request.requestedBy === request.memberId) return null;
    const facts = (await this.options.loadFacts([request.memberId!])).get(request.memberId!);
    if (facts === 'unavailable' || !facts) return 'unchecked';
    if (facts.guardians?.includes(request.requestedBy)) return null;
    return 'filed by someone who is not the member nor, now, their guardian: only the member or their linked guardian acts on the member\'s data (P-70)';
  }

  /** Retries one request: by the member it is for or their guardian (signed in within 5 minutes), or by the privacy officer. */
  async retry(caller: Caller, requestId: string): Promise<CancellationOutcome> {
    const notFound = () => new RightsError(404, 'NOT_FOUND', `no data-subject request ${requestId}`);
    // Who may retry anything at all is answered before the request is looked up, and another
    // member's request answers as a missing one: a different refusal would confirm it exists.
    if (caller.role !== 'privacy_officer') await this.actingSubject(caller, null);
    const request = await this.requestsOrFail(() => this.requests.get(requestId));
    if (!request) throw notFound();
    if (caller.role !== 'privacy_officer') {
      if (!request.memberId) throw notFound();
      // The authority to file it, checked again now: the member or their guardian while the link
      // holds, signed in within the last 5 minutes (P-64, P-70). Who filed it once is not enough,
      // though its filer is told why.
      try {
        await this.actingSubject(caller, request.memberId);
      } catch (error) {
        if (error instanceof RightsError && error.code === 'FORBIDDEN' && request.requestedBy !== caller.sub) throw notFound();
        throw error;
      }
    }
    // A rejected request stays rejected: a retry would answer 202 as if it were under way.
    if (request.kind === 'cancellation' && request.status === 'rejected') throw new RightsError(409, 'NOT_RETRYABLE', `request ${requestId} was rejected and is closed: there is nothing to retry; a new request may be filed`);
    return this.processCancellation(requestId);
  }

  /** The scheduled sweep: retries every cancellation left open or pending (P-62). */
  async retryPending(): Promise<CancellationOutcome[]> {
    const pending = await this.requestsOrFail(() => this.requests.openCancellations());
    const outcomes: CancellationOutcome[] = [];
    for (const r of pending) outcomes.push(await this.processCancellation(r.id));
    return outcomes;
  }

  /**
   * A requests store that cannot be reached stops the rights request with a clear 503 (P-82). A store
   * that did not answer in time may still have recorded the request, and a cancellation may have run:
   * the member is told to look before filing again, not that nothing happened.
   */
  private async requestsOrFail<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof RequestsUnavailable) throw new RightsError(503, 'REQUESTS_UNAVAILABLE', 'the data-subject requests store did not answer in time: the request may or may not have been recorded; see your requests (myDataSubjectRequests) before trying again');
      throw error;
    }
  }

  /** P-66: runs every subgraph's retention over its `/privacy/retain`; each runs it by its own clock. */
  async runRetention(retentionDays: Record<string, number>): Promise<RetentionRun> {
    const now = Date.now();
    const answers = await callPrivacyContract<RetentionReport>(this.options.subgraphs, 'retain', { retentionDays }, { timeoutMs: this.options.timeoutMs, signingSecret: this.signingSecret });
    const changes: Record<string, RetentionReport> = {};
    const failed: Record<string, string> = {};
    for (const a of answers) {
      if (a.status === 'ok') changes[a.subgraph] = a.value;
      else if (a.status === 'failed') failed[a.subgraph] = a.error;
    }
    return { now: new Date(now).toISOString(), retentionDays, changes, total: totalChanged(changes), failed };
  }
}
