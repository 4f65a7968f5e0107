/**
 * The JSON body of a refused request (`application/problem+json`, RFC 9457 members plus the OAuth error). It
 * never contains the token.
 */
export interface AuthProblem {
  /** Always `"about:blank"`: the status says what happened. */
  type: "about:blank";
  /** HTTP status phrase, e.g. `Unauthorized`. */
  title: string;
  /** HTTP status. */
  status: number;
  /** What was wrong, for a person. */
  detail: string;
  /** RFC 6750 error code, when there is one (`invalid_request`, `invalid_token`, `insufficient_scope`). */
  error?: string;
  /**
   * Finer reason: a ZeroID verification code (`missing_token`, `malformed_token`, `token_expired`,
   * `invalid_signature`, `token_inactive`, …) or a requirement code (`insufficient_scope`, `insufficient_trust`,
   * `delegation_not_allowed`, `tool_not_allowed`), or `verification_unavailable` when keys or introspection
   * could not be reached.
   */
  code: string;
  /** Scopes the route needs (`insufficient_scope` on a scope check). */
  scope?: string;
}

/** A refusal ready to send: status, headers (lower-case names) and body. */
export interface AuthFailure {
  /** 400, 401, 403 or 503. */
  status: number;
  /** Response headers: `www-authenticate` (400/401/403), `content-type`, `cache-control`. */
  headers: Record<string, string>;
  /** The problem body. */
  body: AuthProblem;
}

/** `content-type` of refusals. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  503: "Service Unavailable",
};

/** Builds an {@link AuthFailure}. @internal */
export function authFailure(
  status: number,
  code: string,
  detail: string,
  extra: { error?: string | undefined; scope?: string | undefined; challenge?: string | undefined } = {},
): AuthFailure {
  const body: AuthProblem = { type: "about:blank", title: TITLES[status] ?? "Error", status, detail, code };
  if (extra.error !== undefined) body.error = extra.error;
  if (extra.scope !== undefined) body.scope = extra.scope;
  const headers: Record<string, string> = {
    "content-type": PROBLEM_CONTENT_TYPE,
    "cache-control": "no-store",
  };
  if (extra.challenge !== undefined) headers["www-authenticate"] = extra.challenge;
  return { status, headers, body };
}

/** Removes any trace of `token` (whole, or any of its dot-separated parts) from `text`. @internal */
export function scrubToken(text: string, token: string): string {
  let out = text;
  for (const piece of [token, ...token.split(".")]) {
    if (piece.length >= 8) out = out.split(piece).join("[redacted]");
  }
  return out;
}
