import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { PolicyConfigError, validatePolicyConfig, type PolicyConfig } from '../../directives/policy-config.js';
import { readPolicyRules } from '../../directives/policy-rules.js';
import { boundedMessage } from '../echoed-input.js';
import { ErrorCode, errorResponse } from '../error-codes.js';
import { isLocalRequest } from '../loopback.js';
import { IdentityError, type CallerVerifier } from '../identity.js';
import { bodyTooLarge, unsupportedMediaType } from '../limit-errors.js';
import { readBodyUpTo } from '../../schema/read-body-up-to.js';
import { explorerAsset, explorerPage, EXPLORER_CSP } from './explorer-page.js';
import { ExplorerData, ExplorerRequestError } from './explorer-view.js';

/** The explorer's page, its two files and its JSON API. */
export const EXPLORER_ROUTES = {
  page: '/privacy/explorer',
  assets: '/privacy/explorer/assets/',
  roles: '/privacy/explorer/roles',
  outcomes: '/privacy/explorer/outcomes',
  diff: '/privacy/explorer/diff',
} as const;

/** A proposed policy is a few kilobytes (directives/policy.json: under 3 KB). */
export const MAX_PROPOSAL_BYTES = 64 * 1024;

export interface UsePrivacyExplorerOptions {
  verify: CallerVerifier;
  /** The served policy and supergraph, read on each request: a reload recomputes the outcomes. */
  current: () => { policy: PolicyConfig; supergraph: string };
  /**
   * Open without a token to requests addressed to a loopback name: a development gateway bound to
   * loopback with no CORS origin (what gives GraphiQL its tokens, gateway/graphiql-personas.ts).
   * Otherwise only the privacy officer's token opens it. Default: false.
   */
  openOnLoopback?: boolean;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });

/**
 * The privacy explorer, `/privacy/explorer`: the schema as a tree coloured by what the policy
 * does to each field for a role and purpose, and the static dry run of a proposed policy. The
 * privacy officer's (token with role `privacy_officer`); on a loopback development gateway, open.
 */
export function usePrivacyExplorer(options: UsePrivacyExplorerOptions): GatewayPlugin {
  const data = new ExplorerData(options.current, readPolicyRules());

  /** Null when the request may use the explorer, else the refusal. */
  async function refusal(request: Request, url: URL): Promise<Response | null> {
    const authorization = request.headers.get('authorization');
    if (!authorization) {
      // The Host check keeps a page on another site, resolved to 127.0.0.1 (DNS rebinding), out; a proxy's headers, a forwarded caller.
      if (options.openOnLoopback && isLocalRequest(request)) return null;
      if (options.openOnLoopback) return errorResponse(404, 'NOT_FOUND', 'the privacy explorer opens without a token at a loopback address only (127.0.0.1, localhost); elsewhere it takes the privacy officer\'s token');
      return errorResponse(404, 'NOT_FOUND', 'not found');
    }
    try {
      const caller = await options.verify(authorization);
      if (caller.role === 'privacy_officer') return null;
      return errorResponse(403, 'FORBIDDEN', `the privacy explorer is the privacy officer's (role privacy_officer); this token's role is ${caller.role}`);
    } catch (error) {
      if (error instanceof IdentityError) return errorResponse(401, ErrorCode.UNAUTHENTICATED, error.message);
      throw error;
    }
  }

  return {
    async onRequest({ request, url, endResponse }) {
      const path = url.pathname.replace(/\/$/, '');
      if (path !== EXPLORER_ROUTES.page && !url.pathname.startsWith(`${EXPLORER_ROUTES.page}/`)) return;
      const refused = await refusal(request, url);
      if (refused) return endResponse(refused);
      const method = request.method.toUpperCase();
      try {
        if (path === EXPLORER_ROUTES.diff) {
          if (method !== 'POST') return endResponse(json(405, { error: 'use POST with the proposed policy as JSON' }));
          return endResponse(await diff(request));
        }
        if (method !== 'GET' && method !== 'HEAD') return endResponse(json(405, { error: 'use GET' }));
        if (path === EXPLORER_ROUTES.page) {
          return endResponse(
            new Response(explorerPage(), {
              headers: {
                'content-type': 'text/html; charset=utf-8',
                'content-security-policy': EXPLORER_CSP,
                'cache-control': 'no-store',
                'referrer-policy': 'no-referrer',
                'x-content-type-options': 'nosniff',
                'cross-origin-resource-policy': 'same-origin',
                // A page that opened the explorer keeps no handle on its window (to navigate it away, or count its frames).
                'cross-origin-opener-policy': 'same-origin',
              },
            }),
          );
        }
        if (url.pathname.startsWith(EXPLORER_ROUTES.assets)) {
          const asset = explorerAsset(url.pathname.slice(EXPLORER_ROUTES.assets.length));
          if (!asset) return endResponse(json(404, { error: 'no such file of the explorer' }));
          return endResponse(new Response(asset.body, { headers: { 'content-type': asset.type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'same-origin' } }));
        }
        if (path === EXPLORER_ROUTES.roles) return endResponse(json(200, data.roles()));
        if (path === EXPLORER_ROUTES.outcomes) {
          const role = url.searchParams.get('role');
          if (!role) return endResponse(errorResponse(400, 'BAD_REQUEST', 'name a role: ?role=merchant&purpose=essential.service.operations (no purpose: leave it out)'));
          return endResponse(json(200, data.view(role, url.searchParams.get('purpose') || null)));
        }
        return endResponse(json(404, { error: `no such explorer route; try ${EXPLORER_ROUTES.page}` }));
      } catch (error) {
        if (error instanceof ExplorerRequestError) return endResponse(errorResponse(400, 'BAD_REQUEST', error.message, { problems: error.problems }));
        return endResponse(errorResponse(500, 'INTERNAL', 'the privacy explorer failed to compute the outcomes'));
      }
    },
  } as GatewayPlugin;

  async function diff(request: Request): Promise<Response> {
    // JSON only: a form or text/plain is what another site's page can send without a CORS preflight.
    const contentType = request.headers.get('content-type');
    if ((contentType ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') return unsupportedMediaType(contentType);
    const length = request.headers.get('content-length');
    if (length !== null && Number(length) > MAX_PROPOSAL_BYTES) return bodyTooLarge(MAX_PROPOSAL_BYTES);
    const body = await readBodyUpTo(request.body, MAX_PROPOSAL_BYTES);
    if (body === null) return bodyTooLarge(MAX_PROPOSAL_BYTES);
    const text = Buffer.from(body).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return invalidPolicy([`the proposal is not JSON: ${(error as Error).message}`]);
    }
    let proposed: PolicyConfig;
    try {
      proposed = validatePolicyConfig(raw, '(proposed)');
    } catch (error) {
      if (error instanceof PolicyConfigError) return invalidPolicy(error.problems);
      throw error;
    }
    try {
      return json(200, data.diff(text, proposed));
    } catch (error) {
      if (error instanceof ExplorerRequestError) return invalidPolicy(error.problems);
      throw error;
    }
  }
}

function invalidPolicy(found: string[]): Response {
  // A problem quotes the proposal's own text (an unknown purpose of 12,000 characters, a bidi override): bounded like any echo.
  const problems = found.map((problem) => boundedMessage(problem));
  return errorResponse(400, 'INVALID_POLICY', boundedMessage(`the proposed policy is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}`), { problems });
}
