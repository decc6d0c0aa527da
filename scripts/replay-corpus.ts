/**
 * The operations a policy's dry run replays (`npm run policy:diff`): every registered document as
 * each persona of its role under each purpose the role may declare, the README's sample requests,
 * and any file of recorded operations.
 */
import { readFileSync } from 'node:fs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { PolicyConfig } from '../directives/policy-config.js';
import type { DocumentManifest } from '../gateway/document-manifest.js';
import { PERSONAS, isPersonaName } from '../gateway/personas.js';
import { CARRIER, MEMBER, ORDER, PRODUCT, STORE, shipmentId } from '../resolvers/demo-ids.js';

export interface ReplayOperation {
  /** Where it comes from, as the report names it (`documents/merchant/Order.graphql`, `README: …`, `ops.ndjson #3`). */
  label: string;
  persona: string;
  /** The `x-purpose` sent; null sends none. */
  purpose: string | null;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** A recorded operation's problem, naming the file and entry. */
export class RecordedOperationsError extends Error {}

/** The personas of a role, in the order of PERSONAS. */
const personasOf = (role: string) => Object.keys(PERSONAS).filter((name) => (PERSONAS[name]!.claims?.role ?? 'visitor') === role);

// The demo rows a persona's documents are about: an order of its store, a shipment of its carrier.
const ORDER_OF_STORE: Record<string, string> = { [STORE.deer]: ORDER.buyerDomestic, [STORE.lantern]: ORDER.buyerCrossBorder };
const SHIPMENT_OF_CARRIER: Record<string, string> = { [CARRIER.swift]: shipmentId(ORDER.buyerDomestic), [CARRIER.oceanic]: shipmentId(ORDER.buyerRecentCrossBorder) };

/** A value from the demo data for a document's variable, or undefined when the demo has none to offer. */
function demoValue(name: string, rootField: string, persona: string): unknown {
  const claims = PERSONAS[persona]?.claims;
  switch (name) {
    case 'storeId':
      return claims?.store ?? STORE.deer;
    case 'carrierId':
      return claims?.carrier ?? CARRIER.swift;
    case 'memberId':
      return MEMBER.buyer;
    case 'id':
      return {
        order: ORDER_OF_STORE[claims?.store ?? STORE.deer],
        shipment: SHIPMENT_OF_CARRIER[claims?.carrier ?? CARRIER.swift],
        member: MEMBER.buyer,
        product: PRODUCT.trailBoots,
        review: 'r-2001',
      }[rootField];
  }
  return undefined;
}

/** The variables a document needs, from the demo data; throws naming a required variable the demo cannot supply. */
function demoVariables(body: string, persona: string): Record<string, unknown> {
  const operation = parse(body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const root = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  const rootField = root?.kind === Kind.FIELD ? root.name.value : '';
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const value = demoValue(name, rootField, persona);
    if (value !== undefined) variables[name] = value;
    else if (definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue) throw new Error(`no demo value for its required variable $${name}`);
  }
  return variables;
}

/**
 * Each registered document, as each persona of its role, under each purpose the role may declare
 * in either policy (a purpose newly open is where a change releases most), or none if it has none.
 */
export function documentOperations(manifest: DocumentManifest, policies: PolicyConfig[]): { operations: ReplayOperation[]; skipped: string[] } {
  const operations: ReplayOperation[] = [];
  const skipped: string[] = [];
  for (const document of Object.values(manifest.documents)) {
    const purposes = [...new Set(policies.flatMap((p) => p.roles[document.role]?.purposes ?? []))];
    for (const persona of personasOf(document.role)) {
      let variables: Record<string, unknown>;
      try {
        variables = demoVariables(document.body, persona);
      } catch (error) {
        skipped.push(`${document.file} as ${persona}: ${(error as Error).message}`);
        continue;
      }
      for (const purpose of purposes.length ? purposes : [null]) operations.push({ label: document.file, persona, purpose, query: document.body, variables });
    }
  }
  return { operations, skipped };
}

/**
 * The README's sample requests: each `curl … /graphql` in a `sh` block, its body (`-d '…'`), its
 * `x-purpose` header and the persona of its token (`--persona <name>`; none: the visitor).
 */
export function readmeOperations(readme: string): ReplayOperation[] {
  const operations: ReplayOperation[] = [];
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let comment: string[] = [];
    for (const line of block[1]!.replace(/\\\n\s*/g, ' ').split('\n')) {
      if (line.startsWith('#')) {
        comment.push(line.slice(1).trim());
        continue;
      }
      const body = /^curl\b.*\/graphql.*-d '([^']*)'/.exec(line)?.[1];
      if (body) {
        const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        const persona = /--persona ([\w-]+)/.exec(line)?.[1] ?? 'visitor';
        const purpose = /-H 'x-purpose: ([^']+)'/.exec(line)?.[1] ?? null;
        operations.push({ label: `README: ${comment.join(' ') || query.slice(0, 60)}`, persona, purpose, query, variables, operationName });
      }
      comment = [];
    }
  }
  return operations;
}

