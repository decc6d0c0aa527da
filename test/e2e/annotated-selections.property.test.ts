import { ANONYMOUS_ID, ANONYMOUS_NICKNAME, DEFAULT_AVATAR } from '../../directives/transforms/placeholder.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import {
  buildASTSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlainGateway } from '../../gateway/create-gateway.js';
import { PERSONAS, PERSONA_NAMES } from '../../gateway/personas.js';
import { CARRIER, MEMBER, ORDER, PRODUCT, STORE, shipmentId } from '../../resolvers/demo-ids.js';
import { Marketplace, type GraphQLAnswer } from '../support/marketplace.js';
import { propertyParameters } from '../support/property-runs.js';

/**
 * Random selections over the supergraph, from the root fields with their arguments filled from the
 * demo ids, asked of the privacy gateway and of a plain gateway over the same subgraphs with the
 * same caller (what the subgraphs return for that caller, before the policy). The oracle, value by
 * value:
 *
 * - where `extensions.privacy` reports no decision for a path, a value is the plain value: nothing
 *   changes unexplained (hidden rows excepted: a null object or a shorter list, which say nothing);
 * - a value an error reports blocked is null;
 * - where decisions are reported for a path pattern, the values equal to the plain value are at
 *   most those not covered by a block, placeholder, mask or pseudonymize decision: a value that
 *   any of those decided is never handed out as it is;
 * - for a de-identified partner (analyst, researcher, advertiser), a selection that looks a person
 *   or a personal record up by key is refused whole under the partner's rule, with no data at all,
 *   and a selection without one never is (P-50, P-51, P-52).
 *
 * FC_NUM_RUNS=<n> runs each property longer; a failure prints its seed (FC_SEED, FC_PATH replay it).
 */
const RUNS = 8;

const REVIEWS = ['r-2003', 'r-2001', 'r-2002', 'r-2005', 'r-2010', 'r-2004'];
const ORDERS = Object.values(ORDER);

/** The root fields a selection starts from, with their required arguments drawn from the demo ids. */
const ROOTS: Record<string, fc.Arbitrary<string>> = {
  me: fc.constant(''),
  member: fc.constantFrom(MEMBER.buyer, MEMBER.optout, MEMBER.minor, MEMBER.guardian, ...MEMBER.others).map((id) => `(id: "${id}")`),
  members: fc.subarray([MEMBER.buyer, MEMBER.optout, MEMBER.minor, MEMBER.others[0]], { minLength: 1 }).map((ids) => `(ids: ${JSON.stringify(ids)})`),
  browsingEvents: fc.constant('(first: 4)'),
  product: fc.constantFrom(...Object.values(PRODUCT)).map((id) => `(id: "${id}")`),
  store: fc.constantFrom(...Object.values(STORE)).map((id) => `(id: "${id}")`),
  carrier: fc.constantFrom(...Object.values(CARRIER)).map((id) => `(id: "${id}")`),
  shipment: fc.constantFrom(...ORDERS).map((id) => `(id: "${shipmentId(id)}")`),
  shipments: fc.constantFrom(...Object.values(CARRIER)).map((id) => `(carrierId: "${id}", first: 5)`),
  order: fc.constantFrom(...ORDERS).map((id) => `(id: "${id}")`),
  storeOrders: fc.constantFrom(...Object.values(STORE)).map((id) => `(storeId: "${id}", first: 5)`),
  orderStats: fc.constant(''),
  myConsents: fc.constant(''),
  review: fc.constantFrom(...REVIEWS).map((id) => `(id: "${id}")`),
  sharedReviews: fc.constant(''),
  homepage: fc.constantFrom('DeerFan', 'QuietShopper').map((n) => `(nickname: "${n}")`),
  ticket: fc.constantFrom('t-4001').map((id) => `(id: "${id}")`),
  myTickets: fc.constant(''),
  chatTranscripts: fc.constant('(first: 4)'),
};

/**
 * The root fields above that name a person or a personal record by key (an id or a nickname), with
 * the coordinate a refusal names; `product`, `store` and `carrier` name businesses and things.
 */
const LOOKUPS: Record<string, string> = {
  member: 'Query.member(id:)',
  members: 'Query.members(ids:)',
  shipment: 'Query.shipment(id:)',
  order: 'Query.order(id:)',
  review: 'Query.review(id:)',
  homepage: 'Query.homepage(nickname:)',
  ticket: 'Query.ticket(id:)',
};

