import DataLoader from 'dataloader';
import type { EntityManager, EntityName } from '@mikro-orm/core';

/**
 * Per-request DataLoaders over a forked EntityManager.
 *
 * Every `__resolveReference` and list relation goes through these, so a query for 50 orders with
 * their buyers issues one `IN (...)` statement per relation, the same as for 5. Loaders live
 * only as long as the request: a cached row never crosses callers.
 */
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
   * one statement for every key asked (a window, `row_number() over (partition by …)`): a page of a
   * long list (`Store.orders(first: 1)` of a store with 200,000 orders) reads its page, never the
   * whole list to cut it, and 50 parents' pages cost one statement, as 5 do. Raw SQL because
   * MikroORM's `find` has no per-key limit; its rows are hydrated by `em.map` as `find` would.
   */
  firstBy<T extends object>(entity: EntityName<T>, field: string, orderBy: Record<string, 'asc' | 'desc'>, limit: number): DataLoader<string, T[]> {
    return this.loader(`first:${String((entity as any).name ?? entity)}:${field}:${limit}:${JSON.stringify(orderBy)}`, async (ids) => {
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      if (limit > 0) {
        const meta = this.em.getMetadata().get(entity as any);
        const platform = this.em.getPlatform();
        const column = (property: string) => platform.quoteIdentifier(meta.properties[property]!.fieldNames[0]!);
        const order = Object.entries(orderBy).map(([property, direction]) => `${column(property)} ${direction === 'desc' ? 'desc' : 'asc'}`).join(', ') || column(meta.primaryKeys[0]!);
        const sql =
          `select * from (select t.*, row_number() over (partition by ${column(field)} order by ${order}) as pg_row from ${platform.quoteIdentifier(meta.tableName)} t` +
          ` where ${column(field)} in (${ids.map(() => '?').join(', ')})) ranked where pg_row <= ? order by pg_row`;
        const rows = await this.em.getConnection().execute<Record<string, unknown>[]>(sql, [...ids, limit], 'all', this.em.getTransactionContext());
        for (const { pg_row: _, ...row } of rows) {
          const entityRow = this.em.map(entity as any, row) as T;
          groups.get(String((entityRow as any)[field]))?.push(entityRow);
        }
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
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
