import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * How many fields each operation and fragment of `document` expands to once every fragment spread
 * is replaced by its fragment: the largest of these counts. A fragment's count is computed once and reused
 * (memoized), so 22 fragments that each spread the next twice cost 22 steps, not 2^22, while the
 * count itself says 4 million. A fragment that spreads itself, directly or not, is not followed
 * into again (validation refuses the cycle: NoFragmentCycles). Works on the bare document: it runs
 * before validation, whose OverlappingFieldsCanBeMerged takes time exponential in such documents.
 */
export function largestExpansion(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const counted = new Map<string, number>();
  const inProgress = new Set<string>();

  const countFragment = (name: string): number => {
    const known = counted.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // An unknown fragment is validation's to report; it expands to nothing.
    if (!fragment) return 0;
    if (inProgress.has(name)) return 0;
    inProgress.add(name);
    const fields = countSelections(fragment.selectionSet);
    inProgress.delete(name);
    counted.set(name, fields);
    return fields;
  };

  const countSelections = (set: SelectionSetNode): number => {
    let fields = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) fields += 1 + (s.selectionSet ? countSelections(s.selectionSet) : 0);
      else if (s.kind === Kind.INLINE_FRAGMENT) fields += countSelections(s.selectionSet);
      else fields += countFragment(s.name.value);
    }
    return fields;
  };

  let largest = 0;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) largest = Math.max(largest, countFragment(d.name.value));
    else if (d.kind === Kind.OPERATION_DEFINITION) largest = Math.max(largest, countSelections(d.selectionSet));
  }
  return largest;
}
