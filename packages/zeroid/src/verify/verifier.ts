import {
  ConfigurationError,
  checkTransportChoice,
  type FetchLike,
  HttpClient,
  type Logger,
  type LogLevel,
  normalizeBaseUrl,
  type Transport,
} from "@highflame/core";
import type { Dispatcher } from "undici";
import type { ZeroIDIdentity } from "../identity/identity.js";
import { bearerToken } from "./bearer.js";
import { JwksCache } from "./jwks-cache.js";
import { checkJwksMaxBytes, jwksRequest } from "./jwks-request.js";
import { resolvePolicy, type VerifyOptions, type VerifyPolicy } from "./policy.js";
import { verifyToken } from "./verify-token.js";

/** Path of the JWKS under the issuer. Verify against this, never the SPIFFE bundle (`use: "JWT-SVID"`). */
export const JWKS_PATH = "/.well-known/jwks.json";

/** Cache and clock settings shared by every verifier. */
export interface JwksSettings {
  /** JWKS cache lifetime, ms. Default 600 000 (10 min). */
  maxAgeMs?: number | undefined;
  /** Minimum time between unknown-`kid` refetches, ms. Default 30 000. */
  cooldownMs?: number | undefined;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Options of {@link createVerifier}. Give `jwksUrl`, `issuer`, or both. */
export interface VerifierOptions extends VerifyOptions, JwksSettings {
  /** Issuer URL: checked against `iss` exactly and (by default) required in `aud`; JWKS defaults to `${issuer}/.well-known/jwks.json`. */
  issuer?: string | undefined;
  /** URL of the JWKS. Default: derived from `issuer`. */
  jwksUrl?: string | undefined;
  /** Custom fetch for JWKS requests. Not with `dispatcher` or `transport`. Default: the SDK's keep-alive pool. */
  fetch?: FetchLike | undefined;
  /**
   * Fetch the JWKS through this undici dispatcher (`ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`, …); not
   * closed by the verifier. Node build only; not with `fetch` or `transport`. Default: the SDK's keep-alive pool.
   */
  dispatcher?: Dispatcher | undefined;
  /** Share a client's connection pool (not closed by this verifier). Not with `dispatcher` or `fetch`. */
  transport?: Transport | undefined;
  /** Per-attempt JWKS request timeout, ms. Default 10 000. */
  timeout?: number | undefined;
  /** Retries of a failed JWKS request. Default 2. */
  maxRetries?: number | undefined;
  /** Where logs go. Default `console`. */
  logger?: Logger | undefined;
  /** Log level. Default `HIGHFLAME_LOG`, else `warn`. */
  logLevel?: LogLevel | undefined;
  /** Cap on the JWKS document, bytes; a larger one is refused (`jwks_unavailable`). Default 262 144 (256 KiB). */
  maxJwksBytes?: number | undefined;
}

/** Verifies ZeroID access tokens locally against the issuer's JWKS. */
export interface Verifier extends AsyncDisposable {
  /** Verifies a token; per-call options override the verifier's. Throws `ZeroIDError` with a verification code. */
  verify(token: string, options?: VerifyOptions): Promise<ZeroIDIdentity>;
  /** Verifies the token of an `Authorization: Bearer …` header value. */
  verifyBearer(authorization: string | null | undefined, options?: VerifyOptions): Promise<ZeroIDIdentity>;
  /** Number of JWKS fetches so far (diagnostics). */
  readonly jwksFetchCount: number;
  /** Releases the connection pool when the verifier owns one. Idempotent. */
  close(): Promise<void>;
}

/** A verifier over a JWKS fetch function. @internal */
export class JwksVerifier implements Verifier {
  readonly #cache: JwksCache;
  readonly #defaults: VerifyOptions;
  /** The policy of a call without per-call options, resolved once (options are read at construction). */
  readonly #policy: VerifyPolicy;
  readonly #now: () => number;
  readonly #onClose: (() => Promise<void>) | undefined;

  constructor(
    fetchJwks: () => Promise<unknown>,
    defaults: VerifyOptions & JwksSettings,
    onClose?: () => Promise<void>,
  ) {
    this.#now = defaults.now ?? Date.now;
    this.#cache = new JwksCache({
      fetchJwks,
      maxAgeMs: defaults.maxAgeMs,
      cooldownMs: defaults.cooldownMs,
      now: this.#now,
    });
    this.#defaults = defaults;
    this.#policy = resolvePolicy(defaults, undefined, this.#now); // also validates options at construction
    this.#onClose = onClose;
  }

  get jwksFetchCount(): number {
    return this.#cache.fetchCount;
  }

  verify(token: string, options?: VerifyOptions): Promise<ZeroIDIdentity> {
    let policy: VerifyPolicy;
    try {
      policy = options === undefined ? this.#policy : resolvePolicy(this.#defaults, options, this.#now);
    } catch (error) {
      return Promise.reject(error);
    }
    return verifyToken(token, this.#cache, policy);
  }

  async verifyBearer(
    authorization: string | null | undefined,
    options?: VerifyOptions,
  ): Promise<ZeroIDIdentity> {
    return this.verify(bearerToken(authorization), options);
  }

  async close(): Promise<void> {
    await this.#onClose?.();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * A standalone verifier for services that hold no ZeroID client. Keys come from `jwksUrl` (or
 * `${issuer}/.well-known/jwks.json`) through the SDK transport, cached 10 minutes, with a cooldown-limited
 * refetch on unknown `kid`.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer: "https://auth.example.com" });
 * const identity = await verifier.verifyBearer(req.headers.authorization);
 * identity.requireScope("tools:run");
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const issuer = options.issuer === undefined ? undefined : normalizeBaseUrl(options.issuer, "issuer");
  const jwksUrl = options.jwksUrl ?? (issuer === undefined ? undefined : `${issuer}${JWKS_PATH}`);
  if (jwksUrl === undefined) {
    throw new ConfigurationError("createVerifier needs jwksUrl or issuer", { option: "jwksUrl" });
  }
  let origin: string;
  try {
    origin = new URL(jwksUrl).origin;
  } catch {
    throw new ConfigurationError(`jwksUrl is not a valid URL: ${JSON.stringify(jwksUrl)}`, {
      option: "jwksUrl",
    });
  }
  checkTransportChoice(options);
  const http = new HttpClient({
    baseUrl: origin,
    fetch: options.fetch,
    dispatcher: options.dispatcher,
    transport: options.transport,
    timeout: options.timeout ?? 10_000,
    maxRetries: options.maxRetries,
    logger: options.logger,
    logLevel: options.logLevel,
    userAgentExtra: "highflame-zeroid",
  });
  const maxBytes = checkJwksMaxBytes(options.maxJwksBytes, "maxJwksBytes");
  const fetchJwks = () => http.request(jwksRequest({ url: jwksUrl }, maxBytes));
  return new JwksVerifier(fetchJwks, { ...options, issuer }, () => http.close());
}
