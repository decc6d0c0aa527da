import { Migration } from '@mikro-orm/migrations';
import { moveLegacyEntries } from '../legacy-entries.js';

/**
 * The access audit as one hash-chained record per request (`audit_record`) and an index by data
 * subject (`audit_subject`); the per-decision entries of `audit_entry`, if any, are verified and
 * moved into records, then that table is dropped.
 */
export class Migration20261205090000 extends Migration {

  override async up(): Promise<void> {
    await this.execute(`create table "audit_record" ("seq" int not null, "at" timestamptz not null, "request_id" varchar(255) not null, "caller_sub" varchar(255) null, "role" varchar(255) not null, "purpose" varchar(255) null, "case_ref" varchar(255) null, "decisions" text not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "audit_record_pkey" primary key ("seq"));`);
    await this.execute(`create index "audit_record_request_id_index" on "audit_record" ("request_id");`);
    await this.execute(`create table "audit_subject" ("subject" varchar(255) not null, "seq" int not null, constraint "audit_subject_pkey" primary key ("subject", "seq"));`);
    const [legacy] = await this.execute(`select to_regclass('audit_entry') is not null as present`);
    if (!legacy?.present) return;
    const rows = await this.execute('select * from "audit_entry" order by "seq"');
    await moveLegacyEntries((sql, params) => this.execute(sql, params as any[]), rows as any[], true);
    await this.execute('drop table "audit_entry"');
  }

}
