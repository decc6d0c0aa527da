import { request, type ClientRequest } from 'node:http';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getOperationAST, type DocumentNode } from 'graphql';
import { mutationMayWrite } from './mutation-may-write.js';
import type { FactsCache } from './facts-cache.js';
import type { FactsProvider } from './subject-facts.js';
import { privacyOperationUrl } from './rights/contract-client.js';
import { signContractCall } from '../schema/contract-signing.js';
import { loadSigningSecret } from '../schema/signing-secret.js';

export interface FactsFreshnessOptions {
  /** First reconnection delay after a stream drops; doubles up to `maxRetryMs`. Default 100 ms. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Treat a stream silent for this long as dead (the feed sends a heartbeat every 15 s). Default 40 s. */
  idleMs?: number;
  onStreamError?: (provider: string, error: Error) => void;
  /** Signs each stream's request (schema/contract-signing.ts). Default: SUBGRAPH_SIGNING_SECRET, or the one under DATA_DIR. */
  signingSecret?: string;
}

/**
 * Keeps each facts owner's change stream open and tells the cache what it hears: the stream is
 * ready (the owner's facts may be cached), a change (forget them), the stream is gone (stop
 * caching them until it is back). Returns a function that closes every stream.
 */
export function followFactsChanges(cache: FactsCache, providers: FactsProvider[], options: FactsFreshnessOptions = {}): () => void {
  const retryMs = options.retryMs ?? 100;
  const maxRetryMs = options.maxRetryMs ?? 2000;
  const idleMs = options.idleMs ?? 40_000;
  const secret = options.signingSecret ?? loadSigningSecret();
  let closed = false;
  const open = new Set<ClientRequest>();
  const timers = new Set<NodeJS.Timeout>();

  const follow = (provider: FactsProvider, delay: number) => {
    if (closed) return;
    let heard = false;
    const retry = (error?: Error) => {
      if (error) options.onStreamError?.(provider.name, error);
      cache.setLive(provider.name, false);
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        follow(provider, heard ? retryMs : Math.min(delay * 2, maxRetryMs));
      }, delay);
      timer.unref();
      timers.add(timer);
    };
    const url = new URL(privacyOperationUrl(provider.url, 'changes'));
    const signature = signContractCall(secret, { audience: provider.name, method: 'GET', path: url.pathname + url.search, body: '' });
    const req = request(url, { method: 'GET', agent: false, headers: { accept: 'text/event-stream', ...signature } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = /^event: (\w+)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (event === 'ready') {
            heard = true;
            cache.setLive(provider.name, true);
          } else if (event === 'changed') cache.invalidate(provider.name);
        }
      });
    });
    open.add(req);
    req.setTimeout(idleMs, () => req.destroy(new Error(`no heartbeat for ${idleMs} ms`)));
    req.on('socket', (socket) => socket.unref()); // following changes never keeps the process alive
    // Whatever ends the stream — an error, the subgraph stopping, a bad status — stops caching its facts.
    let ended = false;
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      open.delete(req);
      retry(error);
    };
    req.on('error', end);
    req.on('close', () => end());
    req.end();
  };

  for (const provider of providers) follow(provider, retryMs);
  return () => {
    closed = true;
    for (const timer of timers) clearTimeout(timer);
    for (const req of open) req.destroy();
    for (const provider of providers) cache.setLive(provider.name, false);
  };
}

/**
 * A mutation through this gateway may change facts: forget them as soon as it is done, so that
 * this gateway's next request asks again even before the owner's change notice arrives. Not a
 * visitor's: every mutation acts for a signed-in member, and forgetting for anyone's refused one
 * let a visitor empty the cache for everyone, as often as the rate limit allows.
 */
export function useForgetFactsOnMutation(cache: FactsCache): GatewayPlugin {
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document as DocumentNode, args.operationName)?.operation !== 'mutation') return;
      if (!mutationMayWrite(args.document as DocumentNode, args.operationName, (args.contextValue as { caller?: { sub?: string | null } } | undefined)?.caller)) return;
      return {
        onExecuteDone({ result }: { result: unknown }) {
          // A mutation refused whole (its data null, or every field of it null) changed nothing.
          const data = (result as { data?: Record<string, unknown> | null } | undefined)?.data;
          if (data && typeof data === 'object' && Object.values(data).some((value) => value !== null)) cache.invalidateAll();
        },
      };
    },
  } as GatewayPlugin;
}
