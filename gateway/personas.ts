/**
 * The demo personas (schema/personas.ts) as the gateway's development tools use them: dev tokens
 * (`scripts/token.ts --persona <id>`) and the GraphiQL demo.
 */
import { PERSONAS } from '../schema/personas.js';

export { PERSONAS, type Persona, type TokenClaims } from '../schema/personas.js';

/** The persona ids, in the order of PERSONAS. */
export const PERSONA_NAMES: readonly string[] = Object.keys(PERSONAS);

/** True for a persona id (own keys only: `toString` is not a persona). */
export function isPersonaName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(PERSONAS, name);
}
