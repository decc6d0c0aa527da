import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoundRobinProxy } from '../../scripts/round-robin-proxy.js';

/** Two replicas that answer with the x-forwarded-for they received. */
describe('the cluster proxy', () => {
  const servers: Server[] = [];
  let proxy: Server;
  let url: string;
  beforeAll(async () => {
    const upstreams: URL[] = [];
    for (let i = 0; i < 2; i++) {
      const server = createServer((req, res) => res.end(JSON.stringify({ replica: i, forwardedFor: req.headers['x-forwarded-for'] ?? null })));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      upstreams.push(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    }
    proxy = await startRoundRobinProxy(upstreams, { port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    for (const s of [proxy, ...servers]) await new Promise<void>((resolve) => s?.close(() => resolve()));
  });

  it('P-82 appends the client\'s address to x-forwarded-for, so replicas trusting one proxy count each visitor by it, not by the proxy\'s address nor by one the client wrote', async () => {
    const plain = (await (await fetch(url)).json()) as { forwardedFor: string };
    expect(plain.forwardedFor).toBe('127.0.0.1');
    const spoofed = (await (await fetch(url, { headers: { 'x-forwarded-for': '10.0.0.7' } })).json()) as { forwardedFor: string };
    // The rightmost entry is the proxy's own view of the client: the one GATEWAY_TRUSTED_PROXIES=1 reads.
    expect(spoofed.forwardedFor).toBe('10.0.0.7, 127.0.0.1');
  });
});
