import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { buildASTSchema, parse } from 'graphql';
import { readPrivacyIndex, type PrivacyIndex } from '../directives/annotations.js';
import type { Caller, Role } from '../directives/caller.js';
import { decide, type RowContext } from '../directives/decide.js';
import type { PolicyConfig } from '../directives/policy-config.js';
import type { PolicyRule } from '../directives/policy-rules.js';
import { CompositionError } from './compose.js';
import type { FidesVocabulary } from './fides-vocabulary.js';
import { representativeCaller, type InventoryEntry } from './privacy-inventory.js';

const here = dirname(fileURLToPath(import.meta.url));
export const PROCESSING_FACTS_PATH = join(here, '..', 'directives', 'processing-record.json');

/** How a recipient role stands to the controller: the data subject, the public, staff, an entrusted processor, or a third party. */
export type RecipientKind = 'subject' | 'public' | 'internal' | 'processor' | 'third_party';

/** The reviewed facts of directives/processing-record.json: what the annotations and policy.json cannot give. */
export interface ProcessingFacts {
  controller: { name: string; address: string; contact: string; source: string };
  storage: { location: string; source: string };
  defaultRetention: { text: string; source: string };
  purposes: Record<string, { description: string; legalBasis: string; stated: boolean; source: string; retention?: string }>;
  recipients: Record<Role, { name: string; kind: RecipientKind; source: string }>;
  dataSubjects: { key: string; description: string; source: string; fields?: string[] }[];
  transfers: { consent: string; destinations: string; safeguards: string; legalBasis: string; source: string };
  retentionScopes: Record<string, { text: string; categories: string[]; source: string }>;
}

const sourced = { type: 'string', minLength: 1 };
const FACTS_SCHEMA = {
  type: 'object',
  required: ['controller', 'storage', 'defaultRetention', 'purposes', 'recipients', 'dataSubjects', 'transfers', 'retentionScopes'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    controller: { type: 'object', required: ['name', 'address', 'contact', 'source'], additionalProperties: false, properties: { name: sourced, address: sourced, contact: sourced, source: sourced } },
    storage: { type: 'object', required: ['location', 'source'], additionalProperties: false, properties: { location: sourced, source: sourced } },
    defaultRetention: { type: 'object', required: ['text', 'source'], additionalProperties: false, properties: { text: sourced, source: sourced } },
    purposes: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['description', 'legalBasis', 'stated', 'source'],
        additionalProperties: false,
        properties: { description: sourced, legalBasis: { type: 'string' }, stated: { type: 'boolean' }, source: sourced, retention: sourced },
      },
    },
    recipients: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['name', 'kind', 'source'],
        additionalProperties: false,
        properties: { name: sourced, kind: { enum: ['subject', 'public', 'internal', 'processor', 'third_party'] }, source: sourced },
      },
    },
    dataSubjects: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'description', 'source'],
        additionalProperties: false,
        properties: { key: sourced, description: sourced, source: sourced, fields: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$' } } },
      },
    },
    transfers: {
      type: 'object',
      required: ['consent', 'destinations', 'safeguards', 'legalBasis', 'source'],
      additionalProperties: false,
      properties: { consent: sourced, destinations: sourced, safeguards: sourced, legalBasis: sourced, source: sourced },
    },
    retentionScopes: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['text', 'categories', 'source'],
        additionalProperties: false,
        properties: { text: sourced, categories: { type: 'array', minItems: 1, items: { type: 'string' } }, source: sourced },
      },
    },
  },
} as const;

/** Reads directives/processing-record.json; {@link checkProcessingFacts} checks it against the policy. */
export function loadProcessingFacts(path = PROCESSING_FACTS_PATH): ProcessingFacts {
  return JSON.parse(readFileSync(path, 'utf8')) as ProcessingFacts;
}

