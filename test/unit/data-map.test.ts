import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadPolicyConfig, type PolicyConfig } from '../../directives/policy-config.js';
import { composeMarketplace } from '../../resolvers/compose-marketplace.js';
import { composeDataMap } from '../../schema/data-map.js';
import { dataMapProblems, type FidesDataMap } from '../../schema/fides-export.js';
import { fidesVocabulary } from '../../schema/fides-vocabulary.js';
import { loadProcessingFacts, processingFactsProblems, type RecordOfProcessing } from '../../schema/processing-record.js';

const FILES = ['taxonomy.yml', 'datasets.yml', 'systems.yml'] as const;
const committed = () => Object.fromEntries(FILES.map((f) => [f, parseYaml(readFileSync(`schema/fides/${f}`, 'utf8'))])) as unknown as FidesDataMap;
const record = () => JSON.parse(readFileSync('schema/record-of-processing.json', 'utf8')) as RecordOfProcessing;
const purpose = (r: RecordOfProcessing, key: string) => r.purposes.find((p) => p.purpose === key)!;

/** Every value of `key` anywhere in a parsed manifest. */
function valuesOf(node: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) valuesOf(item, key, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(...(Array.isArray(v) ? v : [v]));
      else valuesOf(v, key, out);
    }
  }
  return out;
}

