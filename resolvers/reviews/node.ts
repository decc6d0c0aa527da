/** The types `node(id:)` answers, by the prefix their ids carry (schema/reviews.graphql, `Query.node`). */
const BY_PREFIX: readonly [prefix: string, type: 'Member' | 'Order' | 'Shipment' | 'Review' | 'Product'][] = [
  ['m-', 'Member'],
  ['o-', 'Order'],
  ['sh-', 'Shipment'],
  ['r-', 'Review'],
  ['p-', 'Product'],
];

/** What every id of the marketplace looks like (`m-buyer`, `o-1041`, `sh-o-1046`, `deer-outfitters`): letters, digits and `._:-`, at most 128. */
export const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The type an id belongs to: ids are unique per type only, so the prefix decides; store ids carry none. */
export function nodeTypeOf(id: string): 'Member' | 'Order' | 'Shipment' | 'Review' | 'Product' | 'Store' {
  return BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'Store';
}
