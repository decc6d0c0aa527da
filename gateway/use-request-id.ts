import { randomUUID } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { LegacyLogger } from '@graphql-hive/logger';

const HEADER = 'x-request-id';
/** A client's id is kept only if it looks like an id (it goes into log lines). */
const WELL_FORMED = /^[\w.:-]{1,128}$/;

/**
 * One server-generated id per request: in the `x-request-id` response header, on every log line
 * (`requestId`), in the audit entries (`context.requestId`) and on subgraph calls. A client's own
 * `x-request-id` is logged beside it (`clientRequestId`), never instead of it: a client cannot
 * choose the id its reads are audited under.
 */
export function useRequestId(): GatewayPlugin {
  // Kept on the server context, not keyed by the Request: a plugin that reads the body replaces
  // the Request (gateway/use-request-body-guard.ts), and the id must outlive that.
  return {
    onRequest({ request, serverContext }: any) {
      const id = randomUUID();
      const sent = request.headers.get(HEADER);
      serverContext.requestId = id;
      serverContext.log = serverContext.log.child({ requestId: id, ...(sent && WELL_FORMED.test(sent) ? { clientRequestId: sent } : {}) });
      serverContext.logger = LegacyLogger.from(serverContext.log);
    },
    onFetch({ context, options, setOptions }: any) {
      const id = context?.requestId;
      if (typeof id === 'string') setOptions({ ...(options ?? {}), headers: { ...(options?.headers ?? {}), [HEADER]: id } });
    },
    onResponse({ response, serverContext }: any) {
      const id = serverContext?.requestId;
      if (typeof id === 'string') response.headers.set(HEADER, id);
    },
  } as GatewayPlugin;
}
