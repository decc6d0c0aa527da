import { buildASTSchema, Kind, parse, type DocumentNode } from 'graphql';
import { readPrivacyIndex, type FieldPolicy } from '../directives/annotations.js';
import { NeedsRow, decide, rowAccess } from '../directives/decide.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import type { PolicyRule } from '../directives/policy-rules.js';
import { PERSONAS } from './personas.js';
import type { Caller, Role } from '../directives/caller.js';
import { roleNameOf, rolesOf } from '../directives/role-names.js';

/** The outcome a role gets for a field under one purpose, or `depends on data` with the rules it may apply. */
export interface RoleOutcome {
  purpose: string | null;
  outcome: string;
  rule: string | null;
}

/** One annotated field of the supergraph, as the privacy inventory lists it. */
export interface InventoryEntry {
  coordinate: string;
  subgraphs: string[];
  category: string;
  sensitive: boolean;
  public: boolean;
  purposes: string[] | null;
  consent: string | null;
  implicit: boolean;
  /** Per role: the outcome under each purpose it may declare, and under none. */
  outcomes: Record<Role, RoleOutcome[]>;
  /**
   * For a relation (a field leading to rows of a `@subject` type, `Member.orders`): that type, and
   * per role and purpose whether its rows are seen at all there (the rows' own rule, decide.ts `rowAccess`).
   */
  leadsTo?: { type: string; rows: Record<Role, RoleOutcome[]> };
}

/**
 * A representative caller of each role, with the bindings its rules read: its demo persona's, or,
 * for a role the policy file adds without one, a scope of each kind (only the role's own is read).
 */
export function representativeCaller(role: Role): Caller {
  const persona = Object.values(PERSONAS).find((p) => p.claims?.role === role);
  const claims = (persona?.claims ?? (role === 'visitor' ? {} : Object.fromEntries(['store', 'carrier', 'partner', 'project', 'provider', 'institution'].map((key) => [key, `${role}-${key}`])))) as Record<string, string>;
  return { role, sub: claims.sub ?? (role === 'visitor' ? undefined : `u-${role}`), store: claims.store, carrier: claims.carrier, partner: claims.partner, project: claims.project, caseRef: claims.case, provider: claims.provider, institution: claims.institution };
}

/**
 * Derives the privacy inventory from the supergraph itself: every annotated field with its
 * subgraph, category, sensitivity, purposes, and what each role receives. It is generated, never
 * hand-kept, so it cannot drift from the annotations (DESIGN.md).
 */
export function buildPrivacyInventory(supergraphSdl: string, policy: PolicyConfig): InventoryEntry[] {
  const doc = parse(supergraphSdl);
  const schema = buildASTSchema(doc, { assumeValidSDL: true });
  const index = readPrivacyIndex(schema);
  const owners = fieldOwners(doc);
  const entries: InventoryEntry[] = [];
  for (const typePolicy of [...index.values()].sort((a, b) => a.typeName.localeCompare(b.typeName))) {
    for (const field of typePolicy.fields.values()) {
      const outcomes = {} as Record<Role, RoleOutcome[]>;
      for (const role of rolesOf(policy)) {
        const caller = representativeCaller(role);
        outcomes[role] = [null, ...policy.roles[role]!.purposes].map((purpose) => outcomeOf(field, typePolicy.subject, caller, purpose, policy));
      }
      const target = field.leaf ? undefined : index.get(field.returnType);
      let leadsTo: InventoryEntry['leadsTo'];
      if (target?.subject.rows) {
        const rows = {} as Record<Role, RoleOutcome[]>;
        for (const role of rolesOf(policy)) {
          const caller = representativeCaller(role);
          rows[role] = [null, ...policy.roles[role]!.purposes].map((purpose) => rowsOf(target.subject, caller, purpose, policy));
        }
        leadsTo = { type: target.typeName, rows };
      }
      entries.push({
        ...(leadsTo ? { leadsTo } : {}),
        coordinate: field.coordinate,
        subgraphs: owners.get(field.coordinate) ?? owners.get(field.typeName) ?? [],
        category: field.category,
        sensitive: field.sensitive,
        public: field.public,
        purposes: field.purposes,
        consent: field.consent,
        implicit: field.implicit,
        outcomes,
      });
    }
  }
  return entries;
}

function outcomeOf(field: FieldPolicy, subject: Parameters<typeof decide>[1], caller: Caller, purpose: string | null, policy: PolicyConfig): RoleOutcome {
  try {
    const decision = decide(field, subject, { caller, purpose, config: policy });
    return { purpose, outcome: decision.outcome, rule: decision.rule };
  } catch (error) {
    if (error instanceof NeedsRow) return { purpose, outcome: 'depends on data', rule: null };
    throw error;
  }
}

function rowsOf(subject: Parameters<typeof rowAccess>[0], caller: Caller, purpose: string | null, policy: PolicyConfig): RoleOutcome {
  try {
    const decision = rowAccess(subject, { caller, purpose, config: policy });
    return { purpose, outcome: decision.outcome === 'block' ? 'hidden' : 'shown', rule: decision.rule };
  } catch (error) {
    if (error instanceof NeedsRow) return { purpose, outcome: 'depends on data', rule: null };
    throw error;
  }
}

