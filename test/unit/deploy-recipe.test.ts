import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const compose = parse(readFileSync(join(ROOT, 'deploy', 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, any> };

/** Every environment variable the marketplace's code reads, from its sources. */
function variablesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/env(?:\.|\[['"`])([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
        // Secrets are read by name through schema/signing-secret.ts.
        for (const m of text.matchAll(/secretFromEnvOrDataDir\(.*?'([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]!);
      }
    }
  };
  for (const dir of ['directives', 'gateway', 'resolvers', 'schema', 'scripts']) walk(join(ROOT, dir));
  // schema/subgraphs.ts reads SUBGRAPH_<NAME>_URL by template.
  for (const name of SUBGRAPH_NAMES) names.add(`SUBGRAPH_${name.toUpperCase()}_URL`);
  return names;
}

describe('deploy recipe (deploy/compose.yaml)', () => {
  const ours = Object.entries(compose.services).filter(([, s]) => s.image === 'privacy-gateway:local');

  it('has PostgreSQL, Redis, a one-shot migrate, the eight subgraphs, two gateway replicas and a proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'migrate', ...SUBGRAPH_NAMES, 'gateway-a', 'gateway-b', 'proxy'].sort());
    for (const name of SUBGRAPH_NAMES) expect(compose.services[name].command.slice(0, 2)).toEqual(['dist/scripts/subgraph.js', name]);
  });

  it('names only environment variables the code reads', () => {
    const read = variablesTheCodeReads();
    const named = new Set(ours.flatMap(([, s]) => Object.keys(s.environment ?? {})));
    expect([...named].filter((v) => !read.has(v))).toEqual([]);
    // The ones a replica cannot run without in production are all there.
    for (const v of ['DATABASE_URL', 'SUBGRAPH_SIGNING_SECRET', 'PSEUDONYM_SECRET', 'AUDIT_CHAIN_KEY', 'REDIS_URL', 'IDENTITY_JWKS_URL']) expect(compose.services['gateway-a'].environment).toHaveProperty(v);
  });

  it('starts in order: postgres healthy → migrate done → subgraphs healthy → gateways healthy → proxy', () => {
    expect(compose.services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of SUBGRAPH_NAMES) expect(compose.services[name].depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    for (const name of SUBGRAPH_NAMES) expect(compose.services['gateway-b'].depends_on[name]).toEqual({ condition: 'service_healthy' });
    expect(compose.services.proxy.depends_on).toEqual({ 'gateway-a': { condition: 'service_healthy' }, 'gateway-b': { condition: 'service_healthy' } });
  });
});