/**
 * What is wrong with the facts: their shape (ajv), and every way they disagree with the policy and
 * the vocabulary: a purpose or role of policy.json without an entry (its record would be missing
 * a legal basis or a recipient), an entry for none, an unknown legal basis, consent, data subject
 * or field, a retention key of policy.json that is neither a category nor a described scope.
 */
export function processingFactsProblems(facts: unknown, policy: PolicyConfig, vocabulary: FidesVocabulary, coordinates: ReadonlySet<string>): string[] {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(FACTS_SCHEMA);
  if (!validate(facts)) return (validate.errors ?? []).map((e) => `processing-record.json${e.instancePath.replace(/\//g, '.')}: ${e.message}`);
  const f = facts as ProcessingFacts;
  const problems: string[] = [];
  for (const purpose of policy.purposes) if (!f.purposes[purpose]) problems.push(`processing-record.json: purpose '${purpose}' of policy.json has no entry (description, legal basis, source)`);
  for (const [purpose, entry] of Object.entries(f.purposes)) {
    if (!policy.purposes.includes(purpose)) problems.push(`processing-record.json: purposes.${purpose} is not a purpose of policy.json`);
    if (!vocabulary.legalBases.includes(entry.legalBasis)) problems.push(`processing-record.json: purposes.${purpose}.legalBasis '${entry.legalBasis}' is not one of ${vocabulary.legalBases.join(', ')}`);
  }
  for (const role of Object.keys(policy.roles)) if (!f.recipients[role]) problems.push(`processing-record.json: role '${role}' has no recipients entry`);
  for (const role of Object.keys(f.recipients)) if (!Object.hasOwn(policy.roles, role)) problems.push(`processing-record.json: recipients.${role} is not a role of policy.json`);
  for (const subject of f.dataSubjects) {
    if (!vocabulary.dataSubjects.has(subject.key)) problems.push(`processing-record.json: data subject '${subject.key}' is not a fideslang data subject or an extension of schema/fideslang-vocabulary.json`);
    for (const field of subject.fields ?? []) if (!coordinates.has(field)) problems.push(`processing-record.json: data subject '${subject.key}' names ${field}, which is not an annotated field`);
  }
  if (f.dataSubjects.filter((s) => !s.fields).length !== 1) problems.push('processing-record.json: exactly one data subject must have no "fields" (the subject of every other field)');
  if (!policy.consents[f.transfers.consent]) problems.push(`processing-record.json: transfers.consent '${f.transfers.consent}' is not a consent of policy.json`);
  for (const key of Object.keys(policy.retentionDays)) {
    if (!vocabulary.dataCategories.has(key) && !f.retentionScopes[key]) problems.push(`processing-record.json: retentionDays.${key} of policy.json is not a category, and retentionScopes does not say what it covers`);
  }
  for (const [key, scope] of Object.entries(f.retentionScopes)) {
    if (!(key in policy.retentionDays)) problems.push(`processing-record.json: retentionScopes.${key} is not a retentionDays key of policy.json`);
    for (const c of scope.categories) if (!vocabulary.dataCategories.has(c)) problems.push(`processing-record.json: retentionScopes.${key} names unknown category '${c}'`);
  }
  return problems;
}

/** One category as a purpose processes it: its outcomes across the recipients ("per row" where the data decides). */
export interface RecordCategory {
  category: string;
  sensitive: boolean;
  outcomes: string[];
}

/** One purpose of the record of processing (GDPR art. 30(1)(b)-(g)). */
export interface RecordPurpose {
  purpose: string;
  name: string;
  description: string;
  legalBasis: { basis: string; stated: boolean; source: string };
  consents: { consent: string; rule: string }[];
  categories: RecordCategory[];
  dataSubjects: string[];
  /** Each role that receives personal data under the purpose, with the categories it receives. */
  recipients: { role: Role; name: string; kind: RecipientKind; categories: string[]; outcomes: Record<string, string[]>; retention: string[] }[];
  retention: string[];
  transfers: { destinations: string; safeguards: string; legalBasis: string; consent: string; categories: string[]; source: string } | null;
  rules: string[];
  /** The annotated fields read under the purpose, by coordinate: what ties the record to the schema. */
  fields: string[];
}

