export { HTTP_CALL_CHANNEL, type HttpCallMessage } from "./diagnostics.js";
export { HIGHFLAME_ENV, type HighflameEnv, readEnv, readHighflameEnv } from "./env.js";
export { type ParsedErrorBody, parseErrorBody } from "./error-body.js";
export {
  APIError,
  type APIErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  makeAPIError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors/api-error.js";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  type BodyLimitKind,
  ConfigurationError,
  MAX_REDIRECTS,
  RedirectError,
  RequestValidationError,
  ResponseTooLargeError,
  ResponseValidationError,
  StreamError,
} from "./errors/client-errors.js";
export { HighflameError, type HighflameErrorCode } from "./errors/highflame-error.js";
export {
  type HeaderReader,
  type RawHeaderList,
  RawResponseHeaders,
  type ResponseHeaders,
} from "./headers.js";
export {
  DEFAULT_MAX_ERROR_BODY_BYTES,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  HttpClient,
  USER_AGENT,
} from "./http-client.js";
export { LOG_LEVELS, type Logger, type LogLevel, resolveLogLevel, SdkLogger, toSdkLogger } from "./logger.js";
export { MAX_TIMER_MS } from "./option-validation.js";
export {
  REDACTED,
  redactHeaders,
  redactText,
  redactValue,
  requestSecrets,
  SENSITIVE_HEADERS,
  scrubSecrets,
} from "./redact.js";
export type {
  APIResponse,
  AuthProvider,
  HttpClientOptions,
  HttpMethod,
  RequestOptions,
  RequestSpec,
} from "./request-options.js";
export { MAX_RETRY_AFTER_MS, parseRetryAfterMs } from "./retry-after.js";
export {
  DEFAULT_MAX_RETRIES,
  INITIAL_RETRY_DELAY_MS,
  isRetryableResponse,
  MAX_RETRY_DELAY_MS,
  RETRYABLE_STATUSES,
  retryDelayMs,
} from "./retry-policy.js";
export { type Conformance, conformsTo } from "./schema-fast-path.js";
export { sleep } from "./sleep.js";
export {
  DEFAULT_MAX_EVENT_SIZE,
  DEFAULT_MAX_LINE_LENGTH,
  type ServerSentEvent,
  SSEDecoder,
} from "./sse/decoder.js";
export { SSEStream, type SSEStreamOptions, type StreamResponseInfo } from "./sse/stream.js";
export type { ByteSource } from "./transport/types.js";
export {
  checkTransportChoice,
  type FetchLike,
  Transport,
  type TransportChoice,
  type TransportOptions,
} from "./transport.js";
export { joinUrl, normalizeBaseUrl, pathSegment, type QueryParams } from "./url.js";
export { parseResponse } from "./validation.js";
export { VERSION } from "./version.js";
