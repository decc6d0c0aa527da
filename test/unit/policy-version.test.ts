import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_POLICY_PATH } from '../../directives/policy-config.js';
import { policyVersionNow } from '../../resolvers/privacy/policy-version.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-version-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('P-63 a consent change records the version of the policy file the gateway serves, read again when the file is reloaded', () => {
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'));
  const path = join(dir, 'policy.json');
  writeFileSync(path, JSON.stringify({ ...policy, version: '2026-07' }));
  expect(policyVersionNow(path)).toBe('2026-07');
  writeFileSync(path, JSON.stringify({ ...policy, version: '2027-01' }));
  // A reload within the same clock tick still counts: the file's time is what is compared.
  utimesSync(path, new Date(), new Date(Date.now() + 5_000));
  expect(policyVersionNow(path)).toBe('2027-01');
  expect(policyVersionNow()).toBe(policy.version);
  // A policy file that cannot be read records nothing.
  expect(() => policyVersionNow(join(dir, 'missing.json'))).toThrow();
});
