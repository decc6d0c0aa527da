import { Kind, visit, type DocumentNode, type FragmentDefinitionNode, type InlineFragmentNode } from 'graphql';

/**
 * `document` with every fragment spread replaced by an inline fragment of the fragment's type (its
 * `@skip`/`@include` kept), and no fragment definitions: what the gateway hands the runtime to plan.
 * The runtime's planner lost a named fragment spread inside another that holds an inline fragment
 * without a type (`fragment A on T { ...B } fragment B on T { ... { f } }`: the subgraph was sent
 * `..._v0_B` without its definition and refused the request). Computed once per cached plan.
 * Bounded: the request limits cap the fields a document expands to (gateway/fragment-expansion.ts),
 * and validation refuses cycles.
 */
export function withFragmentsInlined(document: DocumentNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let result = document;
  if (fragments.size) {
    const inline = <T extends object>(node: T): T =>
      visit(node as any, {
        FragmentSpread(spread): InlineFragmentNode | undefined {
          const fragment = fragments.get(spread.name.value);
          if (!fragment) return undefined;
          return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: spread.directives, selectionSet: inline(fragment.selectionSet) };
        },
      }) as T;
    result = { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION).map((d) => inline(d)) };
  }
  return result;
}
