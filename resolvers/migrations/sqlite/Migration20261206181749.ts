import { Migration } from '@mikro-orm/migrations';

export class Migration20261206181749 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`orders_unlinked_buyers\` (\`store_id\` text not null, \`buyers\` integer not null default 0, primary key (\`store_id\`));`);

  }

}
