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
