/** The types `node(id:)` answers, by the prefix their ids carry (schema/reviews.graphql, `Query.node`). */
const BY_PREFIX: readonly [prefix: string, type: 'Member' | 'Order' | 'Shipment' | 'Review' | 'Product'][] = [
  ['m-', 'Member'],
  ['o-', 'Order'],
  ['sh-', 'Shipment'],
  ['r-', 'Review'],
  ['p-', 'Product'],
];

/** The type an id belongs to: ids are unique per type only, so the prefix decides; store ids carry none. */
export function nodeTypeOf(id: string): 'Member' | 'Order' | 'Shipment' | 'Review' | 'Product' | 'Store' {
  return BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'Store';
}