/** The rule under which each de-identified partner role is refused a lookup (under its personas' purpose). */
const LOOKUP_RULE: Record<string, string> = { analyst: 'P-51', researcher: 'P-52', advertiser: 'P-50' };

/** The lookups a query's roots (`r0: member(...)`) make, as coordinates. */
function lookupsIn(query: string): string[] {
  return [...query.matchAll(/\br\d+: (\w+)/g)].map(([, root]) => LOOKUPS[root]).filter(Boolean);
}

/** Where a whole-request refusal of a lookup breaks its contract: one error, the rule, the lookups named, no data. */
function refusalViolations(privacy: GraphQLAnswer, plain: GraphQLAnswer, rule: string, lookups: string[]): string[] {
  const problems: string[] = [];
  if (privacy.body.data != null) problems.push(`data in a refused request: ${JSON.stringify(privacy.body.data).slice(0, 200)}`);
  if (privacy.body.extensions?.privacy?.decisions?.length) problems.push('decisions reported for a request that was not executed');
  const errors = privacy.body.errors ?? [];
  if (errors.length !== 1) problems.push(`${errors.length} errors, not one refusal`);
  const [error] = errors;
  if (error?.extensions?.code !== 'PRIVACY_BLOCKED' || error.extensions.rule !== rule) problems.push(`not a PRIVACY_BLOCKED refusal under ${rule}: ${JSON.stringify(error)}`);
  if (error?.path || error?.extensions?.paths) problems.push('a refusal of the whole request names a response path');
  if (JSON.stringify([...new Set(error?.extensions?.fields ?? [])].sort()) !== JSON.stringify([...new Set(lookups)].sort())) problems.push(`refusal names ${JSON.stringify(error?.extensions?.fields)}, the query looks up ${JSON.stringify(lookups)}`);
  // Not one value the plain gateway would have returned, and no pseudonym either.
  const text = JSON.stringify(privacy.body);
  if (/psn_/.test(text)) problems.push('a pseudonym in a refusal');
  const leaves = (v: unknown, key = ''): string[] =>
    v == null ? [] : Array.isArray(v) ? v.flatMap((x) => leaves(x, key)) : typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => leaves(x, k)) : key === '__typename' ? [] : [String(v)];
  for (const value of new Set(leaves(plain.body.data))) if (value.length >= 4 && text.includes(value)) problems.push(`a plain value in a refusal: ${value}`);
  return problems;
}

/** Fields a selection may pick: no required arguments, nothing the gateway reserves (`_…`), nothing the graph does not offer (`@inaccessible`). */
function selectable(type: GraphQLObjectType): GraphQLField<unknown, unknown>[] {
  const offered = (f: GraphQLField<unknown, unknown>) => !f.astNode?.directives?.some((d) => d.name.value === 'inaccessible');
  return Object.values(type.getFields()).filter((f) => !f.name.startsWith('_') && offered(f) && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
}

/** A random selection set on `type`, `depth` levels of objects deep at most. */
function selectionOn(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = selectable(type).filter((f) => isLeafType(getNamedType(f.type)) || depth > 0);
  if (!fields.length) return fc.constant('__typename');
  return fc.subarray(fields, { minLength: 1, maxLength: Math.min(6, fields.length) }).chain((chosen) =>
    fc
      .tuple(...chosen.map((f) => {
        const named = getNamedType(f.type);
        return isObjectType(named) ? selectionOn(named, depth - 1).map((s) => `${f.name} { ${s} }`) : fc.constant(f.name);
      }))
      .map((parts) => parts.join(' ')),
  );
}

/** A selection as one operation, or named after / before another operation in the same document. */
function queries(schema: GraphQLSchema): fc.Arbitrary<{ query: string; operationName?: string }> {
  const query = schema.getQueryType()!;
  const root = fc.constantFrom(...Object.keys(ROOTS)).chain((name) => {
    const type = getNamedType(query.getFields()[name].type) as GraphQLObjectType;
    return fc.tuple(ROOTS[name], selectionOn(type, 2)).map(([args, selection]) => `${name}${args} { ${selection} }`);
  });
  return fc.tuple(fc.array(root, { minLength: 1, maxLength: 2 }), fc.constantFrom('alone', 'after another', 'before another')).map(([roots, where]) => {
    const selection = `{ ${roots.map((r, i) => `r${i}: ${r}`).join('\n')} }`;
    if (where === 'alone') return { query: selection };
    const other = 'query Other { __typename }';
    return { query: where === 'after another' ? `${other}\nquery Ours ${selection}` : `query Ours ${selection}\n${other}`, operationName: 'Ours' };
  });
}

/** Outcomes after which a value is never its plain self. */
const NEVER_PLAIN = new Set(['block', 'placeholder', 'mask', 'pseudonymize']);

/** A placeholder's own values (directives/transforms/placeholder.ts): empty text and lists, the stand-in id, nickname and avatar. */
const isStandIn = (v: unknown): boolean =>
  v === null || v === '' || v === ANONYMOUS_ID || v === ANONYMOUS_NICKNAME || v === DEFAULT_AVATAR || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isStandIn));

