import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import type { Marketplace } from './marketplace.js';

/** A privacy gateway over the marketplace's subgraphs, listening on its own port, whose accounts subgraph is reached through a proxy. */
export interface ProxiedGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a privacy gateway (facts cache off) whose calls to the accounts subgraph pass a proxy:
 * `onFacts` sees each call to its facts contract (`/privacy/facts`) with its body, and answers
 * true to have the proxy fail it (503) instead of passing it on. The graph's calls always pass.
 */
export async function gatewayWithAccountsProxy(m: Marketplace, onFacts: (body: string) => boolean | void): Promise<ProxiedGateway> {
  const accounts = m.subgraphs.find((s) => s.name === 'accounts')!.url;
  const proxy = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      if (req.url!.startsWith('/privacy/facts') && onFacts(body) === true) {
        res.writeHead(503).end();
        return;
      }
      const answer = await fetch(new URL(req.url!, accounts), { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'POST' ? body : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await listen(proxy);
  const viaProxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${new URL(accounts).pathname}`;
  const gateway = createPrivacyGateway({ supergraph: m.supergraph.replaceAll(accounts, viaProxy), identity: { publicKey: m.keys.publicJwk }, graphiql: false, orm: m.orm, factsCacheMs: 0 });
  const server = createServer(gateway as any);
  await listen(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await (gateway as any).dispose?.();
    },
  };
}

const listen = (server: Server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
