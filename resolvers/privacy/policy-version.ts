/** The privacy policy version in force: every consent change records it (P-63). */
export const POLICY_VERSION = '2026-01';