/** Where the privacy answer breaks the oracle against the plain answer (see the file comment). */
function oracleViolations(privacy: GraphQLAnswer, plain: GraphQLAnswer): string[] {
  const problems: string[] = [];
  const blocked = new Set<string>();
  for (const e of privacy.body.errors ?? []) {
    if (e.extensions?.code === 'PRIVACY_BLOCKED' && !e.path && !e.extensions.paths) problems.push(`the whole request refused where no lookup is made: ${JSON.stringify(e)}`);
    else if (e.extensions?.code === 'PRIVACY_BLOCKED') for (const p of e.extensions.paths ?? [e.path]) blocked.add(p.join('.'));
    else problems.push(`a non-privacy error: ${JSON.stringify(e)}`);
  }
  const decisions = new Map<string, any[]>();
  for (const d of privacy.body.extensions?.privacy?.decisions ?? []) decisions.set(d.path, [...(decisions.get(d.path) ?? []), d]);
  const stats = new Map<string, { total: number; plain: number }>();

  // `aligned` is false under a list the plain one cannot be aligned with (rows hidden): there values are
  // only counted, so that the decisions' counts, which cover them too, are weighed against all of them.
  const walk = (p: any, q: any, path: (string | number)[], aligned = true) => {
    const at = path.join('.');
    const pattern = path.map((s) => (typeof s === 'number' ? '*' : s)).join('.');
    if (blocked.has(at) && p != null) problems.push(`${at}: reported blocked, but ${JSON.stringify(p)}`);
    if (decisions.has(pattern)) {
      const s = stats.get(pattern) ?? { total: 0, plain: 0 };
      s.total++;
      // A stand-in may equal the real value (a child with no tickets: [] both ways); only a value a
      // stand-in cannot be counts as handed out as it is.
      if (aligned && p != null && JSON.stringify(p) === JSON.stringify(q) && !isStandIn(p)) s.plain++;
      stats.set(pattern, s);
      return;
    }
    if (blocked.has(at)) return;
    // A hidden row (an owner's homepage they do not let be found, P-34; an anonymous review in its
    // author's list, P-31) is withheld without a word, so that its absence says nothing: fewer is fine.
    if (p == null) return;
    if (!aligned) {
      if (Array.isArray(p)) p.forEach((v, i) => walk(v, undefined, [...path, i], false));
      else if (typeof p === 'object') for (const key of Object.keys(p)) walk(p[key], undefined, [...path, key], false);
      return;
    }
    if (q == null) {
      problems.push(`${at}: ${JSON.stringify(p).slice(0, 120)} where the plain gateway has null`);
      return;
    }
    if (Array.isArray(p)) {
      if (!Array.isArray(q) || q.length < p.length) problems.push(`${at}: ${p.length} items without a decision; plain ${Array.isArray(q) ? q.length : JSON.stringify(q)}`);
      // Rows hidden from the list: the rest cannot be aligned with the plain list, and are not compared.
      else if (q.length === p.length) p.forEach((v, i) => walk(v, q[i], [...path, i]));
      else p.forEach((v, i) => walk(v, undefined, [...path, i], false));
      return;
    }
    if (typeof p === 'object') {
      for (const key of Object.keys(p)) {
        if (/^(__pg_|__audit_)/.test(key)) problems.push(`${at}.${key}: an internal key`);
        walk(p[key], q?.[key], [...path, key]);
      }
      return;
    }
    if (JSON.stringify(p) !== JSON.stringify(q)) problems.push(`${at}: ${JSON.stringify(p)} without a decision; plain ${JSON.stringify(q)}`);
  };
  if (privacy.body.data != null) walk(privacy.body.data, plain.body.data, []);
  for (const [pattern, s] of stats) {
    const never = decisions.get(pattern)!.filter((d) => NEVER_PLAIN.has(d.outcome)).reduce((n, d) => n + d.count, 0);
    if (s.plain + never > s.total) problems.push(`${pattern}: ${s.plain} of ${s.total} values handed out as they are, but ${never} decided ${[...new Set(decisions.get(pattern)!.map((d) => `${d.outcome} ${d.rule}`))].join(', ')}`);
  }
  return problems;
}

