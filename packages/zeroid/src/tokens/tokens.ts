import type { TokenProvider } from "@highflame/auth";
import {
  ConfigurationError,
  type HttpClient,
  type RequestOptions,
  RequestValidationError,
} from "@highflame/core";
import { decodeJwt } from "jose";
import { type ActorAssertionOptions, createActorAssertion } from "../assertion.js";
import { ACCESS_TOKEN_TYPE, JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT } from "../enums.js";
import { mapErrors } from "../errors/api-errors.js";
import { verificationError } from "../errors/zeroid-error.js";
import type { ZeroIDClaims } from "../identity/claims.js";
import { type AgentSession, sessionFromClaims, type ZeroIDIdentity } from "../identity/identity.js";
import {
  type HealthResponse,
  HealthResponseSchema,
  type IntrospectionResponse,
  IntrospectionResponseSchema,
  type JwksResponse,
  JwksResponseSchema,
  type RevocationResponse,
  RevocationResponseSchema,
  type TokenResponse,
  TokenResponseSchema,
} from "../schemas/tokens.js";
import { authorizationHeader, bearerToken, type HeadersLike } from "../verify/bearer.js";
import type { VerifyOptions } from "../verify/policy.js";
import { JWKS_PATH, type Verifier } from "../verify/verifier.js";
import { clientAuth } from "./client-auth.js";
import type {
  ClientAuthOptions,
  ClientCredentials,
  ScopeInput,
  TokenCallOptions,
  TokenRequest,
} from "./token-params.js";

/** What {@link Tokens} needs from its client. @internal */
export interface TokensContext {
  /** Client without bearer auth (token endpoints authenticate with their own parameters). */
  http: HttpClient;
  issuer: string;
  accountId: string | undefined;
  projectId: string | undefined;
  tokenProvider: TokenProvider | undefined;
  clientCredentials: ClientCredentials | undefined;
  verifier: Verifier;
}

const GRANT_ALIASES: Record<string, string> = {
  jwt_bearer: JWT_BEARER_GRANT,
  token_exchange: TOKEN_EXCHANGE_GRANT,
};
const CREDENTIAL_GRANTS = new Set(["api_key", JWT_BEARER_GRANT]);

const joinScope = (scope: ScopeInput | undefined): string | undefined =>
  scope === undefined ? undefined : typeof scope === "string" ? scope : scope.join(" ");

/**
 * OAuth endpoints (`/oauth2/*`), local verification, sessions by introspection, `/health` and the JWKS.
 * Token endpoint calls never send the client's own bearer token.
 */
export class Tokens {
  readonly #ctx: TokensContext;
  /** @internal */
  constructor(ctx: TokensContext) {
    this.#ctx = ctx;
  }

