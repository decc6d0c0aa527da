import { BENCH_IDS } from './seed-volume.js';
import { PERSONAS } from '../gateway/personas.js';

/**
 * The benchmark's operations, one per persona of gateway/personas.ts, as a client of the
 * marketplace would send them. Each names the subgraph that answers it alone, when one does (that
 * subgraph, asked directly, is the physical limit), and how many rows it returns.
 */
export interface BenchOperation {
  id: string;
  title: string;
  /** The persona whose token and default purpose the request carries (gateway/personas.ts). */
  persona: string;
  query: string;
  variables: Record<string, unknown>;
  /** The subgraph that serves the whole operation by itself; absent when it spans several. */
  directSubgraph?: string;
  /** Its decisions read facts about the rows' subjects (consents): also measured with the facts cache off. */
  facts?: boolean;
  /** Policy class for the overhead budget: ≤ 1.10× (visitor, self) or ≤ 1.15× (masking). */
  budget: 1.1 | 1.15;
  /** Operations whose size can be varied: the same operation at another row count (50 vs 500). */
  rows?: { variable: string; size: number };
  /** Also measured on the privacy gateway with its public-data cache on (a repeated visitor operation). */
  cache?: boolean;
  /** Its decisions read rows' inputs: also measured as `plain-with-inputs` (bench/plain-with-inputs.ts), the least any such layer pays. */
  readsRows?: boolean;
}

const PRODUCT_PAGE = /* GraphQL */ `
  query ProductPage($id: ID!) {
    product(id: $id) {
      id
      name
      price
      store { id name }
      questions { id text answers { id text } }
      comments { id text }
    }
  }
`;

const PRODUCT_REVIEWS = /* GraphQL */ `
  query ProductReviews($id: ID!) {
    product(id: $id) {
      id
      reviews { id rating text pictures createdAt }
    }
  }
`;

const ORDER_HISTORY = /* GraphQL */ `
  query OrderHistory($id: ID!) {
    member(id: $id) {
      id
      nickname
      email
      orders {
        id
        status
        createdAt
        total
        items { quantity price product { id name } }
        payment { method cardLast4 }
      }
    }
  }
`;

const STORE_ORDERS = /* GraphQL */ `
  query StoreOrders($store: ID!, $first: Int!) {
    storeOrders(storeId: $store, first: $first) {
      id
      status
      createdAt
      total
      discount
      note
      consigneeName
      consigneePhone
      deliveryAddress
      invoiceHeader
      taxpayerId
      crossBorder
      items { productId quantity price }
    }
  }
`;

const MANIFEST = /* GraphQL */ `
  query Manifest($carrier: ID!, $first: Int!) {
    shipments(carrierId: $carrier, first: $first) {
      id
      orderId
      waybill
      status
      deliveredAt
      crossBorder
      consigneeName
      consigneePhone
      address
    }
  }
`;

const BROWSING_EXPORT = /* GraphQL */ `
  query BrowsingExport($first: Int!) {
    browsingEvents(first: $first) {
      id
      memberId
      productId
      at
      ip
      deviceId
    }
  }
`;

export const OPERATIONS: BenchOperation[] = [
  {
    id: 'product-page',
    title: 'storefront product page (product, store, Q&A, comments)',
    persona: 'visitor',
    query: PRODUCT_PAGE,
    variables: { id: BENCH_IDS.product },
    budget: 1.1,
    cache: true,
  },
  {
    // Loaded beside the page. The access audit asks each review's author (a minor's review is
    // audited, P-70): the public cache shares it with its audit entries, recorded again per request.
    id: 'product-reviews',
    title: "storefront product's reviews (16 reviews)",
    persona: 'visitor',
    query: PRODUCT_REVIEWS,
    variables: { id: BENCH_IDS.product },
    budget: 1.1,
    cache: true,
  },
  {
    id: 'order-history',
    title: "member's order history (20 orders)",
    persona: 'buyer',
    query: ORDER_HISTORY,
    variables: { id: BENCH_IDS.buyer },
    budget: 1.1,
    readsRows: true,
  },
  {
    id: 'store-orders',
    title: "merchant's order list, 50 orders",
    persona: 'merchant-deer',
    query: STORE_ORDERS,
    variables: { store: BENCH_IDS.store, first: 50 },
    directSubgraph: 'orders',
    facts: true,
    budget: 1.15,
    rows: { variable: 'first', size: 50 },
    readsRows: true,
  },
  {
    id: 'manifest',
    title: 'carrier manifest, 100 shipments',
    persona: 'carrier-swift',
    query: MANIFEST,
    variables: { carrier: BENCH_IDS.carrier, first: 100 },
    directSubgraph: 'logistics',
    facts: true,
    budget: 1.15,
    rows: { variable: 'first', size: 100 },
    readsRows: true,
  },
  {
    id: 'analyst-export',
    title: 'analyst export, 1,000 pseudonymized events',
    persona: 'analyst',
    query: BROWSING_EXPORT,
    variables: { first: 1000 },
    directSubgraph: 'activity',
    budget: 1.15,
    rows: { variable: 'first', size: 1000 },
  },
];

/** The same operation at another row count (for the 50 vs 500 counts). */
export function withRows(op: BenchOperation, size: number): BenchOperation {
  if (!op.rows) throw new Error(`operation ${op.id} has no row count`);
  return { ...op, id: `${op.id}@${size}`, variables: { ...op.variables, [op.rows.variable]: size }, rows: { ...op.rows, size } };
}

export function operationById(id: string): BenchOperation {
  const found = OPERATIONS.find((o) => o.id === id);
  if (!found) throw new Error(`unknown operation ${id}`);
  return found;
}

/** The headers and body an operation is sent with: its persona's token (none for a visitor) and declared purpose. */
export function requestOf(op: BenchOperation, token: string | null | undefined): { headers: Record<string, string>; body: string } {
  const purpose = PERSONAS[op.persona]?.purpose;
  return {
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(purpose ? { 'x-purpose': purpose } : {}),
    },
    body: JSON.stringify({ query: op.query, variables: op.variables }),
  };
}
