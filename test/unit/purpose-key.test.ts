import { describe, expect, it } from 'vitest';
import { purposeKey } from '../../directives/purpose-key.js';
import { loadPolicyConfig } from '../../directives/policy-config.js';

// Whether two strings are the same string cannot be seen from JavaScript (it is what the engine
// compares faster, bench/CHANGES.md); what can be seen, and must hold, is that no purpose changes.
describe('purposeKey', () => {
  it('P-83 leaves a declared purpose as it was, however it was read', () => {
    const fromHeader = ['essential', 'service', 'operations', 'delivery'].join('.');
    expect(purposeKey(fromHeader)).toBe('essential.service.operations.delivery');
    expect(purposeKey('analytics.reporting')).toBe('analytics.reporting');
    expect(purposeKey('analytics.reporting')).not.toBe(purposeKey('analytics.research'));
  });

  it("P-83 leaves the policy's purposes, role lists and consents' purposes as they were", () => {
    const policy = loadPolicyConfig();
    expect(policy.roles.logistics.purposes).toContain('essential.service.operations.delivery');
    const keys = [...policy.purposes, ...Object.values(policy.roles).flatMap((r) => r.purposes), ...Object.values(policy.consents).flatMap((c) => c.governs)];
    for (const purpose of keys) expect(policy.purposes).toContain(purpose);
  });
});