  /**
   * `POST /oauth2/token` for any grant. Read `expires_in` from the response: servers may clamp or (with a
   * credential policy) reject the requested lifetime (`policy_violation`).
   */
  async issue(params: TokenRequest, options: TokenCallOptions = {}): Promise<TokenResponse> {
    if (!params || typeof params.grant_type !== "string" || params.grant_type === "") {
      throw new RequestValidationError("grant_type is required", { field: "grant_type" });
    }
    const grant = GRANT_ALIASES[params.grant_type] ?? params.grant_type;
    requireFor(grant, "api_key", params.api_key, "api_key");
    requireFor(grant, "client_credentials", params.client_id, "client_id");
    requireFor(grant, JWT_BEARER_GRANT, params.subject, "subject");
    requireFor(grant, TOKEN_EXCHANGE_GRANT, params.subject_token, "subject_token");
    const body: Record<string, unknown> = { ...params, grant_type: grant };
    const scope = joinScope(params.scope);
    if (scope === undefined || scope === "") delete body.scope;
    else body.scope = scope;
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const { dpop, ...rest } = options;
    return mapErrors(
      () =>
        this.#ctx.http.request(
          {
            ...rest,
            method: "POST",
            path: "/oauth2/token",
            auth: false,
            body,
            headers: { ...rest.headers, ...(dpop ? { dpop } : {}) },
          },
          TokenResponseSchema,
        ),
      { credentialGrant: CREDENTIAL_GRANTS.has(grant) },
    );
  }

  /** `api_key` grant: exchanges a `zid_sk_…` key for an RS256 token. An unknown key is an `authentication` error. */
  issueApiKey(
    apiKey: string,
    params: { scope?: ScopeInput } = {},
    options?: TokenCallOptions,
  ): Promise<TokenResponse> {
    return this.issue({ grant_type: "api_key", api_key: apiKey, scope: params.scope }, options);
  }

  /**
   * `client_credentials` grant. `account_id`/`project_id` default to the client's `accountId`/`projectId`;
   * with neither, a `ConfigurationError` is thrown (the server requires a tenant and the SDK never invents one).
   */
  async issueClientCredentials(
    clientId: string,
    clientSecret: string,
    params: { scope?: ScopeInput; account_id?: string; project_id?: string } = {},
    options?: TokenCallOptions,
  ): Promise<TokenResponse> {
    const account_id = params.account_id ?? this.#ctx.accountId;
    const project_id = params.project_id ?? this.#ctx.projectId;
    if (!account_id || !project_id) {
      const option = account_id ? "projectId" : "accountId";
      throw new ConfigurationError(
        `client_credentials needs a tenant: pass account_id/project_id or set ${option} on the client`,
        { option },
      );
    }
    return this.issue(
      {
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
        account_id,
        project_id,
        scope: params.scope,
      },
      options,
    );
  }

  /** jwt-bearer grant: the self-signed assertion (see {@link createActorAssertion}) goes in `subject`. */
  issueJwtBearer(
    assertion: string,
    params: { scope?: ScopeInput } = {},
    options?: TokenCallOptions,
  ): Promise<TokenResponse> {
    return this.issue({ grant_type: JWT_BEARER_GRANT, subject: assertion, scope: params.scope }, options);
  }

  /**
   * RFC 8693 token exchange (agent delegation): `subjectToken` is the delegating agent's access token,
   * `actorToken` the sub-agent's self-signed assertion. Granted scopes are the intersection of request,
   * subject and actor policy; an empty intersection fails with `invalid_scope`, so pass `scope`.
   */
  issueTokenExchange(
    subjectToken: string,
    actorToken: string,
    params: { scope?: ScopeInput } = {},
    options?: TokenCallOptions,
  ): Promise<TokenResponse> {
    return this.issue(
      {
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: subjectToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        actor_token: actorToken,
        scope: params.scope,
      },
      options,
    );
  }

  /**
   * Delegates to a sub-agent with the client's own token (from `apiKey`/`tokenProvider`) as the subject.
   * The result carries `act.sub` = this client's identity and `delegation_depth` + 1.
   */
  async delegate(
    params: { actor_token: string; scope?: ScopeInput; subject_token?: string },
    options?: TokenCallOptions,
  ): Promise<TokenResponse> {
    if (typeof params?.actor_token !== "string" || params.actor_token === "") {
      throw new RequestValidationError("actor_token is required", { field: "actor_token" });
    }
    let subject = params.subject_token;
    if (!subject) {
      const provider = this.#ctx.tokenProvider;
      if (!provider) {
        throw new ConfigurationError("delegate() needs the client's own token: set apiKey or tokenProvider", {
          option: "apiKey",
        });
      }
      subject = (await provider.getToken({ signal: options?.signal })).accessToken;
    }
    return this.issueTokenExchange(subject, params.actor_token, { scope: params.scope }, options);
  }

  /** Signs an ES256 actor assertion; `audience` defaults to this client's issuer. */
  createActorAssertion(
    options: Omit<ActorAssertionOptions, "audience"> & { audience?: string | undefined },
  ): Promise<string> {
    return createActorAssertion({ ...options, audience: options.audience ?? this.#ctx.issuer });
  }

  /** `POST /oauth2/token/introspect` (RFC 7662). Inactive, revoked, expired or unknown tokens give `{active: false}`. */
  async introspect(token: string, options: ClientAuthOptions = {}): Promise<IntrospectionResponse> {
    return this.#oauthCall("/oauth2/token/introspect", "form", token, options, IntrospectionResponseSchema);
  }

  /**
   * `POST /oauth2/token/revoke` (RFC 7009): always `{revoked: true}` for any token; descendants are revoked
   * too. Pass client credentials (or configure `clientCredentials`) where anonymous revocation is disabled.
   * The body is JSON `{"token": …}` (plus `client_id`/`client_secret` for `client_secret_post`), as the
   * published 0.3 client sent it; ZeroID accepts JSON and form bodies alike.
   */
  async revoke(token: string, options: ClientAuthOptions = {}): Promise<RevocationResponse> {
    return this.#oauthCall("/oauth2/token/revoke", "json", token, options, RevocationResponseSchema);
  }

  /**
   * A revocation-aware session: introspects `token` and throws `ZeroIDError` `token_inactive` (401) when it is
   * not active. Because the server has just validated this exact token, its payload is then decoded to fill
   * the claims introspection omits (`owner_user_id`, `sub_type`, `scopes`, `mission_id`, …); introspection
   * values win where both exist.
   */
  async session(token: string, options: ClientAuthOptions = {}): Promise<AgentSession> {
    if (typeof token !== "string" || token.trim() === "") {
      throw verificationError("missing_token", "No token given");
    }
    const result = await this.introspect(token, options);
    if (!result.active)
      throw verificationError("token_inactive", "Token is not active (revoked, expired or unknown)");
    let decoded: ZeroIDClaims = {};
    try {
      decoded = decodeJwt(token) as ZeroIDClaims;
    } catch {
      // Opaque or undecodable token: introspection fields only.
    }
    const claims: ZeroIDClaims = { ...decoded };
    for (const [key, value] of Object.entries(result)) {
      if (key !== "active" && value !== undefined && value !== null) claims[key] = value;
    }
    return sessionFromClaims(claims);
  }

  /** {@link session} for the Bearer token of a request (fetch `Request`, `Headers`, Node request or header record). */
  async sessionFromRequest(request: HeadersLike, options?: ClientAuthOptions): Promise<AgentSession> {
    return this.session(bearerToken(authorizationHeader(request)), options);
  }

  /**
   * Verifies a token locally against the issuer's JWKS (cached; no revocation check — use {@link session}
   * for that). The second argument is an expected audience or full {@link VerifyOptions}.
   */
  async verify(
    token: string,
    audienceOrOptions?: string | readonly string[] | VerifyOptions,
  ): Promise<ZeroIDIdentity> {
    return this.#ctx.verifier.verify(token, toVerifyOptions(audienceOrOptions));
  }

  /** {@link verify} for an `Authorization: Bearer …` header value. */
  async verifyBearer(
    authorization: string | null | undefined,
    audienceOrOptions?: string | readonly string[] | VerifyOptions,
  ): Promise<ZeroIDIdentity> {
    return this.#ctx.verifier.verifyBearer(authorization, toVerifyOptions(audienceOrOptions));
  }

  /** `GET /health`. */
  async health(options?: RequestOptions): Promise<HealthResponse> {
    return mapErrors(() =>
      this.#ctx.http.request(
        { ...options, method: "GET", path: "/health", auth: false },
        HealthResponseSchema,
      ),
    );
  }

  /** `GET /.well-known/jwks.json`: the issuer's public keys (fetched fresh, not from the verifier cache). */
  async jwks(options?: RequestOptions): Promise<JwksResponse> {
    return mapErrors(() =>
      this.#ctx.http.request({ ...options, method: "GET", path: JWKS_PATH, auth: false }, JwksResponseSchema),
    );
  }

  async #oauthCall<T>(
    path: string,
    encoding: "form" | "json",
    token: string,
    options: ClientAuthOptions,
    schema: import("zod").ZodType<T>,
  ): Promise<T> {
    if (typeof token !== "string" || token === "") {
      throw new RequestValidationError("token is required", { field: "token" });
    }
    const { clientId, clientSecret, method, ...rest } = options;
    const credentials = clientId ? { clientId, clientSecret, method } : this.#ctx.clientCredentials;
    const auth = clientAuth(credentials);
    return mapErrors(() =>
      this.#ctx.http.request(
        {
          ...rest,
          method: "POST",
          path,
          auth: false,
          ...(encoding === "form" ? { form: { token, ...auth.form } } : { body: { token, ...auth.form } }),
          headers: { ...rest.headers, ...auth.headers },
        },
        schema,
      ),
    );
  }
}

function requireFor(grant: string, wanted: string, value: unknown, field: string): void {
  if (grant === wanted && (typeof value !== "string" || value === "")) {
    throw new RequestValidationError(`${field} is required for the ${wanted} grant`, { field });
  }
}

function toVerifyOptions(
  value: string | readonly string[] | VerifyOptions | undefined,
): VerifyOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" || Array.isArray(value))
    return { audience: value as string | readonly string[] };
  return value as VerifyOptions;
}
