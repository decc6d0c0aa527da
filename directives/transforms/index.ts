/**
 * The pure value transforms behind the policy's outcomes (POLICY.md, Outcomes): mask,
 * generalize, pseudonymize, scrub and placeholder. No I/O; the gateway decides which one applies
 * to a field and names the rule, these only compute the value.
 */
export * from './mask.js';
export * from './generalize.js';
export * from './pseudonymize.js';
export * from './scrub.js';
export * from './company-tax-id.js';
export * from './digit-words.js';
export * from './placeholder.js';
