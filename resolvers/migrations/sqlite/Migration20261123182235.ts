import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182235 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`reviews_answer\` (\`id\` text not null, \`question_id\` text not null, \`author_id\` text not null, \`text\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`reviews_answer_question_id_index\` on \`reviews_answer\` (\`question_id\`);`);
    this.addSql(`create index \`reviews_answer_author_id_index\` on \`reviews_answer\` (\`author_id\`);`);

    this.addSql(`create table \`activity_browsing_event\` (\`id\` text not null, \`member_id\` text not null, \`product_id\` text not null, \`at\` datetime not null, \`ip\` text null, \`device_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`activity_browsing_event_member_id_index\` on \`activity_browsing_event\` (\`member_id\`);`);
    this.addSql(`create index \`activity_browsing_event_at_index\` on \`activity_browsing_event\` (\`at\`);`);

    this.addSql(`create table \`logistics_carrier\` (\`id\` text not null, \`name\` text not null, \`cross_border\` integer not null default false, primary key (\`id\`));`);

    this.addSql(`create table \`support_chat_message\` (\`id\` text not null, \`ticket_id\` text not null, \`member_id\` text not null, \`agent_id\` text null, \`from_member\` integer not null, \`text\` text not null, \`sent_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`support_chat_message_ticket_id_index\` on \`support_chat_message\` (\`ticket_id\`);`);
    this.addSql(`create index \`support_chat_message_member_id_index\` on \`support_chat_message\` (\`member_id\`);`);
    this.addSql(`create index \`support_chat_message_sent_at_index\` on \`support_chat_message\` (\`sent_at\`);`);

    this.addSql(`create table \`reviews_comment\` (\`id\` text not null, \`product_id\` text not null, \`author_id\` text not null, \`text\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`reviews_comment_product_id_index\` on \`reviews_comment\` (\`product_id\`);`);
    this.addSql(`create index \`reviews_comment_author_id_index\` on \`reviews_comment\` (\`author_id\`);`);

    this.addSql(`create table \`privacy_consent\` (\`id\` text not null, \`member_id\` text not null, \`kind\` text not null, \`granted\` integer not null, \`updated_at\` datetime not null, \`policy_version\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`privacy_consent_member_id_index\` on \`privacy_consent\` (\`member_id\`);`);
    this.addSql(`create unique index \`privacy_consent_member_id_kind_unique\` on \`privacy_consent\` (\`member_id\`, \`kind\`);`);

    this.addSql(`create table \`privacy_consent_event\` (\`id\` integer not null primary key autoincrement, \`member_id\` text not null, \`kind\` text not null, \`granted\` integer not null, \`at\` datetime not null, \`policy_version\` text not null);`);
    this.addSql(`create index \`privacy_consent_event_member_id_index\` on \`privacy_consent_event\` (\`member_id\`);`);

    this.addSql(`create table \`accounts_guardianship\` (\`id\` text not null, \`guardian_id\` text not null, \`minor_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`accounts_guardianship_guardian_id_index\` on \`accounts_guardianship\` (\`guardian_id\`);`);
    this.addSql(`create index \`accounts_guardianship_minor_id_index\` on \`accounts_guardianship\` (\`minor_id\`);`);

    this.addSql(`create table \`reviews_homepage\` (\`member_id\` text not null, \`nickname\` text not null, \`bio\` text null, primary key (\`member_id\`));`);
    this.addSql(`create unique index \`reviews_homepage_nickname_unique\` on \`reviews_homepage\` (\`nickname\`);`);

    this.addSql(`create table \`accounts_login_binding\` (\`id\` text not null, \`member_id\` text not null, \`provider\` text not null, \`external_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`accounts_login_binding_member_id_index\` on \`accounts_login_binding\` (\`member_id\`);`);

    this.addSql(`create table \`accounts_member\` (\`id\` text not null, \`nickname\` text not null, \`gender\` text null, \`avatar\` text null, \`name\` text null, \`phone\` text null, \`email\` text null, \`birth_date\` text null, \`level\` text not null default 'regular', \`password_hash\` text null, \`cancelled_at\` datetime null, primary key (\`id\`));`);

    this.addSql(`create table \`orders_order\` (\`id\` text not null, \`buyer_id\` text null, \`store_id\` text not null, \`status\` text not null, \`created_at\` datetime not null, \`completed_at\` datetime null, \`total\` double not null, \`discount\` double not null default 0, \`note\` text null, \`consignee_name\` text null, \`consignee_phone\` text null, \`delivery_address\` text null, \`invoice_header\` text null, \`taxpayer_id\` text null, \`invoice_email\` text null, \`cross_border\` integer not null default false, \`customs_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`orders_order_buyer_id_index\` on \`orders_order\` (\`buyer_id\`);`);
    this.addSql(`create index \`orders_order_store_id_index\` on \`orders_order\` (\`store_id\`);`);
    this.addSql(`create index \`orders_order_created_at_index\` on \`orders_order\` (\`created_at\`);`);

    this.addSql(`create table \`orders_order_item\` (\`id\` text not null, \`order_id\` text not null, \`position\` integer not null default 0, \`product_id\` text not null, \`quantity\` integer not null, \`price\` double not null, primary key (\`id\`));`);
    this.addSql(`create index \`orders_order_item_order_id_index\` on \`orders_order_item\` (\`order_id\`);`);

    this.addSql(`create table \`orders_payment\` (\`id\` text not null, \`order_id\` text not null, \`buyer_id\` text null, \`method\` text null, \`status\` text not null, \`card_last4\` text null, primary key (\`id\`));`);
    this.addSql(`create unique index \`orders_payment_order_id_unique\` on \`orders_payment\` (\`order_id\`);`);
    this.addSql(`create index \`orders_payment_buyer_id_index\` on \`orders_payment\` (\`buyer_id\`);`);

    this.addSql(`create table \`catalog_product\` (\`id\` text not null, \`store_id\` text not null, \`name\` text not null, \`price\` double not null, primary key (\`id\`));`);
    this.addSql(`create index \`catalog_product_store_id_index\` on \`catalog_product\` (\`store_id\`);`);

    this.addSql(`create table \`reviews_question\` (\`id\` text not null, \`product_id\` text not null, \`author_id\` text not null, \`text\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`reviews_question_product_id_index\` on \`reviews_question\` (\`product_id\`);`);
    this.addSql(`create index \`reviews_question_author_id_index\` on \`reviews_question\` (\`author_id\`);`);

    this.addSql(`create table \`accounts_real_name\` (\`member_id\` text not null, \`real_name\` text not null, \`national_id\` text not null, \`result\` text not null, \`verified_at\` datetime not null, primary key (\`member_id\`));`);

    this.addSql(`create table \`reviews_review\` (\`id\` text not null, \`product_id\` text not null, \`author_id\` text not null, \`rating\` integer not null, \`text\` text not null, \`pictures\` json null, \`anonymous\` integer not null default false, \`shared_publicly\` integer not null default false, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`reviews_review_product_id_index\` on \`reviews_review\` (\`product_id\`);`);
    this.addSql(`create index \`reviews_review_author_id_index\` on \`reviews_review\` (\`author_id\`);`);

    this.addSql(`create table \`activity_search_event\` (\`id\` text not null, \`member_id\` text not null, \`query\` text not null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`activity_search_event_member_id_index\` on \`activity_search_event\` (\`member_id\`);`);

    this.addSql(`create table \`reviews_shared_review\` (\`id\` text not null, \`review_id\` text not null, \`author_id\` text not null, \`shared_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`reviews_shared_review_review_id_unique\` on \`reviews_shared_review\` (\`review_id\`);`);
    this.addSql(`create index \`reviews_shared_review_author_id_index\` on \`reviews_shared_review\` (\`author_id\`);`);

    this.addSql(`create table \`logistics_shipment\` (\`id\` text not null, \`order_id\` text not null, \`carrier_id\` text not null, \`waybill\` text not null, \`status\` text not null, \`created_at\` datetime not null, \`delivered_at\` datetime null, \`cross_border\` integer not null default false, \`buyer_id\` text null, \`consignee_name\` text null, \`consignee_phone\` text null, \`address\` text null, \`customs_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`logistics_shipment_order_id_index\` on \`logistics_shipment\` (\`order_id\`);`);
    this.addSql(`create index \`logistics_shipment_carrier_id_index\` on \`logistics_shipment\` (\`carrier_id\`);`);
    this.addSql(`create unique index \`logistics_shipment_waybill_unique\` on \`logistics_shipment\` (\`waybill\`);`);
    this.addSql(`create index \`logistics_shipment_created_at_index\` on \`logistics_shipment\` (\`created_at\`);`);
    this.addSql(`create index \`logistics_shipment_buyer_id_index\` on \`logistics_shipment\` (\`buyer_id\`);`);

    this.addSql(`create table \`catalog_store\` (\`id\` text not null, \`name\` text not null, \`merchant_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`catalog_store_merchant_id_index\` on \`catalog_store\` (\`merchant_id\`);`);

    this.addSql(`create table \`support_ticket\` (\`id\` text not null, \`member_id\` text not null, \`agent_id\` text null, \`status\` text not null default 'open', \`subject\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`support_ticket_member_id_index\` on \`support_ticket\` (\`member_id\`);`);
    this.addSql(`create index \`support_ticket_agent_id_index\` on \`support_ticket\` (\`agent_id\`);`);
  }

}
