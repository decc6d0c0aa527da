/**
 * Helpers for the policy e2e tests (test/e2e/policy-*.test.ts): reading what a client sees in a
 * gateway answer (values, PRIVACY_BLOCKED errors, `extensions.privacy.decisions`), recording what
 * the subgraphs are asked, and a second gateway instance over the same subgraphs.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { signToken } from '../../gateway/sign-token.js';
import type { TokenClaims } from '../../gateway/personas.js';
import { PERSONAS } from '../../gateway/personas.js';
import type { GraphQLAnswer, Marketplace } from './marketplace.js';

/** One line of `extensions.privacy.decisions`. */
export interface Explained {
  path: string;
  field: string;
  outcome: string;
  rule: string;
  purpose: string | null;
  consent?: string;
  reason: string;
  count: number;
}

/** The value at a dotted response path (`storeOrders.0.consigneePhone`). */
export function at(data: unknown, path: string): any {
  return path.split('.').reduce<any>((value, key) => (value == null ? undefined : value[key]), data);
}

/**
 * The PRIVACY_BLOCKED error that covers a response path, or undefined. One error covers every value
 * a decision blocked at one field pattern: `path` is the first, `extensions.paths` lists them all.
 */
export function blockedAt(answer: GraphQLAnswer, path: string): any {
  return (answer.body.errors ?? []).find(
    (e) => e.extensions?.code === 'PRIVACY_BLOCKED' && (e.extensions.paths ?? [e.path ?? []]).some((p: (string | number)[]) => p.join('.') === path),
  );
}

/** The decisions explained for a path pattern (list positions written `*`). */
export function decisionsAt(answer: GraphQLAnswer, pattern: string): Explained[] {
  return (answer.body.extensions?.privacy?.decisions ?? []).filter((d: Explained) => d.path === pattern);
}

/** Asserts that the client sees null at `path`, with a PRIVACY_BLOCKED error naming `rule` (and `consent`). */
export function expectBlocked(answer: GraphQLAnswer, path: string, rule: string, consent?: string): void {
  expect(at(answer.body.data, path), `value at ${path}`).toBeNull();
  const error = blockedAt(answer, path);
  expect(error, `PRIVACY_BLOCKED error at ${path} in ${JSON.stringify(answer.body.errors ?? [])}`).toBeDefined();
  expect(error.extensions.rule, `rule at ${path}: ${error.message}`).toBe(rule);
  expect(error.message).toContain(`privacy rule ${rule}`);
  if (consent) expect(error.extensions.consent).toBe(consent);
  const pattern = path.replace(/\.\d+(?=\.|$)/g, '.*');
  const explained = decisionsAt(answer, pattern).find((d) => d.outcome === 'block' && d.rule === rule);
  expect(explained, `decision 'block ${rule}' explained at ${pattern}`).toBeDefined();
  if (consent) expect(explained!.consent).toBe(consent);
}

/** Asserts that `pattern` is explained with `outcome` under `rule` (and `consent`), `count` times when given. */
export function expectExplained(answer: GraphQLAnswer, pattern: string, outcome: string, rule: string, extra: { consent?: string; count?: number } = {}): Explained {
  const found = decisionsAt(answer, pattern).find((d) => d.outcome === outcome && d.rule === rule);
  expect(found, `decision '${outcome} ${rule}' at ${pattern} in ${JSON.stringify(answer.body.extensions?.privacy?.decisions ?? [])}`).toBeDefined();
  expect(found!.reason.length).toBeGreaterThan(0);
  if (extra.consent) expect(found!.consent).toBe(extra.consent);
  if (extra.count !== undefined) expect(found!.count).toBe(extra.count);
  return found!;
}

/** Asserts an answer with no privacy errors and nothing masked or blocked. */
export function expectUntouched(answer: GraphQLAnswer): void {
  expect(answer.status).toBe(200);
  expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
  expect(answer.body.extensions?.privacy?.decisions ?? []).toEqual([]);
}

/**
 * Asserts a 200 answer without errors whose only decisions are the scrub of public texts (P-70:
 * any may be a child's, so contact details and ids in them are replaced for every reader but the author).
 */
export function expectPublic(answer: GraphQLAnswer): void {
  expect(answer.status).toBe(200);
  expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
  for (const d of answer.body.extensions?.privacy?.decisions ?? []) expect(`${d.outcome} ${d.rule}`, d.path).toBe('scrub P-70');
}

/** Asserts a 200 answer whose only errors are PRIVACY_BLOCKED ones (no execution failure hides behind them). */
export function expectOnlyPrivacyErrors(answer: GraphQLAnswer): void {
  expect(answer.status).toBe(200);
  for (const error of answer.body.errors ?? []) expect(error.extensions?.code, error.message).toBe('PRIVACY_BLOCKED');
}

/** The pseudonym shape of transforms/pseudonymize.ts. */
export const PSEUDONYM = /^psn_[A-Za-z0-9_-]{20,}$/;

/** A signed token for any claims (a caller that is not one of the demo personas). */
export function tokenFor(m: Marketplace, claims: TokenClaims | Record<string, unknown>, options: { expiresIn?: string | number; issuer?: string; audience?: string } = {}): Promise<string> {
  return signToken(claims, { privateKey: m.keys.privateKey, kid: m.keys.publicJwk.kid, ...options });
}

/** One request a subgraph received on its GraphQL endpoint. */
export interface SubgraphRequest {
  subgraph: string;
  body: string;
  query: string;
}

/**
 * Records what the subgraphs are asked: a `request` listener beside each subgraph's server reads
 * the body as it streams in (the privacy contract's `/privacy/facts` calls are kept apart).
 */
export function recordSubgraphRequests(m: Marketplace) {
  const graphql: SubgraphRequest[] = [];
  const facts: { subgraph: string; subjects: string[] }[] = [];
  const detach: (() => void)[] = [];
  for (const subgraph of m.subgraphs) {
    const listener = (req: IncomingMessage) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (req.url?.startsWith('/privacy/')) {
          facts.push({ subgraph: subgraph.name, subjects: body ? (JSON.parse(body).subjects ?? []) : [] });
          return;
        }
        let query = '';
        try {
          query = String(JSON.parse(body).query ?? '');
        } catch {
          query = body;
        }
        graphql.push({ subgraph: subgraph.name, body, query });
      });
    };
    subgraph.server.on('request', listener);
    detach.push(() => subgraph.server.off('request', listener));
  }
  return {
    graphql,
    facts,
    clear() {
      graphql.length = 0;
      facts.length = 0;
    },
    /** The queries one subgraph received. */
    queriesTo(name: string): string[] {
      return graphql.filter((r) => r.subgraph === name).map((r) => r.query);
    },
    stop() {
      for (const d of detach) d();
    },
  };
}

/** A second gateway instance over the same subgraphs (P-11: every instance), on its own socket. */
export async function startSecondGateway(m: Marketplace): Promise<{ ask: (persona: string, query: string, purpose?: string | null) => Promise<GraphQLAnswer>; close: () => Promise<void> }> {
  const gateway = createPrivacyGateway({ supergraph: m.supergraph, identity: { publicKey: m.keys.publicJwk }, graphiql: false });
  const server: Server = createServer(gateway as any);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    async ask(persona, query, purpose) {
      const token = await m.token(persona);
      const declared = purpose === undefined ? PERSONAS[persona]?.purpose : purpose;
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(declared ? { 'x-purpose': declared } : {}),
        },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLAnswer['body'] };
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await (gateway as any).dispose?.();
    },
  };
}
