import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  ConfigurationError,
  DEFAULT_MAX_RETRIES,
  type HttpClient,
  isRetryableResponse,
  ResponseValidationError,
  retryDelayMs,
  sleep,
} from "@highflame/core";
import { toExchangeError } from "./exchange-errors.js";
import { decodeJwtClaims, expiryFromClaims, stringClaim } from "./jwt.js";
import {
  type CachedToken,
  type GetTokenOptions,
  TOKEN_REFRESH_BUFFER_MS,
  type TokenProvider,
} from "./token-provider.js";

/** Lifetime assumed when neither the response nor the JWT states one: 5 minutes. */
export const FALLBACK_TOKEN_LIFETIME_MS = 300_000;

/** Options of {@link ServiceKeyTokenProvider}. */
export interface ServiceKeyTokenProviderOptions {
  /** Service key (`hf_sk_…` or `zid_sk_…`). Never logged or included in error messages. */
  apiKey: string;
  /** Absolute token endpoint URL; see `resolveTokenUrl`. */
  tokenUrl: string;
  /**
   * Client used for the exchange: its transport, logger, timeout and retry policy apply. The exchange is sent
   * with `auth: false`, so the client's own auth provider (if any) is not consulted.
   */
  http: HttpClient;
  /** Space-delimited scopes to request. Default: none (the `scope` field is omitted). */
  scope?: string | undefined;
  /** Clock, epoch ms. Default `Date.now`. Inject it in tests. */
  now?: (() => number) | undefined;
}

/**
 * Exchanges a service key for a short-lived JWT (`POST {tokenUrl}` with `{"grant_type":"api_key","api_key":…}`),
 * caches it and refreshes it {@link TOKEN_REFRESH_BUFFER_MS} (60 s) before expiry; a token that lives no longer
 * than that is refreshed at half its lifetime. Concurrent callers share one in-flight exchange, at startup and at
 * every refresh. A failed exchange is never cached. A rejected key (`400 invalid_grant`, `401 invalid_client`)
 * becomes an `AuthenticationError` carrying the server's `error_description`; every other failure names
 * the token exchange and `tokenUrl`.
 *
 * The exchange retries connection errors, 408/429/5xx as the client's retry policy says (`maxRetries` of `http`,
 * exponential backoff), but only while someone waits: when every caller has given up (its `signal` aborted, e.g.
 * its call timed out) the exchange stops, and those callers get the last attempt's error as the cause.
 *
 * @example
 * const http = new HttpClient({ baseUrl: "https://api.highflame.ai" });
 * const tokens = new ServiceKeyTokenProvider({ apiKey, tokenUrl: resolveTokenUrl({ baseUrl: http.baseUrl, apiKey }), http });
 * const { accessToken, accountId } = await tokens.getToken();
 */
export class ServiceKeyTokenProvider implements TokenProvider {
  readonly #apiKey: string;
  readonly #tokenUrl: string;
  readonly #http: HttpClient;
  readonly #scope: string | undefined;
  readonly #now: () => number;
  #cached: { token: CachedToken; refreshAt: number } | undefined;
  #inflight: Exchange | undefined;

  constructor(options: ServiceKeyTokenProviderOptions) {
    if (typeof options?.apiKey !== "string" || options.apiKey.trim() === "") {
      throw new ConfigurationError("apiKey must be a non-empty service key", { option: "apiKey" });
    }
    if (typeof options.tokenUrl !== "string" || !URL.canParse(options.tokenUrl)) {
      throw new ConfigurationError("tokenUrl must be an absolute http(s) URL", { option: "tokenUrl" });
    }
    if (!options.http) throw new ConfigurationError("http client is required", { option: "http" });
    this.#apiKey = options.apiKey.trim();
    this.#tokenUrl = options.tokenUrl;
    this.#http = options.http;
    this.#scope = options.scope?.trim() || undefined;
    this.#now = options.now ?? Date.now;
  }

  /** The token endpoint this provider exchanges at. */
  get tokenUrl(): string {
    return this.#tokenUrl;
  }

