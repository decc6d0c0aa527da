import { createServer, type Server } from 'node:http';
import { withValidRequestTarget } from '../schema/request-target.js';

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
export async function serveGateway(gateway: ServableGateway, options: { port: number; host: string; drainMs?: number; onClose?: () => Promise<void> }): Promise<Server> {
  const server = createServer(withValidRequestTarget(gateway as any));
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
