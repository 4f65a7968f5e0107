import { APIError, AuthenticationError, parseRetryAfterMs } from "@highflame/core";
import { type FieldError, ZeroIDError, type ZeroIDErrorInit, type ZeroIDErrorKind } from "./zeroid-error.js";

/*
 * Brand chain: each class below contributes one `kind` to the instance's brand list, so an instance of
 * e.g. ZeroIDAuthenticationError answers `instanceof` for ZeroIDError, ZeroIDAPIError and core's APIError
 * and AuthenticationError (the core brand check compares names, across copies of the package).
 */

/** Brand-only layer answering `instanceof APIError` (core). @internal */
class APIErrorBrand extends ZeroIDError {
  static override readonly kind: string = "APIError";
}

/** A {@link ZeroIDError} built from an HTTP error response; also `instanceof` core's `APIError`. */
export class ZeroIDAPIError extends APIErrorBrand {
  static override readonly kind: string = "ZeroIDAPIError";
  /** Same as `status`, always set for responses. */
  declare readonly status: number;
}

class ZeroIDBadRequestError extends ZeroIDAPIError {
  static override readonly kind: string = "BadRequestError";
}
class ZeroIDAuthenticationError extends ZeroIDAPIError {
  static override readonly kind: string = "AuthenticationError";
}
class ZeroIDPermissionDeniedError extends ZeroIDAPIError {
  static override readonly kind: string = "PermissionDeniedError";
}
class ZeroIDNotFoundError extends ZeroIDAPIError {
  static override readonly kind: string = "NotFoundError";
}
class ZeroIDConflictError extends ZeroIDAPIError {
  static override readonly kind: string = "ConflictError";
}
class ZeroIDUnprocessableEntityError extends ZeroIDAPIError {
  static override readonly kind: string = "UnprocessableEntityError";
}
class ZeroIDRateLimitError extends ZeroIDAPIError {
  static override readonly kind: string = "RateLimitError";
  /** The server's requested wait, ms. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ZeroIDErrorInit) {
    super(message, init);
    this.retryAfterMs = init.headers ? parseRetryAfterMs(init.headers) : undefined;
  }
}
class ZeroIDInternalServerError extends ZeroIDAPIError {
  static override readonly kind: string = "InternalServerError";
}

const CLASS_BY_KIND: Partial<Record<ZeroIDErrorKind, typeof ZeroIDAPIError>> = {
  authentication: ZeroIDAuthenticationError,
  permission: ZeroIDPermissionDeniedError,
  not_found: ZeroIDNotFoundError,
  conflict: ZeroIDConflictError,
  validation: ZeroIDUnprocessableEntityError,
  rate_limit: ZeroIDRateLimitError,
  server: ZeroIDInternalServerError,
};

/** Context that changes how an error response is classified. */
export interface ErrorContext {
  /**
   * The call presented a credential grant (`api_key`): a 400 `invalid_grant` then means the key is unknown,
   * revoked or expired, and is classified as `authentication`.
   */
  credentialGrant?: boolean;
}

/**
 * Converts a core `APIError` into a {@link ZeroIDError} (classified, OAuth code kept); returns any other
 * value unchanged. Classification: core `AuthenticationError` (e.g. the token provider's rejected key), 401 and
 * `invalid_client` → `authentication`; 400 `invalid_grant` on a
 * credential grant → `authentication`; 422 → `validation` (`code: "validation_error"`); other OAuth bodies
 * → `oauth`; then by status.
 */
export function toZeroIDError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof ZeroIDError || !(error instanceof APIError)) return error;
  const status = error.status;
  const body = error.body as Record<string, unknown> | undefined;
  const oauthCode =
    body && typeof body === "object" && typeof body.error === "string" && body.error !== ""
      ? body.error
      : undefined;
  const code = oauthCode ?? (status === 422 ? "validation_error" : `http_${status}`);
  const kind = error instanceof AuthenticationError ? "authentication" : classify(status, oauthCode, context);
  const errors = error.errors as FieldError[] | undefined;
  const fieldSummary =
    errors && errors.length > 0
      ? ` (${errors
          .slice(0, 3)
          .map((e) => [e.location, e.message].filter(Boolean).join(": "))
          .join("; ")})`
      : "";
  // A core AuthenticationError from the token provider already carries a tailored, secret-free message.
  const message =
    error instanceof AuthenticationError
      ? error.message
      : `${status} ${code}${error.detail ? `: ${error.detail}` : ""}${fieldSummary}`;
  const init: ZeroIDErrorInit = {
    code,
    kind,
    status,
    cause: error,
    requestId: error.requestId,
    title: error.title,
    detail: error.detail,
    errors,
    body: error.body,
    headers: error.headers,
  };
  const Ctor = CLASS_BY_KIND[kind] ?? (status === 400 ? ZeroIDBadRequestError : ZeroIDAPIError);
  return new Ctor(message, init);
}

function classify(status: number, oauthCode: string | undefined, context: ErrorContext): ZeroIDErrorKind {
  if (status === 401 || oauthCode === "invalid_client") return "authentication";
  if (oauthCode === "invalid_grant" && context.credentialGrant) return "authentication";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 422) return "validation";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server";
  if (oauthCode) return "oauth";
  return status === 400 ? "bad_request" : "api";
}

/** Runs `fn`, converting core API errors into {@link ZeroIDError}s. */
export async function mapErrors<T>(fn: () => Promise<T>, context?: ErrorContext): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toZeroIDError(error, context);
  }
}
