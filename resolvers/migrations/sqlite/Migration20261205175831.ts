import { Migration } from '@mikro-orm/migrations';

const COLUMNS = '`id`, `order_id`, `carrier_id`, `waybill`, `status`, `created_at`, `delivered_at`, `cross_border`, `buyer_id`, `consignee_name`, `consignee_phone`, `address`, `customs_id`';

/** SQLite adds a check only by rebuilding the table (it has no `alter table … add constraint`). */
export class Migration20261205175831 extends Migration {

  override async up(): Promise<void> {
    // A delivered row without its date counts as delivered when shipped: its carrier's window only shortens.
    this.addSql(`update \`logistics_shipment\` set \`delivered_at\` = \`created_at\` where \`status\` = 'delivered' and \`delivered_at\` is null;`);
    this.addSql(`create table \`logistics_shipment__new\` (\`id\` text not null, \`order_id\` text not null, \`carrier_id\` text not null, \`waybill\` text not null, \`status\` text not null, \`created_at\` datetime not null, \`delivered_at\` datetime null, \`cross_border\` integer not null default false, \`buyer_id\` text null, \`consignee_name\` text null, \`consignee_phone\` text null, \`address\` text null, \`customs_id\` text null, constraint logistics_shipment_delivered_has_date check (status <> 'delivered' or delivered_at is not null), primary key (\`id\`));`);
    this.addSql(`insert into \`logistics_shipment__new\` (${COLUMNS}) select ${COLUMNS} from \`logistics_shipment\`;`);
    this.addSql(`drop table \`logistics_shipment\`;`);
    this.addSql(`alter table \`logistics_shipment__new\` rename to \`logistics_shipment\`;`);
    this.addSql(`create index \`logistics_shipment_order_id_index\` on \`logistics_shipment\` (\`order_id\`);`);
    this.addSql(`create index \`logistics_shipment_carrier_id_index\` on \`logistics_shipment\` (\`carrier_id\`);`);
    this.addSql(`create unique index \`logistics_shipment_waybill_unique\` on \`logistics_shipment\` (\`waybill\`);`);
    this.addSql(`create index \`logistics_shipment_created_at_index\` on \`logistics_shipment\` (\`created_at\`);`);
    this.addSql(`create index \`logistics_shipment_buyer_id_index\` on \`logistics_shipment\` (\`buyer_id\`);`);
  }

}