describe('the data map (Fides manifests and record of processing)', () => {
  it('every data category, use and subject in schema/fides/ is a published fideslang key or an extension taxonomy.yml declares', () => {
    const map = committed();
    const vocabulary = fidesVocabulary();
    const taxonomy = map['taxonomy.yml'];
    const declared = (kind: 'data_category' | 'data_use' | 'data_subject') => new Set((taxonomy[kind] ?? []).map((e) => e.fides_key));
    const body = [map['datasets.yml'], map['systems.yml']];
    const categories = valuesOf(body, 'data_categories');
    const uses = valuesOf(body, 'data_use');
    const subjects = valuesOf(body, 'data_subjects');
    expect(categories.length).toBeGreaterThan(100);
    expect(categories.filter((k) => !vocabulary.dataCategories.has(k) && !declared('data_category').has(k))).toEqual([]);
    expect(uses.filter((k) => !vocabulary.dataUses.has(k) && !declared('data_use').has(k))).toEqual([]);
    expect(subjects.filter((k) => !vocabulary.dataSubjects.has(k) && !declared('data_subject').has(k))).toEqual([]);
    // The extensions hang off published keys, and the published keys used are the ones fideslang names.
    expect(categories).toContain('user.contact.phone_number');
    expect(uses).toContain('essential.service.payment_processing');
    expect(subjects).toContain('customer');
    for (const e of taxonomy.data_category ?? []) expect(vocabulary.dataCategories.has(e.parent_key!)).toBe(true);
    expect(dataMapProblems(map, vocabulary)).toEqual([]);
  });

  it("has the shape of fideslang's models (ajv against schema/fides-manifest.schema.json), and a misshapen manifest is refused", () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync('schema/fides-manifest.schema.json', 'utf8')));
    const map = committed();
    for (const file of FILES) expect({ file, valid: validate(map[file]), errors: validate.errors }).toEqual({ file, valid: true, errors: null });
    const system = structuredClone(map['systems.yml'].system![0]!) as unknown as Record<string, unknown>;
    const declarations = system.privacy_declarations as Record<string, unknown>[];
    delete declarations[0]!.data_use;
    expect(validate({ system: [system] })).toBe(false);
    expect(validate({ dataset: [{ fides_key: 'bad key!', collections: [] }] })).toBe(false);
    expect(validate({ system: [{ ...map['systems.yml'].system![0], egress: [{ fides_key: 'user', type: 'system' }] }] })).toBe(false);
  });

  it("refuses a flow that leads nowhere or a key Fides would not know (fideslang's declaration-flow check)", () => {
    const map = structuredClone(committed());
    const gateway = map['systems.yml'].system!.find((s) => s.fides_key === 'privacy_gateway')!;
    gateway.privacy_declarations[0]!.egress = ['recipient_nobody'];
    gateway.privacy_declarations[0]!.data_categories = ['user.contact.phone'];
    expect(dataMapProblems(map, fidesVocabulary())).toEqual([
      expect.stringMatching(/data category 'user\.contact\.phone' is not in fideslang's taxonomy/),
      expect.stringMatching(/egress 'recipient_nobody' is not among the system's own egress/),
    ]);
  });

  it('P-21 the record lists the merchant under essential.service.operations with the consignee phone masked (and PRIVACY.md gives the rule text); P-24 payment sees the card masked', () => {
    const r = record();
    const operations = purpose(r, 'essential.service.operations');
    expect(operations.recipients.map((x) => x.role)).toEqual(['merchant']);
    expect(operations.categories.find((c) => c.category === 'user.contact.phone_number')?.outcomes).toEqual(['mask']);
    expect(operations.categories.map((c) => c.category)).not.toContain('user.government_id.national_identification_number');
    expect(operations.rules).toEqual(expect.arrayContaining(['P-21', 'P-23']));
    expect(operations.legalBasis).toEqual({ basis: 'Contract', stated: true, source: expect.stringContaining('000 §3(V)1') });
    expect(readFileSync('schema/PRIVACY.md', 'utf8')).toContain('| P-51 | Analysts receive de-identified data that cannot be reversed');
    expect(purpose(r, 'essential.service.payment_processing').categories.find((c) => c.category === 'user.financial.bank_account')?.outcomes).toEqual(['mask']);
  });

  it('P-50 P-51 advertisers get aggregates only and analysts de-identified data, as the record says', () => {
    const r = record();
    for (const c of purpose(r, 'marketing.advertising.third_party').categories) expect(c.outcomes).toEqual(['aggregate']);
    const fraud = purpose(r, 'essential.fraud_detection').categories;
    // Person ids reach the analyst pseudonymized where they are private (browsing events), never where they are public (P-51).
    const reporting = purpose(r, 'analytics.reporting').categories;
    expect(reporting.find((c) => c.category === 'user.unique_id')?.outcomes).toEqual(['pseudonymize']);
    expect(fraud.find((c) => c.category === 'user.unique_id')).toBeUndefined();
    expect(fraud.find((c) => c.category === 'user.device.ip_address')?.outcomes).toEqual(['generalize']);
  });

  it('P-23 only the purposes the cross-border consent governs transfer abroad, and P-22 the delivery window comes from policy.json', () => {
    const r = record();
    const abroad = r.purposes.filter((p) => p.transfers).map((p) => p.purpose);
    expect(abroad).toEqual(loadPolicyConfig().consents.cross_border!.governs);
    expect(purpose(r, 'essential.service.operations.delivery').transfers?.categories).toContain('user.government_id.customs_id');
    // On a cross-border order the merchant reads the consignee's name masked; at home, as written but for contact details typed into it.
    expect(purpose(r, 'essential.service.operations').recipients[0]!.outcomes['user.name']).toEqual(['mask (cross-border)', 'scrub']);
    expect(purpose(r, 'essential.service.operations.delivery').retention.join(' ')).toContain('ends 30 days after delivery');
    expect(readFileSync('schema/RECORD-OF-PROCESSING.md', 'utf8')).toContain('- P-22: A carrier, under `essential.service.operations.delivery`');
  });

  it('a change of policy.json alone changes the record and the Fides systems: a purpose added to a role, a delivery window', () => {
    const policy = structuredClone(loadPolicyConfig()) as PolicyConfig;
    policy.roles.merchant.purposes = [...policy.roles.merchant.purposes, 'analytics.reporting'];
    policy.deliveryWindowDays = 10;
    const { supergraph, inventory } = composeMarketplace({}, policy);
    const dataMap = composeDataMap(supergraph, inventory, policy);
    const changed = JSON.parse(dataMap['record-of-processing.json']!) as RecordOfProcessing;
    expect(purpose(changed, 'analytics.reporting').recipients.map((x) => x.role)).toEqual(['merchant', 'analyst']);
    expect(purpose(changed, 'essential.service.operations.delivery').retention.join(' ')).toContain('ends 10 days after delivery');
    const systems = parseYaml(dataMap['fides/systems.yml']!) as FidesDataMap['systems.yml'];
    const merchant = systems.system!.find((s) => s.fides_key === 'recipient_merchant')!;
    expect(merchant.privacy_declarations.map((d) => d.data_use)).toEqual(['essential.service', 'essential.service.operations', 'analytics.reporting']);
  });

  it('P-82 compose refuses reviewed facts that miss a purpose of the policy, name an unknown legal basis, or a field that does not exist', () => {
    const policy = loadPolicyConfig();
    const facts = structuredClone(loadProcessingFacts()) as any;
    delete facts.purposes['train_ai_system'];
    facts.purposes['analytics.reporting'].legalBasis = 'Because';
    facts.dataSubjects[1].fields.push('Order.consigneeShoeSize');
    const coordinates = new Set<string>(JSON.parse(readFileSync('schema/privacy-inventory.json', 'utf8')).map((e: { coordinate: string }) => e.coordinate));
    expect(processingFactsProblems(facts, policy, fidesVocabulary(), coordinates)).toEqual([
      expect.stringMatching(/purpose 'train_ai_system' of policy.json has no entry/),
      expect.stringMatching(/purposes\.analytics\.reporting\.legalBasis 'Because' is not one of Consent, Contract/),
      expect.stringMatching(/names Order\.consigneeShoeSize, which is not an annotated field/),
    ]);
    expect(processingFactsProblems({ ...facts, controller: { name: 'x' } }, policy, fidesVocabulary(), coordinates)[0]).toMatch(/controller: must have required property 'address'/);
  });
});
