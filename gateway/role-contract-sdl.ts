import { MapperKind, filterSchema, mapSchema } from '@graphql-tools/utils';
import { GraphQLSchema, buildASTSchema, parse, printSchema, specifiedDirectives } from 'graphql';
import { readPrivacyIndex, type FieldPolicy, type SubjectSpec } from '../directives/annotations.js';
import type { Caller, Role } from '../directives/caller.js';
import { NeedsRow, decide, type RowContext } from '../directives/decide.js';
import type { Decision } from '../directives/decision.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import type { PolicyRule } from '../directives/policy-rules.js';
import { roleNameOf } from '../directives/role-names.js';
import { EXPOSURE, fieldCells, situationText } from '../schema/policy-outcomes.js';
import { roleContract } from './role-contract.js';
import { INPUTS_SCALAR, isInternalField } from './row-inputs.js';

/** The schema clients see, from the supergraph SDL: no federation types or directives, no internal fields, nothing `@inaccessible` (`Store.merchantId`). */
export function clientSchemaFromSupergraph(supergraphSdl: string): GraphQLSchema {
  const supergraph = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const inaccessible = (node: { directives?: readonly { name: { value: string } }[] } | null | undefined) => Boolean(node?.directives?.some((d) => d.name.value === 'inaccessible'));
  return filterSchema({
    schema: supergraph,
    typeFilter: (name, type) => name !== INPUTS_SCALAR && !/^(join|link)__/.test(name) && !inaccessible((type as { astNode?: Parameters<typeof inaccessible>[0] }).astNode),
    objectFieldFilter: (_type, field, config) => !isInternalField(field) && !inaccessible(config.astNode),
  });
}

/** A caller of the role bound to everything its rules may read (as in the role contract). */
const contractCaller = (role: Role): Caller => ({ role, sub: 'contract', store: 'contract', carrier: 'contract', partner: 'contract', project: 'contract', caseRef: 'contract', provider: 'contract', institution: 'contract' }) as Caller;

/**
 * The row a contract describes: bound to the caller (its store, carrier, payment institution,
 * assigned ticket, login binding), domestic, delivered today, of an adult member who gave every consent and whose data is
 * not anonymous; `own` makes the caller the data subject. Other rows may differ as the cited rule
 * says (P-23 cross-border).
 */
function representativeRow(policy: PolicyConfig, own: boolean, now: number): RowContext {
  const consents = Object.fromEntries(Object.keys(policy.consents).map((kind) => [kind, true]));
  return {
    subjectId: own ? 'contract' : 'another-member',
    store: 'contract',
    carrier: 'contract',
    agent: 'contract',
    deliveredAt: new Date(now).toISOString(),
    anonymous: false,
    crossBorder: false,
    count: 1_000_000,
    provider: 'contract',
    institution: 'contract',
    facts: { consents, minor: false, guardians: [], agents: ['contract'], loginProviders: ['contract'], cancelled: false },
    now,
  };
}

export function outcomeText(d: Decision): string {
  switch (d.outcome) {
    case 'allow':
      return 'the value';
    case 'mask':
      return 'masked';
    case 'generalize':
      return d.generalization ? `generalized (${d.generalization.replace('_', ' ')})` : 'generalized';
    case 'pseudonymize':
      return 'pseudonymized (a stable token per partner or project)';
    case 'scrub':
      return 'scrubbed (contact details in the text replaced)';
    case 'placeholder':
      return 'a placeholder (a fixed public stand-in)';
    case 'block':
      return 'refused (null and a PRIVACY_BLOCKED error)';
  }
}

/** One field's outcome for a role under one purpose (`null`: no purpose declared). */
export interface FieldOutcome {
  purpose: string | null;
  /** The outcome on the row the contract describes; for members and guardians, on their own data first. */
  outcomes: { row: 'own' | 'bound'; decision: Decision }[];
  /** Rows in other situations that release more than that row (a cross-border waybill's masked customs id): a contract never tells less than is released. */
  more: { situation: string; decision: Decision }[];
}

/** What `role` gets from one annotated field, under each purpose it may declare. */
export function fieldOutcomes(field: FieldPolicy, subject: SubjectSpec, role: Role, policy: PolicyConfig, now = Date.now()): FieldOutcome[] {
  const caller = contractCaller(role);
  const rows: ('own' | 'bound')[] = role === 'customer' || role === 'guardian' ? ['own', 'bound'] : ['bound'];
  return [null, ...(policy.roles[role]?.purposes ?? [])].map((purpose) => ({
    purpose,
    outcomes: rows.map((row) => {
      const decideOn = (r?: RowContext) => decide(field, subject, { caller, purpose, config: policy, ...(r ? { row: r } : {}) });
      let decision: Decision;
      try {
        try {
          decision = decideOn();
        } catch (error) {
          if (!(error instanceof NeedsRow)) throw error;
          decision = decideOn(representativeRow(policy, row === 'own', now));
        }
      } catch {
        decision = { outcome: 'block', rule: 'P-82', reason: 'the policy cannot decide it' };
      }
      return { row, decision };
    }),
    more: moreRevealing(field, subject, role, purpose, policy),
  }));
}

