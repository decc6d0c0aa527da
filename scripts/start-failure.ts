/**
 * What `npm start` prints when it cannot start: one line saying what failed and what to change,
 * never a stack (set DEBUG=1 for it). A failed start changes nothing: migrations run in a
 * transaction, and nothing is served.
 */
export function explainStartFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const e = error as NodeJS.ErrnoException & { port?: number; address?: string };
  const message = String(e?.message ?? error);
  if (e?.code === 'EADDRINUSE') return `npm start: port ${e.port ?? ''} on ${e.address ?? 'this machine'} is already in use: stop what holds it, or choose other ports with GATEWAY_PORT and SUBGRAPH_BASE_PORT (the eight subgraphs take SUBGRAPH_BASE_PORT to SUBGRAPH_BASE_PORT + 7)`;
  if (e?.code === 'EACCES' && e.port !== undefined) return `npm start: port ${e.port} may not be opened by this user: choose one above 1023 with GATEWAY_PORT or SUBGRAPH_BASE_PORT`;
  if (e?.code === 'ERR_SOCKET_BAD_PORT') return 'npm start: GATEWAY_PORT and SUBGRAPH_BASE_PORT must be port numbers from 1 to 65535 (and SUBGRAPH_BASE_PORT + 7 too)';
  if (/file is not a database|database disk image is malformed/i.test(message)) {
    return `npm start: the database file ${env.DATA_DIR ?? '.data'}/marketplace.db is not a SQLite database or is damaged: restore it, or move it away and npm start creates a new one with the demo data`;
  }
  if (e?.code === 'ENOTDIR' || e?.code === 'EACCES' || e?.code === 'EROFS' || /Unable to open connection/i.test(message)) {
    return `npm start: cannot create or open the database under DATA_DIR (${env.DATA_DIR ?? '.data'}): it must be a directory this user can write`;
  }
  return `npm start: ${message.split('\n')[0]} (set DEBUG=1 for the stack)`;
}
