import { Migration } from '@mikro-orm/migrations';

export class Migration20261206181750 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "orders_unlinked_buyers" ("store_id" varchar(255) not null, "buyers" int not null default 0, constraint "orders_unlinked_buyers_pkey" primary key ("store_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "orders_unlinked_buyers" cascade;`);
  }

}
