/** The catalog subgraph's MikroORM entities (defineEntity; tables prefixed 'catalog_'). */
import { Product, Store } from './store.entity.js';

export const catalogEntities = [Store, Product];
