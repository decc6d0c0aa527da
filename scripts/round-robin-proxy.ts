import { createServer, request, type Server } from 'node:http';
import { getOperationAST, parse } from 'graphql';

/** The largest request body the proxy buffers (it must keep it to replay it on another replica). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Errors that prove the request never reached a replica, so sending it to another is safe. */
const NEVER_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED']);

/** A read may be replayed after a reset (at worst it is audited twice); a mutation never is. */
function isRead(method: string | undefined, body: Buffer): boolean {
  if (method === 'GET') return true;
  try {
    const { query, operationName } = JSON.parse(body.toString('utf8'));
    return getOperationAST(parse(query), operationName)?.operation === 'query';
  } catch {
    return false;
  }
}

/**
 * A round-robin HTTP proxy in front of the gateway replicas, hand-written in a few lines because it
 * needs exactly one behaviour a generic proxy package does not give by default: a request that a
 * replica refused to connect (restarting, killed) is replayed on the next one, and so is a read
 * whose connection was reset before any answer; a mutation a replica may have taken never is. No keep-alive towards the replicas, so a
 * draining replica's closed socket shows as a refused connection, not a reset mid-request.
 */
export function startRoundRobinProxy(upstreams: URL[], options: { port: number; host: string }): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"errors":[{"message":"request body too large"}]}');
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const body = Buffer.concat(chunks);
      const read = isRead(req.method, body);
      // The client's address appended, as nginx's $proxy_add_x_forwarded_for does: the replicas, told
      // GATEWAY_TRUSTED_PROXIES=1, count each visitor by it (not the proxy's, shared by all; nor one a client wrote).
      const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
      // A replay goes to the next replica after this request's own previous one, whatever other requests took meanwhile.
      const first = next++;
      const attempt = (tries: number) => {
        const target = upstreams[(first + tries) % upstreams.length]!;
        const upstream = request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwardedFor, connection: 'close' }, agent: false },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (res.headersSent) return res.destroy();
          // Any other failure before an answer (a reset: the replica killed or closing its backlog) may have run the request: only a read is replayed.
          const replayable = read || NEVER_REACHED.has(error.code ?? '');
          if (replayable && tries + 1 < upstreams.length * 3) return void setTimeout(() => attempt(tries + 1), tries < upstreams.length ? 0 : 100);
          // Never the replica's address nor the socket error: the client learns only that no replica answered.
          res.writeHead(502, { 'content-type': 'application/json' }).end('{"errors":[{"message":"no gateway replica answered"}]}');
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
