import { statSync } from 'node:fs';
import { DEFAULT_POLICY_PATH, loadPolicyConfig } from '../../directives/policy-config.js';

let cached: { path: string; mtimeMs: number; version: string } | null = null;

/**
 * The privacy policy version in force, which every consent change records (P-63): the version of
 * the policy file the gateway serves (POLICY_FILE, else directives/policy.json), read again when
 * the file changes, since the gateway reloads it without a restart. A file that cannot be read
 * fails the consent change rather than record a version nobody agreed to.
 */
export function policyVersionNow(path = process.env.POLICY_FILE ?? DEFAULT_POLICY_PATH): string {
  const mtimeMs = statSync(path).mtimeMs;
  if (cached?.path !== path || cached.mtimeMs !== mtimeMs) cached = { path, mtimeMs, version: loadPolicyConfig(path).version };
  return cached.version;
}
