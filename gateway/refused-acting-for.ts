import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { AuditedDecision } from './privacy-pass.js';

/** The argument by which a root field acts on another member's data: a guardian's ward (P-70). */
const ACTING_FOR = 'memberId';
/** A member id as the marketplace writes one: anything else names nobody, and is not written into the audit. */
export const MEMBER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * P-80: a root field that names another member (`updateMyProfile(memberId:)`, `setConsent`,
 * `myDataSubjectRequests`...) and comes back refused (`FORBIDDEN`: not their guardian) is recorded
 * about the member named, under the rule the refusal gives: the officer sees the probes on a
 * child's data, not only what was released. The subgraph refuses; only the gateway writes the audit.
 */
export function refusedActingFor(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, errors: readonly GraphQLError[] | undefined): AuditedDecision[] {
  if (!errors?.length) return [];
  const root = operation.operation === 'mutation' ? 'Mutation' : 'Query';
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  // A variable the request leaves out has its default (`query ($m: ID = "m-minor")`).
  const variable = (name: string) => {
    if (variables && name in variables) return variables[name];
    const fallback = operation.variableDefinitions?.find((d) => d.variable.name.value === name)?.defaultValue;
    return fallback?.kind === Kind.STRING ? fallback.value : undefined;
  };
  const refused: AuditedDecision[] = [];
  const spread = new Set<string>();
  const visit = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      if (selection.kind === Kind.FRAGMENT_SPREAD && !spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
      if (selection.kind !== Kind.FIELD) continue;
      const argument = selection.arguments?.find((a) => a.name.value === ACTING_FOR);
      if (!argument) continue;
      const value = argument.value.kind === Kind.STRING ? argument.value.value : argument.value.kind === Kind.VARIABLE ? variable(argument.value.name.value) : undefined;
      if (typeof value !== 'string' || !MEMBER_ID.test(value)) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const error = errors.find((e) => e.path?.[0] === key && e.extensions?.code === 'FORBIDDEN');
      if (error) refused.push({ subject: value, path: key, field: `${root}.${selection.name.value}`, outcome: 'block', rule: typeof error.extensions.rule === 'string' ? error.extensions.rule : 'P-70' });
    }
  };
  visit(operation.selectionSet);
  return refused;
}
