import {
  APIError,
  type APIErrorInit,
  AuthenticationError,
  ConfigurationError,
  type HttpClient,
  ResponseValidationError,
} from "@highflame/core";
import { decodeJwtClaims, expiryFromClaims, stringClaim } from "./jwt.js";
import {
  type CachedToken,
  type GetTokenOptions,
  TOKEN_REFRESH_BUFFER_MS,
  type TokenProvider,
} from "./token-provider.js";

/** Lifetime assumed when neither the response nor the JWT states one: 5 minutes. */
export const FALLBACK_TOKEN_LIFETIME_MS = 300_000;

/** OAuth `error` codes that mean "this key is not accepted". */
const REJECTED_KEY_ERRORS = new Set([
  "invalid_grant",
  "invalid_client",
  "unauthorized_client",
  "access_denied",
]);

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
 * caches it and refreshes it {@link TOKEN_REFRESH_BUFFER_MS} before expiry (or at half its lifetime when that is
 * shorter). Concurrent callers share one in-flight exchange, at startup and at every refresh. A failed exchange
 * is never cached. A rejected key (`400 invalid_grant`, `401 invalid_client`) becomes an
 * {@link AuthenticationError} carrying the server's `error_description`.
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
  #inflight: Promise<CachedToken> | undefined;

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
    if (!this.#inflight) {
      const run = this.#exchange();
      this.#inflight = run;
      run.then(
        () => {
          if (this.#inflight === run) this.#inflight = undefined;
        },
        () => {
          if (this.#inflight === run) this.#inflight = undefined;
        },
      );
    }
    return abortable(this.#inflight, options.signal);
  }

  /** Drops the cached token; the next {@link getToken} exchanges again. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async #exchange(): Promise<CachedToken> {
    const startedAt = this.#now();
    let body: unknown;
    let requestId: string | undefined;
    try {
      const response = await this.#http.requestWithResponse({
        method: "POST",
        url: this.#tokenUrl,
        auth: false,
        body: {
          grant_type: "api_key",
          api_key: this.#apiKey,
          ...(this.#scope ? { scope: this.#scope } : {}),
        },
      });
      body = response.data;
      requestId = response.requestId;
    } catch (error) {
      throw toExchangeError(error);
    }
    const token = parseTokenResponse(body, startedAt, requestId);
    const lifetime = token.expiresAt - startedAt;
    const buffer = Math.min(TOKEN_REFRESH_BUFFER_MS, Math.max(0, lifetime / 2));
    this.#cached = { token, refreshAt: token.expiresAt - buffer };
    this.#http.logger.debug("service key exchanged for an access token", {
      expiresInMs: lifetime,
      accountId: token.accountId,
      projectId: token.projectId,
    });
    return token;
  }
}

/** Waits for a shared promise, giving up (without cancelling it) when `signal` fires. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function toExchangeError(error: unknown): unknown {
  if (!(error instanceof APIError)) return error;
  const oauthError = error.title;
  const rejected =
    error.status === 401 ||
    (error.status === 400 && oauthError !== undefined && REJECTED_KEY_ERRORS.has(oauthError));
  if (!rejected) return error;
  const init: APIErrorInit = {
    status: error.status,
    headers: error.headers,
    parsed: { body: error.body, title: error.title, detail: error.detail, errors: error.errors },
    requestId: error.requestId,
    message:
      `Token exchange rejected the service key (${error.status}${oauthError ? ` ${oauthError}` : ""})` +
      `${error.detail ? `: ${error.detail}` : ""}. Check apiKey / HIGHFLAME_API_KEY and that tokenUrl belongs to ` +
      `the same environment as the key.`,
  };
  return new AuthenticationError(init);
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