describe('random selections: the privacy gateway against the plain one', () => {
  let m: Marketplace;
  let schema: GraphQLSchema;
  let plainServer: Server;
  let plainUrl: string;
  let plainGateway: ReturnType<typeof createPlainGateway>;

  beforeAll(async () => {
    m = await Marketplace.start();
    schema = buildASTSchema(parse(m.supergraph), { assumeValidSDL: true });
    // Over the same subgraphs, the caller told as the privacy gateway tells it (gateway/privacy-gateway.ts).
    plainGateway = createPlainGateway({
      supergraph: m.supergraph,
      graphiql: false,
      // The test tells this baseline whom to ask as in its own headers; it signs them as the privacy gateway does.
      subgraphCaller: (context: any) => {
        const header = (h: string) => context?.request?.headers.get(h) ?? null;
        return { sub: header('x-caller-sub'), role: header('x-caller-role'), authTime: null, purpose: header('x-caller-purpose'), caseRef: header('x-caller-case') };
      },
    });
    plainServer = createServer(plainGateway as any);
    await new Promise<void>((resolve) => plainServer.listen(0, '127.0.0.1', resolve));
    plainUrl = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    if (plainServer) await new Promise<void>((resolve) => plainServer.close(() => resolve()));
    await (plainGateway as any)?.dispose?.();
    await m?.close();
  });

  const askPlain = async (persona: string, query: string, operationName?: string): Promise<GraphQLAnswer> => {
    const claims = PERSONAS[persona].claims;
    const purpose = PERSONAS[persona].purpose;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (claims) Object.assign(headers, { 'x-caller-sub': claims.sub, 'x-caller-role': claims.role }, claims.case ? { 'x-caller-case': claims.case } : {});
    if (purpose) headers['x-caller-purpose'] = purpose;
    const response = await fetch(plainUrl, { method: 'POST', headers, body: JSON.stringify({ query, operationName }) });
    return { status: response.status, body: (await response.json()) as GraphQLAnswer['body'] };
  };

  for (const persona of PERSONA_NAMES) {
    it(`P-65 P-82 ${persona}: in any selection, no value that a decision withheld or transformed comes out as it is, and nothing changes unexplained`, async () => {
      await fc.assert(
        fc.asyncProperty(queries(schema), async ({ query, operationName }) => {
          const privacy = await m.ask(persona, query, { operationName });
          const plain = await askPlain(persona, query, operationName);
          expect(privacy.status).toBe(200);
          const rule = LOOKUP_RULE[PERSONAS[persona].claims?.role ?? ''];
          const lookups = lookupsIn(query);
          if (rule && lookups.length) {
            // A de-identified partner names no one: refused whole, before anything is read (P-50, P-51, P-52).
            expect(refusalViolations(privacy, plain, rule, lookups), `${query}\nprivacy: ${JSON.stringify(privacy.body).slice(0, 1500)}`).toEqual([]);
            return;
          }
          if (plain.body.data == null) return; // nothing to compare with (a subgraph refused the caller outright)
          expect(oracleViolations(privacy, plain), `${query}\nprivacy: ${JSON.stringify(privacy.body).slice(0, 1500)}\nplain: ${JSON.stringify(plain.body).slice(0, 1500)}`).toEqual([]);
        }),
        propertyParameters(RUNS),
      );
    });
  }
});
