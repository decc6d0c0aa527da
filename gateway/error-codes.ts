/**
 * Stable, machine-readable error codes (in `extensions.code`), as Mercurius and Apollo do: clients
 * branch on these, never on message text.
 */
export const ErrorCode = {
  /** No valid token: bad signature, expired, wrong issuer/audience, missing binding. HTTP 401. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The declared purpose is unknown or not allowed for the caller's role. HTTP 403. */
  PURPOSE_NOT_ALLOWED: 'PURPOSE_NOT_ALLOWED',
  /** A field was withheld by the privacy policy; `extensions.rule` names the rule. */
  PRIVACY_BLOCKED: 'PRIVACY_BLOCKED',
  /** The whole request was refused because strict mode was asked and a field would be blocked. */
  PRIVACY_REFUSED: 'PRIVACY_REFUSED',
} as const;

/** A JSON GraphQL error response with the given HTTP status, for refusals before execution. */
export function errorResponse(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }), {
    status,
    // An error may quote what the caller sent: never to be read as anything but JSON, nor kept.
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
  });
}
