import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182920 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("seq" int not null, "at" timestamptz not null, "request_id" varchar(255) not null, "caller_sub" varchar(255) null, "role" varchar(255) not null, "purpose" varchar(255) null, "case_ref" varchar(255) null, "subject" varchar(255) null, "field_path" text not null, "coordinate" varchar(255) not null, "outcome" varchar(255) not null, "rule" varchar(255) not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "audit_entry_pkey" primary key ("seq"));`);
    this.addSql(`create index "audit_entry_request_id_index" on "audit_entry" ("request_id");`);
    this.addSql(`create index "audit_entry_subject_index" on "audit_entry" ("subject");`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_hash_unique" unique ("hash");`);

    this.addSql(`create table "privacy_request" ("id" varchar(255) not null, "member_id" varchar(255) null, "kind" varchar(255) not null, "status" varchar(255) not null, "requested_by" varchar(255) null, "created_at" timestamptz not null, "due_at" timestamptz not null, "completed_at" timestamptz null, "auth_time" timestamptz null, "note" text null, "progress" jsonb null, "attempts" int not null default 0, constraint "privacy_request_pkey" primary key ("id"));`);
    this.addSql(`create index "privacy_request_member_id_index" on "privacy_request" ("member_id");`);
    this.addSql(`create index "privacy_request_status_index" on "privacy_request" ("status");`);
    this.addSql(`create index "privacy_request_due_at_index" on "privacy_request" ("due_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop table if exists "privacy_request" cascade;`);
  }

}
