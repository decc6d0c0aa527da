import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** The mutation that changes a consent: its document holds no other root field. */
const CONSENT_CHANGE = 'setConsent';

/**
 * Whether a mutation changes a consent beside other root fields (`setConsent` then
 * `updateMyProfile { recommendations }` then `setConsent` again). The privacy pass decides every
 * answer of the document once it has run, on the consent state at its end: a read made while the
 * consent was withdrawn would be released as if it never had been (P-11). A consent change is
 * therefore sent alone, or with other consent changes only.
 */
export function consentChangeWithOthers(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  if (operation.operation !== 'mutation') return false;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  names.delete('__typename');
  return names.has(CONSENT_CHANGE) && names.size > 1;
}
