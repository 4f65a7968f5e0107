import { bearerAuth, ServiceKeyTokenProvider, type TokenProvider } from "@highflame/auth";
import {
  type AuthProvider,
  ConfigurationError,
  checkTransportChoice,
  HttpClient,
  normalizeBaseUrl,
  type RequestOptions,
} from "@highflame/core";
import { DEFAULT_ADMIN_PATH_PREFIX, type ZeroIDClientOptions } from "./client-options.js";
import { AdminApi } from "./resources/admin-api.js";
import { Agents } from "./resources/agents.js";
import { ApiKeys } from "./resources/api-keys.js";
import { CredentialPolicies } from "./resources/credential-policies.js";
import { Credentials } from "./resources/credentials.js";
import { Identities } from "./resources/identities.js";
import { OAuthClients } from "./resources/oauth-clients.js";
import { Proofs } from "./resources/proofs.js";
import { Signals } from "./resources/signals.js";
import type { HealthResponse } from "./schemas/tokens.js";
import { Tokens } from "./tokens/tokens.js";
import { checkJwksMaxBytes, jwksRequest } from "./verify/jwks-request.js";
import { JWKS_PATH, JwksVerifier, type Verifier } from "./verify/verifier.js";

/**
 * Client of a ZeroID server: admin resources under `adminPathPrefix` (tenant headers required), OAuth token
 * endpoints, and local verification against the server's JWKS.
 *
 * @example
 * ```ts
 * await using zeroid = new ZeroIDClient({ baseUrl: "http://localhost:8899", accountId: "acme", projectId: "prod" });
 * const { identity, api_key } = await zeroid.agents.register({ name: "Planner", external_id: "planner-1", created_by: "u_1" });
 * const token = await zeroid.tokens.issueApiKey(api_key, { scope: "tools:run" });
 * const who = await zeroid.tokens.verify(token.access_token);
 * ```
 */
export class ZeroIDClient implements AsyncDisposable {
  /** Normalised base URL. */
  readonly baseUrl: string;
  /** Admin path prefix in use (`"/api/v1"` by default, `""` for root-mounted admin routes). */
  readonly adminPathPrefix: string;
  /** Issuer expected in verified tokens. */
  readonly issuer: string;
  /** Tenant account of admin calls, when configured. */
  readonly accountId: string | undefined;
  /** Tenant project of admin calls, when configured. */
  readonly projectId: string | undefined;
  /** The token cache behind `delegate()` (and admin calls in `"token"` mode), when `apiKey` or `tokenProvider` is set. */
  readonly tokenProvider: TokenProvider | undefined;
  /** How admin calls authenticate: see {@link ZeroIDClientOptions.adminAuth}. */
  readonly adminAuth: "api-key" | "token" | "none";
  /** HTTP client of admin calls (bearer auth when `apiKey`/`tokenProvider` is set); shares the pool. */
  readonly http: HttpClient;
  /** Agent registry. */
  readonly agents: Agents;
  /** Identities. */
  readonly identities: Identities;
  /** API keys. */
  readonly apiKeys: ApiKeys;
  /** OAuth clients. */
  readonly oauthClients: OAuthClients;
  /** Credential policies. */
  readonly credentialPolicies: CredentialPolicies;
  /** Issued-credential records. */
  readonly credentials: Credentials;
  /** CAE signals. */
  readonly signals: Signals;
  /** WIMSE proof tokens. */
  readonly proofs: Proofs;
  /** OAuth endpoints, verification and sessions. */
  readonly tokens: Tokens;
  /** The local verifier behind `tokens.verify`. */
  readonly verifier: Verifier;
  readonly #base: HttpClient;

