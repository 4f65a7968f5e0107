import type { ProblemFieldError } from "../http/respond.js";

/** An OAuth error (shape A): `{error, error_description}` with the given status. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
    readonly extraBody: Record<string, unknown> = {},
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
  }
}

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
};

/** An RFC 9457 problem (shape B). The title defaults to the HTTP status text. */
export class ProblemError extends Error {
  readonly title: string;
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: ProblemFieldError[],
    title?: string,
  ) {
    super(detail);
    this.name = "ProblemError";
    this.title = title ?? STATUS_TITLES[status] ?? `HTTP ${status}`;
  }
}

/** Raised by `verifyAccessToken` when a bearer token is not acceptable; `reason` is a short machine code. */
export class InvalidTokenError extends Error {
  constructor(
    readonly reason: string,
    message: string = reason,
  ) {
    super(message);
    this.name = "InvalidTokenError";
  }
}

/** Shorthand for a 400 `policy_violation` OAuth error. */
export function policyViolation(description: string): OAuthError {
  return new OAuthError(400, "policy_violation", description);
}

/** Shorthand for a 400 `invalid_grant` OAuth error. */
export function invalidGrant(description: string): OAuthError {
  return new OAuthError(400, "invalid_grant", description);
}
