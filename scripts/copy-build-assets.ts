/**
 * Part of `npm run build`: copies the files the code reads at run time next to the compiled
 * modules (tsc emits only .js), so dist/ resolves them exactly as the sources do.
 */
import { cpSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The policy text (docs/policy) is read at run time for rule texts; documents/ holds the trusted documents' manifest;
// the privacy explorer's page script and stylesheet are served as they are (gateway/explorer/).
const ASSET = /\.(json|graphql|md|css)$|\.client\.js$/;
const SOURCE_DIRS = ['directives', 'schema', 'resolvers', 'gateway', 'documents', 'docs/policy'];
// dist/scripts/copy-build-assets.js: the repository is two levels up, dist/ one.
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(dist, '..');

function copyAssets(dir: string): number {
  let copied = 0;
  for (const name of readdirSync(join(root, dir))) {
    const relative = join(dir, name);
    if (statSync(join(root, relative)).isDirectory()) copied += copyAssets(relative);
    else if (ASSET.test(name)) {
      cpSync(join(root, relative), join(dist, relative));
      copied++;
    }
  }
  return copied;
}

const copied = SOURCE_DIRS.reduce((sum, dir) => sum + copyAssets(dir), 0);
console.log(`build: ${copied} json/graphql/md/css/client.js files copied to ${dist}`);
