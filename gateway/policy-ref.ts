import type { PolicyConfig } from '../directives/policy-config.js';

/** A fixed policy, or a function answering the current one (gateway/policy-reload.ts). */
export type PolicyRef = PolicyConfig | (() => PolicyConfig);

export function policyNow(ref: PolicyRef): PolicyConfig {
  return typeof ref === 'function' ? ref() : ref;
}
