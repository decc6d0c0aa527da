/**
 * P-22 counts a carrier's 30 days from the delivery, and the retention job its years from the same
 * date: the shipments table refuses a delivered parcel without its date, and the migration that
 * added the check gave such a row its shipping date (the carrier's window only shortens).
 */
import type { MikroORM } from '@mikro-orm/core';
import { expect, it } from 'vitest';
import { databaseKind } from '../../resolvers/orm.js';
import { MIGRATIONS } from '../../resolvers/migrations/index.js';
import { emptyDatabasePerTest } from '../support/test-database.js';

const freshOrm = emptyDatabasePerTest();

const knexOf = (orm: MikroORM) => (orm.em.getConnection() as any).getKnex();
const CHECK = 'Migration20261205175831';
const CHECK_PG = 'Migration20261205175833';

function shipment(id: string, status: string, deliveredAt: Date | null) {
  return {
    id, order_id: `o-${id}`, carrier_id: 'oceanic', waybill: `WB-${id}`, status, cross_border: false,
    created_at: new Date('2026-01-02T03:04:05Z'), delivered_at: deliveredAt, buyer_id: 'm-1', consignee_name: 'A B',
  };
}

it('P-22 the shipments table refuses a delivered parcel without its delivery date, on insert and on update', async () => {
  const orm = await freshOrm();
  await orm.migrator.up();
  const knex = knexOf(orm);
  await knex('logistics_shipment').insert(shipment('in-transit', 'in_transit', null));
  await knex('logistics_shipment').insert(shipment('delivered', 'delivered', new Date('2026-01-05T00:00:00Z')));
  await expect(knex('logistics_shipment').insert(shipment('no-date', 'delivered', null))).rejects.toThrow(/constraint|check/i);
  await expect(knex('logistics_shipment').where({ id: 'in-transit' }).update({ status: 'delivered' })).rejects.toThrow(/constraint|check/i);
  await expect(knex('logistics_shipment').where({ id: 'delivered' }).update({ delivered_at: null })).rejects.toThrow(/constraint|check/i);
  expect(await knex('logistics_shipment').orderBy('id').pluck('status')).toEqual(['delivered', 'in_transit']);
});

it('P-22 a delivered parcel stored without its date before the check is dated by its shipping, its other rows and indexes kept', async () => {
  const orm = await freshOrm();
  const check = databaseKind() === 'postgresql' ? CHECK_PG : CHECK;
  const before = MIGRATIONS[databaseKind()].map((m) => m.name).filter((name) => name < check);
  await orm.migrator.up({ to: before.at(-1)! });
  const knex = knexOf(orm);
  await knex('logistics_shipment').insert([shipment('no-date', 'delivered', null), shipment('in-transit', 'in_transit', null)]);
  await orm.migrator.up();
  const rows = await knex('logistics_shipment').orderBy('id').select('id', 'status', 'delivered_at', 'consignee_name');
  expect(rows.map((r: any) => [r.id, r.status, r.delivered_at === null ? null : new Date(r.delivered_at).toISOString(), r.consignee_name])).toEqual([
    ['in-transit', 'in_transit', null, 'A B'],
    ['no-date', 'delivered', '2026-01-02T03:04:05.000Z', 'A B'],
  ]);
  await expect(knex('logistics_shipment').insert({ ...shipment('other', 'in_transit', null), waybill: 'WB-no-date' })).rejects.toThrow(/unique/i);
});
