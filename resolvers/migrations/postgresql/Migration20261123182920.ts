import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182920 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "privacy_request" ("id" varchar(255) not null, "member_id" varchar(255) null, "kind" varchar(255) not null, "status" varchar(255) not null, "requested_by" varchar(255) null, "created_at" timestamptz not null, "due_at" timestamptz not null, "completed_at" timestamptz null, "auth_time" timestamptz null, "note" text null, "progress" jsonb null, "attempts" int not null default 0, constraint "privacy_request_pkey" primary key ("id"));`);
    this.addSql(`create index "privacy_request_member_id_index" on "privacy_request" ("member_id");`);
    this.addSql(`create index "privacy_request_status_index" on "privacy_request" ("status");`);
    this.addSql(`create index "privacy_request_due_at_index" on "privacy_request" ("due_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "privacy_request" cascade;`);
  }

}
