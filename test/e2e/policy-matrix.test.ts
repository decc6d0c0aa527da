import { existsSync, readFileSync } from 'node:fs';
import { buildASTSchema, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPrivacyIndex, type FieldPolicy, type PrivacyIndex } from '../../directives/annotations.js';
import { NeedsRow, decide, lookupByIdRefused, rowVisibility } from '../../directives/decide.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';
import type { Role } from '../../directives/caller.js';
import { PERSONAS } from '../../gateway/personas.js';
import { CARRIER, MEMBER, ORDER, PRODUCT, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import { representativeCaller, type InventoryEntry } from '../../schema/privacy-inventory.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';

/**
 * The policy matrix, generated from the privacy inventory (schema/privacy-inventory.json, written
 * by `npm run compose`): every (role, annotated field) pair, under every purpose the role may
 * declare and under none, has a stated outcome, the one the decision core gives; and for every
 * pair decided statically (before any data is read) the gateway's answer over HTTP, with the
 * role's persona token, matches it. Pairs that depend on the data are proven row by row in the
 * area suites (policy-*.test.ts).
 */

const INVENTORY_PATH = new URL('../../schema/privacy-inventory.json', import.meta.url);
const DEPENDS = 'depends on data';

/**
 * How to reach an object of each annotated type from the root. `query` wraps a selection; `prefix`
 * is the decision path of those objects (lists as `*`); `parent`, when the way there is itself an
 * annotated field, is that field's path (if it is blocked for a caller, the type is out of reach,
 * and the parent's own decision must say so); `lookup` marks a way that names a person or a record
 * by key, which de-identified partners are refused whole (P-50, P-51, P-52).
 */
type Path = { query: (sel: string) => string; prefix: string; parent?: string; lookup?: true };
const PATHS: Record<string, Path> = {
  Member: { query: (s) => `member(id: "${MEMBER.buyer}") { ${s} }`, prefix: '', lookup: true },
  RealNameVerification: { query: (s) => `member(id: "${MEMBER.buyer}") { realNameVerification { ${s} } }`, prefix: '.realNameVerification', lookup: true },
  LoginBinding: { query: (s) => `member(id: "${MEMBER.buyer}") { loginBindings { ${s} } }`, prefix: '.loginBindings.*', lookup: true },
  Consent: { query: (s) => `member(id: "${MEMBER.buyer}") { consents { ${s} } }`, prefix: '.consents.*', parent: '.consents', lookup: true },
  BrowsingEvent: { query: (s) => `browsingEvents(first: 2) { ${s} }`, prefix: '.*' },
  SearchEvent: { query: (s) => `member(id: "${MEMBER.buyer}") { searchHistory { ${s} } }`, prefix: '.searchHistory.*', parent: '.searchHistory', lookup: true },
  Order: { query: (s) => `order(id: "${ORDER.buyerDomestic}") { ${s} }`, prefix: '', lookup: true },
  Payment: { query: (s) => `order(id: "${ORDER.buyerDomestic}") { payment { ${s} } }`, prefix: '.payment', lookup: true },
  OrderStat: { query: (s) => `orderStats { ${s} }`, prefix: '.*' },
  Shipment: { query: (s) => `shipment(id: "${shipmentId(ORDER.buyerDomestic)}") { ${s} }`, prefix: '', lookup: true },
  Review: { query: (s) => `review(id: "r-2003") { ${s} }`, prefix: '', lookup: true },
  SharedReview: { query: (s) => `sharedReviews { ${s} }`, prefix: '.*' },
  SharedAuthor: { query: (s) => `sharedReviews { author { ${s} } }`, prefix: '.*.author', parent: '.*.author' },
  Comment: { query: (s) => `product(id: "${PRODUCT.trailBoots}") { comments { ${s} } }`, prefix: '.comments.*' },
  Question: { query: (s) => `product(id: "${PRODUCT.trailBoots}") { questions { ${s} } }`, prefix: '.questions.*' },
  Answer: { query: (s) => `product(id: "${PRODUCT.trailBoots}") { questions { answers { ${s} } } }`, prefix: '.questions.*.answers.*' },
  Homepage: { query: (s) => `homepage(nickname: "DeerFan") { ${s} }`, prefix: '', lookup: true },
  Ticket: { query: (s) => `ticket(id: "t-4001") { ${s} }`, prefix: '', lookup: true },
  ChatMessage: { query: (s) => `chatTranscripts(first: 2) { ${s} }`, prefix: '.*' },
};

/**
 * For de-identified partners, the list fields they use instead of a lookup, where one reaches the
 * type; the types reachable only by a lookup are asked that way and must be refused whole.
 */
const PARTNER_PATHS: Record<string, Path> = {
  Order: { query: (s) => `storeOrders(storeId: "${STORE.deer}", first: 3) { ${s} }`, prefix: '.*' },
  Payment: { query: (s) => `storeOrders(storeId: "${STORE.deer}", first: 3) { payment { ${s} } }`, prefix: '.*.payment' },
  Shipment: { query: (s) => `shipments(carrierId: "${CARRIER.swift}", first: 3) { ${s} }`, prefix: '.*' },
  Review: { query: (s) => `product(id: "${PRODUCT.woolSocks}") { reviews { ${s} } }`, prefix: '.reviews.*' },
};

/** Annotated types not asked over HTTP here, each with the reason and the suite that proves them instead. */
const NOT_ASKED: Record<string, string> = {
  DataSubjectRequest: 'rows exist only once a member files a request (P-64, data-subject request suites)',
  AuditEntry: 'the access audit is read by the privacy officer only (P-80, audit suites)',
};

/** The persona that stands for a role (the inventory's representative caller is the first one). */
function personaOf(role: Role): string {
  if (role === 'visitor') return 'visitor';
  const found = Object.entries(PERSONAS).find(([, p]) => p.claims?.role === role);
  if (!found) throw new Error(`no persona for role ${role}`);
  return found[0];
}

const alias = (typeName: string) => `t_${typeName}`;

describe('policy matrix (generated from the privacy inventory)', () => {
  let m: Marketplace;
  let inventory: InventoryEntry[];
  let index: PrivacyIndex;
  const policy = loadPolicyConfig();
  const ROLES = Object.keys(policy.roles);

  beforeAll(async () => {
    m = await Marketplace.start();
    index = readPrivacyIndex(buildASTSchema(parse(m.supergraph), { assumeValidSDL: true }));
    inventory = existsSync(INVENTORY_PATH) ? (JSON.parse(readFileSync(INVENTORY_PATH, 'utf8')) as InventoryEntry[]) : [];
  });
  afterAll(async () => {
    await m?.close();
  });

  const fieldOf = (coordinate: string): { policy: FieldPolicy; subject: any } => {
    const [typeName, fieldName] = coordinate.split('.');
    const type = index.get(typeName);
    const field = type?.fields.get(fieldName);
    if (!type || !field) throw new Error(`${coordinate} is in the inventory but not annotated in the running supergraph`);
    return { policy: field, subject: type.subject };
  };

  it('P-01…P-83 the inventory states an outcome for every (role, annotated field) pair, under every purpose the role may declare and under none: the outcome decide() gives', () => {
    expect(existsSync(INVENTORY_PATH), 'schema/privacy-inventory.json: run npm run compose').toBe(true);
    const annotated = [...index.values()].flatMap((t) => [...t.fields.values()].map((f) => f.coordinate)).sort();
    expect(inventory.map((e) => e.coordinate).sort(), 'the inventory lists exactly the annotated fields of the running supergraph (npm run compose)').toEqual(annotated);
    let cells = 0;
    for (const entry of inventory) {
      const { policy: field, subject } = fieldOf(entry.coordinate);
      expect(Object.keys(entry.outcomes).sort(), entry.coordinate).toEqual([...ROLES].sort());
      for (const role of ROLES) {
        const stated = entry.outcomes[role];
        expect(stated.map((o) => o.purpose), `${entry.coordinate} / ${role}`).toEqual([null, ...policy.roles[role].purposes]);
        for (const cell of stated) {
          cells++;
          let expected: { outcome: string; rule: string | null };
          try {
            const d = decide(field, subject, { caller: representativeCaller(role), purpose: cell.purpose, config: policy });
            expected = { outcome: d.outcome, rule: d.rule };
          } catch (error) {
            if (!(error instanceof NeedsRow)) throw error;
            expected = { outcome: DEPENDS, rule: null };
          }
          expect({ outcome: cell.outcome, rule: cell.rule }, `${entry.coordinate} / ${role} / ${cell.purpose} (stale inventory? npm run compose)`).toEqual(expected);
        }
      }
    }
    expect(cells).toBeGreaterThan(inventory.length * ROLES.length);
  });

  it('P-01…P-83 the gateway answers every statically decided (role, purpose, field) over HTTP exactly as the inventory states', async () => {
    const types = [...new Set(inventory.map((e) => e.coordinate.split('.')[0]))];
    const unmapped = types.filter((t) => !PATHS[t] && !NOT_ASKED[t]);
    expect(unmapped, 'annotated types without a query path: add them to PATHS (or to NOT_ASKED with a reason)').toEqual([]);

    let checked = 0;
    let outOfReach = 0;
    let dependsOnData = 0;
    let hiddenRows = 0;
    let refusedLookups = 0;
    for (const role of ROLES) {
      const persona = personaOf(role);
      for (const purpose of [null, ...policy.roles[role].purposes]) {
        // The statically decided cells of this (role, purpose), grouped by type.
        const byType = new Map<string, { entry: InventoryEntry; outcome: string; rule: string }[]>();
        for (const entry of inventory) {
          const typeName = entry.coordinate.split('.')[0];
          const cell = entry.outcomes[role].find((o) => o.purpose === purpose)!;
          if (cell.outcome === DEPENDS) {
            dependsOnData++;
            continue;
          }
          if (!PATHS[typeName]) continue;
          byType.set(typeName, [...(byType.get(typeName) ?? []), { entry, outcome: cell.outcome, rule: cell.rule! }]);
        }
        if (!byType.size) continue;
        // A de-identified partner is refused any lookup by key: those types are asked apart, and must be refused whole.
        const refusal = lookupByIdRefused({ caller: representativeCaller(role), purpose, config: policy });
        const pathOf = (typeName: string): Path => (refusal && PARTNER_PATHS[typeName]) || PATHS[typeName];
        const selectionOf = ([typeName, cells]: [string, { entry: InventoryEntry }[]]) => {
          const fields = cells.map(({ entry }) => {
            const { policy: field } = fieldOf(entry.coordinate);
            return field.leaf ? field.fieldName : `${field.fieldName} { __typename }`;
          });
          return `${alias(typeName)}: ${pathOf(typeName).query(fields.join(' '))}`;
        };
        const where = `${persona} (${role}) / ${purpose}`;
        if (refusal) {
          const lookups = [...byType].filter(([typeName]) => pathOf(typeName).lookup);
          if (lookups.length) {
            const refused = await m.ask(persona, `{ ${lookups.map(selectionOf).join('\n')} }`, { purpose });
            expect(refused.status, where).toBe(200);
            expect(refused.body.data ?? null, where).toBeNull();
            expect(refused.body.errors?.[0]?.extensions, where).toMatchObject({ code: 'PRIVACY_BLOCKED', rule: refusal.rule });
            refusedLookups += lookups.reduce((n, [, cells]) => n + cells.length, 0);
            for (const [typeName] of lookups) byType.delete(typeName);
          }
          if (!byType.size) continue;
        }
        const selections = [...byType].map(selectionOf);
        const answer = await m.ask(persona, `{ ${selections.join('\n')} }`, { purpose });
        expect(answer.status, where).toBe(200);
        for (const error of answer.body.errors ?? []) expect(error.extensions?.code, `${where}: ${error.message}`).toBe('PRIVACY_BLOCKED');

        for (const [typeName, cells] of byType) {
          const { prefix, parent } = pathOf(typeName);
          const base = alias(typeName) + prefix;
          const objects = objectsAt(answer.body.data, base);
          if (!objects.length && rowVisibility(index.get(typeName)!.subject, { caller: representativeCaller(role), purpose, config: policy }) === 'hidden') {
            // Rows the caller may not see at all come back as nothing, silently (P-82 default deny).
            hiddenRows += cells.length;
            continue;
          }
          if (!objects.length) {
            // Out of reach: the annotated field that leads there is withheld, and says so.
            expect(parent, `${where}: no ${typeName} at ${base} in ${JSON.stringify(answer.body.data?.[alias(typeName)])}`).toBeDefined();
            const reason = decisionsFor(answer, alias(typeName) + parent).find((d) => d.outcome === 'block' || d.outcome === 'placeholder');
            expect(reason, `${where}: ${typeName} out of reach without a decision at ${alias(typeName)}${parent}`).toBeDefined();
            outOfReach += cells.length;
            continue;
          }
          for (const { entry, outcome, rule } of cells) {
            const { policy: field } = fieldOf(entry.coordinate);
            const path = `${base}.${field.fieldName}`;
            const seen = outcome === 'block' && !field.nullable ? 'placeholder' : outcome;
            const explained = decisionsFor(answer, path);
            const label = `${where}: ${entry.coordinate} stated ${outcome} ${rule}; explained ${JSON.stringify(explained)}`;
            if (seen === 'allow') {
              expect(explained, label).toEqual([]);
              expect(errorsUnder(answer, path), label).toEqual([]);
            } else {
              expect(explained.map((d) => [d.outcome, d.rule]), label).toEqual([[seen, rule]]);
              expect(explained[0].count, label).toBe(objects.length);
              if (seen === 'block') {
                for (const obj of objects) expect(obj[field.fieldName], label).toBeNull();
                // One error for the pattern, covering every blocked value.
                expect(errorsUnder(answer, path).map((e) => [e.extensions.rule, e.extensions.count, e.extensions.paths.length]), label).toEqual([[rule, objects.length, objects.length]]);
              }
            }
            checked++;
          }
        }
      }
    }
    // A modest matrix, but a real one: hundreds of pairs asked over HTTP, none skipped silently.
    expect(checked).toBeGreaterThan(300);
    expect(dependsOnData).toBeGreaterThan(0);
    expect(outOfReach).toBeLessThan(checked);
    expect(hiddenRows).toBeGreaterThan(0);
    expect(refusedLookups).toBeGreaterThan(0);
  });
});

/** The objects at a decision path pattern (`t_Order.payment`, `t_Comment.comments.*`). */
function objectsAt(data: unknown, pattern: string): any[] {
  let current: any[] = [data];
  for (const key of pattern.split('.')) {
    const next: any[] = [];
    for (const value of current) {
      if (value == null) continue;
      if (key === '*') {
        if (Array.isArray(value)) next.push(...value.filter((v) => v != null));
      } else if (typeof value === 'object' && !Array.isArray(value)) next.push((value as any)[key]);
    }
    current = next;
  }
  return current.filter((v) => v != null && typeof v === 'object' && !Array.isArray(v));
}

function decisionsFor(answer: GraphQLAnswer, pattern: string): any[] {
  return (answer.body.extensions?.privacy?.decisions ?? []).filter((d: any) => d.path === pattern);
}

/** PRIVACY_BLOCKED errors whose path matches a decision path pattern. */
function errorsUnder(answer: GraphQLAnswer, pattern: string): any[] {
  return (answer.body.errors ?? []).filter((e: any) => (e.path ?? []).map((p: unknown) => (typeof p === 'number' ? '*' : p)).join('.') === pattern);
}
