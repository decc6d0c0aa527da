import { createRequire } from 'node:module';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

const { version } = createRequire(import.meta.url)('@graphql-yoga/render-graphiql/package.json') as { version: string };

/**
 * Where the gateway serves GraphiQL's files: versioned, so browsers may keep them for good. They
 * come from graphql-yoga's self-contained GraphiQL bundle (`@graphql-yoga/render-graphiql`), so the
 * page needs no CDN: it works offline and under a CSP that names no other origin.
 */
export const GRAPHIQL_ASSETS_PATH = `/graphiql/${version}/`;

/** Which Monaco worker file serves which label (the labels yoga's GraphiQL asks for). */
const WORKERS = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };

/**
 * Starts GraphiQL: its options from the page's JSON block, Monaco's workers from this gateway, then
 * the bundle. A file rather than an inline script, so the page's CSP allows scripts from 'self' only.
 */
const START = `(() => {
  const base = document.currentScript.src.replace(/[^/]*$/, '');
  const workers = ${JSON.stringify(WORKERS)};
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => base + (workers[label] || workers.editorWorkerService) };
  const options = JSON.parse(document.getElementById('graphiql-options').textContent);
  // The persona tabs are the page's own: tabs GraphiQL kept from an earlier visit come back
  // without their headers (they are not persisted), so every tab would run as a visitor.
  try { localStorage.removeItem('graphiql:tabState'); } catch {}
  // GraphiQL writes the open tab's query into the address; reloaded, it put that query (the
  // buyer's, say) into the first tab, the visitor's, which then ran it without a token.
  if (location.search) history.replaceState(null, '', location.pathname);
  const bundle = document.createElement('script');
  bundle.src = base + 'graphiql.js';
  bundle.onload = () => YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  document.head.append(bundle);
  // GraphiQL introspects once, with the first tab's headers; each persona tab is another role's
  // schema (introspection is per role), so a tab switch, or a new tab (the visitor's, no headers),
  // fetches the schema again with its headers.
  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Element) || !event.target.closest('.graphiql-tab, .graphiql-tab-add')) return;
    setTimeout(() => document.querySelector('[aria-label^="Re-fetch GraphQL schema"]')?.click(), 50);
  }, true);
})();
`;

/**
 * Appended to the bundle's stylesheet. The tab strip's drag-to-reorder leaves each tab a transform
 * from its first layout (about 680 px at this page's 16 tabs) that it applies on mouse down, so
 * the first click on a tab landed beside it and switched nothing; the tabs keep their place.
 */
const CSS_OVERRIDES = `
.graphiql-tab { transform: none !important; }
/* Every persona tab in sight: the tabs wrap onto more rows, and the header grows to hold them, instead of running off the page unscrolled. */
.graphiql-container .graphiql-session-header { height: auto; min-height: var(--session-header-height); }
.graphiql-container .graphiql-tabs { flex-wrap: wrap; }
`;

/** The package's bundle module: the UMD build, its stylesheet and Monaco's workers, as strings. */
interface GraphiQLBundle { js: string; css: string; editorWorkerService: string; jsonWorker: string; graphqlWorker: string }
// A subpath export ("./*") that the layer check cannot resolve; node resolves it.
const BUNDLE_MODULE = '@graphql-yoga/render-graphiql/graphiql';

type Asset = { body: Uint8Array<ArrayBuffer>; type: string };
const utf8 = new TextEncoder();

/** The files by name, read from the package once, on the first request for one (the bundle is ~9 MB of strings). */
let assets: Promise<Map<string, Asset>> | undefined;
function loadAssets(): Promise<Map<string, Asset>> {
  assets ??= (import(BUNDLE_MODULE) as Promise<GraphiQLBundle>).then((bundle) => {
    const js = (text: string): Asset => ({ body: utf8.encode(text), type: 'text/javascript; charset=utf-8' });
    return new Map([
      ['start.js', js(START)],
      ['graphiql.js', js(bundle.js)],
      ['graphiql.css', { body: utf8.encode(bundle.css + CSS_OVERRIDES), type: 'text/css; charset=utf-8' }],
      [WORKERS.editorWorkerService, js(bundle.editorWorkerService)],
      [WORKERS.json, js(bundle.jsonWorker)],
      [WORKERS.graphql, js(bundle.graphqlWorker)],
    ]);
  });
  return assets;
}

/** Serves GraphiQL's files under {@link GRAPHIQL_ASSETS_PATH} (GET and HEAD); any other name there is a 404. */
export function useGraphiQLAssets(): GatewayPlugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const asset = (await loadAssets()).get(url.pathname.slice(GRAPHIQL_ASSETS_PATH.length));
      if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) {
        endResponse(new fetchAPI.Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : asset.body, {
          status: 200,
          headers: {
            'content-type': asset.type,
            'cache-control': 'public, max-age=31536000, immutable',
            'x-content-type-options': 'nosniff',
            // Only this origin's pages may load them (a worker or a script from elsewhere may not).
            'cross-origin-resource-policy': 'same-origin',
          },
        }),
      );
    },
  } as GatewayPlugin;
}
