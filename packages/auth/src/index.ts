/**
 * Service-key token exchange, caching and refresh for the Highflame SDK.
 *
 * @packageDocumentation
 */

export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  ConfigurationError,
  HighflameError,
  RateLimitError,
  ResponseValidationError,
} from "@highflame/core";
export { bearerAuth } from "./bearer-auth.js";
export { type CreateTokenProviderOptions, createTokenProvider } from "./create-token-provider.js";
export { decodeJwtClaims, isServiceKey, looksLikeJwt, SERVICE_KEY_PREFIXES } from "./jwt.js";
export {
  FALLBACK_TOKEN_LIFETIME_MS,
  ServiceKeyTokenProvider,
  type ServiceKeyTokenProviderOptions,
} from "./service-key-token-provider.js";
export { StaticTokenProvider } from "./static-token-provider.js";
export {
  type AccessToken,
  type CachedToken,
  type GetTokenOptions,
  TOKEN_REFRESH_BUFFER_MS,
  type TokenProvider,
} from "./token-provider.js";
export { DEFAULT_TOKEN_URL, type ResolveTokenUrlOptions, resolveTokenUrl } from "./token-url.js";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@highflame/auth";
