import { blockedFields, rootField, runDocument, type PartnerConnection } from '../partner-request.js';
import type { StoreOrdersQuery, StoreOrdersQueryVariables } from './generated/graphql.js';

/** sha256 of documents/merchant/StoreOrders.graphql, as registered in documents/manifest.json. */
export const STORE_ORDERS_DOCUMENT_ID = 'f10db47c0d211e286f118d12d17d41a96ea21f8ed47b2fc04806e8f2f1c60ab8';

/** The purpose a merchant declares for its order export (fulfilment, P-21). */
export const MERCHANT_PURPOSE = 'essential.service.operations';

export type StoreOrder = NonNullable<StoreOrdersQuery['storeOrdersConnection']>['nodes'][number];

export const CSV_COLUMNS = ['id', 'status', 'createdAt', 'total', 'items', 'consigneeName', 'consigneePhone', 'deliveryAddress', 'invoiceHeader', 'taxpayerId'] as const;

export interface StoreOrdersExport {
  /** RFC 4180 CSV, header first, one row per order. */
  csv: string;
  orders: StoreOrder[];
  /** Schema coordinates the policy withheld (their cells are empty), e.g. Order.taxpayerId. */
  blocked: string[];
  /** How many pages the cursor walked. */
  pages: number;
}

/** Every order of the store, paged by cursor until `hasNextPage` is false. */
export async function exportStoreOrders(options: Omit<PartnerConnection, 'purpose'> & { storeId: string; pageSize?: number; purpose?: string }): Promise<StoreOrdersExport> {
  const connection: PartnerConnection = { ...options, purpose: options.purpose ?? MERCHANT_PURPOSE };
  const orders: StoreOrder[] = [];
  const blocked = new Set<string>();
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const variables: StoreOrdersQueryVariables = { storeId: options.storeId, first: options.pageSize ?? 50, after };
    const page = await runDocument<StoreOrdersQuery>(connection, STORE_ORDERS_DOCUMENT_ID, variables);
    pages++;
    const list = rootField(page, 'storeOrdersConnection');
    orders.push(...list.nodes);
    for (const field of blockedFields(page.errors)) blocked.add(field);
    const { endCursor, hasNextPage } = list.pageInfo;
    if (!hasNextPage || !endCursor) break;
    after = endCursor;
  }
  return { csv: toCsv(orders), orders, blocked: [...blocked].sort(), pages };
}

/** The CSV alone, for callers that only write the file. */
export async function exportStoreOrdersCsv(options: Parameters<typeof exportStoreOrders>[0]): Promise<string> {
  return (await exportStoreOrders(options)).csv;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Items are written `productId x quantity @ price`, separated by `; `. */
export function toCsv(orders: StoreOrder[]): string {
  const rows = orders.map((order) =>
    CSV_COLUMNS.map((column) =>
      column === 'items'
        ? cell(order.items?.map((item) => `${item.productId ?? ''} x ${item.quantity ?? ''} @ ${item.price ?? ''}`).join('; '))
        : cell(order[column]),
    ).join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
