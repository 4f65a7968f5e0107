import { type ParsedErrorBody, parseErrorBody } from "../error-body.js";
import type { ResponseHeaders } from "../headers.js";
import { redactValue } from "../redact.js";
import { parseRetryAfterMs } from "../retry-after.js";
import { HighflameError } from "./highflame-error.js";

/** Fields every {@link APIError} is built from. */
export interface APIErrorInit {
  status: number;
  headers: ResponseHeaders;
  parsed: ParsedErrorBody;
  requestId: string | undefined;
  /** Overrides the message derived from the body. */
  message?: string;
}

/** The server answered with a non-success status. One subclass per status family. */
export class APIError extends HighflameError {
  static override readonly kind: string = "APIError";
  /** HTTP status code. */
  readonly status: number;
  /** Response headers (read them with `.get(name)`; credential headers are masked when printed). */
  readonly headers: ResponseHeaders;
  /** Parsed JSON body, or the raw text when the body was not JSON. */
  readonly body: unknown;
  /** `x-request-id` of the response; quote it when contacting support. */
  readonly requestId: string | undefined;
  /** Short code-like title: problem `title` or OAuth `error` (e.g. `invalid_grant`). */
  readonly title: string | undefined;
  /** Human-readable explanation: problem `detail` or OAuth `error_description`. */
  readonly detail: string | undefined;
  /** Field-level failures from a problem document's `errors[]`. */
  readonly errors: ParsedErrorBody["errors"];

  constructor(init: APIErrorInit, code: string = "api_error") {
    const { status, parsed } = init;
    const summary = [parsed.title, parsed.detail].filter(Boolean).join(": ");
    super(init.message ?? `${status} ${summary || "status code (no body)"}`, { code });
    this.status = status;
    this.headers = init.headers;
    this.body = parsed.body;
    this.requestId = init.requestId;
    this.title = parsed.title;
    this.detail = parsed.detail;
    this.errors = parsed.errors;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      requestId: this.requestId,
      title: this.title === undefined ? undefined : redactValue(this.title),
      detail: this.detail === undefined ? undefined : redactValue(this.detail),
    };
  }
}

/** 400 */
export class BadRequestError extends APIError {
  static override readonly kind: string = "BadRequestError";
  constructor(init: APIErrorInit, code = "bad_request") {
    super(init, code);
  }
}
/** 401, and token-endpoint rejections of a key (400 `invalid_grant`, 401 `invalid_client`). */
export class AuthenticationError extends APIError {
  static override readonly kind: string = "AuthenticationError";
  constructor(init: APIErrorInit) {
    super(init, "authentication_error");
  }
}
/** 403 */
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = "PermissionDeniedError";
  constructor(init: APIErrorInit) {
    super(init, "permission_denied");
  }
}
/** 404 */
export class NotFoundError extends APIError {
  static override readonly kind: string = "NotFoundError";
  constructor(init: APIErrorInit) {
    super(init, "not_found");
  }
}
/** 409 */
export class ConflictError extends APIError {
  static override readonly kind: string = "ConflictError";
  constructor(init: APIErrorInit) {
    super(init, "conflict");
  }
}
/** 422: the request failed the server's schema validation (see `errors`). */
export class UnprocessableEntityError extends APIError {
  static override readonly kind: string = "UnprocessableEntityError";
  constructor(init: APIErrorInit) {
    super(init, "unprocessable_entity");
  }
}
/** 429, after retries. `retryAfterMs` is the server's requested wait, when it sent one. */
export class RateLimitError extends APIError {
  static override readonly kind: string = "RateLimitError";
  readonly retryAfterMs: number | undefined;
  constructor(init: APIErrorInit) {
    super(init, "rate_limited");
    this.retryAfterMs = parseRetryAfterMs(init.headers);
  }
}
/** 500 and above, after retries. */
export class InternalServerError extends APIError {
  static override readonly kind: string = "InternalServerError";
  constructor(init: APIErrorInit) {
    super(init, "internal_server_error");
  }
}

/** Builds the {@link APIError} subclass for a status from a response's headers and body text. */
export function makeAPIError(
  status: number,
  headers: ResponseHeaders,
  bodyText: string,
  message?: string,
): APIError {
  const init: APIErrorInit = {
    status,
    headers,
    parsed: parseErrorBody(bodyText),
    requestId: headers.get("x-request-id") ?? undefined,
    ...(message === undefined ? {} : { message }),
  };
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionDeniedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return new ConflictError(init);
  if (status === 422) return new UnprocessableEntityError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new InternalServerError(init);
  return new APIError(init);
}
