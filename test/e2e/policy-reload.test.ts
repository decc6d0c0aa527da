/**
 * The policy file is re-read without restart (gateway/policy-reload.ts): on SIGHUP or when the
 * file changes. A valid policy serves the very next request; an invalid one is refused in one log
 * line and the old policy keeps serving (P-82: never an unchecked policy).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Marketplace } from '../support/marketplace.js';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';

const ME = '{ me { id nickname } }';
let m: Marketplace;
let dir: string;
let policyFile: string;
const original = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
const writePolicy = (policy: unknown) => writeFileSync(policyFile, JSON.stringify(policy, null, 2));
const withoutMarketing = () => ({
  ...original,
  version: `${original.version}-no-marketing`,
  roles: { ...original.roles, customer: { ...original.roles.customer, purposes: original.roles.customer.purposes.filter((p: string) => p !== 'marketing.communications') } },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-reload-'));
  policyFile = join(dir, 'policy.json');
  copyFileSync(DEFAULT_POLICY_PATH, policyFile);
  m = await Marketplace.start({ gateway: { policyFile } });
});
afterAll(async () => {
  await m?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('policy reload', () => {
  it('P-83 a purpose taken from a role by SIGHUP is refused on the next request, and given back by the next reload', async () => {
    expect((await m.ask('buyer', ME, { purpose: 'marketing.communications' })).status).toBe(200);
    writePolicy(withoutMarketing());
    process.emit('SIGHUP', 'SIGHUP');
    const refused = await m.ask('buyer', ME, { purpose: 'marketing.communications' });
    expect(refused.status).toBe(403);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'PURPOSE_NOT_ALLOWED', purpose: 'marketing.communications', role: 'customer' });
    writePolicy(original);
    process.emit('SIGHUP', 'SIGHUP');
    expect((await m.ask('buyer', ME, { purpose: 'marketing.communications' })).status).toBe(200);
  });

  it('P-83 a change written to the policy file applies without a signal (the file is polled)', async () => {
    writePolicy(withoutMarketing());
    await expect.poll(async () => (await m.ask('buyer', ME, { purpose: 'marketing.communications' })).status, { timeout: 10_000, interval: 200 }).toBe(403);
    writePolicy(original);
    await expect.poll(async () => (await m.ask('buyer', ME, { purpose: 'marketing.communications' })).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });

  it('P-82 an invalid policy is refused with one log line and the old policy keeps serving', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // k = 1 would re-identify (P-52), and the customer loses a purpose in the same file: nothing of it applies.
      writePolicy({ ...withoutMarketing(), kAnonymity: 1 });
      process.emit('SIGHUP', 'SIGHUP');
      const lines = errors.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('policy reload refused'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toContain('\n');
      expect(lines[0]).toContain(`version ${original.version} keeps serving`);
      expect(lines[0]).toContain('kAnonymity');
      expect((await m.ask('buyer', ME, { purpose: 'marketing.communications' })).status).toBe(200);
      // A policy the supergraph's annotations cannot be checked against is refused too.
      writePolicy({ ...original, purposes: original.purposes.filter((p: string) => p !== 'analytics.reporting'), roles: { ...original.roles, analyst: { ...original.roles.analyst, purposes: ['essential.fraud_detection', 'train_ai_system'] } } });
      process.emit('SIGHUP', 'SIGHUP');
      expect(errors.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('policy reload refused'))).toHaveLength(2);
      expect((await m.ask('analyst', ME, { purpose: 'analytics.reporting' })).status).not.toBe(403);
    } finally {
      writePolicy(original);
      errors.mockRestore();
    }
  });
});