  /** Returns the cached token, or joins/starts the single in-flight exchange. */
  async getToken(options: GetTokenOptions = {}): Promise<CachedToken> {
    options.signal?.throwIfAborted();
    const cached = this.#cached;
    if (!options.forceRefresh && cached && this.#now() < cached.refreshAt) return cached.token;
    let exchange = this.#inflight;
    if (!exchange) {
      const state = { controller: new AbortController(), waiters: 0, lastError: undefined } as Exchange;
      state.promise = this.#exchange(state);
      exchange = state;
      this.#inflight = state;
      const clear = () => {
        if (this.#inflight === state) this.#inflight = undefined;
      };
      state.promise.then(clear, clear);
    }
    return wait(exchange, options.signal);
  }

  /** The cached token while it is fresh (what {@link getToken} would return at once), else `undefined`. */
  cachedToken(): CachedToken | undefined {
    const cached = this.#cached;
    return cached && this.#now() < cached.refreshAt ? cached.token : undefined;
  }

  /** Drops the cached token; the next {@link getToken} exchanges again. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async #exchange(state: Exchange): Promise<CachedToken> {
    const signal = state.controller.signal;
    const maxRetries = this.#http.options.maxRetries ?? DEFAULT_MAX_RETRIES;
    for (let retry = 0; ; retry++) {
      const startedAt = this.#now();
      let response: Awaited<ReturnType<HttpClient["requestWithResponse"]>>;
      try {
        response = await this.#http.requestWithResponse({
          method: "POST",
          url: this.#tokenUrl,
          auth: false,
          maxRetries: 0,
          signal,
          body: {
            grant_type: "api_key",
            api_key: this.#apiKey,
            ...(this.#scope ? { scope: this.#scope } : {}),
          },
        });
      } catch (error) {
        const mapped = toExchangeError(error, this.#tokenUrl);
        if (signal.aborted) throw state.lastError ?? mapped;
        state.lastError = mapped;
        if (retry >= maxRetries || !isRetryable(error)) throw mapped;
        const delay = retryDelayMs(retry, error instanceof APIError ? error.headers : undefined);
        this.#http.logger.info(
          `token exchange retrying in ${delay} ms (attempt ${retry + 2} of ${maxRetries + 1}) after ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
        await sleep(delay, signal).catch(() => {
          throw state.lastError;
        });
        continue;
      }
      const token = parseTokenResponse(response.data, startedAt, response.requestId);
      this.#cached = { token, refreshAt: refreshTime(token.expiresAt, startedAt) };
      this.#http.logger.debug("service key exchanged for an access token", {
        expiresInMs: token.expiresAt - startedAt,
        accountId: token.accountId,
        projectId: token.projectId,
      });
      return token;
    }
  }
}

/** One in-flight exchange and the callers waiting for it. */
interface Exchange {
  readonly controller: AbortController;
  promise: Promise<CachedToken>;
  /** Callers still waiting. The exchange is aborted when the last one with a signal gives up. */
  waiters: number;
  /** Error of the last failed attempt, given to callers that give up while a retry is pending. */
  lastError: unknown;
}

/**
 * When to refresh a token that expires at `expiresAt`: {@link TOKEN_REFRESH_BUFFER_MS} before expiry, or at half
 * its lifetime when it lives no longer than the buffer. @internal
 */
export function refreshTime(expiresAt: number, issuedAt: number): number {
  const lifetime = expiresAt - issuedAt;
  return lifetime > TOKEN_REFRESH_BUFFER_MS
    ? expiresAt - TOKEN_REFRESH_BUFFER_MS
    : issuedAt + Math.max(0, lifetime / 2);
}

function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true;
  return error instanceof APIError && isRetryableResponse(error.status, error.headers);
}

/**
 * Waits for a shared exchange. When `signal` fires the caller stops waiting (rejecting with the last attempt's
 * error if there was one, else the signal's reason); when no caller is left, the exchange itself is aborted.
 */
function wait(exchange: Exchange, signal: AbortSignal | undefined): Promise<CachedToken> {
  if (!signal) {
    exchange.waiters = Number.POSITIVE_INFINITY;
    return exchange.promise;
  }
  exchange.waiters++;
  return new Promise<CachedToken>((resolve, reject) => {
    let waiting = true;
    const leave = () => {
      if (!waiting) return;
      waiting = false;
      signal.removeEventListener("abort", onAbort);
      exchange.waiters--;
    };
    const onAbort = () => {
      leave();
      if (exchange.waiters <= 0) exchange.controller.abort(signal.reason);
      reject(exchange.lastError ?? signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    exchange.promise.then(
      (value) => {
        leave();
        resolve(value);
      },
      (error) => {
        leave();
        reject(error);
      },
    );
  });
}

function parseTokenResponse(body: unknown, startedAt: number, requestId: string | undefined): CachedToken {
  const invalid = (field: string, what: string) =>
    new ResponseValidationError(`Unexpected token response from server: field "${field}" ${what}`, {
      field,
      requestId,
    });
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw invalid("", "is not a JSON object");
  const record = body as Record<string, unknown>;
  const accessToken = record.access_token;
  if (typeof accessToken !== "string" || accessToken === "") throw invalid("access_token", "is missing");
  const claims = decodeJwtClaims(accessToken);
  const rawType = typeof record.token_type === "string" ? record.token_type : "Bearer";
  const tokenType =
    rawType.toLowerCase() === "bearer" ? "Bearer" : rawType.toLowerCase() === "dpop" ? "DPoP" : rawType;
  const accountId = str(record.account_id) ?? stringClaim(claims, "account_id");
  const projectId = str(record.project_id) ?? stringClaim(claims, "project_id");
  const scope = str(record.scope);
  return {
    accessToken,
    tokenType,
    expiresAt: expiryOf(record, claims, startedAt),
    ...(accountId ? { accountId } : {}),
    ...(projectId ? { projectId } : {}),
    ...(scope ? { scope } : {}),
  };
}

function expiryOf(
  record: Record<string, unknown>,
  claims: Record<string, unknown> | undefined,
  startedAt: number,
) {
  const expiresIn = num(record.expires_in);
  if (expiresIn !== undefined) return startedAt + expiresIn * 1000;
  const expiresAt = record.expires_at;
  const at = num(expiresAt);
  if (at !== undefined) return at > 1e12 ? at : at * 1000;
  if (typeof expiresAt === "string" && !Number.isNaN(Date.parse(expiresAt))) return Date.parse(expiresAt);
  return expiryFromClaims(claims) ?? startedAt + FALLBACK_TOKEN_LIFETIME_MS;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
