import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * A subgraph's notice to the gateways that its facts may have changed (P-11: "a consent change
 * governs the very next request, on every gateway instance; a cached decision lives at most one
 * second, and a change invalidates it").
 *
 * Gateways keep a server-sent-events stream open on `GET /privacy/changes` and cache facts only
 * while it is open (gateway/facts-cache.ts). Every write a subgraph serves — a GraphQL mutation,
 * an erase, a retention run — announces `changed` on every open stream *before* the write's own
 * response leaves, so a gateway learns of the change before the client that made it can send
 * its next request. The notice says "something changed", not what: writes are rare beside reads,
 * and a notice that names too little would be a stale-consent bug, one that names everything
 * cannot be.
 */
export class FactsChangeFeed {
  private readonly streams = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    // A comment line now and then lets a gateway notice a connection that died silently.
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Serves one gateway's stream until it or this subgraph goes away. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.socket?.setNoDelay(true);
    // The first event tells the gateway the stream is live: from here on it hears of every change.
    res.write('event: ready\ndata: {}\n\n');
    this.streams.add(res);
    const drop = () => this.streams.delete(res);
    req.once('close', drop);
    res.once('close', drop);
  }

  /** Tells every connected gateway that facts may have changed. */
  publish(): void {
    this.write('event: changed\ndata: {}\n\n');
  }

  /** Ends every stream (the subgraph is stopping: the gateways stop caching its facts). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private write(chunk: string): void {
    for (const res of this.streams) res.write(chunk);
  }
}

/** Publishes a change after every mutation the subgraph executes, before its response is sent. */
export function usePublishOnMutation(feed: FactsChangeFeed): Plugin {
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      return {
        onExecuteDone() {
          feed.publish();
        },
      };
    },
  };
}
