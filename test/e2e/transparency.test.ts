import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlainGateway } from '../../gateway/create-gateway.js';
import { createPrivacyGateway } from '../../gateway/privacy-gateway.js';
import { loadDevKeys } from '../../gateway/dev-keys.js';
import { startFixtureFederation, type FixtureFederation } from '../fixtures/federation/index.js';
import { OPERATIONS, type Operation } from '../fixtures/federation/operations.js';

/**
 * P-82 on a supergraph without a single privacy annotation (test/fixtures/federation): the privacy
 * gateway must answer exactly what the plain Hive gateway answers. Each operation is sent to both,
 * anonymously (no token, no purpose), and the two answers must agree value for value: HTTP status,
 * `data`, and `errors` (message, path, locations, extensions), in the same key order. No
 * normalization is needed: both gateways are the same runtime over the same subgraphs, so even the
 * masked errors and the runtime's own failures (see the fixture's operations) must be identical.
 *
 * The corpus covers what the privacy plan rewrites: abstract positions (interfaces, an entity
 * interface, an interface implemented in two subgraphs, unions whose members live in different
 * subgraphs, `@interfaceObject` rows), fragments of every kind, aliases, `__typename` present and
 * absent, nested lists of abstract types, conditions, `@requires` (one through a union), `@provides`,
 * documents with several operations, and errors (missing entities, resolver errors, invalid fields).
 */

interface Answer {
  status: number;
  data: unknown;
  errors: unknown;
}

let federation: FixtureFederation;
let plainUrl: string;
let privacyUrl: string;
const servers: { server: Server; gateway: any }[] = [];
let keysDir: string;

async function listen(gateway: any): Promise<string> {
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, gateway });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

/** Posts anonymously (no token, no purpose). */
async function ask(url: string, operation: Operation): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: operation.query, variables: operation.variables, operationName: operation.operationName }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  return { status: response.status, data: body.data, errors: body.errors };
}

beforeAll(async () => {
  federation = await startFixtureFederation();
  keysDir = mkdtempSync(join(tmpdir(), 'privacy-gateway-transparency-'));
  const { publicJwk } = await loadDevKeys(keysDir);
  plainUrl = await listen(createPlainGateway({ supergraph: federation.supergraph }));
  privacyUrl = await listen(createPrivacyGateway({ supergraph: federation.supergraph, identity: { publicKey: publicJwk } }));
});

afterAll(async () => {
  for (const { server, gateway } of servers) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gateway.dispose?.();
  }
  await federation?.close();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

describe('the privacy gateway over a supergraph with no privacy annotation', () => {
  it('has at least 40 operations in its corpus, each named once', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(OPERATIONS.map((o) => o.name)).size).toBe(OPERATIONS.length);
  });

  it.each(OPERATIONS.map((o) => [o.name, o] as const))('P-82 the privacy layer is transparent where nothing is annotated: %s', async (_name, operation) => {
    const plain = await ask(plainUrl, operation);
    const privacy = await ask(privacyUrl, operation);
    const fixed = operation.plainRuntimeFailsWithoutTypename;
    if (fixed && plain.errors && !privacy.errors) {
      // The one way the two may differ: the privacy gateway's own `__typename` spares it a failure of the runtime's.
      expect(privacy).toEqual({ status: 200, data: fixed.data, errors: undefined });
      expect(JSON.stringify(privacy.data)).toBe(JSON.stringify(fixed.data));
      return;
    }
    expect(privacy).toEqual(plain);
    // Value for value includes the order of the keys, which a client may read (GraphQL orders them as selected).
    expect(JSON.stringify(privacy)).toBe(JSON.stringify(plain));
  });
});
