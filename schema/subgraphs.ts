import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, Source, parse, type DocumentNode } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));

/** The marketplace's subgraphs, in start order. Their default ports are 4001, 4002, ... */
export const SUBGRAPH_NAMES = ['accounts', 'catalog', 'orders', 'logistics', 'reviews', 'activity', 'support', 'privacy'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** The privacy preamble every subgraph's SDL starts with (directives/privacy.graphql). */
export const PRIVACY_PREAMBLE = readFileSync(join(here, '..', 'directives', 'privacy.graphql'), 'utf8');

/** A subgraph's own SDL text, without the preamble. */
export function subgraphSdl(name: string): string {
  return readFileSync(join(here, `${name}.graphql`), 'utf8');
}

/** A subgraph's full type definitions: the preamble, then its own SDL. A syntax error names the file and its line. */
export function subgraphTypeDefs(name: string): DocumentNode {
  const preamble = parse(new Source(PRIVACY_PREAMBLE, 'directives/privacy.graphql'));
  const own = parse(new Source(subgraphSdl(name), `schema/${name}.graphql`));
  return { kind: Kind.DOCUMENT, definitions: [...preamble.definitions, ...own.definitions] };
}

/** Default URL of a subgraph, overridable with SUBGRAPH_<NAME>_URL. */
export function defaultSubgraphUrl(name: string, env = process.env): string {
  const override = env[`SUBGRAPH_${name.toUpperCase()}_URL`];
  if (override) return override;
  const host = env.SUBGRAPH_HOST ?? '127.0.0.1';
  const base = Number(env.SUBGRAPH_BASE_PORT ?? 4001);
  return `http://${host}:${base + SUBGRAPH_NAMES.indexOf(name as SubgraphName)}/graphql`;
}
