import { Kind, TypeInfo, buildASTSchema, parse, visit, visitWithTypeInfo, type DocumentNode, type InlineFragmentNode, type OperationDefinitionNode } from 'graphql';
import { readPrivacyIndex } from '../directives/annotations.js';
import type { DecisionContext } from '../directives/decide.js';
import { compilePrivacyPlan } from '../gateway/privacy-plan.js';
import { ALIASED_INPUTS_FIELD, INPUTS_FIELD, rowInputsExtension, withRowInputs } from '../gateway/row-inputs.js';

/**
 * The least any privacy layer pays that reads its rows' inputs (subject, store, carrier, ...) from
 * the subgraphs: the operation the privacy gateway executes for one caller (its plan's document,
 * fields blocked for everyone removed, row inputs added), with each row's inputs selected as
 * ordinary fields, for the plain gateway to run with no privacy pass. `npm run bench:instructions
 * -- --targets plain,plain-with-inputs` compares it with the operation as the client sent it:
 * what fetching the inputs costs before a single value is decided.
 *
 * The inputs are spliced in as the stitching asks the subgraph for them: the selection set the
 * row-inputs field declares (gateway/row-inputs.ts), by the inputs' names or under the reserved
 * aliases. The plain gateway also sends them on to the client, which the privacy gateway does not,
 * so this is a little more than fetching them costs.
 */
export function plainWithInputs(supergraphSdl: string, document: DocumentNode, ctx: DecisionContext): DocumentNode {
  const schema = withRowInputs(buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true }), supergraphSdl);
  const plan = compilePrivacyPlan(schema, readPrivacyIndex(schema), document, ctx);
  const resolvers = (rowInputsExtension(supergraphSdl)?.resolvers ?? {}) as Record<string, Record<string, { selectionSet?: string }>>;
  const typeInfo = new TypeInfo(schema);
  return visit(
    plan.document,
    visitWithTypeInfo(typeInfo, {
      Field(node): InlineFragmentNode | undefined {
        if (node.name.value !== INPUTS_FIELD && node.name.value !== ALIASED_INPUTS_FIELD) return undefined;
        const row = typeInfo.getParentType()?.name ?? '';
        const selectionSet = resolvers[row]?.[node.name.value]?.selectionSet;
        if (!selectionSet) throw new Error(`${row}.${node.name.value} declares no inputs`);
        // `... { buyerId carrierId }` where the plan had `__pg_inputs: _privacyInputs`.
        return { kind: Kind.INLINE_FRAGMENT, selectionSet: (parse(selectionSet).definitions[0] as OperationDefinitionNode).selectionSet };
      },
    }),
  );
}
