import { statSync } from 'node:fs';
import { DEFAULT_POLICY_PATH, loadPolicyConfig, type PolicyConfig } from '../directives/policy-config.js';

const read = new Map<string, { mtimeMs: number; policy: PolicyConfig }>();

/**
 * The policy file the gateway serves (POLICY_FILE, else directives/policy.json), as the subgraphs
 * read it: again when it changes, since the gateway reloads it without a restart. A file that
 * cannot be read throws, and what depends on it fails (P-82); an edit that does not validate
 * leaves the last valid one in force, as the gateway keeps serving it.
 */
export function policyInForce(path = process.env.POLICY_FILE ?? DEFAULT_POLICY_PATH): PolicyConfig {
  const mtimeMs = statSync(path).mtimeMs;
  const known = read.get(path);
  if (known?.mtimeMs === mtimeMs) return known.policy;
  let policy: PolicyConfig;
  try {
    policy = loadPolicyConfig(path);
  } catch (error) {
    if (!known) throw error;
    policy = known.policy;
  }
  read.set(path, { mtimeMs, policy });
  return policy;
}

let startingMinorAge: number | null = null;

/**
 * P-70: a member is a child while younger than this many years (POLICY.md says 14; the policy file
 * may raise it, `minorAge`). Read once, when the subgraphs start: the gateway refuses a reload that
 * changes it, so both sides keep the age they started with until both are restarted; re-read here
 * alone, a file the gateway refused or an unchanged modification time would part them.
 */
export function minorAge(): number {
  return (startingMinorAge ??= policyInForce().minorAge);
}
