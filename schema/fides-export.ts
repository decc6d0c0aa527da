import { stringify } from 'yaml';
import { NOT_ANNOTATED } from '../directives/annotations.js';
import type { Role } from '../directives/caller.js';
import type { FidesVocabulary } from './fides-vocabulary.js';
import type { InventoryEntry } from './privacy-inventory.js';
import type { ProcessingFacts, RecordOfProcessing } from './processing-record.js';

/** A Fides manifest: what one file of schema/fides/ holds (fideslang models.py `Taxonomy`, the parts used). */
export interface FidesManifest {
  dataset?: FidesDataset[];
  system?: FidesSystem[];
  data_category?: FidesTaxonomyEntry[];
  data_use?: FidesTaxonomyEntry[];
  data_subject?: FidesTaxonomyEntry[];
}

export interface FidesTaxonomyEntry {
  fides_key: string;
  name: string;
  description: string;
  parent_key?: string | null;
  is_default: false;
}

export interface FidesField {
  name: string;
  description?: string;
  data_categories: string[];
}

export interface FidesDataset {
  fides_key: string;
  name: string;
  description: string;
  collections: { name: string; description?: string; fields: FidesField[] }[];
}

export interface FidesDataFlow {
  fides_key: string;
  type: 'dataset' | 'system' | 'user';
  data_categories?: string[];
}

export interface FidesPrivacyDeclaration {
  name: string;
  data_use: string;
  data_categories: string[];
  data_subjects: string[];
  dataset_references?: string[];
  egress?: string[];
  ingress?: string[];
  legal_basis_for_processing: string;
  retention_period?: string;
  data_shared_with_third_parties: boolean;
  third_parties?: string;
  shared_categories?: string[];
}

export interface FidesSystem {
  fides_key: string;
  name: string;
  description: string;
  system_type: string;
  administrating_department?: string;
  responsibility: string[];
  dataset_references?: string[];
  egress?: FidesDataFlow[];
  ingress?: FidesDataFlow[];
  does_international_transfers: boolean;
  legal_basis_for_transfers?: string[];
  legal_name?: string;
  legal_address?: string;
  dpo?: string;
  privacy_declarations: FidesPrivacyDeclaration[];
}

/** The Fides data map, one manifest per file of schema/fides/. */
export interface FidesDataMap {
  'taxonomy.yml': FidesManifest;
  'datasets.yml': FidesManifest;
  'systems.yml': FidesManifest;
}

export const GATEWAY_SYSTEM = 'privacy_gateway';
export const datasetKey = (subgraph: string) => `marketplace_${subgraph}`;
export const subgraphSystemKey = (subgraph: string) => `marketplace_${subgraph}_subgraph`;
export const recipientSystemKey = (role: Role) => `recipient_${role}`;

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const personal = (category: string) => category.startsWith('user.');

/**
 * The annotations and the policy as a Fides data map (fideslang 3 manifests):
 * - a dataset per subgraph, one collection per type it resolves, one field per annotated field
 *   with its `@pii` category (the description names its purposes, consent, public or sensitive);
 * - a system per subgraph (what its fields are declared for), one for the gateway (what it
 *   releases under each purpose, from the record of processing) and one for each recipient that
 *   is a processor or third party (what it receives), joined by egress and ingress;
 * - the project's extensions of the taxonomy (categories, uses, subjects) so Fides knows every key.
 */
