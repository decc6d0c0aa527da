import type { RequestRecord, RequestsAnswer, RequestsCall } from '../../schema/data-subject-requests.js';
import type { FactsProvider } from '../subject-facts.js';
import { callSubgraphContract } from './contract-client.js';

/** The subgraph that owns the data-subject requests (P-64) and serves `/privacy/requests`. */
export const REQUESTS_OWNER = 'privacy';

/** The requests store could not be reached or refused the call: the rights request stops there. */
export class RequestsUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestsUnavailable';
  }
}

/**
 * The data-subject requests as the gateway reaches them: over the privacy subgraph's signed
 * `/privacy/requests` contract, never in its table. Every call either answers or throws
 * {@link RequestsUnavailable}: a request is never assumed recorded.
 */
export class PrivacyRequests {
  constructor(
    private readonly subgraphs: readonly FactsProvider[],
    private readonly options: { timeoutMs?: number; signingSecret: string },
  ) {}

  /** The request recorded, or the same filer's open one it continues. */
  async record(input: Omit<Extract<RequestsCall, { op: 'record' }>, 'op'>): Promise<RequestRecord> {
    const recorded = await this.recordCancellation(input);
    if (recorded === 'cancelled') throw new RequestsUnavailable('the requests store did not record the request');
    return recorded;
  }

  /** As {@link record}; 'cancelled' for a cancellation of an account already cancelled with none open. */
  async recordCancellation(input: Omit<Extract<RequestsCall, { op: 'record' }>, 'op'>): Promise<RequestRecord | 'cancelled'> {
    const answer = await this.call({ op: 'record', ...input });
    if ('cancelled' in answer && answer.cancelled === true) return 'cancelled';
    if (!('request' in answer) || !answer.request) throw new RequestsUnavailable('the requests store did not record the request');
    return answer.request;
  }

  get(id: string): Promise<RequestRecord | null> {
    return this.one({ op: 'get', id });
  }

  async update(input: Omit<Extract<RequestsCall, { op: 'update' }>, 'op'>): Promise<RequestRecord | null> {
    return this.one({ op: 'update', ...input });
  }

  async openCancellations(): Promise<RequestRecord[]> {
    const answer = await this.call({ op: 'openCancellations' });
    if (!('requests' in answer) || !Array.isArray(answer.requests)) throw new RequestsUnavailable('the requests store answered without a list');
    return answer.requests;
  }

  private async one(call: RequestsCall): Promise<RequestRecord | null> {
    const answer = await this.call(call);
    if (!('request' in answer)) throw new RequestsUnavailable('the requests store answered without a request');
    return answer.request;
  }

  private async call(call: RequestsCall): Promise<RequestsAnswer> {
    const owner = this.subgraphs.find((s) => s.name === REQUESTS_OWNER);
    if (!owner) throw new RequestsUnavailable(`no '${REQUESTS_OWNER}' subgraph holds the data-subject requests`);
    const answer = await callSubgraphContract<RequestsAnswer>(owner, 'requests', call as unknown as Record<string, unknown>, this.options);
    if (answer.status === 'ok' && answer.value && typeof answer.value === 'object') return answer.value;
    throw new RequestsUnavailable(answer.status === 'failed' ? answer.error : `the '${REQUESTS_OWNER}' subgraph does not serve data-subject requests`);
  }
}
