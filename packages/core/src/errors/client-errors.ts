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
