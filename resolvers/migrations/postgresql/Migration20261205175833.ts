import { Migration } from '@mikro-orm/migrations';

export class Migration20261205175833 extends Migration {

  override async up(): Promise<void> {
    // Writers wait until the check is in place: none slips a dateless delivered row in between.
    this.addSql(`lock table "logistics_shipment" in share row exclusive mode;`);
    // A delivered row without its date counts as delivered when shipped: its carrier's window only shortens.
    this.addSql(`update "logistics_shipment" set "delivered_at" = "created_at" where "status" = 'delivered' and "delivered_at" is null;`);
    this.addSql(`alter table "logistics_shipment" add constraint logistics_shipment_delivered_has_date check(status <> 'delivered' or delivered_at is not null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "logistics_shipment" drop constraint logistics_shipment_delivered_has_date;`);
  }

}