/** Which subgraphs resolve each field (`@join__field(graph:)`), or each type (`@join__type`). */
function fieldOwners(doc: DocumentNode): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const graphNames = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && def.name.value === 'join__Graph') {
      for (const value of def.values ?? []) {
        const name = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name');
        if (name?.value.kind === Kind.STRING) graphNames.set(value.name.value, name.value.value);
      }
    }
  }
  const graphsOf = (directives: readonly any[] | undefined, directive: string) =>
    (directives ?? [])
      .filter((d) => d.name.value === directive)
      .map((d) => d.arguments?.find((a: any) => a.name.value === 'graph')?.value?.value)
      .filter(Boolean)
      .map((g: string) => graphNames.get(g) ?? g.toLowerCase());
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    owners.set(def.name.value, graphsOf(def.directives, 'join__type'));
    for (const field of def.fields ?? []) {
      const graphs = graphsOf(field.directives, 'join__field');
      if (graphs.length) owners.set(`${def.name.value}.${field.name.value}`, graphs);
    }
  }
  return owners;
}

/** The inventory as a Markdown page (schema/PRIVACY.md): one row per field, one column per role, then the text of each rule cited. */
export function inventoryMarkdown(entries: InventoryEntry[], policy: PolicyConfig, rules?: ReadonlyMap<string, PolicyRule>): string {
  const roles = rolesOf(policy);
  const defaultPurpose = (role: Role) => Object.values(PERSONAS).find((p) => p.claims?.role === role)?.purpose ?? null;
  const cell = (e: InventoryEntry, role: Role) => {
    const wanted = defaultPurpose(role);
    const o = e.outcomes[role].find((x) => x.purpose === wanted) ?? e.outcomes[role][0];
    return o.outcome === 'depends on data' ? 'per row' : `${o.outcome}${o.rule ? ` (${o.rule})` : ''}`;
  };
  const lines = [
    '# Privacy inventory',
    '',
    'Generated by `npm run compose` from the supergraph\'s `@pii` / `@purpose` / `@subject` annotations and',
    `\`directives/policy.json\` (policy ${policy.version}). Do not edit by hand. Each role column shows the outcome`,
    'under that role\'s usual purpose (visitor and customer: none); "per row" means the outcome depends on the',
    'data (ownership, consent, anonymity, age) and is decided for each value. The JSON twin,',
    '`privacy-inventory.json`, lists every purpose of every role.',
    '',
    `| field | subgraph | category | sensitive | purposes | consent | ${roles.map((r) => roleNameOf(policy, r).name).join(' | ')} |`,
    `|---|---|---|---|---|---|${roles.map(() => '---').join('|')}|`,
  ];
  for (const e of entries) {
    lines.push(`| \`${e.coordinate}\` | ${e.subgraphs.join(', ')} | ${e.category}${e.public ? ' (public)' : ''} | ${e.sensitive ? 'yes' : ''} | ${(e.purposes ?? []).join(', ')} | ${e.consent ?? ''} | ${roles.map((r) => cell(e, r)).join(' | ')} |`);
  }
  const rowsCell = (e: InventoryEntry, role: Role) => {
    const wanted = defaultPurpose(role);
    const rows = e.leadsTo!.rows[role];
    const o = rows.find((x) => x.purpose === wanted) ?? rows[0];
    const field = cell(e, role);
    const reached = o.outcome === 'depends on data' ? 'rows per row' : `rows ${o.outcome}${o.rule ? ` (${o.rule})` : ''}`;
    return field.startsWith('block') ? field : `${field}; ${reached}`;
  };
  lines.push(
    '',
    '## Relations',
    '',
    'What each relation (a field leading to personal rows) leads to, per role under its usual purpose: the',
    "relation's own outcome, then whether the rows it reaches are shown or hidden there (a hidden row comes",
    "back as nothing; the row's fields are then decided as in the table above).",
    '',
    `| relation | leads to | ${roles.map((r) => roleNameOf(policy, r).name).join(' | ')} |`,
    `|---|---|${roles.map(() => '---').join('|')}|`,
  );
  for (const e of entries) if (e.leadsTo) lines.push(`| \`${e.coordinate}\` | \`${e.leadsTo.type}\` | ${roles.map((r) => rowsCell(e, r)).join(' | ')} |`);
  if (rules) {
    const cited = new Set(lines.join('\n').match(/P-\d{2}/g) ?? []);
    lines.push('', '## Rules cited', '', 'The text of each rule the tables name (docs/policy/POLICY.md, with its source in the policy texts).', '', '| rule | text | source |', '|---|---|---|');
    for (const id of [...cited].sort()) lines.push(`| ${id} | ${rules.get(id)?.text ?? '(not in POLICY.md)'} | ${rules.get(id)?.source ?? ''} |`);
  }
  return lines.join('\n') + '\n';
}
