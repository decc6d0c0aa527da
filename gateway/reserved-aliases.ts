import { visit, type DocumentNode } from 'graphql';
import { INPUT_PREFIX } from './privacy-plan.js';
import { AUDIT_SUBJECT_ALIAS, AUDIT_TYPENAME_ALIAS } from './audit/audit-subjects.js';

/** Response keys the gateway adds for itself; a client that uses one could feed the policy or the audit its own values. */
const RESERVED = [INPUT_PREFIX, AUDIT_SUBJECT_ALIAS, AUDIT_TYPENAME_ALIAS];

/**
 * The first alias in a client's operation that the gateway reserves for its own row inputs
 * (`__pg_*`, P-82) or audit subjects (`__audit_*`, P-80), or null. Such an operation is refused:
 * otherwise `{ __pg_id: someOtherField }` would merge with the gateway's own input and decide
 * ownership, or name the wrong subject in the access audit.
 */
export function reservedAlias(document: DocumentNode): string | null {
  const cached = seen.get(document);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  visit(document, {
    Field(node) {
      const key = node.alias?.value;
      if (key && !found && RESERVED.some((r) => key.startsWith(r))) found = key;
    },
  });
  seen.set(document, found);
  return found;
}

/** Parsed documents are cached by the server, so the check runs once per distinct operation. */
const seen = new WeakMap<DocumentNode, string | null>();
