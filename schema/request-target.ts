import type { IncomingMessage, ServerResponse } from 'node:http';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A Host header (RFC 9110 7.2): a name or IPv4 address, or an IPv6 one in brackets, and an optional port; no path, user or query. */
const HOST = /^(?:[A-Za-z0-9\-._~]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * A request's target as the servers read it: a path (`/graphql?x=1`) under a Host that parses, or
 * null. The absolute form (`GET http://host/graphql`, RFC 9112 3.2.2) is read as its path, its
 * host taking the Host header's place, as the RFC says.
 */
export function originFormOf(req: IncomingMessage): { path: string; host: string } | null {
  const target = req.url ?? '';
  // One Host header, as RFC 9112 3.2 has it: Node keeps the first of two and reads none as
  // `localhost`, and the Host decides who gets a development gateway's tokens and explorer.
  if (hostHeaders(req) > 1) return null;
  try {
    if (target.startsWith('/')) {
      if (req.headers.host === undefined) return null;
      const host = req.headers.host;
      if (!HOST.test(host)) return null;
      new URL(`http://${host}${target}`);
      return { path: target, host };
    }
    if (!/^https?:\/\//i.test(target)) return null;
    const url = new URL(target);
    return { path: `${url.pathname}${url.search}`, host: url.host };
  } catch {
    return null;
  }
}

function hostHeaders(req: IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') count++;
  return count;
}

/**
 * Wraps a server's request handler so that a request whose target or Host header does not parse
 * (two Host headers, or none)
 * gets a 400 here. The runtime builds its URL from them before any plugin runs, and its answer to
 * that failure is a 500 whose body is the error's stack, naming the install path.
 */
export function withValidRequestTarget(handler: NodeHandler): NodeHandler {
  return (req, res) => {
    const target = originFormOf(req);
    if (!target) {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: 'Bad request: the request target must be a path and one Host header a host name or address with an optional port.', extensions: { code: 'BAD_REQUEST' } }] }));
      return;
    }
    req.url = target.path;
    req.headers.host = target.host;
    return handler(req, res);
  };
}