export function buildFidesDataMap(inventory: InventoryEntry[], record: RecordOfProcessing, facts: ProcessingFacts, vocabulary: FidesVocabulary, subgraphs: readonly string[]): FidesDataMap {
  const subjectFor = (coordinate: string) => facts.dataSubjects.find((s) => s.fields?.includes(coordinate))?.key ?? facts.dataSubjects.find((s) => !s.fields)!.key;
  const annotated = inventory.filter((e) => e.category !== NOT_ANNOTATED);
  const datasets: FidesDataset[] = subgraphs.map((subgraph) => {
    const byType = new Map<string, FidesField[]>();
    for (const e of annotated) {
      if (!e.subgraphs.includes(subgraph)) continue;
      const [type, field] = e.coordinate.split('.') as [string, string];
      const notes = [
        e.purposes ? `purposes: ${e.purposes.join(', ')}` : null,
        e.consent ? `consent: ${e.consent}` : null,
        e.public ? 'public' : null,
        e.sensitive ? 'sensitive' : null,
        e.implicit ? 'the subject id (implicit)' : null,
      ].filter(Boolean);
      byType.set(type, [...(byType.get(type) ?? []), { name: field, ...(notes.length ? { description: notes.join('; ') } : {}), data_categories: [e.category] }]);
    }
    return {
      fides_key: datasetKey(subgraph),
      name: `${subgraph} subgraph`,
      description: `The data the ${subgraph} subgraph resolves, as its GraphQL types: one collection per type, one field per annotated field.`,
      collections: [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, fields]) => ({ name, fields: fields.sort((a, b) => a.name.localeCompare(b.name)) })),
    };
  }).filter((d) => d.collections.length);

  const datasetSubgraphs = datasets.map((d) => d.fides_key.slice('marketplace_'.length));
  const byPurpose = new Map(record.purposes.map((p) => [p.purpose, p]));
  const legal = (purpose: string) => facts.purposes[purpose]!.legalBasis;
  const retention = (purpose: string) => byPurpose.get(purpose)?.retention.join(' ');

  // A subgraph declares what its fields are declared for: each @purpose, and essential.service for the subject's own and public reads.
  const subgraphSystems: FidesSystem[] = datasetSubgraphs.map((subgraph) => {
    const fields = annotated.filter((e) => e.subgraphs.includes(subgraph) && personal(e.category));
    const purposes = new Map<string, InventoryEntry[]>();
    for (const e of fields) for (const p of e.purposes ?? ['essential.service']) purposes.set(p, [...(purposes.get(p) ?? []), e]);
    const categories = sorted(fields.map((e) => e.category));
    return {
      fides_key: subgraphSystemKey(subgraph),
      name: `${subgraph} subgraph`,
      description: `The ${subgraph} subgraph: stores its data and answers the gateway only (signed requests).`,
      system_type: 'Service',
      responsibility: ['Controller'],
      dataset_references: [datasetKey(subgraph)],
      egress: [{ fides_key: GATEWAY_SYSTEM, type: 'system', data_categories: categories }],
      ingress: [{ fides_key: GATEWAY_SYSTEM, type: 'system' }],
      does_international_transfers: false,
      privacy_declarations: [...purposes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([purpose, entries]) => ({
        name: `${subgraph}: ${vocabulary.dataUses.get(purpose) ?? purpose}`,
        data_use: purpose,
        data_categories: sorted(entries.map((e) => e.category)),
        data_subjects: sorted(entries.map((e) => subjectFor(e.coordinate))),
        dataset_references: [datasetKey(subgraph)],
        egress: [GATEWAY_SYSTEM],
        legal_basis_for_processing: legal(purpose),
        ...(retention(purpose) ? { retention_period: retention(purpose) } : {}),
        data_shared_with_third_parties: false,
      })),
    };
  });

  const sharing = (kind: string) => kind === 'processor' || kind === 'third_party';
  // One recipients entry per role of the policy, in its order (processing-record.ts checks it).
  const roles = Object.keys(facts.recipients);
  const recipientRoles = roles.filter((role) => sharing(facts.recipients[role].kind) && record.purposes.some((p) => p.recipients.some((r) => r.role === role)));
  const flowTo = (role: Role) => (sharing(facts.recipients[role].kind) ? recipientSystemKey(role) : 'user');
  const receivedUnder = (p: RecordOfProcessing['purposes'][number], role: Role) => p.recipients.find((r) => r.role === role)?.categories ?? [];
  const received = (role: Role) => sorted(record.purposes.flatMap((p) => receivedUnder(p, role)));
  const userCategories = sorted(roles.filter((r) => !sharing(facts.recipients[r].kind)).flatMap(received));

  const gateway: FidesSystem = {
    fides_key: GATEWAY_SYSTEM,
    name: 'Privacy gateway',
    description: 'The GraphQL federation gateway: the only way to the subgraphs; decides per field, role and declared purpose what each caller receives (allow, mask, generalize, pseudonymize, scrub, placeholder, block) and audits decisions on sensitive data.',
    system_type: 'Service',
    responsibility: ['Controller'],
    legal_name: facts.controller.name,
    legal_address: facts.controller.address,
    dpo: facts.controller.contact,
    ingress: datasetSubgraphs.map((s) => ({ fides_key: subgraphSystemKey(s), type: 'system' as const })),
    egress: [
      ...(userCategories.length ? [{ fides_key: 'user', type: 'user' as const, data_categories: userCategories }] : []),
      ...recipientRoles.map((role) => ({ fides_key: recipientSystemKey(role), type: 'system' as const, data_categories: received(role) })),
    ],
    does_international_transfers: record.purposes.some((p) => p.transfers),
    ...(record.purposes.some((p) => p.transfers) ? { legal_basis_for_transfers: [facts.transfers.legalBasis] } : {}),
    privacy_declarations: record.purposes.filter((p) => p.recipients.length).map((p) => {
      const third = p.recipients.filter((r) => sharing(r.kind));
      const sources = datasetSubgraphs.filter((s) => p.fields.some((f) => inventory.find((e) => e.coordinate === f)?.subgraphs.includes(s)));
      return {
        name: `${p.name} (${p.recipients.map((r) => r.role).join(', ')})`,
        data_use: p.purpose,
        data_categories: p.categories.map((c) => c.category),
        data_subjects: p.dataSubjects,
        dataset_references: sources.map(datasetKey),
        egress: sorted(p.recipients.map((r) => flowTo(r.role))),
        ingress: sources.map(subgraphSystemKey),
        legal_basis_for_processing: p.legalBasis.basis,
        retention_period: p.retention.join(' '),
        data_shared_with_third_parties: third.length > 0,
        ...(third.length ? { third_parties: third.map((r) => r.name).join('; '), shared_categories: sorted(third.flatMap((r) => r.categories)) } : {}),
      };
    }),
  };

  const recipientSystems: FidesSystem[] = recipientRoles.map((role) => {
    const recipient = facts.recipients[role];
    const purposes = record.purposes.filter((p) => p.recipients.some((r) => r.role === role));
    const abroad = purposes.some((p) => p.transfers);
    return {
      fides_key: recipientSystemKey(role),
      name: record.purposes.flatMap((p) => p.recipients).find((r) => r.role === role)!.name,
      description: `What the role '${role}' receives through the gateway (${recipient.source}).`,
      system_type: 'Third Party',
      responsibility: [recipient.kind === 'processor' ? 'Processor' : 'Controller'],
      ingress: [{ fides_key: GATEWAY_SYSTEM, type: 'system', data_categories: received(role) }],
      does_international_transfers: abroad,
      ...(abroad ? { legal_basis_for_transfers: [facts.transfers.legalBasis] } : {}),
      privacy_declarations: purposes.map((p) => ({
        name: `${recipient.kind === 'processor' ? 'Processing for the controller' : 'Receiving'}: ${p.name}`,
        data_use: p.purpose,
        data_categories: receivedUnder(p, role),
        data_subjects: p.dataSubjects,
        ingress: [GATEWAY_SYSTEM],
        legal_basis_for_processing: p.legalBasis.basis,
        retention_period: p.recipients.find((r) => r.role === role)!.retention.join(' '),
        data_shared_with_third_parties: false,
      })),
    };
  });

  const taxonomyEntry = (e: { key: string; parent: string | null; name: string; why: string }, withParent: boolean): FidesTaxonomyEntry => ({
    fides_key: e.key,
    name: e.name,
    description: e.why,
    ...(withParent ? { parent_key: e.parent } : {}),
    is_default: false,
  });
  return {
    'taxonomy.yml': {
      data_category: vocabulary.extensions.dataCategories.map((e) => taxonomyEntry(e, true)),
      data_use: vocabulary.extensions.dataUses.map((e) => taxonomyEntry(e, true)),
      data_subject: vocabulary.extensions.dataSubjects.map((e) => taxonomyEntry(e, false)),
    },
    'datasets.yml': { dataset: datasets },
    'systems.yml': { system: [gateway, ...subgraphSystems, ...recipientSystems] },
  };
}

