import { Migration } from '@mikro-orm/migrations';

export class Migration20261205121136 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`orders_order\` add column \`payment_institution_id\` text null;`);
    this.addSql(`create index \`orders_order_payment_institution_id_index\` on \`orders_order\` (\`payment_institution_id\`);`);

    this.addSql(`alter table \`orders_payment\` add column \`institution_id\` text null;`);
    this.addSql(`create index \`orders_payment_institution_id_index\` on \`orders_payment\` (\`institution_id\`);`);
  }

}
