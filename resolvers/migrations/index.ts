import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123182235 as SqliteInitial } from './sqlite/Migration20261123182235.js';
import { Migration20261123182235 as PostgresInitial } from './postgresql/Migration20261123182235.js';
import { Migration20261123182919 as SqliteRightsAndAudit } from './sqlite/Migration20261123182919.js';
import { Migration20261123182920 as PostgresRightsAndAudit } from './postgresql/Migration20261123182920.js';
import { Migration20261205121136 as SqlitePaymentInstitution } from './sqlite/Migration20261205121136.js';
import { Migration20261205121136 as PostgresPaymentInstitution } from './postgresql/Migration20261205121136.js';
import { Migration20261205175831 as SqliteDeliveredHasDate } from './sqlite/Migration20261205175831.js';
import { Migration20261205175833 as PostgresDeliveredHasDate } from './postgresql/Migration20261205175833.js';
import { Migration20261205182326 as SqliteConsentGrantedBy } from './sqlite/Migration20261205182326.js';
import { Migration20261205182326 as PostgresConsentGrantedBy } from './postgresql/Migration20261205182326.js';
import { Migration20261206181749 as SqliteUnlinkedBuyers } from './sqlite/Migration20261206181749.js';
import { Migration20261206181750 as PostgresUnlinkedBuyers } from './postgresql/Migration20261206181750.js';
import { Migration20261206204658 as SqliteOneOpenTwin } from './sqlite/Migration20261206204658.js';
import { Migration20261206204659 as PostgresOneOpenTwin } from './postgresql/Migration20261206204659.js';

/**
 * The migrations of each dialect, listed explicitly rather than discovered by file globbing, so
 * they run the same under tsx, vitest and a bundler. `npm run migration:create` writes the files;
 * add each new one here.
 *
 * - Initial: the eight subgraphs' tables.
 * - RightsAndAudit: the data-subject requests `privacy_request` (P-64). The access audit (`audit_record`)
 *   (P-80) is the gateway's, in its own migration set (gateway/audit/audit-migrations.ts).
 * - PaymentInstitution: the institution processing each order's payment (P-24). Rows from before it
 *   keep none, and an order or payment without one is read by no payment institution.
 * - DeliveredHasDate: a delivered shipment carries its delivery date, from which its carrier's
 *   window (P-22) and the retention job count; one without it takes its shipping date.
 * - ConsentGrantedBy: who made each consent change, the member or their guardian: a child's own
 *   grant counts for nothing (P-70). Rows from before it read as the member's own.
 * - UnlinkedBuyers: per store, the cancelled members who bought there, whom `orderStats` still
 *   counts (P-62, P-52). Cancellations from before it counted none.
 * - OneOpenTwin: one open cancellation or copy per member and filer, so filings at once make one
 *   request (P-64); of twins already open, the earliest stands and the later are rejected.
 */
export const MIGRATIONS: Record<'sqlite' | 'postgresql', MigrationObject[]> = {
  sqlite: [
    { name: 'Migration20261123182235', class: SqliteInitial },
    { name: 'Migration20261123182919', class: SqliteRightsAndAudit },
    { name: 'Migration20261205121136', class: SqlitePaymentInstitution },
    { name: 'Migration20261205175831', class: SqliteDeliveredHasDate },
    { name: 'Migration20261205182326', class: SqliteConsentGrantedBy },
    { name: 'Migration20261206181749', class: SqliteUnlinkedBuyers },
    { name: 'Migration20261206204658', class: SqliteOneOpenTwin },
  ],
  postgresql: [
    { name: 'Migration20261123182235', class: PostgresInitial },
    { name: 'Migration20261123182920', class: PostgresRightsAndAudit },
    { name: 'Migration20261205121136', class: PostgresPaymentInstitution },
    { name: 'Migration20261205175833', class: PostgresDeliveredHasDate },
    { name: 'Migration20261205182326', class: PostgresConsentGrantedBy },
    { name: 'Migration20261206181750', class: PostgresUnlinkedBuyers },
    { name: 'Migration20261206204659', class: PostgresOneOpenTwin },
  ],
};
