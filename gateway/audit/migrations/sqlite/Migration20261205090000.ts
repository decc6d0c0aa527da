import { Migration } from '@mikro-orm/migrations';
import { moveLegacyEntries } from '../legacy-entries.js';

/**
 * The access audit as one hash-chained record per request (`audit_record`) and an index by data
 * subject (`audit_subject`); the per-decision entries of `audit_entry`, if any, are verified and
 * moved into records, then that table is dropped.
 */
export class Migration20261205090000 extends Migration {

  override async up(): Promise<void> {
    await this.execute(`create table \`audit_record\` (\`seq\` integer not null, \`at\` datetime not null, \`request_id\` text not null, \`caller_sub\` text null, \`role\` text not null, \`purpose\` text null, \`case_ref\` text null, \`decisions\` text not null, \`prev_hash\` text not null, \`hash\` text not null, primary key (\`seq\`));`);
    await this.execute(`create index \`audit_record_request_id_index\` on \`audit_record\` (\`request_id\`);`);
    await this.execute(`create table \`audit_subject\` (\`subject\` text not null, \`seq\` integer not null, primary key (\`subject\`, \`seq\`)) without rowid;`);
    const legacy = await this.execute(`select name from sqlite_master where type = 'table' and name = 'audit_entry'`);
    if (!legacy.length) return;
    const rows = await this.execute('select * from `audit_entry` order by `seq`');
    await moveLegacyEntries((sql, params) => this.execute(sql, params as any[]), rows as any[], false);
    await this.execute('drop table `audit_entry`');
  }

}
