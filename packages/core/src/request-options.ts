import type { Dispatcher } from "undici";
import type { BodyLimitKind } from "./errors/client-errors.js";
import type { ResponseHeaders } from "./headers.js";
import type { Logger, LogLevel } from "./logger.js";
import type { FetchLike, Transport } from "./transport.js";
import type { QueryParams } from "./url.js";

/** Supplies credentials for each attempt; `invalidate` is called once after a 401 before one repeat. */
export interface AuthProvider {
  /** Headers to add to one attempt, e.g. `{ authorization: "Bearer …" }`. */
  authHeaders(context: { signal: AbortSignal }): Promise<Record<string, string>>;
  /** Drops cached credentials after the server answered 401. */
  invalidate?(): void;
  /**
   * The headers of a credential that is cached and still valid, or `undefined` (then {@link authHeaders} is
   * awaited). Lets an attempt start without a promise when the token is at hand. Optional.
   */
  cachedAuthHeaders?(): Record<string, string> | undefined;
}

/** Per-call overrides of the client defaults. */
export interface RequestOptions {
  /** Per-attempt timeout in ms (connect to last body byte). Default: the client's, 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default: the client's, 2. `0` disables retries. */
  maxRetries?: number | undefined;
  /** Total budget in ms across all attempts and backoff. Default: the client's (none). */
  deadline?: number | undefined;
  /** Aborts the call at once, including during backoff; no further attempt is made. */
  signal?: AbortSignal | undefined;
  /** Extra headers; `undefined` removes a default header. */
  headers?: Record<string, string | undefined> | undefined;
  /** Idempotency key sent on every attempt of this call. Default: a fresh UUID per call (non-GET). */
  idempotencyKey?: string | undefined;
  /** Cap on a successful response body, bytes. Default: the client's, 10 MiB (10 485 760). */
  maxResponseBytes?: number | undefined;
  /** Cap on an error response body, bytes; past it only the first 1 KiB is kept. Default: the client's, 65 536. */
  maxErrorBodyBytes?: number | undefined;
}

/** HTTP methods the SDK uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One logical API call. */
export interface RequestSpec extends RequestOptions {
  method: HttpMethod;
  /** Path under the base URL (e.g. `/v1/guard`). Ignored when `url` is set. */
  path?: string;
  /** Absolute URL, for endpoints on another host (token exchange). */
  url?: string;
  query?: QueryParams | undefined;
  /** JSON body. */
  body?: unknown;
  /** `application/x-www-form-urlencoded` body; `undefined` values are left out. */
  form?: Record<string, string | undefined>;
  /** Use the client's auth provider. Default true. */
  auth?: boolean;
  /** `Accept` header. Default `application/json`. */
  accept?: string;
  /**
   * Follow same-origin redirects (307/308, and 301/302/303 for GET). Default true. `false` refuses every
   * redirect with `RedirectError` (JWKS fetches). Cross-origin redirects are always refused.
   */
  followRedirects?: boolean;
  /** Which cap `maxResponseBytes` stands for in a `ResponseTooLargeError`. Default `"response"`. */
  bodyLimitKind?: BodyLimitKind;
}

/** A parsed response with its metadata. */
export interface APIResponse<T> {
  data: T;
  status: number;
  /** Response headers (read them with `.get(name)`). */
  headers: ResponseHeaders;
  requestId: string | undefined;
}

/** Options of an {@link HttpClient}. Each has a per-call override in {@link RequestOptions} where it makes sense. */
export interface HttpClientOptions {
  /** Base URL of the API, e.g. `https://api.highflame.ai`. */
  baseUrl: string;
  /** Per-attempt timeout, ms; for streams also the longest wait between two events. Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** Total budget across attempts, ms. Default none. */
  deadline?: number | undefined;
  /** Headers sent on every request. */
  headers?: Record<string, string | undefined> | undefined;
  /**
   * Send requests through this fetch (edge runtimes, fetch-based instrumentation); it pays for a
   * `Request`/`Response` per call. Default: a keep-alive undici pool owned by this client.
   */
  fetch?: FetchLike | undefined;
  /**
   * Send requests through this undici dispatcher (`ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`, an `Agent`
   * with interceptors). Not closed by the client. Node build only. Default: a keep-alive `Agent` owned by
   * this client (an `EnvHttpProxyAgent` when `HTTPS_PROXY`/`HTTP_PROXY` is set).
   */
  dispatcher?: Dispatcher | undefined;
  /** Cap on a successful response body, bytes. Default 10 MiB (10 485 760). */
  maxResponseBytes?: number | undefined;
  /** Cap on an error response body, bytes; past it only the first 1 KiB is kept. Default 65 536. */
  maxErrorBodyBytes?: number | undefined;
  /** Share another client's connection pool; this client will not close it. */
  transport?: Transport | undefined;
  /** Where logs go. Default `console`. */
  logger?: Logger | undefined;
  /** Log level. Default `HIGHFLAME_LOG`, else `warn`. */
  logLevel?: LogLevel | undefined;
  /** Credentials for each attempt. */
  auth?: AuthProvider | undefined;
  /** Product token appended to the User-Agent, e.g. `highflame-zeroid`. */
  userAgentExtra?: string | undefined;
}
