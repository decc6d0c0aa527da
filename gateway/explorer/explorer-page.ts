import { readFileSync } from 'node:fs';

/** The explorer page's Content-Security-Policy: its script, style and requests from this gateway only, no inline code. */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page: a shell the script fills from the JSON API (gateway/explorer/explorer.client.js). */
export function explorerPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Privacy explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/privacy/explorer/assets/explorer.css">
<script src="/privacy/explorer/assets/explorer.js" defer></script>
</head>
<body>
<header>
<h1>Privacy explorer</h1>
<p class="intro">What the policy does to each field of the schema, for a role and a purpose, before any data exists. Policy <span id="policy-version">…</span>.</p>
</header>
<main>
<section class="controls" aria-label="What to show">
<label for="role">Role</label>
<select id="role"></select>
<label for="purpose">Purpose</label>
<select id="purpose"></select>
<label for="filter">Filter fields</label>
<input id="filter" type="search" placeholder="type or field, e.g. consignee" autocomplete="off">
<a class="jump" href="#proposal-title">Dry run of a proposed policy ↓</a>
</section>
<section aria-labelledby="legend-title">
<h2 id="legend-title">Legend</h2>
<ul id="legend" class="legend"></ul>
</section>
<section aria-labelledby="tree-title">
<h2 id="tree-title">Schema <span id="view-title" class="muted"></span></h2>
<p id="status" role="status" aria-live="polite">Loading…</p>
<ul id="tree" class="tree"></ul>
</section>
<section aria-labelledby="proposal-title" class="proposal">
<h2 id="proposal-title">Dry run of a proposed policy</h2>
<p class="muted">Load a policy file (like directives/policy.json) or paste it: the outcomes that would change are listed, releases first, and marked in the tree. Nothing is applied.</p>
<label for="proposal-file">Policy file</label>
<input id="proposal-file" type="file" accept="application/json,.json">
<label for="proposal-text">or the policy as JSON</label>
<textarea id="proposal-text" rows="8" spellcheck="false"></textarea>
<div><button id="run-diff" type="button">Show the differences</button> <button id="clear-diff" type="button">Clear</button></div>
<div id="diff-status" role="status" aria-live="polite"></div>
<div id="diff"></div>
</section>
</main>
</body>
</html>
`;
}

const ASSETS: Record<string, { file: string; type: string }> = {
  'explorer.js': { file: 'explorer.client.js', type: 'text/javascript; charset=utf-8' },
  'explorer.css': { file: 'explorer.css', type: 'text/css; charset=utf-8' },
};

const loaded = new Map<string, string>();

/** The page's script or stylesheet by its served name, read once; undefined for any other name. */
export function explorerAsset(name: string): { body: string; type: string } | undefined {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let body = loaded.get(name);
  if (body === undefined) {
    body = readFileSync(new URL(asset.file, import.meta.url), 'utf8');
    loaded.set(name, body);
  }
  return { body, type: asset.type };
}
