/**
 * `@highflame/sdk/auth`: token providers and the service-key exchange (re-exported from `@highflame/auth`).
 *
 * @packageDocumentation
 */

export {
  bearerAuth,
  type CachedToken,
  type CreateTokenProviderOptions,
  createTokenProvider,
  DEFAULT_TOKEN_URL,
  decodeJwtClaims,
  FALLBACK_TOKEN_LIFETIME_MS,
  type GetTokenOptions,
  isServiceKey,
  looksLikeJwt,
  type ResolveTokenUrlOptions,
  resolveTokenUrl,
  SERVICE_KEY_PREFIXES,
  ServiceKeyTokenProvider,
  type ServiceKeyTokenProviderOptions,
  StaticTokenProvider,
  TOKEN_REFRESH_BUFFER_MS,
  type TokenProvider,
} from "@highflame/auth";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  HighflameError,
  type HighflameErrorCode,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  StreamError,
  UnprocessableEntityError,
} from "@highflame/core";
