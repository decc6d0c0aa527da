import { Migration } from '@mikro-orm/migrations';

export class Migration20261123182235 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reviews_answer" ("id" varchar(255) not null, "question_id" varchar(255) not null, "author_id" varchar(255) not null, "text" text not null, "created_at" timestamptz not null, constraint "reviews_answer_pkey" primary key ("id"));`);
    this.addSql(`create index "reviews_answer_question_id_index" on "reviews_answer" ("question_id");`);
    this.addSql(`create index "reviews_answer_author_id_index" on "reviews_answer" ("author_id");`);

    this.addSql(`create table "activity_browsing_event" ("id" varchar(255) not null, "member_id" varchar(255) not null, "product_id" varchar(255) not null, "at" timestamptz not null, "ip" varchar(255) null, "device_id" varchar(255) null, constraint "activity_browsing_event_pkey" primary key ("id"));`);
    this.addSql(`create index "activity_browsing_event_member_id_index" on "activity_browsing_event" ("member_id");`);
    this.addSql(`create index "activity_browsing_event_at_index" on "activity_browsing_event" ("at");`);

    this.addSql(`create table "logistics_carrier" ("id" varchar(255) not null, "name" varchar(255) not null, "cross_border" boolean not null default false, constraint "logistics_carrier_pkey" primary key ("id"));`);

    this.addSql(`create table "support_chat_message" ("id" varchar(255) not null, "ticket_id" varchar(255) not null, "member_id" varchar(255) not null, "agent_id" varchar(255) null, "from_member" boolean not null, "text" text not null, "sent_at" timestamptz not null, constraint "support_chat_message_pkey" primary key ("id"));`);
    this.addSql(`create index "support_chat_message_ticket_id_index" on "support_chat_message" ("ticket_id");`);
    this.addSql(`create index "support_chat_message_member_id_index" on "support_chat_message" ("member_id");`);
    this.addSql(`create index "support_chat_message_sent_at_index" on "support_chat_message" ("sent_at");`);

    this.addSql(`create table "reviews_comment" ("id" varchar(255) not null, "product_id" varchar(255) not null, "author_id" varchar(255) not null, "text" text not null, "created_at" timestamptz not null, constraint "reviews_comment_pkey" primary key ("id"));`);
    this.addSql(`create index "reviews_comment_product_id_index" on "reviews_comment" ("product_id");`);
    this.addSql(`create index "reviews_comment_author_id_index" on "reviews_comment" ("author_id");`);

    this.addSql(`create table "privacy_consent" ("id" varchar(255) not null, "member_id" varchar(255) not null, "kind" varchar(255) not null, "granted" boolean not null, "updated_at" timestamptz not null, "policy_version" varchar(255) not null, constraint "privacy_consent_pkey" primary key ("id"));`);
    this.addSql(`create index "privacy_consent_member_id_index" on "privacy_consent" ("member_id");`);
    this.addSql(`alter table "privacy_consent" add constraint "privacy_consent_member_id_kind_unique" unique ("member_id", "kind");`);

    this.addSql(`create table "privacy_consent_event" ("id" serial primary key, "member_id" varchar(255) not null, "kind" varchar(255) not null, "granted" boolean not null, "at" timestamptz not null, "policy_version" varchar(255) not null);`);
    this.addSql(`create index "privacy_consent_event_member_id_index" on "privacy_consent_event" ("member_id");`);

    this.addSql(`create table "accounts_guardianship" ("id" varchar(255) not null, "guardian_id" varchar(255) not null, "minor_id" varchar(255) not null, constraint "accounts_guardianship_pkey" primary key ("id"));`);
    this.addSql(`create index "accounts_guardianship_guardian_id_index" on "accounts_guardianship" ("guardian_id");`);
    this.addSql(`create index "accounts_guardianship_minor_id_index" on "accounts_guardianship" ("minor_id");`);

    this.addSql(`create table "reviews_homepage" ("member_id" varchar(255) not null, "nickname" varchar(255) not null, "bio" text null, constraint "reviews_homepage_pkey" primary key ("member_id"));`);
    this.addSql(`alter table "reviews_homepage" add constraint "reviews_homepage_nickname_unique" unique ("nickname");`);

    this.addSql(`create table "accounts_login_binding" ("id" varchar(255) not null, "member_id" varchar(255) not null, "provider" varchar(255) not null, "external_id" varchar(255) not null, constraint "accounts_login_binding_pkey" primary key ("id"));`);
    this.addSql(`create index "accounts_login_binding_member_id_index" on "accounts_login_binding" ("member_id");`);

    this.addSql(`create table "accounts_member" ("id" varchar(255) not null, "nickname" varchar(255) not null, "gender" varchar(255) null, "avatar" varchar(255) null, "name" varchar(255) null, "phone" varchar(255) null, "email" varchar(255) null, "birth_date" varchar(255) null, "level" varchar(255) not null default 'regular', "password_hash" varchar(255) null, "cancelled_at" timestamptz null, constraint "accounts_member_pkey" primary key ("id"));`);

    this.addSql(`create table "orders_order" ("id" varchar(255) not null, "buyer_id" varchar(255) null, "store_id" varchar(255) not null, "status" varchar(255) not null, "created_at" timestamptz not null, "completed_at" timestamptz null, "total" double precision not null, "discount" double precision not null default 0, "note" varchar(255) null, "consignee_name" varchar(255) null, "consignee_phone" varchar(255) null, "delivery_address" varchar(255) null, "invoice_header" varchar(255) null, "taxpayer_id" varchar(255) null, "invoice_email" varchar(255) null, "cross_border" boolean not null default false, "customs_id" varchar(255) null, constraint "orders_order_pkey" primary key ("id"));`);
    this.addSql(`create index "orders_order_buyer_id_index" on "orders_order" ("buyer_id");`);
    this.addSql(`create index "orders_order_store_id_index" on "orders_order" ("store_id");`);
    this.addSql(`create index "orders_order_created_at_index" on "orders_order" ("created_at");`);

    this.addSql(`create table "orders_order_item" ("id" varchar(255) not null, "order_id" varchar(255) not null, "position" int not null default 0, "product_id" varchar(255) not null, "quantity" int not null, "price" double precision not null, constraint "orders_order_item_pkey" primary key ("id"));`);
    this.addSql(`create index "orders_order_item_order_id_index" on "orders_order_item" ("order_id");`);

    this.addSql(`create table "orders_payment" ("id" varchar(255) not null, "order_id" varchar(255) not null, "buyer_id" varchar(255) null, "method" varchar(255) null, "status" varchar(255) not null, "card_last4" varchar(4) null, constraint "orders_payment_pkey" primary key ("id"));`);
    this.addSql(`alter table "orders_payment" add constraint "orders_payment_order_id_unique" unique ("order_id");`);
    this.addSql(`create index "orders_payment_buyer_id_index" on "orders_payment" ("buyer_id");`);

    this.addSql(`create table "catalog_product" ("id" varchar(255) not null, "store_id" varchar(255) not null, "name" varchar(255) not null, "price" double precision not null, constraint "catalog_product_pkey" primary key ("id"));`);
    this.addSql(`create index "catalog_product_store_id_index" on "catalog_product" ("store_id");`);

    this.addSql(`create table "reviews_question" ("id" varchar(255) not null, "product_id" varchar(255) not null, "author_id" varchar(255) not null, "text" text not null, "created_at" timestamptz not null, constraint "reviews_question_pkey" primary key ("id"));`);
    this.addSql(`create index "reviews_question_product_id_index" on "reviews_question" ("product_id");`);
    this.addSql(`create index "reviews_question_author_id_index" on "reviews_question" ("author_id");`);

    this.addSql(`create table "accounts_real_name" ("member_id" varchar(255) not null, "real_name" varchar(255) not null, "national_id" varchar(255) not null, "result" varchar(255) not null, "verified_at" timestamptz not null, constraint "accounts_real_name_pkey" primary key ("member_id"));`);

    this.addSql(`create table "reviews_review" ("id" varchar(255) not null, "product_id" varchar(255) not null, "author_id" varchar(255) not null, "rating" int not null, "text" text not null, "pictures" jsonb null, "anonymous" boolean not null default false, "shared_publicly" boolean not null default false, "created_at" timestamptz not null, constraint "reviews_review_pkey" primary key ("id"));`);
    this.addSql(`create index "reviews_review_product_id_index" on "reviews_review" ("product_id");`);
    this.addSql(`create index "reviews_review_author_id_index" on "reviews_review" ("author_id");`);

    this.addSql(`create table "activity_search_event" ("id" varchar(255) not null, "member_id" varchar(255) not null, "query" varchar(255) not null, "at" timestamptz not null, constraint "activity_search_event_pkey" primary key ("id"));`);
    this.addSql(`create index "activity_search_event_member_id_index" on "activity_search_event" ("member_id");`);

    this.addSql(`create table "reviews_shared_review" ("id" varchar(255) not null, "review_id" varchar(255) not null, "author_id" varchar(255) not null, "shared_at" timestamptz not null, constraint "reviews_shared_review_pkey" primary key ("id"));`);
    this.addSql(`alter table "reviews_shared_review" add constraint "reviews_shared_review_review_id_unique" unique ("review_id");`);
    this.addSql(`create index "reviews_shared_review_author_id_index" on "reviews_shared_review" ("author_id");`);

    this.addSql(`create table "logistics_shipment" ("id" varchar(255) not null, "order_id" varchar(255) not null, "carrier_id" varchar(255) not null, "waybill" varchar(255) not null, "status" varchar(255) not null, "created_at" timestamptz not null, "delivered_at" timestamptz null, "cross_border" boolean not null default false, "buyer_id" varchar(255) null, "consignee_name" varchar(255) null, "consignee_phone" varchar(255) null, "address" varchar(255) null, "customs_id" varchar(255) null, constraint "logistics_shipment_pkey" primary key ("id"));`);
    this.addSql(`create index "logistics_shipment_order_id_index" on "logistics_shipment" ("order_id");`);
    this.addSql(`create index "logistics_shipment_carrier_id_index" on "logistics_shipment" ("carrier_id");`);
    this.addSql(`alter table "logistics_shipment" add constraint "logistics_shipment_waybill_unique" unique ("waybill");`);
    this.addSql(`create index "logistics_shipment_created_at_index" on "logistics_shipment" ("created_at");`);
    this.addSql(`create index "logistics_shipment_buyer_id_index" on "logistics_shipment" ("buyer_id");`);

    this.addSql(`create table "catalog_store" ("id" varchar(255) not null, "name" varchar(255) not null, "merchant_id" varchar(255) not null, constraint "catalog_store_pkey" primary key ("id"));`);
    this.addSql(`create index "catalog_store_merchant_id_index" on "catalog_store" ("merchant_id");`);

    this.addSql(`create table "support_ticket" ("id" varchar(255) not null, "member_id" varchar(255) not null, "agent_id" varchar(255) null, "status" varchar(255) not null default 'open', "subject" varchar(255) not null, "created_at" timestamptz not null, constraint "support_ticket_pkey" primary key ("id"));`);
    this.addSql(`create index "support_ticket_member_id_index" on "support_ticket" ("member_id");`);
    this.addSql(`create index "support_ticket_agent_id_index" on "support_ticket" ("agent_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reviews_answer" cascade;`);

    this.addSql(`drop table if exists "activity_browsing_event" cascade;`);

    this.addSql(`drop table if exists "logistics_carrier" cascade;`);

    this.addSql(`drop table if exists "support_chat_message" cascade;`);

    this.addSql(`drop table if exists "reviews_comment" cascade;`);

    this.addSql(`drop table if exists "privacy_consent" cascade;`);

    this.addSql(`drop table if exists "privacy_consent_event" cascade;`);

    this.addSql(`drop table if exists "accounts_guardianship" cascade;`);

    this.addSql(`drop table if exists "reviews_homepage" cascade;`);

    this.addSql(`drop table if exists "accounts_login_binding" cascade;`);

    this.addSql(`drop table if exists "accounts_member" cascade;`);

    this.addSql(`drop table if exists "orders_order" cascade;`);

    this.addSql(`drop table if exists "orders_order_item" cascade;`);

    this.addSql(`drop table if exists "orders_payment" cascade;`);

    this.addSql(`drop table if exists "catalog_product" cascade;`);

    this.addSql(`drop table if exists "reviews_question" cascade;`);

    this.addSql(`drop table if exists "accounts_real_name" cascade;`);

    this.addSql(`drop table if exists "reviews_review" cascade;`);

    this.addSql(`drop table if exists "activity_search_event" cascade;`);

    this.addSql(`drop table if exists "reviews_shared_review" cascade;`);

    this.addSql(`drop table if exists "logistics_shipment" cascade;`);

    this.addSql(`drop table if exists "catalog_store" cascade;`);

    this.addSql(`drop table if exists "support_ticket" cascade;`);
  }

}
