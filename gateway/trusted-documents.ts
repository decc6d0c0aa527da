import { createGraphQLError } from 'graphql-yoga';
import type { Caller, Role } from '../directives/caller.js';
import type { DocumentManifest } from './document-manifest.js';
import { policyNow, type PolicyRef } from './policy-ref.js';

/**
 * Whether a role is code of another company, which runs only documents registered for its role:
 * its `callerClass` in the policy's `roles`, `partner` when the file names none (the more protective).
 */
export function runsRegisteredDocumentsOnly(role: Role, roles: Record<Role, { callerClass?: 'member' | 'partner' }>): boolean {
  if (role === 'visitor') return false;
  return (Object.hasOwn(roles, role) ? roles[role]!.callerClass : undefined) !== 'member';
}

/** `enforce`: partner roles run registered documents only; `off`: they may also send ad-hoc ones. */
export type TrustedDocumentsMode = 'enforce' | 'off';

/** TRUSTED_DOCUMENTS, else `enforce` in production and `off` elsewhere (the demo, where partners write their queries). */
export function trustedDocumentsModeFromEnv(env: NodeJS.ProcessEnv = process.env): TrustedDocumentsMode {
  const value = env.TRUSTED_DOCUMENTS?.trim();
  if (value === 'enforce' || value === 'off') return value;
  if (value) throw new Error(`TRUSTED_DOCUMENTS must be 'enforce' or 'off', not '${value}'`);
  return env.NODE_ENV === 'production' ? 'enforce' : 'off';
}

export interface TrustedDocumentsOptions {
  manifest: DocumentManifest;
  mode: TrustedDocumentsMode;
  callerOf: (request: Request) => Caller | undefined;
  /** The policy whose `roles` say which roles are partners (a function answering the current one). */
  policy: PolicyRef;
}

/**
 * The Hive gateway runtime's `persistedDocuments` over the registered documents: a document sent by
 * id (`documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`) runs only for the role it
 * is registered for, in either mode; under `enforce` a partner role's ad-hoc document is refused.
 * Visitors and the roles of class `member` (members, guardians, agents, the privacy officer) may
 * always send ad-hoc documents; a role whose class the policy does not name is a partner's.
 */
export function trustedDocuments({ manifest, mode, callerOf, policy }: TrustedDocumentsOptions) {
  const roleOf = (request: Request): Role => callerOf(request)?.role ?? 'visitor';
  const registered = new Set(Object.values(manifest.documents).map((d) => d.role));
  return {
    getPersistedOperation(id: string, request: Request): string | null {
      const document = manifest.documents[id];
      return document && document.role === roleOf(request) ? document.body : null;
    },
    allowArbitraryDocuments: (request: Request) => mode === 'off' || !runsRegisteredDocumentsOnly(roleOf(request), policyNow(policy).roles),
    customErrors: {
      notFound: ({ request }: { request: Request }) => {
        const role = roleOf(request);
        return createGraphQLError(`no document with this id is registered for role ${role}: send the id (sha256 of the body) of a document under documents/${role}/, listed in documents/manifest.json`, {
          extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
        });
      },
      persistedQueryOnly: ({ request }: { request: Request }) => {
        const role = roleOf(request);
        if (!registered.has(role)) {
          return createGraphQLError(
            `role ${role} runs only registered documents, sent by id, and none is registered for it yet: add its documents under documents/${role}/, run \`npm run contracts\` and \`npm run documents:check\`, and deploy`,
            { extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } } },
          );
        }
        return createGraphQLError(
          `role ${role} runs only registered documents, sent by id: send {"documentId": "<sha256 of the body>"} of a document under documents/${role}/ (documents/manifest.json lists them); to register a new one, add it there, run \`npm run contracts\` and \`npm run documents:check\`, and deploy`,
          { extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } } },
        );
      },
      keyNotFound: { message: 'send a query, or the documentId of a registered document', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
    },
  };
}
