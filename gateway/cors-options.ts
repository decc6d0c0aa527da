import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** The origins allowed to call the gateway from a browser: `CORS_ORIGINS`, comma-separated. None by default. */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
}

type CorsOptions = { origin: string[]; credentials: boolean; methods: string[]; exposedHeaders: string[]; maxAge: number } | false;

/**
 * The runtime's `cors` option for an allow-list of origins (`*` allows any). A listed origin gets
 * `Access-Control-Allow-Origin` with its own value and never `Allow-Credentials` (clients send
 * bearer tokens, not cookies); any other origin, and every origin when the list is empty, gets no
 * CORS header at all, so browsers keep cross-origin pages from reading answers. The runtime's own
 * default would echo any origin with credentials allowed.
 */
export function corsOptions(origins: readonly string[]): (request: Request) => CorsOptions {
  const allowed = new Set(origins.map(normalizeOrigin));
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(allowed.has('*') || allowed.has(origin))) return false;
    // A listed page may read when to retry after a 429 and which request id to quote.
    return { origin: [origin], credentials: false, methods: ['GET', 'POST'], exposedHeaders: ['retry-after', 'x-request-id'], maxAge: 600 };
  };
}

/** Answers differ by `Origin` once an allow-list is set: caches must key on it. */
export function useVaryOnOrigin(): GatewayPlugin {
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary');
      if (!vary?.toLowerCase().split(/\s*,\s*/).includes('origin')) response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
    },
  } as GatewayPlugin;
}

/** `https://shop.example` as browsers send it; anything else in the list stops the gateway at start-up. */
function normalizeOrigin(entry: string): string {
  if (entry === '*') return entry;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(`CORS_ORIGINS: '${entry}' is not an origin (scheme://host[:port])`);
  }
  if (url.origin === 'null' || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`CORS_ORIGINS: '${entry}' is not an origin (scheme://host[:port], no path)`);
  }
  return url.origin;
}
