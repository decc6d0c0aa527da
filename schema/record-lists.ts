/**
 * A list of one person's record (a member's reviews, orders and tickets, a ticket's messages, an
 * order's shipments, the share channel) takes no `first`: its rows are hidden from some callers one
 * by one (an anonymous review under its author, another agent's ticket), they leave the list, and a
 * page the client sized would show where they stand. Its subgraph reads the newest
 * {@link RECORD_LIST_READ} rows; the gateway shows at most {@link RECORD_LIST_SHOWN} of those it
 * releases, so rows hidden among them do not shorten what is shown (48 of a 50-row page told how
 * many of a member's newest reviews were anonymous).
 */
export const RECORD_LIST_READ = 200;
export const RECORD_LIST_SHOWN = 50;
/** The record lists, by schema coordinate. */
export const RECORD_LISTS: ReadonlySet<string> = new Set(['Member.reviews', 'Member.orders', 'Member.tickets', 'Ticket.messages', 'Order.shipments', 'Query.sharedReviews']);
