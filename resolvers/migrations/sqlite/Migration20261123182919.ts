import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182919 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`privacy_request\` (\`id\` text not null, \`member_id\` text null, \`kind\` text not null, \`status\` text not null, \`requested_by\` text null, \`created_at\` datetime not null, \`due_at\` datetime not null, \`completed_at\` datetime null, \`auth_time\` datetime null, \`note\` text null, \`progress\` json null, \`attempts\` integer not null default 0, primary key (\`id\`));`);
    this.addSql(`create index \`privacy_request_member_id_index\` on \`privacy_request\` (\`member_id\`);`);
    this.addSql(`create index \`privacy_request_status_index\` on \`privacy_request\` (\`status\`);`);
    this.addSql(`create index \`privacy_request_due_at_index\` on \`privacy_request\` (\`due_at\`);`);
  }

}
