import { policyInForce } from '../policy-in-force.js';

/**
 * The privacy policy version in force, which every consent change records (P-63): the version of
 * the policy file the gateway serves, read again when the file changes. A file that cannot be read
 * fails the consent change rather than record a version nobody agreed to.
 */
export const policyVersionNow = (path?: string): string => policyInForce(path).version;
