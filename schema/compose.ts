import { composeServices } from '@theguild/federation-composition';
import { Kind, parse, valueFromASTUntyped, visit, type ConstDirectiveNode, type DirectiveNode, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { categoryProblem, consentProblem, publicProblem, purposeProblems, type AnnotationVocabulary } from '../directives/annotation-check.js';
import { loadPolicyConfig } from '../directives/policy-config.js';

/** One subgraph handed to composition. */
export interface SubgraphSource {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

/** Why composition refused; `problems` name subgraph and field. */
export class CompositionError extends Error {
  constructor(readonly problems: string[]) {
    super(`composition failed:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CompositionError';
  }
}

const PRIVACY_DIRECTIVES = ['pii', 'purpose', 'subject'];

/**
 * Composes the subgraphs into a supergraph SDL and refuses what would weaken privacy:
 * - federation composition errors;
 * - a subgraph whose `@pii` / `@purpose` / `@subject` uses did not survive composition (a subgraph
 *   that forgot the preamble's `@composeDirective` loses them silently);
 * - a `@pii` field declared non-null: a blocked value must be able to be null without nulling
 *   its parent (POLICY "Outcomes");
 * - a type with `@pii` fields but no `@subject(id:)` anywhere: the policy could not tell whose data
 *   it is, so it could not be evaluated (P-82);
 * - a `@pii` category outside the taxonomy (directives/categories.json), or a purpose or consent
 *   the policy does not list: no rule would know it, so the field would fail open (P-82). Each is
 *   named with its field and the nearest valid key.
 * - a field without `@pii` on a type marked `@subject` (P-82: it would be blocked at run time).
 */
export function composeSupergraph(subgraphs: SubgraphSource[], policy: AnnotationVocabulary = loadPolicyConfig()): string {
  const problems: string[] = [];
  const expected = new Map<string, string>(); // "Type.field@directive" → subgraph
  for (const subgraph of subgraphs) {
    for (const use of privacyDirectiveUses(subgraph.typeDefs)) {
      expected.set(use.key, subgraph.name);
      for (const problem of unknownKeys(use, policy)) problems.push(`subgraph '${subgraph.name}': ${problem}`);
      if (use.directive === 'pii' && use.nonNull && use.personal) {
        problems.push(`subgraph '${subgraph.name}': field ${use.coordinate} is @pii but declared non-null; make it nullable so a blocked value cannot null its parent`);
      }
    }
  }
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
  if (result.errors?.length) {
    throw new CompositionError([...problems, ...result.errors.map((e) => e.message)]);
  }
  const supergraphSdl = (result as { supergraphSdl: string }).supergraphSdl;
  const supergraph = parse(supergraphSdl);
  const survived = new Set(privacyDirectiveUses(supergraph).map((u) => u.key));
  for (const [key, subgraph] of expected) {
    if (!survived.has(key)) {
      const [coordinate, directive] = key.split('@');
      problems.push(`subgraph '${subgraph}': @${directive} on ${coordinate} did not survive composition; include directives/privacy.graphql (its @link and @composeDirective)`);
    }
  }
  problems.push(...typesWithoutSubject(supergraph));
  problems.push(...unannotatedSubjectFields(supergraph));
  if (problems.length) throw new CompositionError(problems);
  return supergraphSdl;
}

interface DirectiveUse {
  key: string;
  coordinate: string;
  directive: string;
  nonNull: boolean;
  node: DirectiveNode;
  /** A `@pii` whose category is personal (`user.*`), which may be blocked alone; `system.*` goes with its row. */
  personal: boolean;
}

/** The keys of one `@pii` / `@purpose` / `@subject` use that the taxonomy or the policy does not know. */
function unknownKeys(use: DirectiveUse, policy: AnnotationVocabulary): string[] {
  const args = Object.fromEntries((use.node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
  const problems: (string | null)[] = [];
  if (use.directive === 'pii' && typeof args.category === 'string') problems.push(categoryProblem(use.coordinate, args.category));
  if (use.directive === 'pii' && typeof args.category === 'string' && args.public === true) problems.push(publicProblem(use.coordinate, args.category));
  if (use.directive === 'purpose') {
    const allow: unknown[] = Array.isArray(args.allow) ? args.allow : [args.allow];
    problems.push(...purposeProblems(use.coordinate, allow.filter((p): p is string => typeof p === 'string'), policy));
    if (typeof args.consent === 'string') problems.push(consentProblem(use.coordinate, args.consent, policy));
  }
  if (use.directive === 'subject' && typeof args.findableBy === 'string') problems.push(consentProblem(use.coordinate, args.findableBy, policy, '@subject(findableBy:)'));
  return problems.filter((p): p is string => p !== null);
}

function privacyDirectiveUses(doc: DocumentNode): DirectiveUse[] {
  const uses: DirectiveUse[] = [];
  const onType = (node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) => {
    for (const d of node.directives ?? []) {
      if (PRIVACY_DIRECTIVES.includes(d.name.value)) uses.push({ key: `${node.name.value}@${d.name.value}`, coordinate: node.name.value, directive: d.name.value, nonNull: false, node: d, personal: false });
    }
    for (const field of node.fields ?? []) {
      for (const d of field.directives ?? []) {
        if (!PRIVACY_DIRECTIVES.includes(d.name.value)) continue;
        const coordinate = `${node.name.value}.${field.name.value}`;
        const category = d.arguments?.find((a) => a.name.value === 'category')?.value;
        const personal = !(category?.kind === Kind.STRING && category.value.startsWith('system.'));
        uses.push({ key: `${coordinate}@${d.name.value}`, coordinate, directive: d.name.value, nonNull: field.type.kind === Kind.NON_NULL_TYPE, node: d, personal });
      }
    }
  };
  visit(doc, { ObjectTypeDefinition: onType, ObjectTypeExtension: onType });
  return uses;
}

function typesWithoutSubject(supergraph: DocumentNode): string[] {
  const problems: string[] = [];
  for (const def of supergraph.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const annotated = (def.fields ?? []).filter((f: FieldDefinitionNode) => f.directives?.some((d) => d.name.value === 'pii'));
    if (!annotated.length) continue;
    const subject = def.directives?.find((d) => d.name.value === 'subject');
    const hasAnchor = subject?.arguments?.some((a) => a.name.value === 'id' || a.name.value === 'count');
    if (!hasAnchor) problems.push(`type ${def.name.value} has @pii fields (${annotated.map((f) => f.name.value).join(', ')}) but no @subject(id:) telling whose data they are`);
  }
  return problems;
}

/**
 * Every field of a `@subject` type is personal unless its annotation says otherwise, so each needs
 * a `@pii`: a `user.*` category (personal, `public: true` where the policy publishes it) or a
 * `system.*` one (the row's bookkeeping). The subject-id field is annotated by `@subject(id:)`.
 * Checked on the supergraph, where an entity's fields from every subgraph meet its `@subject`.
 */
function unannotatedSubjectFields(supergraph: DocumentNode): string[] {
  const problems: string[] = [];
  for (const def of supergraph.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const subject = def.directives?.find((d) => d.name.value === 'subject');
    if (!subject) continue;
    const idArg = subject.arguments?.find((a) => a.name.value === 'id')?.value;
    const subjectId = idArg?.kind === Kind.STRING ? idArg.value : null;
    // A field's subgraphs are its @join__field graphs, or, where it has none, its type's @join__type graphs.
    const graphsOf = (directives: readonly ConstDirectiveNode[] | undefined, name: string) =>
      (directives ?? [])
        .filter((d) => d.name.value === name)
        .map((d) => d.arguments?.find((a) => a.name.value === 'graph')?.value)
        .map((v) => (v?.kind === Kind.ENUM ? v.value.toLowerCase() : null))
        .filter((g): g is string => Boolean(g));
    for (const field of def.fields ?? []) {
      if (field.name.value === subjectId || field.directives?.some((d) => d.name.value === 'pii')) continue;
      const own = graphsOf(field.directives, 'join__field');
      const graphs = own.length ? own : graphsOf(def.directives, 'join__type');
      const where = graphs.length ? `subgraph '${[...new Set(graphs)].join("', '")}': ` : '';
      problems.push(`${where}field ${def.name.value}.${field.name.value} of @subject type ${def.name.value} has no @pii; every field of a personal type needs one: a user.* category (public: true where the policy publishes it) or system.operations (P-82)`);
    }
  }
  return problems;
}
