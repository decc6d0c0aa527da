import type { PrivacyBlockedError, PrivacyDecision } from '../generated/response.js';
import { isPrivacyBlocked, rootField, runDocument, type PartnerConnection } from '../partner-request.js';
import type { ManifestQuery, ManifestQueryVariables } from './generated/graphql.js';

/** sha256 of documents/logistics/Manifest.graphql, as registered in documents/manifest.json. */
export const MANIFEST_DOCUMENT_ID = 'f82eab33b0f1ce2f96ffbef2065cb547c6cd93ae11a19260e9f6d4a8166fd48c';

/** The purpose a carrier declares to read delivery data (P-22). */
export const CARRIER_PURPOSE = 'essential.service.operations.delivery';

export type Shipment = NonNullable<ManifestQuery['shipmentsConnection']>['nodes'][number];

/** One manifest row: the shipment as served, and which of its fields the gateway withheld (null). */
export interface ManifestRow extends Shipment {
  withheld: Array<{ field: keyof Shipment; rule: string }>;
}

export interface Manifest {
  rows: ManifestRow[];
  /** What the policy did to the carrier's fields across all pages, one entry per field, outcome and rule. */
  outcomes: Array<Pick<PrivacyDecision, 'field' | 'outcome' | 'rule'>>;
  pages: number;
}

/** Row index and field of a blocked path `shipmentsConnection.nodes.<i>.<field>`. */
function blockedCells(extensions: PrivacyBlockedError, path: ReadonlyArray<string | number> | undefined): Array<[number, keyof Shipment]> {
  const paths = extensions.paths ?? (path ? [path as (string | number)[]] : []);
  return paths.flatMap((p) => (p[0] === 'shipmentsConnection' && p[1] === 'nodes' && typeof p[2] === 'number' && typeof p[3] === 'string' ? [[p[2], p[3] as keyof Shipment] as [number, keyof Shipment]] : []));
}

/** The carrier's whole manifest, paged by cursor until `hasNextPage` is false. */
export async function fetchManifest(options: Omit<PartnerConnection, 'purpose'> & { carrierId: string; pageSize?: number; purpose?: string }): Promise<Manifest> {
  const connection: PartnerConnection = { ...options, purpose: options.purpose ?? CARRIER_PURPOSE };
  const rows: ManifestRow[] = [];
  const outcomes = new Map<string, Pick<PrivacyDecision, 'field' | 'outcome' | 'rule'>>();
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const variables: ManifestQueryVariables = { carrierId: options.carrierId, first: options.pageSize ?? 100, after };
    const page = await runDocument<ManifestQuery>(connection, MANIFEST_DOCUMENT_ID, variables);
    pages++;
    const list = rootField(page, 'shipmentsConnection');
    const pageRows: ManifestRow[] = list.nodes.map((shipment) => ({ ...shipment, withheld: [] }));
    for (const error of page.errors) {
      if (!isPrivacyBlocked(error.extensions)) continue;
      for (const [index, field] of blockedCells(error.extensions, error.path)) pageRows[index]?.withheld.push({ field, rule: error.extensions.rule });
    }
    rows.push(...pageRows);
    for (const { field, outcome, rule } of page.privacy?.decisions ?? []) outcomes.set(`${field} ${outcome} ${rule}`, { field, outcome, rule });
    const { endCursor, hasNextPage } = list.pageInfo;
    if (!hasNextPage || !endCursor) break;
    after = endCursor;
  }
  return { rows, outcomes: [...outcomes.values()].sort((a, b) => a.field.localeCompare(b.field) || a.outcome.localeCompare(b.outcome)), pages };
}
