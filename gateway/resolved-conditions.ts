import { Kind, visit, type DirectiveNode, type DocumentNode, type FieldNode, type ValueNode } from 'graphql';
import { withReachableFragments } from './executing-operation.js';
import { TYPENAME_ALIAS } from './privacy-plan.js';

/** Per document: its `@skip`/`@include` directives (none: the document is its own form), its Boolean variables' defaults, and its resolved forms by their values. */
const resolved = new WeakMap<DocumentNode, { conditions: DirectiveNode[]; defaults: Map<string, boolean>; forms: Map<string, DocumentNode> }>();
type Variables = Record<string, unknown> | null | undefined;

/**
 * The document with its `@skip` and `@include` decided for these variables: a selection they
 * exclude is gone, the directives are dropped from the rest. The privacy plan (and the pass
 * walking it) then sees exactly the fields that execute: an excluded field came back as `null`
 * with a refusal on the rows it would have been blocked on, which marked those rows (a child's,
 * an anonymous review's) and made strict mode refuse a field nobody asked for. The same document
 * object is returned while the conditions' values are the same, so plans stay cached per document;
 * the document is walked once, not per request.
 */
export function resolvedConditions(document: DocumentNode, variables: Variables): DocumentNode {
  let known = resolved.get(document);
  if (!known) resolved.set(document, (known = { conditions: conditionsOf(document), defaults: booleanDefaults(document), forms: new Map() }));
  if (!known.conditions.length) return document;
  // A variable the client did not send takes its default, as execution coerces it ($s: Boolean = true).
  const values = known.defaults.size ? { ...Object.fromEntries(known.defaults), ...(variables ?? {}) } : variables;
  const key = known.conditions.map((c) => (conditionValue(c, values) ? 1 : 0)).join('');
  let form = known.forms.get(key);
  if (!form) {
    // The oldest form goes first (and its plan, cached per form, with it): twenty conditions make a million forms.
    if (known.forms.size >= MAX_FORMS) known.forms.delete(known.forms.keys().next().value!);
    known.forms.set(key, (form = resolve(document, values)));
  }
  return form;
}

/** Resolved forms kept per document: a client switching fields on and off uses a few; a million would hold a plan each. */
export const MAX_FORMS = 64;

/** The Boolean literal defaults of the document's variables (`$s: Boolean = true`). */
function booleanDefaults(document: DocumentNode): Map<string, boolean> {
  const defaults = new Map<string, boolean>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      const name = variable.variable.name.value;
      if (variable.defaultValue?.kind === Kind.BOOLEAN && !defaults.has(name)) defaults.set(name, variable.defaultValue.value);
    }
  }
  return defaults;
}

const isCondition = (node: DirectiveNode) => node.name.value === 'skip' || node.name.value === 'include';

function conditionsOf(document: DocumentNode): DirectiveNode[] {
  const found: DirectiveNode[] = [];
  visit(document, {
    Directive(node) {
      if (isCondition(node)) found.push(node);
    },
  });
  return found;
}

/** The `if:` of one `@skip` / `@include`, as executed: a literal, or the variable's (coerced) value. */
function conditionValue(node: DirectiveNode, variables: Variables): boolean {
  const arg = node.arguments?.find((a) => a.name.value === 'if')?.value as ValueNode | undefined;
  if (!arg) return false;
  if (arg.kind === Kind.BOOLEAN) return arg.value;
  if (arg.kind === Kind.VARIABLE) return variables?.[arg.name.value] === true;
  return false;
}

/** Whether a selection with these directives is executed (graphql-js `shouldIncludeNode`). */
function included(directives: readonly DirectiveNode[] | undefined, variables: Variables): boolean {
  for (const directive of directives ?? []) {
    if (directive.name.value === 'skip' && conditionValue(directive, variables)) return false;
    if (directive.name.value === 'include' && !conditionValue(directive, variables)) return false;
  }
  return true;
}

function resolve(document: DocumentNode, variables: Variables): DocumentNode {
  const decide = (node: { directives?: readonly DirectiveNode[] }) => (included(node.directives, variables) ? undefined : null);
  // A fragment only a skipped spread reached is not planned: nothing of it executes.
  const form = visit(document, {
    Field: decide,
    InlineFragment: decide,
    FragmentSpread: decide,
    Directive: (node) => (isCondition(node) ? null : undefined),
    SelectionSet: {
      leave(node) {
        if (node.selections.length) return undefined;
        // Everything of a selection excluded (executed, it answers `{}`): a selection set cannot be
        // empty, so it asks the row's `__typename` under the gateway's alias, which the pass clears;
        // the operation's own selection too (the root's `__typename`), so `data` is `{}` as executed.
        return { ...node, selections: [STAND_IN] };
      },
    },
  });
  return withReachableFragments(form);
}

/** What an emptied selection set asks instead: `__pg_typename: __typename`, cleared by the privacy pass. */
const STAND_IN: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: TYPENAME_ALIAS }, name: { kind: Kind.NAME, value: '__typename' } };
