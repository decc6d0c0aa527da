import { Migration } from '@mikro-orm/migrations';

/**
 * The access audit's table (P-80). `if not exists`: a database made when the subgraphs' migrations
 * still created `audit_entry` keeps its table and its chain (its unique constraint's index has the
 * same name as the unique index created here).
 */
export class Migration20261204120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "audit_entry" ("seq" int not null, "at" timestamptz not null, "request_id" varchar(255) not null, "caller_sub" varchar(255) null, "role" varchar(255) not null, "purpose" varchar(255) null, "case_ref" varchar(255) null, "subject" varchar(255) null, "field_path" text not null, "coordinate" varchar(255) not null, "outcome" varchar(255) not null, "rule" varchar(255) not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "audit_entry_pkey" primary key ("seq"));`);
    this.addSql(`create index if not exists "audit_entry_request_id_index" on "audit_entry" ("request_id");`);
    this.addSql(`create index if not exists "audit_entry_subject_index" on "audit_entry" ("subject");`);
    this.addSql(`create unique index if not exists "audit_entry_hash_unique" on "audit_entry" ("hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);
  }

}