/**
 * Every key the data map uses that Fides would not know (neither fideslang's default taxonomy nor
 * an extension the map declares), and every flow that leads nowhere: a declaration's egress or
 * ingress its system does not define (fideslang's `privacy_declarations_reference_data_flows`),
 * a flow or dataset reference to a resource the map does not define.
 */
export function dataMapProblems(map: FidesDataMap, vocabulary: FidesVocabulary): string[] {
  const problems: string[] = [];
  const taxonomy = map['taxonomy.yml'];
  const categories = new Set([...vocabulary.dataCategories, ...(taxonomy.data_category ?? []).map((e) => e.fides_key)]);
  const uses = new Set([...vocabulary.dataUses.keys(), ...(taxonomy.data_use ?? []).map((e) => e.fides_key)]);
  const subjects = new Set([...vocabulary.dataSubjects.keys(), ...(taxonomy.data_subject ?? []).map((e) => e.fides_key)]);
  const datasets = map['datasets.yml'].dataset ?? [];
  const systems = map['systems.yml'].system ?? [];
  const datasetKeys = new Set(datasets.map((d) => d.fides_key));
  const systemKeys = new Set(systems.map((s) => s.fides_key));
  const category = (where: string, key: string) => !categories.has(key) && problems.push(`${where}: data category '${key}' is not in fideslang's taxonomy nor declared in taxonomy.yml`);
  for (const d of datasets) for (const c of d.collections) for (const f of c.fields) for (const key of f.data_categories) category(`dataset ${d.fides_key}.${c.name}.${f.name}`, key);
  for (const s of systems) {
    for (const ref of s.dataset_references ?? []) if (!datasetKeys.has(ref)) problems.push(`system ${s.fides_key}: dataset '${ref}' is not defined`);
    for (const [direction, flows] of [['egress', s.egress ?? []], ['ingress', s.ingress ?? []]] as const) {
      for (const flow of flows) {
        if (flow.type === 'system' && !systemKeys.has(flow.fides_key)) problems.push(`system ${s.fides_key}: ${direction} to system '${flow.fides_key}', which is not defined`);
        if (flow.type === 'dataset' && !datasetKeys.has(flow.fides_key)) problems.push(`system ${s.fides_key}: ${direction} to dataset '${flow.fides_key}', which is not defined`);
        for (const key of flow.data_categories ?? []) category(`system ${s.fides_key} ${direction} ${flow.fides_key}`, key);
      }
    }
    for (const p of s.privacy_declarations) {
      const where = `system ${s.fides_key} declaration '${p.name}'`;
      if (!uses.has(p.data_use)) problems.push(`${where}: data use '${p.data_use}' is not in fideslang's taxonomy nor declared in taxonomy.yml`);
      for (const key of p.data_categories) category(where, key);
      for (const key of p.data_subjects) if (!subjects.has(key)) problems.push(`${where}: data subject '${key}' is not in fideslang's taxonomy nor declared in taxonomy.yml`);
      for (const ref of p.dataset_references ?? []) if (!datasetKeys.has(ref)) problems.push(`${where}: dataset '${ref}' is not defined`);
      for (const [direction, keys] of [['egress', p.egress ?? []], ['ingress', p.ingress ?? []]] as const) {
        const defined = new Set((s[direction] ?? []).map((f) => f.fides_key));
        for (const key of keys) if (!defined.has(key)) problems.push(`${where}: ${direction} '${key}' is not among the system's own ${direction}`);
      }
    }
  }
  for (const [kind, entries, known] of [['data_category', taxonomy.data_category ?? [], categories], ['data_use', taxonomy.data_use ?? [], uses]] as const) {
    for (const e of entries) if (e.parent_key && !known.has(e.parent_key)) problems.push(`taxonomy.yml ${kind} ${e.fides_key}: parent '${e.parent_key}' is not defined`);
  }
  return problems;
}

/** One manifest as YAML, with a header saying where it comes from. */
export function manifestYaml(manifest: FidesManifest, policyVersion: string): string {
  const header = [
    '# Generated by `npm run compose` from the schema annotations, directives/policy.json',
    `# (policy ${policyVersion}) and directives/processing-record.json. Do not edit by hand.`,
    '# A Fides manifest (fideslang 3): load the folder with `fides push schema/fides/`.',
  ];
  return header.join('\n') + '\n' + stringify(manifest, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false });
}
