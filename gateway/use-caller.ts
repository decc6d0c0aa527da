import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Caller } from '../directives/caller.js';
import { internString } from '../directives/intern-string.js';
import { echoInput } from './echoed-input.js';
import { ErrorCode, errorResponse } from './error-codes.js';
import { IdentityError, type CallerVerifier } from './identity.js';
import { LEGAL_OBLIGATION, type PolicyConfig } from '../directives/policy-config.js';
import { policyNow, type PolicyRef } from './policy-ref.js';

/** Per-request caller and purpose, as the privacy plugins read them from the context. */
export interface PrivacyRequestContext {
  caller: Caller;
  purpose: string | null;
  strict: boolean;
}

export interface UseCallerOptions {
  verify: CallerVerifier;
  /** The policy, or a function answering the current one. */
  policy: PolicyRef;
  /** Header carrying the declared purpose. Default `x-purpose`. */
  purposeHeader?: string;
  /** Only requests to this path are checked (health checks stay open). Default `/graphql`. */
  graphqlEndpoint?: string;
}

const requests = new WeakMap<Request, PrivacyRequestContext>();

/** The verified caller of a request, for plugins after useCaller (undefined before it, or off the endpoint). */
export function verifiedCaller(request: Request): Caller | undefined {
  return requests.get(request)?.caller;
}

/**
 * Establishes who is asking and why, before anything runs: the bearer token is verified (no token
 * is a visitor; a bad one is HTTP 401 `UNAUTHENTICATED`, never a silent visitor), and the purpose
 * declared in `x-purpose` (or the `purpose` query parameter, for GraphiQL links) must be one the
 * role may declare (HTTP 403 `PURPOSE_NOT_ALLOWED`). `essential.legal_obligation` also needs a
 * case reference in the token (P-81). `x-privacy-mode: strict` asks to be refused whole rather than
 * answered partially.
 */
export function useCaller(options: UseCallerOptions): GatewayPlugin {
  const header = options.purposeHeader ?? 'x-purpose';
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== endpoint) return;
      // One Authorization header: two were refused before any plugin here (use-one-authorization.ts).
      let caller: Caller;
      try {
        caller = await options.verify(request.headers.get('authorization'));
      } catch (error) {
        if (error instanceof IdentityError) return endResponse(errorResponse(401, ErrorCode.UNAUTHENTICATED, error.message));
        throw error;
      }
      const declared = request.headers.get(header) ?? url.searchParams.get('purpose') ?? null;
      if (declared !== null) {
        const refusal = purposeRefusal(policyNow(options.policy), caller, declared);
        if (refusal) return endResponse(errorResponse(403, ErrorCode.PURPOSE_NOT_ALLOWED, refusal, { purpose: echoInput(declared), role: caller.role }));
      }
      // A mode the gateway does not know is refused, not read as the lenient one: a client that asked
      // to be refused whole (a misspelt `strict`) must not be answered partially instead.
      const mode = (request.headers.get('x-privacy-mode') ?? '').trim().toLowerCase();
      if (mode !== '' && mode !== 'strict' && mode !== 'partial') {
        return endResponse(errorResponse(400, 'BAD_REQUEST', "x-privacy-mode must be 'strict' (refuse the whole request) or 'partial' (the default: withheld fields come back null)"));
      }
      const strict = mode === 'strict';
      // Interned: every decision of the request compares it with fields' purposes (directives/intern-string.ts).
      requests.set(request, { caller, purpose: declared === null ? null : internString(declared), strict });
    },
    onContextBuilding({ context, extendContext }) {
      const state = requests.get((context as any).request);
      if (state) extendContext(state as any);
    },
  } as GatewayPlugin;
}

/** Why `caller` may not declare `purpose`, or null when it may. */
export function purposeRefusal(policy: PolicyConfig, caller: Caller, purpose: string): string | null {
  const allowed = policy.roles[caller.role]?.purposes ?? [];
  // A typo is answered with what this role may declare, the next thing to send.
  if (!policy.purposes.includes(purpose)) return `unknown purpose '${echoInput(purpose)}'; role ${caller.role} may declare ${allowed.length ? allowed.join(', ') : 'none (send no x-purpose)'}`;
  if (!allowed.includes(purpose)) {
    return `role ${caller.role} may not declare purpose '${purpose}'${allowed.length ? `; allowed: ${allowed.join(', ')}` : ' (it may declare none)'}`;
  }
  if (purpose === LEGAL_OBLIGATION && !caller.caseRef) return 'essential.legal_obligation needs a case reference (token claim `case`, P-81)';
  return null;
}