export interface RecordOfProcessing {
  policyVersion: string;
  controller: ProcessingFacts['controller'];
  storage: ProcessingFacts['storage'];
  dataSubjects: { key: string; name: string; description: string; source: string }[];
  purposes: RecordPurpose[];
}

const RULE_ID = /P-\d{2}/g;

/** Fills `{deliveryWindowDays}`-style names of policy values into a text of the facts file. */
export function fillPolicyValues(text: string, policy: PolicyConfig): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = (policy as unknown as Record<string, unknown>)[name];
    return typeof value === 'number' || typeof value === 'string' ? String(value) : whole;
  });
}

const under = (category: string, parent: string) => category === parent || category.startsWith(parent + '.');

/**
 * The rows a "per row" outcome is decided on for the record: the caller's own row (for the data
 * subject's own roles), and a row of another member related to the caller as its rules require
 * (its store, its carrier, its assigned agent, its ward), with every consent on, delivered a day
 * ago, in a group of 1000, at home and then cross-border. What a role may receive at most: an
 * unrelated or unconsented row only takes away.
 */
function representativeRows(caller: Caller, own: boolean): { row: RowContext; crossBorder: boolean }[] {
  const now = Date.parse('2026-01-02T00:00:00Z');
  const consents = new Proxy({}, { get: () => true, has: () => true }) as Record<string, boolean>;
  const related = (crossBorder: boolean): RowContext => ({
    subjectId: 'u-subject',
    store: caller.store ?? null,
    carrier: caller.carrier ?? null,
    agent: caller.sub ?? null,
    deliveredAt: '2026-01-01T00:00:00Z',
    anonymous: false,
    crossBorder,
    count: 1000,
    provider: caller.provider ?? null,
    institution: caller.institution ?? null,
    facts: {
      consents,
      minor: caller.role === 'guardian',
      guardians: caller.sub ? [caller.sub] : [],
      agents: caller.sub ? [caller.sub] : [],
      loginProviders: caller.provider ? [caller.provider] : [],
      cancelled: false,
    },
    now,
  });
  const rows = [{ row: related(false), crossBorder: false }, { row: related(true), crossBorder: true }];
  if (own && caller.sub) rows.unshift({ row: { ...related(false), subjectId: caller.sub, facts: { consents, minor: false, guardians: [], agents: [], cancelled: false } }, crossBorder: false });
  return rows;
}

interface Release {
  outcome: string;
  rule: string | null;
  crossBorder: boolean;
  /** How the record names the outcome, where it is not the outcome itself. */
  label?: string;
}

/** What a role receives of one field under one purpose: the planned outcome, or the outcomes on representative rows. */
function releases(index: PrivacyIndex, e: InventoryEntry, role: Role, outcome: { purpose: string | null; outcome: string; rule: string | null }, own: boolean, policy: PolicyConfig): Release[] {
  if (outcome.outcome !== 'depends on data') return [{ outcome: outcome.outcome, rule: outcome.rule, crossBorder: false }];
  const [typeName, fieldName] = e.coordinate.split('.') as [string, string];
  const type = index.get(typeName);
  const field = type?.fields.get(fieldName);
  if (!type || !field) return [];
  const caller = representativeCaller(role);
  const decided = representativeRows(caller, own).map(({ row, crossBorder }): Release => {
    try {
      const d = decide(field, type.subject, { caller, purpose: outcome.purpose, config: policy, row });
      return { outcome: d.outcome, rule: d.rule, crossBorder };
    } catch {
      // A decision that cannot be made on these rows is not a release (P-82).
      return { outcome: 'block', rule: 'P-82', crossBorder };
    }
  });
  // The cross-border row is named only where it changes the outcome (P-23 masks a waybill's name and phone).
  const domestic = decided.find((r) => !r.crossBorder && r !== decided[0]) ?? decided[0]!;
  return decided.map((r) => (r.crossBorder && r.outcome !== domestic.outcome && r.outcome !== 'block' ? { ...r, label: `${r.outcome} (cross-border)` } : r));
}

