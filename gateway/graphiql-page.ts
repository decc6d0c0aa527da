import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { GraphiQLOptions } from 'graphql-yoga';
import { GRAPHIQL_ASSETS_PATH } from './graphiql-assets.js';

/**
 * The GraphiQL page's Content-Security-Policy: scripts, styles, workers and requests from this
 * gateway only, no other origin, no inline script, no eval, never framed. Styles may be inline:
 * the editor (Monaco) writes its own style elements at run time.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The runtime's `renderGraphiQL`: a page whose code and styles are this gateway's own files
 * (gateway/graphiql-assets.ts) and whose options are a JSON data block, which runs no code.
 */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const favicon = typeof options.favicon === 'string' && options.favicon.startsWith('data:image/') ? `<link rel="icon" href="${escapeHtml(options.favicon)}">` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
${favicon}
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.css">
<script type="application/json" id="graphiql-options">${jsonForHtml(options)}</script>
<script src="${GRAPHIQL_ASSETS_PATH}start.js" defer></script>
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root"></div>
</body>
</html>
`;
}

/**
 * The page's headers: the CSP, never stored (it may carry development tokens), never readable
 * cross-origin (whatever the CORS allow-list says, no other site reads the page), no referrer.
 */
export function useGraphiQLPageHeaders(graphqlEndpoint: string): GatewayPlugin {
  return {
    onResponse({ request, response }) {
      if (request.method !== 'GET' || new URL(request.url).pathname.replace(/\/$/, '') !== graphqlEndpoint) return;
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      response.headers.set('content-security-policy', GRAPHIQL_CSP);
      response.headers.set('cache-control', 'no-store');
      response.headers.set('referrer-policy', 'no-referrer');
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('cross-origin-resource-policy', 'same-origin');
      // A page that opened GraphiQL (with its tokens) keeps no handle on its window.
      response.headers.set('cross-origin-opener-policy', 'same-origin');
      for (const name of [...response.headers.keys()]) if (name.startsWith('access-control-')) response.headers.delete(name);
    },
  } as GatewayPlugin;
}

/** JSON inside a <script> element: `<` escaped, so no value can close the element. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value ?? {}).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
