import DataLoader from 'dataloader';
import type { EntityManager, EntityName } from '@mikro-orm/core';

/**
 * Per-request DataLoaders over a forked EntityManager.
 *
 * Every `__resolveReference` and list relation goes through these, so a query for 50 orders with
 * their buyers issues one `IN (...)` statement per relation, the same as for 5. Loaders live
 * only as long as the request: a cached row never crosses callers.
 */
/** `first` as a row limit: the SDL default when absent or null, never negative. */
export const rowLimit = (first: number | null | undefined, fallback: number): number => Math.max(0, first ?? fallback);

export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<string, any>>();
  constructor(readonly em: EntityManager) {}

  /** Loads rows of `entity` by primary key `key`; a missing row resolves to null. */
  byId<T extends object>(entity: EntityName<T>, key = 'id'): DataLoader<string, T | null> {
    return this.loader(`one:${String((entity as any).name ?? entity)}:${key}`, async (ids) => {
      const rows = await this.em.find(entity, { [key]: { $in: [...ids] } } as any);
      const byKey = new Map(rows.map((r: any) => [String(r[key]), r]));
      return ids.map((id) => byKey.get(id) ?? null);
    });
  }

  /** Loads every row of `entity` whose `field` equals each key (one-to-many), in `orderBy` order. */
  manyBy<T extends object>(entity: EntityName<T>, field: string, orderBy: Record<string, 'asc' | 'desc'> = {}): DataLoader<string, T[]> {
    return this.loader(`many:${String((entity as any).name ?? entity)}:${field}`, async (ids) => {
      const rows = await this.em.find(entity, { [field]: { $in: [...ids] } } as any, { orderBy } as any);
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of rows as any[]) groups.get(String(row[field]))?.push(row);
      return ids.map((id) => groups.get(id) ?? []);
    });
  }

  /**
   * Loads the first `limit` rows of `entity` whose `field` equals each key, in `orderBy` order, in
   * one statement for every key and every limit asked (the largest limit read, each key's page cut
   * from it): each key's rows are found by a subquery with its own `LIMIT`, so a page of a long list
   * (`Store.orders(first: 1)` of a store with 200,000 orders) stops after its rows rather than
   * reading the whole list to cut it, and 50 parents' pages cost one statement, as 5 do. Raw SQL
   * because MikroORM's `find` has no per-key limit; its rows are hydrated by `em.map` as `find` would.
   */
  firstBy<T extends object>(entity: EntityName<T>, field: string, orderBy: Record<string, 'asc' | 'desc'>, limit: number): { load(key: string): Promise<T[]> } {
    const loader = this.loader<T[]>(`first:${String((entity as any).name ?? entity)}:${field}:${JSON.stringify(orderBy)}`, async (keys) => {
      const pages = keys.map((key) => JSON.parse(key) as [string, number]);
      const ids = [...new Set(pages.map(([id]) => id))];
      const most = Math.max(0, ...pages.map(([, n]) => n));
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      if (most > 0) {
        const meta = this.em.getMetadata().get(entity as any);
        const platform = this.em.getPlatform();
        const column = (property: string, table: string) => `${table}.${platform.quoteIdentifier(meta.properties[property]!.fieldNames[0]!)}`;
        const order = (table: string) => Object.entries(orderBy).map(([property, direction]) => `${column(property, table)} ${direction === 'desc' ? 'desc' : 'asc'}`).join(', ');
        const key = meta.primaryKeys[0]!;
        const tableName = platform.quoteIdentifier(meta.tableName);
        const sql =
          `with p(k) as (values ${ids.map(() => '(?)').join(', ')}) select t.* from p join ${tableName} t on ${column(key, 't')} in ` +
          `(select ${column(key, 'r')} from ${tableName} r where ${column(field, 'r')} = p.k order by ${order('r') || column(key, 'r')} limit ?) order by ${order('t') || column(key, 't')}`;
        const rows = await this.em.getConnection().execute<Record<string, unknown>[]>(sql, [...ids, most], 'all', this.em.getTransactionContext());
        for (const row of rows) {
          const entityRow = this.em.map(entity as any, row) as T;
          groups.get(String((entityRow as any)[field]))?.push(entityRow);
        }
      }
      return pages.map(([id, n]) => (groups.get(id) ?? []).slice(0, n));
    });
    return { load: (key: string) => loader.load(JSON.stringify([key, Math.max(0, limit)])) };
  }

  /** A loader of the request by name, over `batch` (one call per tick for every key asked). */
  named<V>(name: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    return this.loader(`named:${name}`, batch);
  }

  private loader<V>(name: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<string, V>(batch);
      this.loaders.set(name, loader);
    }
    return loader;
  }
}
