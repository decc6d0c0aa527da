import { GraphQLSchema, TypeInfo, getNamedType, isObjectType, parse, validate, visit, visitWithTypeInfo } from 'graphql';
import { readPrivacyIndex } from '../directives/annotations.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import type { PolicyRule } from '../directives/policy-rules.js';
import { roleNameOf } from '../directives/role-names.js';
import type { DocumentManifest } from './document-manifest.js';
import { roleContract } from './role-contract.js';
import { fieldOutcomes, outcomeText } from './role-contract-sdl.js';

/** What `npm run documents:check` found: the preview lines, and the documents that cannot be registered. */
export interface DocumentPreview {
  lines: string[];
  violations: string[];
}

/**
 * Checks every registered document against its role's contract and says, per selected field and
 * purpose the role may declare, what the partner will receive: a privacy preview before deployment.
 * A document that does not validate against the role's contract (a field the role can never
 * receive, under any purpose) is a violation, named with its file and the field.
 */
export function previewDocuments(client: GraphQLSchema, policy: PolicyConfig, rules: Map<string, PolicyRule>, manifest: DocumentManifest): DocumentPreview {
  const index = readPrivacyIndex(client);
  const contracts = new Map<string, GraphQLSchema>();
  const lines: string[] = [];
  const violations: string[] = [];
  for (const document of Object.values(manifest.documents)) {
    const { role, file } = document;
    let contract = contracts.get(role);
    if (!contract) contracts.set(role, (contract = roleContract(client, role, policy)));
    const purposes: (string | null)[] = policy.roles[role]?.purposes.length ? policy.roles[role]!.purposes : [null];
    lines.push(`${file} — ${roleNameOf(policy, role).name} (role ${role}), purpose${purposes.length > 1 ? 's' : ''} ${purposes.map((p) => p ?? '(none)').join(', ')}`);
    let ast;
    try {
      ast = parse(document.body);
    } catch (error) {
      violations.push(`${file}: does not parse: ${(error as Error).message}`);
      continue;
    }
    const unknown = validate(client, ast);
    if (unknown.length) {
      violations.push(...unknown.map((e) => `${file}: ${e.message}`));
      continue;
    }
    // The same document against the role's contract: what fails there is a field the role never receives.
    const typeInfo = new TypeInfo(client);
    const path: string[] = [];
    visit(
      ast,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(node) {
            path.push(node.alias?.value ?? node.name.value);
            const parent = typeInfo.getParentType();
            if (!parent || node.name.value.startsWith('__')) return;
            const contractParent = contract!.getType(parent.name);
            const offered = contractParent && 'getFields' in contractParent && (contractParent as { getFields(): Record<string, unknown> }).getFields()[node.name.value];
            const coordinate = `${parent.name}.${node.name.value}`;
            if (!offered) {
              violations.push(`${file}: ${coordinate} (at ${path.join('.')}) is never given to role ${role} (${roleNameOf(policy, role).name}) under any purpose it may declare; remove it (contracts/${role}.graphql lists what the role can receive)`);
              return;
            }
            if (!isObjectType(parent)) return;
            const typePolicy = index.get(parent.name);
            const field = typePolicy?.fields.get(node.name.value);
            if (!typePolicy || !field?.annotated) {
              if (!isObjectType(getNamedType(typeInfo.getType()!))) lines.push(`  ${path.join('.')}  ${coordinate}  the value (not personal data)`);
              return;
            }
            const outcomes = fieldOutcomes(field, typePolicy.subject, role, policy).filter((o) => purposes.includes(o.purpose));
            // The row the contract describes, then each situation that releases more (a cross-border shipment's masked customs id): a preview never tells less than is released.
            const said = outcomes.map(({ purpose, outcomes: [first], more }) =>
              [`${purposes.length > 1 ? `${purpose}: ` : ''}${outcomeText(first!.decision)} (${first!.decision.rule})`, ...more.map(({ situation, decision }) => `on ${situation}: ${outcomeText(decision)} (${decision.rule})`)].join(', '),
            );
            lines.push(`  ${path.join('.')}  ${coordinate}  ${said.join('; ')}`);
          },
          leave() {
            path.pop();
          },
        },
      }),
    );
  }
  const cited = new Set([...lines.join('\n').matchAll(/\((P-\d{2})\)/g)].map((m) => m[1]!));
  if (cited.size) lines.push('', 'Rules:', ...[...cited].sort().map((id) => `  ${id}: ${rules.get(id)?.text ?? '(not found in POLICY.md)'}`));
  return { lines, violations };
}
