import type { TokenProvider } from "@highflame/auth";
import type { FetchLike, Logger, LogLevel, Transport } from "@highflame/core";
import type { Dispatcher } from "undici";
import type { VerifyAlgorithm } from "./enums.js";
import type { ClientCredentials } from "./tokens/token-params.js";

/** Default admin path prefix of a self-hosted ZeroID server. */
export const DEFAULT_ADMIN_PATH_PREFIX = "/api/v1";

/** Options of {@link ZeroIDClient}. */
export interface ZeroIDClientOptions {
  /** ZeroID server URL (required; hosted deployments differ), e.g. `http://localhost:8899`. */
  baseUrl: string;
  /**
   * Service key (`zid_sk_…`). Admin calls send it as `Authorization: Bearer zid_sk_…` (one request per call, no
   * token endpoint; ZeroID's admin auth accepts service keys), unless `adminAuth` is `"token"`. `delegate()`
   * uses a token obtained through the `api_key` grant at `${baseUrl}/oauth2/token`, cached and refreshed.
   * Never logged.
   */
  apiKey?: string | undefined;
  /** Token cache for `delegate()` (and admin calls in `"token"` mode) instead of exchanging `apiKey`. */
  tokenProvider?: TokenProvider | undefined;
  /**
   * How admin calls authenticate. `"api-key"`: the `apiKey` itself as Bearer. `"token"`: a token from
   * `tokenProvider` (or from exchanging `apiKey`). Default: `"api-key"` when `apiKey` is set, else `"token"`
   * (no auth header when there is no `tokenProvider` either).
   */
  adminAuth?: "api-key" | "token" | undefined;
  /** Tenant account, sent as `X-Account-ID` on admin calls. Required for admin calls; never generated. */
  accountId?: string | undefined;
  /** Tenant project, sent as `X-Project-ID` on admin calls. Required for admin calls; never generated. */
  projectId?: string | undefined;
  /** User for audit attribution, sent as `X-User-ID` on admin calls (also the owner of registered agents when `created_by` is absent). Default: none. */
  userId?: string | undefined;
  /**
   * Where a user sets the tenant, quoted in the error an admin call without one throws. Wrappers that build this
   * client (the `Highflame` client) name their own options here. Default: `accountId`/`projectId` of this client.
   */
  tenantHelp?: string | undefined;
  /** Admin API mount point. Default `"/api/v1"`; `""` for servers that mount admin routes at the root. */
  adminPathPrefix?: string | undefined;
  /** Per-attempt timeout, ms. Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** Where logs go. Default `console`. */
  logger?: Logger | undefined;
  /** Log level. Default `HIGHFLAME_LOG`, else `warn`. */
  logLevel?: LogLevel | undefined;
  /**
   * Send every request through this fetch (edge runtimes, fetch-based instrumentation); each attempt then pays
   * for a `Request`/`Response`. Not with `dispatcher` or `transport` (`ConfigurationError`). Default: a
   * keep-alive undici pool owned by the client.
   */
  fetch?: FetchLike | undefined;
  /**
   * Send every request — admin calls, OAuth token endpoints (the `apiKey` exchange included) and the JWKS fetch
   * of `tokens.verify` — through this undici dispatcher: a `ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`, or an
   * `Agent` with interceptors (`agent.compose(...)`). Not closed by the client: close it yourself after
   * `client.close()`. Node build only (the fetch-only build rejects it with `ConfigurationError`); not with
   * `fetch` or `transport`. Default: a keep-alive `Agent` owned by the client (an `EnvHttpProxyAgent` when
   * `HTTPS_PROXY`/`HTTP_PROXY` is set).
   */
  dispatcher?: Dispatcher | undefined;
  /** Headers sent on every request. */
  headers?: Record<string, string | undefined> | undefined;
  /**
   * Share another client's connection pool (not closed by this client); its dispatcher or fetch is used, so
   * not with `dispatcher` or `fetch` (`ConfigurationError`). Default: a new pool owned by this client.
   */
  transport?: Transport | undefined;
  /** OAuth client credentials sent on introspection and revocation by default (production servers reject anonymous calls). */
  clientCredentials?: ClientCredentials | undefined;
  /** Expected `iss` of verified tokens. Default: `baseUrl`. */
  issuer?: string | undefined;
  /** Expected audience of verified tokens. Default: the issuer. */
  audience?: string | readonly string[] | undefined;
  /** Accepted algorithms. Default `["ES256", "RS256"]`. */
  algorithms?: readonly VerifyAlgorithm[] | undefined;
  /** Clock skew allowed for `exp`/`nbf`/`iat`, seconds. Default 30. */
  clockToleranceSec?: number | undefined;
  /** Require `account_id`/`project_id` claims when verifying. Default `true`. */
  requireTenant?: boolean | undefined;
  /** JWKS cache lifetime, ms. Default 600 000. */
  jwksMaxAgeMs?: number | undefined;
  /** Minimum interval between unknown-`kid` JWKS refetches, ms. Default 30 000. */
  jwksCooldownMs?: number | undefined;
  /** Cap on the JWKS document, bytes; a larger one is refused (`jwks_unavailable`). Default 262 144 (256 KiB). */
  jwksMaxBytes?: number | undefined;
  /** Clock in epoch ms (verification and token caching), for tests. Default `Date.now`. */
  now?: (() => number) | undefined;
}