/**
 * The record of processing, derived per purpose from the privacy inventory (what each role
 * receives under the purpose), policy.json (consents, retention, transfers) and the reviewed facts.
 * An outcome that depends on the data is decided on representative rows (the most a role may
 * receive). A read without a declared purpose (the member's own data, what the policy publishes)
 * is recorded under `essential.service`; only the data subject's own roles read their own rows
 * there. A field is counted where its outcome is anything but block; system.* fields (the rows'
 * bookkeeping) are left out.
 */
export function buildProcessingRecord(supergraph: string, inventory: InventoryEntry[], policy: PolicyConfig, facts: ProcessingFacts, vocabulary: FidesVocabulary): RecordOfProcessing {
  const index = readPrivacyIndex(buildASTSchema(parse(supergraph), { assumeValidSDL: true }));
  const aggregateTypes = new Set([...index.values()].filter((t) => t.subject.count).map((t) => t.typeName));
  const crossBorderTypes = new Set([...index.values()].filter((t) => t.subject.crossBorder).map((t) => t.typeName));
  const subjectOf = (coordinate: string) => facts.dataSubjects.find((s) => s.fields?.includes(coordinate))?.key ?? facts.dataSubjects.find((s) => !s.fields)!.key;
  const purposes = policy.purposes.map((purpose): RecordPurpose => {
    const entry = facts.purposes[purpose]!;
    const categories = new Map<string, { sensitive: boolean; outcomes: Set<string> }>();
    const byRole = new Map<Role, Map<string, Set<string>>>();
    const rules = new Set<string>();
    const subjects = new Set<string>();
    const fields = new Set<string>();
    const transferred = new Set<string>();
    for (const e of inventory) {
      if (!e.category.startsWith('user.')) continue;
      for (const role of Object.keys(policy.roles)) {
        const own = facts.recipients[role]!.kind === 'subject';
        for (const o of e.outcomes[role]!) {
          if (!(o.purpose === purpose || (o.purpose === null && purpose === 'essential.service'))) continue;
          for (const r of releases(index, e, role, o, own, policy)) {
            if (r.outcome === 'block') continue;
            const c = categories.get(e.category) ?? { sensitive: false, outcomes: new Set<string>() };
            c.sensitive ||= e.sensitive;
            // A value of an aggregate row (@subject(count:)) is about a group of at least k subjects, not a person (P-52).
            const outcome = r.outcome === 'allow' && aggregateTypes.has(e.coordinate.split('.')[0]!) ? 'aggregate' : (r.label ?? r.outcome);
            c.outcomes.add(outcome);
            categories.set(e.category, c);
            const received = byRole.get(role) ?? new Map<string, Set<string>>();
            received.set(e.category, (received.get(e.category) ?? new Set()).add(outcome));
            byRole.set(role, received);
            if (r.rule) rules.add(r.rule);
            subjects.add(subjectOf(e.coordinate));
            fields.add(e.coordinate);
            if (r.crossBorder && crossBorderTypes.has(e.coordinate.split('.')[0]!)) transferred.add(e.category);
          }
        }
      }
    }
    const consents = Object.entries(policy.consents)
      .filter(([, c]) => c.governs.includes(purpose))
      .map(([consent, c]) => ({ consent, rule: c.rule }));
    for (const c of consents) rules.add(c.rule);
    const categoryKeys = [...categories.keys()];
    const retention = retentionOf(categoryKeys, entry.retention, policy, facts);
    if (retention.some((line) => line.includes('P-66'))) rules.add('P-66');
    const transferConsent = policy.consents[facts.transfers.consent];
    const transfers = transferConsent?.governs.includes(purpose) && transferred.size
      ? { destinations: facts.transfers.destinations, safeguards: facts.transfers.safeguards, legalBasis: facts.transfers.legalBasis, consent: facts.transfers.consent, categories: [...transferred].sort(), source: facts.transfers.source }
      : null;
    const description = fillPolicyValues(entry.description, policy);
    for (const text of [description, ...retention, transfers?.safeguards ?? '']) for (const id of text.match(RULE_ID) ?? []) rules.add(id);
    return {
      purpose,
      name: vocabulary.dataUses.get(purpose) ?? purpose,
      description,
      legalBasis: { basis: entry.legalBasis, stated: entry.stated, source: entry.source },
      consents,
      categories: categoryKeys.sort().map((category) => ({ category, sensitive: categories.get(category)!.sensitive, outcomes: [...categories.get(category)!.outcomes].sort() })),
      dataSubjects: [...subjects].sort(),
      recipients: Object.keys(policy.roles).filter((r) => byRole.has(r)).map((role) => {
        const outcomes = byRole.get(role)!;
        const received = [...outcomes.keys()].sort();
        return {
          role,
          name: fillPolicyValues(facts.recipients[role].name, policy),
          kind: facts.recipients[role].kind,
          categories: received,
          outcomes: Object.fromEntries(received.map((c) => [c, [...outcomes.get(c)!].sort()])),
          retention: retentionOf(received, entry.retention, policy, facts),
        };
      }),
      retention,
      transfers,
      rules: [...rules].sort(),
      fields: [...fields].sort(),
    };
  });
  return {
    policyVersion: policy.version,
    controller: facts.controller,
    storage: facts.storage,
    dataSubjects: facts.dataSubjects.map((s) => ({ key: s.key, name: vocabulary.dataSubjects.get(s.key) ?? s.key, description: fillPolicyValues(s.description, policy), source: s.source })),
    purposes,
  };
}

