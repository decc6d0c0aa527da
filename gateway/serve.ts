import { createServer, type Server } from 'node:http';
import { withValidRequestTarget } from '../schema/request-target.js';
import { positiveFromEnv } from './env-values.js';

export interface ServeOptions {
  port: number;
  host: string;
  drainMs?: number;
  onClose?: () => Promise<void>;
  /** How long a client may take to send its request's headers (default 10 s). */
  headersTimeoutMs?: number;
  /** Connections open at once; more are refused at once (default `GATEWAY_MAX_CONNECTIONS`, else 4,096). */
  maxConnections?: number;
  /** Connections one client address may hold at once; more are refused at once (default `GATEWAY_MAX_CONNECTIONS_PER_ADDRESS`, else 256). */
  maxConnectionsPerAddress?: number;
  /** How long a client may take to send its whole request, body included (default 30 s). */
  requestTimeoutMs?: number;
}

/** What `serveGateway` needs of a gateway runtime: a Node request handler that can be disposed. */
export interface ServableGateway {
  (req: any, res: any): unknown;
  dispose?: () => Promise<void> | void;
}

/**
 * Serves a gateway runtime on host:port and takes over SIGINT/SIGTERM for a graceful drain: stop
 * accepting connections, let in-flight requests finish (up to `drainMs`), then dispose. The Hive
 * runtime would otherwise dispose itself on SIGTERM and abort in-flight requests (DESIGN.md traps).
 */
export async function serveGateway(gateway: ServableGateway, options: ServeOptions): Promise<Server> {
  // A client that never finishes its headers is cut off after `headersTimeoutMs`, checked every
  // second (Node checks every 30 s by default), and the connections are capped below the process's
  // open-file limit: 20,000 slow-header connections from one anonymous client took every file
  // handle, and the gateway's own calls to the subgraphs failed (P-82 blocks for everyone). The
  // rate limits count requests only once their headers are in, so they never saw these.
  // A body sent a byte at a time is cut off after `requestTimeoutMs` (a body is at most 100 KB), and
  // one address holds at most `maxConnectionsPerAddress` connections: 4,100 slow bodies from one
  // client held every connection the cap allows, and no other caller got one.
  const server = createServer({ headersTimeout: options.headersTimeoutMs ?? 10_000, requestTimeout: options.requestTimeoutMs ?? 30_000, connectionsCheckingInterval: 1_000 }, withValidRequestTarget(gateway as any));
  server.maxConnections = options.maxConnections ?? positiveFromEnv('GATEWAY_MAX_CONNECTIONS', 4_096);
  const perAddress = options.maxConnectionsPerAddress ?? positiveFromEnv('GATEWAY_MAX_CONNECTIONS_PER_ADDRESS', 256);
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      // Told why, so a busy client's pool sees a refusal rather than a connection that hangs.
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 47\r\n\r\ntoo many connections from this address; retry\r\n');
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  let closing = false;
  const drain = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: draining in-flight requests…`);
    const timer = setTimeout(() => server.closeAllConnections(), options.drainMs ?? 10_000);
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(timer);
    await gateway.dispose?.();
    await options.onClose?.();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void drain(signal));
  }
  return server;
}
