import { Migration } from '@mikro-orm/migrations';

export class Migration20261206204659 extends Migration {

  override async up(): Promise<void> {
    // Filers wait until the index is in place: no twin slips in between.
    this.addSql(`lock table "privacy_request" in share row exclusive mode;`);
    // Twins left open by filings at once before the index: the earliest stands, the later ones are rejected.
    this.addSql(`update privacy_request set status = 'rejected' where kind in ('cancellation', 'copy') and member_id is not null and requested_by is not null and status not in ('completed', 'rejected') and exists (select 1 from privacy_request earlier where earlier.kind = privacy_request.kind and earlier.member_id = privacy_request.member_id and earlier.requested_by = privacy_request.requested_by and earlier.status not in ('completed', 'rejected') and (earlier.created_at < privacy_request.created_at or (earlier.created_at = privacy_request.created_at and earlier.id < privacy_request.id)));`);
    this.addSql(`create unique index privacy_request_one_open_twin on privacy_request (kind, member_id, requested_by) where kind in ('cancellation', 'copy') and member_id is not null and requested_by is not null and status not in ('completed', 'rejected');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "privacy_request_one_open_twin";`);
  }

}
