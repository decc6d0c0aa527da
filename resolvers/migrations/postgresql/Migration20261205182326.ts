import { Migration } from '@mikro-orm/migrations';

export class Migration20261205182326 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "privacy_consent" add column "granted_by" varchar(255) null;`);

    this.addSql(`alter table "privacy_consent_event" add column "granted_by" varchar(255) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "privacy_consent" drop column "granted_by";`);

    this.addSql(`alter table "privacy_consent_event" drop column "granted_by";`);
  }

}
