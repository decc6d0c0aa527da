import { defineEntity, p } from '@mikro-orm/core';

/**
 * An order: everything in it is the buyer's personal data. `buyerId` and `storeId` are plain ids
 * of other subgraphs' rows (accounts' Member, catalog's Store), never ORM relations. The personal
 * columns are nullable so that the retention job can anonymize a kept order (P-62, P-66).
 */
export const Order = defineEntity({
  name: 'Order',
  tableName: 'orders_order',
  properties: {
    id: p.string().primary(),
    buyerId: p.string().nullable().index(),
    storeId: p.string().index(),
    status: p.string(),
    createdAt: p.datetime().index(),
    completedAt: p.datetime().nullable(),
    total: p.double().$type<number>().runtimeType('number'),
    discount: p.double().$type<number>().runtimeType('number').default(0),
    note: p.string().nullable(),
    consigneeName: p.string().nullable(),
    consigneePhone: p.string().nullable(),
    deliveryAddress: p.string().nullable(),
    invoiceHeader: p.string().nullable(),
    taxpayerId: p.string().nullable(),
    invoiceEmail: p.string().nullable(),
    crossBorder: p.boolean().default(false),
    customsId: p.string().nullable(),
    /** The payment institution the buyer chose, copied from the payment: the row's own input for P-24. */
    paymentInstitutionId: p.string().nullable().index(),
  },
});

/** One line of an order; `productId` is catalog's Product id. */
export const OrderItem = defineEntity({
  name: 'OrderItem',
  tableName: 'orders_order_item',
  properties: {
    id: p.string().primary(),
    orderId: p.string().index(),
    position: p.integer().default(0),
    productId: p.string(),
    quantity: p.integer(),
    price: p.double().$type<number>().runtimeType('number'),
  },
});

/** The payment of an order. Only a card's last four digits are ever stored (P-24). */
export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'orders_payment',
  properties: {
    id: p.string().primary(),
    orderId: p.string().unique(),
    buyerId: p.string().nullable().index(),
    method: p.string().nullable(),
    status: p.string(),
    /** The payment institution processing it, the one the buyer chose (P-24). */
    institutionId: p.string().nullable().index(),
    cardLast4: p.string().length(4).nullable(),
  },
});

/**
 * Per store, how many cancelled members bought there: their orders, kept anonymized, link to no
 * one. `orderStats` counts them among the store's buyers, so that a member leaving does not show,
 * by the stores whose count drops, where they bought (P-62, P-52). A count per store: it links no
 * order to another.
 */
export const UnlinkedBuyers = defineEntity({
  name: 'UnlinkedBuyers',
  tableName: 'orders_unlinked_buyers',
  properties: {
    storeId: p.string().primary(),
    buyers: p.integer().default(0),
  },
});
