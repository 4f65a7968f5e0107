import { HighflameError, RawResponseHeaders, type ResponseHeaders, redactValue } from "@highflame/core";

/**
 * What went wrong, independent of the HTTP status: switch on this (or on `code`) rather than on classes.
 *
 * - `authentication`: the credential was rejected (401, `invalid_client`, or 400 `invalid_grant` on the
 *   `api_key` grant, i.e. an unknown, revoked or expired key).
 * - `permission`: 403. `not_found`: 404. `conflict`: 409. `rate_limit`: 429. `server`: 5xx.
 * - `validation`: 422 schema failure (see `errors` for the offending fields).
 * - `oauth`: any other OAuth error body (`invalid_scope`, `policy_violation`, `invalid_grant`, …).
 * - `bad_request`: any other 400. `api`: any other non-success status.
 * - `verification`: a token failed local verification or introspection said it is inactive.
 * - `authorization`: a valid identity lacks a required scope or trust level.
 */
export type ZeroIDErrorKind =
  | "authentication"
  | "permission"
  | "validation"
  | "not_found"
  | "conflict"
  | "rate_limit"
  | "server"
  | "oauth"
  | "bad_request"
  | "api"
  | "verification"
  | "authorization";

/** Codes raised by local token verification (`verify`, `verifyBearer`, `createVerifier`, `verifyJWT`). */
export const VERIFICATION_ERROR_CODES = Object.freeze([
  "token_expired",
  "token_not_yet_valid",
  "invalid_signature",
  "unknown_key",
  "claim_missing",
  "claim_invalid",
  "issuer_mismatch",
  "audience_mismatch",
  "algorithm_not_allowed",
  "malformed_token",
  "missing_token",
  "token_inactive",
  "jwks_unavailable",
  "invalid_key",
] as const);
/** One of {@link VERIFICATION_ERROR_CODES}. */
export type VerificationErrorCode = (typeof VERIFICATION_ERROR_CODES)[number];

/** A field-level failure from a 422 problem document. */
export interface FieldError {
  /** What is wrong. */
  message?: string;
  /** Where, e.g. `body.external_id`. */
  location?: string;
  /** The rejected value (blanked by the server on OAuth paths). */
  value?: unknown;
}

/** Fields a {@link ZeroIDError} is built from. */
export interface ZeroIDErrorInit {
  /** Machine-readable code: the OAuth `error`, `validation_error`, `http_<status>` or a verification code. */
  code: string;
  /** Category; see {@link ZeroIDErrorKind}. */
  kind: ZeroIDErrorKind;
  /** HTTP status (for local verification failures: the status a server should answer, 401 or 403). */
  status?: number | undefined;
  /** Underlying error (the core `APIError`, a jose error, …). */
  cause?: unknown;
  /** `x-request-id` of the response. */
  requestId?: string | undefined;
  /** Problem `title` or OAuth `error`. */
  title?: string | undefined;
  /** Problem `detail` or OAuth `error_description`. */
  detail?: string | undefined;
  /** Field-level failures (422). */
  errors?: FieldError[] | undefined;
  /** Parsed response body. */
  body?: unknown;
  /** Response headers. */
  headers?: ResponseHeaders | undefined;
}

/**
 * Every error the ZeroID client raises for a server rejection or a failed verification. `code` keeps the
 * OAuth error code (`invalid_grant`, `invalid_scope`, `policy_violation`, …) or a verification code
 * (`token_expired`, `invalid_signature`, …); `status` is the HTTP status; `kind` classifies it.
 *
 * Errors that come from an HTTP response are also `instanceof` the matching `@highflame/core` class
 * (`APIError`, `AuthenticationError`, `UnprocessableEntityError`, …) and carry the same fields, so one
 * `catch` works across Highflame clients. Connection failures, timeouts and aborts stay core errors.
 */
export class ZeroIDError extends HighflameError {
  static override readonly kind: string = "ZeroIDError";
  /** HTTP status, when there is one. */
  readonly status: number | undefined;
  /** Category; see {@link ZeroIDErrorKind}. */
  readonly kind: ZeroIDErrorKind;
  /** `x-request-id` of the response, when any. */
  readonly requestId: string | undefined;
  /** Problem `title` or OAuth `error`. */
  readonly title: string | undefined;
  /** Problem `detail` or OAuth `error_description`. */
  readonly detail: string | undefined;
  /** Field-level failures of a 422 schema validation. */
  readonly errors: FieldError[] | undefined;
  /** Parsed response body, when any. */
  readonly body: unknown;
  /** Response headers (empty for local errors); read them with `.get(name)`. */
  readonly headers: ResponseHeaders;

  /**
   * @param message - Human-readable explanation (secrets are redacted).
   * @param init - The fields, or just a `code` string: a {@link VerificationErrorCode} gives
   *   `kind: "verification"` and status 401, any other code `kind: "api"` and no status.
   */
  constructor(message: string, init: ZeroIDErrorInit | string) {
    if (typeof init === "string") init = initFromCode(init);
    super(message, { code: init.code, cause: init.cause });
    this.status = init.status;
    this.kind = init.kind;
    this.requestId = init.requestId;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.body = init.body;
    this.headers = init.headers ?? new RawResponseHeaders([]);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      kind: this.kind,
      status: this.status,
      requestId: this.requestId,
      title: this.title === undefined ? undefined : redactValue(this.title),
      detail: this.detail === undefined ? undefined : redactValue(this.detail),
      // `value` is what the server rejected, which can be a credential it echoed: never serialised.
      errors: this.errors?.map(({ message, location }) => redactValue({ message, location })),
    };
  }
}

function initFromCode(code: string): ZeroIDErrorInit {
  const verification = (VERIFICATION_ERROR_CODES as readonly string[]).includes(code);
  return verification ? { code, kind: "verification", status: 401 } : { code, kind: "api" };
}

/** A local verification failure (`kind: "verification"`, status 401). */
export function verificationError(
  code: VerificationErrorCode,
  message: string,
  cause?: unknown,
): ZeroIDError {
  return new ZeroIDError(message, { code, kind: "verification", status: 401, cause });
}
