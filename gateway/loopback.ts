import { isIPv4, isIPv6 } from 'node:net';

/**
 * True for an address only this machine reaches: 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost`.
 * Read for a Host header's name (a page on another site resolved to 127.0.0.1 names its own host:
 * DNS rebinding) and for a socket's remote address alike.
 */
export function isLoopbackHost(host: string): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (address === 'localhost') return true;
  if (isIPv4(address)) return address.startsWith('127.');
  if (isIPv6(address)) return address === '::1' || address === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(address);
  return false;
}

/** Headers a proxy adds: a request that carries one came through a forward, from wherever the proxy is reached. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

/**
 * A request a development gateway treats as this machine's own: it names a loopback Host (not a
 * page on another site resolved to 127.0.0.1) and carries no proxy's header. An nginx or a tunnel in
 * front of the gateway keeps the loopback Host, so without the second test its callers would get the
 * development tokens and the token-less explorer.
 */
export function isLocalRequest(request: { url: string; headers: { has(name: string): boolean } }): boolean {
  return isLoopbackHost(new URL(request.url).hostname) && !PROXY_HEADERS.some((name) => request.headers.has(name));
}