/**
 * A file of recorded operations: a JSON array, or one JSON object a line (NDJSON), each
 * `{ "query" | "documentId", "variables"?, "operationName"?, "persona" | "role", "purpose"?, "label"? }`.
 * `persona` is a demo persona (`npm run token -- --list`); `role` (one of `policies`) takes the role's first persona.
 * Without `purpose` the persona's default purpose is sent; `"purpose": null` sends none.
 */
export function recordedOperations(file: string, manifest: DocumentManifest, policies: PolicyConfig[]): ReplayOperation[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RecordedOperationsError(`${file}: cannot read it: ${(error as Error).message}`);
  }
  let entries: unknown[];
  const trimmed = text.trim();
  try {
    entries = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : trimmed.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  } catch (error) {
    throw new RecordedOperationsError(`${file}: neither a JSON array nor one JSON object a line (${(error as Error).message})`);
  }
  return entries.map((entry, i) => {
    const where = `${file} #${i + 1}`;
    const e = entry as Record<string, any>;
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw new RecordedOperationsError(`${where}: must be an object`);
    const query = typeof e.query === 'string' ? e.query : typeof e.documentId === 'string' ? manifest.documents[e.documentId]?.body : undefined;
    if (query === undefined) throw new RecordedOperationsError(`${where}: needs "query" (a GraphQL document) or "documentId" (a registered document's id)`);
    let persona: string | undefined;
    if (typeof e.persona === 'string') {
      if (!isPersonaName(e.persona)) throw new RecordedOperationsError(`${where}: unknown persona "${e.persona}"; known: ${Object.keys(PERSONAS).join(', ')}`);
      persona = e.persona;
    } else if (typeof e.role === 'string') {
      if (!policies.some((p) => Object.hasOwn(p.roles, e.role))) {
        const roles = [...new Set(policies.flatMap((p) => Object.keys(p.roles)))];
        throw new RecordedOperationsError(`${where}: unknown role "${e.role}"; roles: ${roles.join(', ')}`);
      }
      persona = personasOf(e.role)[0];
      if (!persona) throw new RecordedOperationsError(`${where}: no demo persona has role ${e.role}`);
    } else throw new RecordedOperationsError(`${where}: needs "persona" or "role"`);
    if (e.variables !== undefined && (typeof e.variables !== 'object' || e.variables === null || Array.isArray(e.variables))) throw new RecordedOperationsError(`${where}: "variables" must be an object`);
    if (e.purpose !== undefined && e.purpose !== null && typeof e.purpose !== 'string') throw new RecordedOperationsError(`${where}: "purpose" must be a purpose key or null`);
    try {
      parse(query);
    } catch (error) {
      throw new RecordedOperationsError(`${where}: the query does not parse: ${(error as Error).message}`);
    }
    return {
      label: typeof e.label === 'string' ? e.label : where,
      persona,
      purpose: e.purpose === undefined ? (PERSONAS[persona]!.purpose ?? null) : e.purpose,
      query,
      variables: e.variables,
      operationName: typeof e.operationName === 'string' ? e.operationName : undefined,
    };
  });
}