  constructor(options: ZeroIDClientOptions) {
    if (!options || typeof options.baseUrl !== "string" || options.baseUrl === "") {
      throw new ConfigurationError("baseUrl is required (e.g. http://localhost:8899)", { option: "baseUrl" });
    }
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.adminPathPrefix = normalizePrefix(options.adminPathPrefix);
    this.issuer = options.issuer === undefined ? this.baseUrl : normalizeBaseUrl(options.issuer, "issuer");
    this.accountId = nonEmpty(options.accountId, "accountId");
    this.projectId = nonEmpty(options.projectId, "projectId");
    checkTransportChoice(options);
    this.#base = new HttpClient({
      baseUrl: this.baseUrl,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      logger: options.logger,
      logLevel: options.logLevel,
      fetch: options.fetch,
      dispatcher: options.dispatcher,
      headers: options.headers,
      transport: options.transport,
      userAgentExtra: "highflame-zeroid",
    });
    this.tokenProvider =
      options.tokenProvider ??
      (options.apiKey === undefined
        ? undefined
        : new ServiceKeyTokenProvider({
            apiKey: options.apiKey,
            tokenUrl: `${this.baseUrl}/oauth2/token`,
            http: this.#base,
            now: options.now,
          }));
    const adminAuth = resolveAdminAuth(options, this.tokenProvider);
    this.adminAuth = adminAuth.mode;
    this.http = adminAuth.provider ? this.#base.withOptions({ auth: adminAuth.provider }) : this.#base;
    const jwksMaxBytes = checkJwksMaxBytes(options.jwksMaxBytes, "jwksMaxBytes");
    this.verifier = new JwksVerifier(
      () => this.#base.request(jwksRequest({ path: JWKS_PATH }, jwksMaxBytes)),
      {
        issuer: this.issuer,
        audience: options.audience,
        algorithms: options.algorithms,
        clockToleranceSec: options.clockToleranceSec,
        requireTenant: options.requireTenant,
        maxAgeMs: options.jwksMaxAgeMs,
        cooldownMs: options.jwksCooldownMs,
        now: options.now,
      },
    );
    const admin = new AdminApi({
      http: this.http,
      prefix: this.adminPathPrefix,
      accountId: this.accountId,
      projectId: this.projectId,
      userId: options.userId,
      tenantHelp: options.tenantHelp,
    });
    this.agents = new Agents(admin);
    this.identities = new Identities(admin);
    this.apiKeys = new ApiKeys(admin);
    this.oauthClients = new OAuthClients(admin);
    this.credentialPolicies = new CredentialPolicies(admin);
    this.credentials = new Credentials(admin);
    this.signals = new Signals(admin);
    this.proofs = new Proofs(admin);
    this.tokens = new Tokens({
      http: this.#base,
      issuer: this.issuer,
      accountId: this.accountId,
      projectId: this.projectId,
      tokenProvider: this.tokenProvider,
      clientCredentials: options.clientCredentials,
      verifier: this.verifier,
    });
  }

  /** The connection pool, to share with other clients (`transport` option). */
  get transport(): HttpClient["transport"] {
    return this.#base.transport;
  }

  /** `GET /health` (same as `tokens.health()`). */
  health(options?: RequestOptions): Promise<HealthResponse> {
    return this.tokens.health(options);
  }

  /** Closes the connection pool when this client owns it. Idempotent. A `dispatcher` you passed is not closed. */
  async close(): Promise<void> {
    await this.#base.close();
  }

  /** Same as `close()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function resolveAdminAuth(
  options: ZeroIDClientOptions,
  tokenProvider: TokenProvider | undefined,
): { mode: "api-key" | "token" | "none"; provider: AuthProvider | undefined } {
  const wanted = options.adminAuth ?? (options.apiKey === undefined ? "token" : "api-key");
  if (wanted !== "api-key" && wanted !== "token") {
    throw new ConfigurationError('adminAuth must be "api-key" or "token"', { option: "adminAuth" });
  }
  if (wanted === "api-key") {
    const key = options.apiKey?.trim();
    if (!key) {
      throw new ConfigurationError('adminAuth "api-key" needs apiKey (a zid_sk_ service key)', {
        option: "apiKey",
      });
    }
    // One request per admin call and no token endpoint, as the published client did. No `invalidate`: a
    // rejected key is not retried with the same key.
    const header = `Bearer ${key}`;
    return { mode: "api-key", provider: { authHeaders: async () => ({ authorization: header }) } };
  }
  return tokenProvider
    ? { mode: "token", provider: bearerAuth(tokenProvider) }
    : { mode: "none", provider: undefined };
}

function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined) return DEFAULT_ADMIN_PATH_PREFIX;
  if (typeof prefix !== "string" || /[?#\\]|(^|\/)\.\.?(\/|$)/.test(prefix)) {
    throw new ConfigurationError('adminPathPrefix must be a plain path such as /api/v1 or ""', {
      option: "adminPathPrefix",
    });
  }
  const trimmed = prefix.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "" : `/${trimmed}`;
}

function nonEmpty(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConfigurationError(`${option} must be a non-empty string when given`, { option });
  }
  return value;
}
