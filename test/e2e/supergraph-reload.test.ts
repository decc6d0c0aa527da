/**
 * The supergraph is re-read from its file while serving (gateway/supergraph-reload.ts, through the
 * runtime's `pollingInterval`): a valid new one serves the following requests; one that cannot be
 * parsed or checked is refused in one log line and the last one keeps serving (P-82).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';

const PRODUCT = '{ product(id: "p-trail-boots") { name } }';
let m: Marketplace;
let dir: string;
let file: string;
let policyFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supergraph-reload-'));
  file = join(dir, 'supergraph.graphql');
  policyFile = join(dir, 'policy.json');
  copyFileSync(DEFAULT_POLICY_PATH, policyFile);
  // Until the file exists the gateway keeps serving the supergraph it started with.
  m = await Marketplace.start({ gateway: { supergraphSource: file, supergraphPollMs: 200, policyFile } });
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

it('P-82 a policy reload is checked against the supergraph served now, not the one the gateway started with: a purpose a reloaded annotation names cannot be taken away under it', async () => {
  const phone = /(\n  phone: String @pii\(category: "user\.contact\.phone_number"\) @purpose\(allow: \[)/;
  expect(m.supergraph).toMatch(phone);
  // A supergraph whose Member.phone also names marketing.communications, which no annotation the
  // gateway started with names (and without Query.product, to see when it serves).
  writeFileSync(file, m.supergraph.replace(phone, '$1"marketing.communications", ').replace(/\n  product\(id: ID!\)[^\n]*\n/, '\n'));
  await expect.poll(async () => (await m.ask('visitor', PRODUCT)).body.errors?.[0]?.message ?? 'served', { timeout: 10_000, interval: 200 }).toMatch(/Cannot query field "product"/);
  const original = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    writeFileSync(policyFile, JSON.stringify({
      ...original,
      version: `${original.version}-no-marketing`,
      purposes: original.purposes.filter((p: string) => p !== 'marketing.communications'),
      roles: Object.fromEntries(Object.entries(original.roles).map(([k, r]: [string, any]) => [k, { ...r, purposes: r.purposes.filter((p: string) => p !== 'marketing.communications') }])),
      consents: Object.fromEntries(Object.entries(original.consents).map(([k, c]: [string, any]) => [k, { ...c, governs: c.governs.filter((p: string) => p !== 'marketing.communications') }])),
    }, null, 2));
    process.emit('SIGHUP', 'SIGHUP');
    const refused = errors.mock.calls.map((c) => String(c[0])).filter((line) => line.startsWith('policy reload refused'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/Member\.phone: @purpose\(allow:\) purpose "marketing\.communications" is not a purpose/);
    expect(refused[0]).toContain(`version ${original.version} keeps serving`);
  } finally {
    writeFileSync(policyFile, readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
    errors.mockRestore();
    writeFileSync(file, m.supergraph);
  }
  await expect.poll(async () => (await m.ask('visitor', PRODUCT)).body.data?.product?.name, { timeout: 10_000, interval: 200 }).toBe('Trail Boots');
});
