/**
 * The supergraph is re-read from its file while serving (gateway/supergraph-reload.ts, through the
 * runtime's `pollingInterval`): a valid new one serves the following requests; one that cannot be
 * parsed or checked is refused in one log line and the last one keeps serving (P-82).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Marketplace } from '../support/marketplace.js';

const PRODUCT = '{ product(id: "p-trail-boots") { name } }';
let m: Marketplace;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supergraph-reload-'));
  file = join(dir, 'supergraph.graphql');
  // Until the file exists the gateway keeps serving the supergraph it started with.
  m = await Marketplace.start({ gateway: { supergraphSource: file, supergraphPollMs: 200 } });
});
afterAll(async () => {
  await m?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('P-82 a new supergraph in the file serves the following requests; an unparsable one is refused and the last one keeps serving', async () => {
  expect((await m.ask('visitor', PRODUCT)).body.data.product.name).toBe('Trail Boots');
  // The same supergraph without Query.product: once polled, the field is unknown.
  const withoutProduct = m.supergraph.replace(/\n  product\(id: ID!\)[^\n]*\n/, '\n');
  expect(withoutProduct).not.toBe(m.supergraph);
  writeFileSync(file, withoutProduct);
  await expect.poll(async () => (await m.ask('visitor', PRODUCT)).body.errors?.[0]?.message ?? 'served', { timeout: 10_000, interval: 200 }).toMatch(/Cannot query field "product"/);

  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    writeFileSync(file, 'type Query {');
    // The runtime polls when requests arrive after the interval: keep asking until the refusal is logged.
    const refusals = () => errors.mock.calls.filter((c) => String(c[0]).startsWith('supergraph reload refused')).length;
    await expect.poll(async () => (await m.ask('visitor', PRODUCT), refusals()), { timeout: 10_000, interval: 200 }).toBeGreaterThan(0);
    expect(String(errors.mock.calls.find((c) => String(c[0]).startsWith('supergraph reload refused'))![0])).not.toContain('\n');
    expect((await m.ask('visitor', PRODUCT)).body.errors?.[0]?.message).toMatch(/Cannot query field "product"/);
  } finally {
    errors.mockRestore();
  }
  writeFileSync(file, m.supergraph);
  await expect.poll(async () => (await m.ask('visitor', PRODUCT)).body.data?.product?.name, { timeout: 10_000, interval: 200 }).toBe('Trail Boots');
});
