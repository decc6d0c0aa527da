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

/**
 * Headers a proxy, a load balancer or a CDN adds: a request that carries one came through a
 * forward, from wherever the proxy is reached. The `x-forwarded-*` family whole (a TLS-terminating
 * proxy may add only `x-forwarded-proto`), and the client-address headers of the common ones.
 */
const PROXY_HEADER = /^(forwarded|via|x-forwarded(-[a-z0-9-]+)?|x-real-ip|x-original-forwarded-for|x-client-ip|x-cluster-client-ip|true-client-ip|cf-connecting-ip|cf-ray|x-envoy-[a-z0-9-]+|x-arr-clientip|x-amzn-trace-id|x-appengine-user-ip|cloudfront-viewer-address|fly-client-ip|x-vercel-forwarded-for|client-ip|x-proxyuser-ip|wl-proxy-client-ip|proxy-client-ip|x-originating-ip|x-remote-addr|x-remote-ip|x-client-ip-address|forwarded-for|x-forward-for|x-host|x-original-host|x-original-url|x-arr-[a-z0-9-]+|cf-connecting-ipv6|cf-pseudo-ipv4|x-azure-[a-z0-9-]+|x-varnish|fastly-[a-z0-9-]+|tailscale-headers-info|cdn-loop|x-nf-client-connection-ip|incap-client-ip|x-sucuri-clientip|ali-cdn-real-ip|akamai-origin-hop|x-cloud-trace-context|tailscale-user-[a-z-]+)$/;

/**
 * A request a development gateway treats as this machine's own: it names a loopback Host (not a
 * page on another site resolved to 127.0.0.1) and carries no proxy's header. An nginx or a tunnel in
 * front of the gateway keeps the loopback Host, so without the second test its callers would get the
 * development tokens and the token-less explorer. A proxy that adds no header at all (nginx's bare
 * `proxy_pass`, a port forward) cannot be told from a local client: README "Quick start" says not
 * to put a development gateway behind one.
 */
export function isLocalRequest(request: { url: string; headers: { keys(): Iterable<string> } }): boolean {
  if (!isLoopbackHost(new URL(request.url).hostname)) return false;
  for (const name of request.headers.keys()) if (PROXY_HEADER.test(name.toLowerCase())) return false;
  return true;
}
