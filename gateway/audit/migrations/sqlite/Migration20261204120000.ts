import { Migration } from '@mikro-orm/migrations';

/**
 * The access audit's table (P-80). `if not exists`: a database made when the subgraphs' migrations
 * still created `audit_entry` keeps its table and its chain.
 */
export class Migration20261204120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists \`audit_entry\` (\`seq\` integer not null, \`at\` datetime not null, \`request_id\` text not null, \`caller_sub\` text null, \`role\` text not null, \`purpose\` text null, \`case_ref\` text null, \`subject\` text null, \`field_path\` text not null, \`coordinate\` text not null, \`outcome\` text not null, \`rule\` text not null, \`prev_hash\` text not null, \`hash\` text not null, primary key (\`seq\`));`);
    this.addSql(`create index if not exists \`audit_entry_request_id_index\` on \`audit_entry\` (\`request_id\`);`);
    this.addSql(`create index if not exists \`audit_entry_subject_index\` on \`audit_entry\` (\`subject\`);`);
    this.addSql(`create unique index if not exists \`audit_entry_hash_unique\` on \`audit_entry\` (\`hash\`);`);
  }

}
