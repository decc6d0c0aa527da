import { describe, expect, it, vi } from 'vitest';
import { decodeJwt } from 'jose';
import { generateKeyPair, exportJWK } from 'jose';
import { PERSONA_TOKENS_RESIGNED_MS, graphiqlForServing, personaOperationName } from '../../gateway/graphiql-personas.js';
import { isLocalRequest, isLoopbackHost } from '../../gateway/loopback.js';

/** Which GraphiQL the start scripts serve: the development tokens only on a loopback bind without CORS. */
describe('GraphiQL tokens by bind address and CORS', () => {
  const keys = async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    return { privateKey, publicJwk: await exportJWK(publicKey) } as any;
  };
  /** The tabs' headers of the page served for a request to `url` (its Host is the URL's). */
  const headersOf = (served: Awaited<ReturnType<typeof graphiqlForServing>>, url = 'http://127.0.0.1:4000/graphql') => {
    const page = typeof served.graphiql === 'function' ? served.graphiql(new Request(url)) : served.graphiql;
    return page === false ? [] : page.defaultTabs.map((t) => JSON.parse(t.headers) as Record<string, string>);
  };

  it('names loopback addresses only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('P-82 a request with any proxy\'s header is not this machine\'s own, whichever header its proxy adds', () => {
    const local = (headers: Record<string, string> = {}) => isLocalRequest(new Request('http://127.0.0.1:4000/graphql', { headers }));
    expect(local()).toBe(true);
    expect(local({ accept: 'text/html', 'x-purpose': 'essential.service' })).toBe(true);
    const proxies = ['Forwarded', 'Via', 'X-Forwarded-For', 'X-Forwarded-Host', 'X-Forwarded-Proto', 'X-Forwarded-Port', 'X-Forwarded-Server', 'X-Forwarded-Prefix', 'X-Forwarded', 'X-Real-IP', 'X-Original-Forwarded-For', 'CF-Connecting-IP', 'True-Client-IP', 'X-Client-IP', 'X-Cluster-Client-IP', 'Fastly-Client-IP', 'X-Envoy-External-Address', 'Fly-Client-IP', 'X-Vercel-Forwarded-For', 'CloudFront-Viewer-Address', 'X-ARR-ClientIP', 'Client-IP', 'X-ProxyUser-Ip', 'CDN-Loop', 'X-NF-Client-Connection-IP', 'Incap-Client-IP', 'X-Sucuri-ClientIP', 'Ali-CDN-Real-IP', 'Akamai-Origin-Hop', 'X-Cloud-Trace-Context', 'Tailscale-User-Login', 'WL-Proxy-Client-IP', 'Proxy-Client-IP', 'X-Originating-IP', 'X-Remote-Addr', 'X-Remote-IP', 'Forwarded-For', 'X-Forward-For', 'X-Host', 'X-Original-Host', 'X-Original-URL', 'X-ARR-Log-ID', 'X-ARR-SSL', 'CF-Connecting-IPv6', 'CF-Pseudo-IPv4', 'X-Azure-SocketIP', 'X-Azure-FDID', 'X-Varnish', 'Fastly-FF', 'Tailscale-Headers-Info'];
    for (const name of proxies) expect(local({ [name]: 'https' }), name).toBe(false);
  });

  it('P-64 the tabs\' tokens are signed again every minute: a page loaded long after start still carries a sign-in of the last five minutes', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), toFake: ['Date', 'setInterval'] });
    try {
      const served = await graphiqlForServing({ host: '127.0.0.1', corsOrigins: [], env: {} }, keys);
      const authTimeOfBuyer = () => decodeJwt(headersOf(served).find((h) => h.authorization)!.authorization!.slice(7)).auth_time as number;
      const first = authTimeOfBuyer();
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      await vi.waitFor(() => expect(authTimeOfBuyer()).toBeGreaterThan(first + 5 * 60 - PERSONA_TOKENS_RESIGNED_MS / 1000));
    } finally {
      vi.useRealTimers();
    }
  });

  it('names each tab by its persona', () => {
    expect(personaOperationName('merchant-deer')).toBe('MerchantDeer');
    expect(personaOperationName('visitor')).toBe('Visitor');
  });

  it('P-82 embeds the tokens on a loopback bind without CORS, and nowhere else', async () => {
    const env = {};
    const loopback = await graphiqlForServing({ host: '127.0.0.1', corsOrigins: [], env }, keys);
    expect(loopback.tokens).toBe(true);
    expect(headersOf(loopback).filter((h) => h.authorization)).toHaveLength(15);
    for (const serving of [{ host: '0.0.0.0', corsOrigins: [] }, { host: '127.0.0.1', corsOrigins: ['https://shop.example'] }, { host: '127.0.0.1', corsOrigins: ['*'] }]) {
      const served = await graphiqlForServing({ ...serving, env }, keys);
      expect(served.tokens, JSON.stringify(serving)).toBe(false);
      expect(headersOf(served).some((h) => h.authorization), JSON.stringify(serving)).toBe(false);
      expect(headersOf(served).find((h) => h['x-purpose'])).toBeTruthy();
    }
  });

  it('P-82 embeds the tokens only in a page asked for at a loopback Host: a site resolved to 127.0.0.1 (DNS rebinding) gets none', async () => {
    const served = await graphiqlForServing({ host: '127.0.0.1', corsOrigins: [], env: {} }, keys);
    for (const url of ['http://127.0.0.1:4000/graphql', 'http://localhost:4000/graphql', 'http://[::1]:4000/graphql']) {
      expect(headersOf(served, url).filter((h) => h.authorization), url).toHaveLength(15);
    }
    for (const url of ['http://attacker.example:4000/graphql', 'http://127.0.0.1.nip.io:4000/graphql', 'http://10.0.0.5:4000/graphql']) {
      const headers = headersOf(served, url);
      expect(headers.some((h) => h.authorization), url).toBe(false);
      expect(headers.find((h) => h['x-purpose']), url).toBeTruthy();
    }
  });

  it('P-82 in production: no GraphiQL unless GRAPHIQL=on, and then no tokens', async () => {
    expect((await graphiqlForServing({ host: '127.0.0.1', corsOrigins: [], env: { NODE_ENV: 'production' } }, keys)).graphiql).toBe(false);
    const on = await graphiqlForServing({ host: '127.0.0.1', corsOrigins: [], env: { NODE_ENV: 'production', GRAPHIQL: 'on' } }, keys);
    expect(on.graphiql).not.toBe(false);
    expect(headersOf(on).some((h) => h.authorization)).toBe(false);
  });
});