/**
 * How long the given categories are kept: each retention period of policy.json that covers one
 * of them (P-66), the purpose's own limit from the facts, then the general rule.
 */
function retentionOf(categories: string[], purposeRetention: string | undefined, policy: PolicyConfig, facts: ProcessingFacts): string[] {
  const retention: string[] = [];
  for (const [key, days] of Object.entries(policy.retentionDays)) {
    const scope = facts.retentionScopes[key];
    const applies = scope ? categories.some((c) => scope.categories.some((s) => under(c, s))) : categories.some((c) => under(c, key));
    if (applies) retention.push(`${scope ? scope.text : key}: anonymized after ${days} days (P-66).`);
  }
  if (purposeRetention) retention.push(fillPolicyValues(purposeRetention, policy));
  retention.push(fillPolicyValues(facts.defaultRetention.text, policy));
  return retention;
}

/** Loads, checks and derives the record; throws CompositionError naming each problem of the facts file. */
export function processingRecord(supergraph: string, inventory: InventoryEntry[], policy: PolicyConfig, vocabulary: FidesVocabulary, facts: unknown = loadProcessingFacts()): RecordOfProcessing {
  const problems = processingFactsProblems(facts, policy, vocabulary, new Set(inventory.map((e) => e.coordinate)));
  if (problems.length) throw new CompositionError(problems);
  return buildProcessingRecord(supergraph, inventory, policy, facts as ProcessingFacts, vocabulary);
}

const KIND_LABEL: Record<RecipientKind, string> = { subject: 'the data subject', public: 'the public', internal: 'staff', processor: 'processor', third_party: 'third party' };

