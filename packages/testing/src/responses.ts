import type { ScriptedResponse } from "./types.js";

/**
 * An RFC 9457 problem-details error response (`content-type: application/problem+json`).
 *
 * @param status - HTTP status, also written as the `status` member.
 * @param title - Short summary (`title` member).
 * @param detail - Human-readable explanation (`detail` member).
 * @param extra - Additional members merged into the body (may override `type`, default `"about:blank"`).
 */
export function problemJson(
  status: number,
  title: string,
  detail: string,
  extra?: Record<string, unknown>,
): ScriptedResponse {
  return {
    status,
    headers: { "content-type": "application/problem+json" },
    body: { type: "about:blank", title, status, detail, ...extra },
  };
}

/**
 * An RFC 6749 OAuth error response: JSON `{ error, error_description }` with `content-type: application/json`
 * and `cache-control: no-store`.
 *
 * @param status - HTTP status (usually 400 or 401).
 * @param error - OAuth error code, e.g. `"invalid_client"`.
 * @param description - Value of `error_description`.
 */
export function oauthError(status: number, error: string, description: string): ScriptedResponse {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: { error, error_description: description },
  };
}
