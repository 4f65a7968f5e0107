/** Auth-params of a `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3, RFC 9728 §5.1). */
export interface BearerChallenge {
  /** `realm`: the protection space. Omitted when undefined. */
  realm?: string | undefined;
  /** RFC 6750 error code: `invalid_request`, `invalid_token` or `insufficient_scope`. Omitted when undefined. */
  error?: "invalid_request" | "invalid_token" | "insufficient_scope" | undefined;
  /** Human-readable `error_description`; only sent together with `error`. */
  errorDescription?: string | undefined;
  /** Space-delimited scopes needed for the resource (`insufficient_scope`). */
  scope?: string | undefined;
  /** URL of the OAuth protected resource metadata (RFC 9728 `resource_metadata`). */
  resourceMetadata?: string | undefined;
}

/**
 * RFC 7230 quoted-string: `"` and `\` are escaped, control characters other than HTAB are dropped (they would
 * make the header invalid or allow response splitting).
 */
export function quotedString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "").replace(/[\\"]/g, "\\$&");
  return `"${clean}"`;
}

/**
 * RFC 6750 §3 restricts `error_description` and `scope` to printable ASCII without `"` and `\\`: those two
 * become `'` and `/`, anything else outside %x20-7E is dropped.
 */
export function challengeText(value: string): string {
  return value
    .replace(/"/g, "'")
    .replace(/\\/g, "/")
    .replace(/[^\x20-\x7e]/g, "");
}

/**
 * Builds the `WWW-Authenticate` value. Without `error` the challenge carries no error attributes (a request
 * without credentials), so the result is `Bearer` or `Bearer realm="…"`.
 *
 * @example
 * bearerChallenge({ error: "insufficient_scope", scope: "reports:read" });
 * // Bearer error="insufficient_scope", scope="reports:read"
 */
export function bearerChallenge(challenge: BearerChallenge): string {
  const params: string[] = [];
  if (challenge.realm !== undefined) params.push(`realm=${quotedString(challenge.realm)}`);
  if (challenge.error !== undefined) {
    params.push(`error=${quotedString(challenge.error)}`);
    if (challenge.errorDescription) {
      params.push(`error_description="${challengeText(challenge.errorDescription)}"`);
    }
    if (challenge.scope) params.push(`scope="${challengeText(challenge.scope)}"`);
  }
  if (challenge.resourceMetadata !== undefined) {
    params.push(`resource_metadata=${quotedString(challenge.resourceMetadata)}`);
  }
  return params.length === 0 ? "Bearer" : `Bearer ${params.join(", ")}`;
}