/** The record as a Markdown page (schema/RECORD-OF-PROCESSING.md), one section per purpose, rules with their text. */
export function processingRecordMarkdown(record: RecordOfProcessing, rules: ReadonlyMap<string, PolicyRule>): string {
  const lines = [
    '# Record of processing',
    '',
    'Generated by `npm run compose` from the `@pii` / `@purpose` / `@subject` annotations, `directives/policy.json`',
    `(policy ${record.policyVersion}) and the reviewed facts of \`directives/processing-record.json\`; do not edit by hand.`,
    'One section per purpose (GDPR art. 30(1)): the categories of data each recipient may receive under it (with the',
    'outcome: allow, mask, generalize, pseudonymize, scrub, placeholder, or aggregate: a value about a group of at least',
    'k subjects), the data subjects, recipients, legal basis, retention and transfers abroad, and the rules that decide it.',
    "Where an outcome depends on the row, it is the one on a row related to the recipient as its rules require (its store's",
    "order, its carrier's shipment, its assigned ticket, its ward) with the subject's consents on: the most it may receive.",
    'The JSON twin is `record-of-processing.json`; the Fides data map is `fides/`.',
    '',
    `- **Controller**: ${record.controller.name}, ${record.controller.address}; ${record.controller.contact} (${record.controller.source}).`,
    `- **Storage**: ${record.storage.location} (${record.storage.source}).`,
    '',
    '**Data subjects**:',
    '',
    ...record.dataSubjects.map((s) => `- \`${s.key}\` (${s.name}): ${s.description} (${s.source})`),
    '',
    '## Purposes',
    '',
    '| purpose | legal basis | recipients | transfers abroad |',
    '|---|---|---|---|',
    ...record.purposes.map((p) => `| [\`${p.purpose}\`](#${anchor(p.purpose)}) | ${p.legalBasis.basis}${p.legalBasis.stated ? '' : ' (to confirm)'} | ${p.recipients.map((r) => r.role).join(', ') || 'none'} | ${p.transfers ? 'yes, with consent' : 'no'} |`),
  ];
  for (const p of record.purposes) {
    lines.push(
      '',
      `### ${p.purpose}`,
      '',
      `${p.name}. ${p.description}`,
      '',
      `- **Legal basis**: ${p.legalBasis.basis} (${p.legalBasis.source})${p.legalBasis.stated ? '' : '. The policy text states no basis: this reading is to be confirmed by the privacy officer'}.`,
      `- **Consents required**: ${p.consents.length ? p.consents.map((c) => `\`${c.consent}\` (${c.rule})`).join(', ') : 'none'}.`,
      `- **Data subjects**: ${p.dataSubjects.map((s) => `\`${s}\``).join(', ') || 'none'}.`,
      `- **Recipients**: ${p.recipients.map((r) => `${r.name} (\`${r.role}\`, ${KIND_LABEL[r.kind]})`).join('; ') || 'none: no personal data is released under this purpose'}.`,
      `- **Retention**: ${p.retention.join(' ')}`,
      `- **Transfers abroad**: ${p.transfers ? `${p.transfers.destinations}, of ${p.transfers.categories.map((c) => `\`${c}\``).join(', ')}; ${p.transfers.safeguards} (${p.transfers.source})` : `none; stored in ${record.storage.location}`}.`,
      `- **Rules**:`,
      ...p.rules.map((id) => `  - ${id}: ${rules.get(id)?.text ?? '(not in POLICY.md)'}`),
    );
    if (p.categories.length) {
      lines.push('', 'Categories of data, and what each recipient receives:', '', `| category | sensitive | ${p.recipients.map((r) => r.role).join(' | ')} |`, `|---|---|${p.recipients.map(() => '---').join('|')}|`);
      for (const c of p.categories) lines.push(`| \`${c.category}\` | ${c.sensitive ? 'yes' : ''} | ${p.recipients.map((r) => r.outcomes[c.category]?.join(', ') ?? '').join(' | ')} |`);
    }
  }
  return lines.join('\n') + '\n';
}

const anchor = (purpose: string) => purpose.replace(/\./g, '').toLowerCase();
