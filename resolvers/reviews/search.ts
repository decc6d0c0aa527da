import type { SqlEntityManager } from '@mikro-orm/libsql';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../subgraph-context.js';
import { Product, Store } from '../catalog/store.entity.js';
import { Homepage } from './review.entity.js';

/** The longest search term answered: names and nicknames are at most 200 characters (resolvers/accounts). */
const MAX_TERM = 200;

/** One hit of `search`, tagged with its union member; products and stores are references the gateway resolves from the catalog. */
export type SearchHit =
  | { __typename: 'Product' | 'Store'; id: string }
  | { __typename: 'Homepage'; memberId: string; bio: string | null };

/** `term` as a LIKE pattern matching names that contain it in any case; `%`, `_` and `\` in it match themselves. */
const containsPattern = (term: string) => `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Ids of the rows of a catalog table whose name contains `term`, by name then id. */
async function idsByName(ctx: SubgraphContext, entity: typeof Product | typeof Store, term: string, first: number): Promise<string[]> {
  if (first <= 0) return [];
  const em = ctx.em as unknown as SqlEntityManager;
  const rows: { id: string }[] = await em
    .createQueryBuilder(entity as any, 'e')
    .select('e.id')
    .where(`lower(e.name) like ? escape '\\'`, [containsPattern(term)])
    .orderBy({ name: 'asc', id: 'asc' })
    .limit(first)
    .execute('all', false);
  return rows.map((r) => r.id);
}

/** Whether the catalog has a product or store with this id: what `node(id:)` answers a reference for. */
export async function inCatalog(ctx: SubgraphContext, type: 'Product' | 'Store', id: string): Promise<boolean> {
  return Boolean(type === 'Product' ? await ctx.loaders.byId(Product).load(id) : await ctx.loaders.byId(Store).load(id));
}

/**
 * The storefront search. Product and store names are the catalog's public business data, read here
 * as a search index would hold them, and answered as references. A person is found only by the
 * exact nickname on their homepage, and the homepage is returned whatever its owner's switch says:
 * whether it may be found (P-34) is the gateway's decision, like every other privacy decision.
 */
export async function search(ctx: SubgraphContext, term: string, first: number): Promise<SearchHit[]> {
  const wanted = term.trim();
  // No name or nickname is this long; a 50 KB pattern failed in the driver ("LIKE pattern too complex").
  if (wanted.length > MAX_TERM) throw new GraphQLError(`search term is at most ${MAX_TERM} characters`, { extensions: { code: 'BAD_USER_INPUT', argument: 'term' } });
  if (!wanted || first <= 0) return [];
  const products = await idsByName(ctx, Product, wanted, first);
  const stores = await idsByName(ctx, Store, wanted, first - products.length);
  const hits: SearchHit[] = [
    ...products.map((id) => ({ __typename: 'Product' as const, id })),
    ...stores.map((id) => ({ __typename: 'Store' as const, id })),
  ];
  if (hits.length < first) {
    const homepage = await ctx.loaders.byId(Homepage, 'nickname').load(wanted);
    if (homepage) hits.push({ __typename: 'Homepage', memberId: homepage.memberId, bio: homepage.bio ?? null });
  }
  return hits;
}