/** The situations of another member's row (the explorer's table) whose outcome releases more than the row the contract describes. */
function moreRevealing(field: FieldPolicy, subject: SubjectSpec, role: Role, purpose: string | null, policy: PolicyConfig): FieldOutcome['more'] {
  let cells;
  try {
    cells = fieldCells(field, subject, role, purpose, policy);
  } catch {
    return [];
  }
  const described = cells.find((c) => c.situation === 'related' || c.situation === 'any');
  if (!described) return [];
  return cells
    .filter((c) => c.situation !== 'own' && c.situation !== 'ownConsentOff' && c.situation !== 'ward' && EXPOSURE[c.outcome]! > EXPOSURE[described.outcome]!)
    .map((c) => ({ situation: situationText(c.situation), decision: { outcome: c.outcome, rule: c.rule, reason: c.reason } as Decision }));
}

/** The description of one field in a role's contract: the outcome per purpose, with its rule and the rule's text. */
function describeField(outcomes: FieldOutcome[], rules: Map<string, PolicyRule>): string {
  const lines: string[] = [];
  const cited = new Set<string>();
  for (const { purpose, outcomes: perRow, more } of outcomes) {
    const under = purpose ? `Under purpose \`${purpose}\`` : 'Without a purpose';
    const parts = perRow.map(({ row, decision }) => {
      cited.add(decision.rule);
      const on = perRow.length > 1 ? (row === 'own' ? 'own data: ' : "another member's data: ") : '';
      return `${on}${outcomeText(decision)} (${decision.rule})`;
    });
    for (const { situation, decision } of more) {
      cited.add(decision.rule);
      parts.push(`on ${situation}: ${outcomeText(decision)} (${decision.rule})`);
    }
    lines.push(`${under}: ${parts.join('; ')}.`);
  }
  for (const id of [...cited].sort()) lines.push(`${id}: ${rules.get(id)?.text ?? '(rule not found in POLICY.md)'}`);
  return lines.join('\n');
}

/**
 * A role's contract as SDL a partner can read and generate types from: the fields the role can ever
 * receive (gateway/role-contract.ts), each personal field described by what the role gets from it
 * under each purpose it may declare, the rule and the rule's text.
 */
export function roleContractSdl(client: GraphQLSchema, role: Role, policy: PolicyConfig, rules: Map<string, PolicyRule>, now = Date.now()): string {
  const contract = roleContract(client, role, policy);
  const index = readPrivacyIndex(client);
  const described = mapSchema(contract, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const typePolicy = index.get(typeName);
      const field = typePolicy?.fields.get(fieldName);
      if (!typePolicy || !field?.annotated) return fieldConfig;
      const privacy = describeField(fieldOutcomes(field, typePolicy.subject, role, policy, now), rules);
      return { ...fieldConfig, description: fieldConfig.description ? `${fieldConfig.description}\n\n${privacy}` : privacy, astNode: undefined };
    },
  });
  // Partners see no annotation or federation directives: the descriptions say what they mean for the role.
  const config = described.toConfig();
  const plain = new GraphQLSchema({ ...config, directives: specifiedDirectives, astNode: undefined, extensionASTNodes: [] });
  const { name, who } = roleNameOf(policy, role);
  const purposes = policy.roles[role]?.purposes ?? [];
  const header = [
    `# ${name} (role \`${role}\`): ${who}.`,
    `# Purposes this role may declare (header x-purpose): ${purposes.length ? purposes.join(', ') : 'none'}.`,
    '# The fields this role can ever receive. Each personal field says what the role gets under each purpose,',
    '# on a domestic row bound to the caller (its store, carrier, payment institution, assigned ticket), delivered today, of an adult',
    '# member who gave every consent; on other rows the cited rule says what changes (another store\'s row is',
    '# blocked, a minor\'s data is sensitive, a cross-border waybill follows P-23, ...).',
    '# Generated by `npm run contracts` from the supergraph, the annotations and directives/policy.json.',
  ];
  return `${header.join('\n')}\n\n${printSchema(plain)}\n`;
}

