import type { EntityManager } from '@mikro-orm/core';
import { Product, Store } from './store.entity.js';
import { MERCHANT, PRODUCT, STORE, TINY_STORE } from '../demo-ids.js';

/** Demo data of the catalog subgraph (see resolvers/demo-ids.ts for the shared ids). */
export async function seedCatalog(em: EntityManager): Promise<void> {
  em.create(Store, { id: STORE.deer, name: 'Deer Outfitters', merchantId: MERCHANT.deer });
  em.create(Store, { id: STORE.lantern, name: 'Red Lantern', merchantId: MERCHANT.lantern });
  em.create(Store, { id: TINY_STORE.id, name: 'Tiny Kiosk', merchantId: TINY_STORE.merchantId });
  const product = (id: string, storeId: string, name: string, price: number) => em.create(Product, { id, storeId, name, price });
  product(PRODUCT.trailBoots, STORE.deer, 'Trail Boots', 129);
  product(PRODUCT.campTent, STORE.deer, 'Camp Tent', 249);
  product(PRODUCT.woolSocks, STORE.deer, 'Wool Socks', 19.5);
  product(PRODUCT.paperLantern, STORE.lantern, 'Paper Lantern', 24);
  product(PRODUCT.teaSet, STORE.lantern, 'Tea Set', 89);
  product(PRODUCT.silkFan, STORE.lantern, 'Silk Fan', 35);
  product(PRODUCT.postcards, TINY_STORE.id, 'Postcard Set', 3.5);
  product(PRODUCT.keychain, TINY_STORE.id, 'Keychain', 6);
  await em.flush();
}
