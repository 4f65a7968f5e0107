import type { TokenProvider } from "@highflame/auth";
import {
  ConfigurationError,
  type FetchLike,
  type Logger,
  type LogLevel,
  type Transport,
} from "@highflame/core";
import type { Dispatcher } from "undici";
import type { FailMode } from "./fail-mode.js";
import type { Mode } from "./wire/enums.js";

/** Default base URL (generation-2 API gateway). */
export const DEFAULT_BASE_URL = "https://api.highflame.ai";

/** Options of `ShieldClient` / `Highflame`. Every option falls back to its environment variable where one exists. */
export interface ShieldClientOptions {
  /** Service key (`hf_sk_…`/`zid_sk_…`) or a JWT. Default `HIGHFLAME_API_KEY`; required unless `tokenProvider` is set. */
  apiKey?: string | undefined;
  /** Custom token source; replaces the service-key exchange (then `apiKey`/`tokenUrl` are ignored). */
  tokenProvider?: TokenProvider | undefined;
  /** API base URL. Default `HIGHFLAME_BASE_URL`, else `https://api.highflame.ai`. */
  baseUrl?: string | undefined;
  /**
   * Token-exchange URL. Default `HIGHFLAME_TOKEN_URL`, else derived from the base URL host and key type; a
   * non-Highflame host with no token URL is a `ConfigurationError`.
   */
  tokenUrl?: string | undefined;
  /** Scopes to request at the token exchange. Default none. */
  scope?: string | undefined;
  /** `X-Account-ID`. Default `HIGHFLAME_ACCOUNT_ID`, else the token's account. */
  accountId?: string | undefined;
  /** `X-Project-ID`. Default `HIGHFLAME_PROJECT_ID`, else the token's project. */
  projectId?: string | undefined;
  /** Per-attempt timeout, ms. Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt (429, 5xx, connection errors). Default 2. */
  maxRetries?: number | undefined;
  /** Total budget per call across attempts and backoff, ms. Default none. */
  deadline?: number | undefined;
  /** Logger (`console`, pino, winston…). Default `console`. Secrets are redacted. */
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
   * Send every request — guard calls, the service-key token exchange, and (on `Highflame`) every ZeroID call
   * and JWKS fetch — through this undici dispatcher: a `ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`, or an
   * `Agent` with interceptors (`agent.compose(...)`). Not closed by the client: close it yourself after
   * `client.close()`. Node build only (the fetch-only build rejects it with `ConfigurationError`); not with
   * `fetch` or `transport`. Default: a keep-alive `Agent` owned by the client (an `EnvHttpProxyAgent` when
   * `HTTPS_PROXY`/`HTTP_PROXY` is set).
   */
  dispatcher?: Dispatcher | undefined;
  /**
   * Share another client's connection pool (not closed by this one); its dispatcher or fetch is used, so not
   * with `dispatcher` or `fetch` (`ConfigurationError`). Default: a new pool owned by this client.
   */
  transport?: Transport | undefined;
  /** Extra headers on every request. */
  headers?: Record<string, string | undefined> | undefined;
  /** Mode used when a request sets none. Default: none (the server applies `enforce`). */
  defaultMode?: Mode | undefined;
  /** Outage behaviour of `guard.evaluate*` and wrappers. Default `closed`. */
  failMode?: FailMode | undefined;
  /**
   * Path prefix under `/v1`: `""` → `/v1/guard`, `"/shield"` → `/v1/shield/guard`. Default by host: `api.*` and
   * `api-dev.*` hosts use `"/shield"`, every other host `""`.
   */
  pathPrefix?: string | undefined;
}

/** The prefix for a base URL when the caller set none. */
export function defaultPathPrefix(baseUrl: string): string {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return host.startsWith("api.") || host.startsWith("api-dev.") ? "/shield" : "";
}

/** Validates and normalises a path prefix (`"shield/"` → `"/shield"`). */
export function normalizePathPrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "";
  if (
    !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed) ||
    trimmed.split("/").some((s) => /^\.+$/.test(s))
  ) {
    throw new ConfigurationError(
      `pathPrefix must be "" or a path such as "/shield", got ${JSON.stringify(prefix)}`,
      {
        option: "pathPrefix",
      },
    );
  }
  return `/${trimmed}`;
}
