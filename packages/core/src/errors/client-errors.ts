import { HighflameError } from "./highflame-error.js";

/** The request never produced an HTTP response: DNS, refused or reset connection, TLS failure. Keeps `cause`. */
export class APIConnectionError extends HighflameError {
  static override readonly kind: string = "APIConnectionError";
  constructor(message = "Connection error.", options: { cause?: unknown; code?: string } = {}) {
    super(message, { code: options.code ?? "connection_error", cause: options.cause });
  }
}

/** An attempt or the overall deadline ran out before a response arrived. */
export class APIConnectionTimeoutError extends APIConnectionError {
  static override readonly kind: string = "APIConnectionTimeoutError";
  constructor(message = "Request timed out.", options: { cause?: unknown } = {}) {
    super(message, { code: "timeout", cause: options.cause });
  }
}

/** The caller's `AbortSignal` fired. No further attempt is made. */
export class APIUserAbortError extends HighflameError {
  static override readonly kind: string = "APIUserAbortError";
  constructor(message = "Request was aborted.", options: { cause?: unknown } = {}) {
    super(message, { code: "aborted", cause: options.cause });
  }
}

/** A server-sent event stream was malformed, cut off mid-event, or carried an `error` event. */
export class StreamError extends HighflameError {
  static override readonly kind: string = "StreamError";
  /** `x-request-id` of the streaming response, when known. */
  readonly requestId: string | undefined;
  constructor(message: string, options: { cause?: unknown; requestId?: string | undefined } = {}) {
    super(message, { code: "stream_error", cause: options.cause });
    this.requestId = options.requestId;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestId: this.requestId };
  }
}

/** A response body did not match the shape the SDK needs. Names the offending field. */
export class ResponseValidationError extends HighflameError {
  static override readonly kind: string = "ResponseValidationError";
  /** Dotted path of the first offending field (`""` for the root). */
  readonly field: string;
  readonly requestId: string | undefined;
  constructor(message: string, options: { field: string; requestId?: string | undefined; cause?: unknown }) {
    super(message, { code: "invalid_response", cause: options.cause });
    this.field = options.field;
    this.requestId = options.requestId;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, requestId: this.requestId };
  }
}

/** Caller input was rejected before any network call. Names the offending field. */
export class RequestValidationError extends HighflameError {
  static override readonly kind: string = "RequestValidationError";
  readonly field: string;
  constructor(message: string, options: { field: string; cause?: unknown }) {
    super(message, { code: "invalid_request", cause: options.cause });
    this.field = options.field;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** The client was constructed with missing or inconsistent options (raised by constructors, never later). */
export class ConfigurationError extends HighflameError {
  static override readonly kind: string = "ConfigurationError";
  /** The option at fault, e.g. `apiKey` or `tokenUrl`. */
  readonly option: string | undefined;
  constructor(message: string, options: { option?: string } = {}) {
    super(message, { code: "invalid_config" });
    this.option = options.option;
  }
}

/**
 * A Highflame endpoint answered with a redirect the SDK does not follow: any redirect to another origin (so no
 * body, credential or tenant header ever reaches it), a 301/302/303 answering a non-GET request, a redirect
 * chain longer than {@link MAX_REDIRECTS}, or any redirect on a call that refuses them (JWKS). Never retried,
 * and never an outage: `failMode: "open"` does not turn it into an allow.
 */
export class RedirectError extends HighflameError {
  static override readonly kind: string = "RedirectError";
  /** Status of the redirect response (301, 302, 303, 307 or 308). */
  readonly status: number;
  /** Where the server pointed, as origin and path (query and fragment dropped); `undefined` when not sent. */
  readonly location: string | undefined;
  /** `x-request-id` of the redirect response, when present. */
  readonly requestId: string | undefined;
  constructor(
    message: string,
    options: { status: number; location: string | undefined; requestId?: string | undefined },
  ) {
    super(message, { code: "redirect_refused" });
    this.status = options.status;
    this.location = options.location;
    this.requestId = options.requestId;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      location: this.location,
      requestId: this.requestId,
    };
  }
}

/** Longest chain of same-origin redirects followed within one attempt. */
export const MAX_REDIRECTS = 5;

/** Which body cap a response ran into. */
export type BodyLimitKind = "response" | "error" | "jwks";

/**
 * A response body was larger than its cap (`maxResponseBytes`, or the JWKS cap). The SDK stopped reading and
 * closed the connection, so memory stays bounded; nothing of the body is kept. Never retried.
 */
export class ResponseTooLargeError extends HighflameError {
  static override readonly kind: string = "ResponseTooLargeError";
  /** The cap that was exceeded, bytes. */
  readonly limit: number;
  /** Which cap it was. */
  readonly limitKind: BodyLimitKind;
  /** Response status. */
  readonly status: number;
  /** `x-request-id` of the response, when present. */
  readonly requestId: string | undefined;
  constructor(
    message: string,
    options: { limit: number; limitKind: BodyLimitKind; status: number; requestId?: string | undefined },
  ) {
    super(message, { code: "response_too_large" });
    this.limit = options.limit;
    this.limitKind = options.limitKind;
    this.status = options.status;
    this.requestId = options.requestId;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      limit: this.limit,
      limitKind: this.limitKind,
      status: this.status,
      requestId: this.requestId,
    };
  }
}
