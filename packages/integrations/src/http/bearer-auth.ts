import { ConfigurationError } from "@highflame/core";
import {
  createVerifier,
  type Verifier,
  type VerifierOptions,
  type VerifyOptions,
  ZeroIDError,
  type ZeroIDIdentity,
} from "@highflame/zeroid";
import { bearerChallenge } from "./challenge.js";
import { type AuthFailure, authFailure, scrubToken } from "./problem.js";
import {
  checkRequirements,
  type ResolvedRequirements,
  type RouteRequirements,
  resolveRequirements,
} from "./requirements.js";
import { SessionCache, type SessionCacheOptions } from "./session-cache.js";

/** What introspection needs: a `ZeroIDClient` (or `Highflame#zeroid`) fits. */
export interface ZeroIDSessionSource {
  /** Used for local verification when no `verifier` option is given. */
  readonly verifier?: Verifier | undefined;
  /** ZeroID token endpoints; only `session` is used. */
  readonly tokens: {
    /** RFC 7662 introspection returning the identity; rejects with `token_inactive` when revoked or expired. */
    session(token: string): Promise<ZeroIDIdentity>;
  };
}

/** Options shared by every framework adapter. The requirement fields are defaults for every route. */
export interface BearerAuthOptions extends RouteRequirements {
  /**
   * Local verifier: a `Verifier` (from `createVerifier` or `ZeroIDClient#verifier`, not closed by this
   * middleware) or the options to create one (closed by `close()`). Default: `zeroid.verifier`.
   */
  verifier?: Verifier | VerifierOptions | undefined;
  /** ZeroID client for `introspect: true` routes (and the verifier when `verifier` is omitted). */
  zeroid?: ZeroIDSessionSource | undefined;
  /** Per-call verification rules (`audience`, `issuer`, `algorithms`, …) over the verifier's. Default: none. */
  verifyOptions?: VerifyOptions | undefined;
  /** `realm` of the `WWW-Authenticate` challenge. Default: none. */
  realm?: string | undefined;
  /** `resource_metadata` URL of the challenge (RFC 9728), for clients that discover the authorization server. Default: none. */
  resourceMetadata?: string | undefined;
  /** Status of `invalid_request` answers: RFC 6750 says 400; ZeroID's own servers answer 401. Default 400. */
  invalidRequestStatus?: 400 | 401 | undefined;
  /** Introspection answer cache (size and TTL bounded), or `false` for none. Default `{ maxEntries: 1000, ttlMs: 5000 }`. */
  sessionCache?: SessionCacheOptions | false | undefined;
  /** Called with every refusal before it is sent (logging, metrics). Its body never holds the token. Default: none. */
  onReject?: ((failure: AuthFailure) => void) | undefined;
}

/** Outcome of {@link BearerAuth.authenticate}. */
export type AuthResult =
  | {
      /** The request may proceed. */
      ok: true;
      /** The verified caller; `undefined` only on an `optional` route without an `Authorization` header. */
      identity: ZeroIDIdentity | undefined;
    }
  | {
      /** The request is refused. */
      ok: false;
      /** What to answer. */
      failure: AuthFailure;
    };

/** Framework-independent bearer-token checking behind every adapter. */
export interface BearerAuth extends AsyncDisposable {
  /** Merges route requirements over the defaults and validates them; throws `ConfigurationError` for bad ones. */
  resolve(route?: RouteRequirements): ResolvedRequirements;
  /** Checks one request's `Authorization` header value(s) against `rules` (default: the defaults alone). */
  authenticate(
    authorization: string | readonly string[] | null | undefined,
    rules?: ResolvedRequirements,
  ): Promise<AuthResult>;
  /**
   * Applies `rules` to an identity this checker already verified for the same request (a second middleware on
   * one route), without verifying again: a 403 refusal, or `ok`. Introspection is not repeated here.
   */
  authorize(identity: ZeroIDIdentity, rules?: ResolvedRequirements): AuthResult;
  /** The verifier in use (e.g. for `instrumentVerifier` from `@highflame/integrations/otel`). */
  readonly verifier: Verifier;
  /** The introspection cache, when enabled. */
  readonly sessionCache: SessionCache | undefined;
  /** Closes the verifier when this middleware created it. Idempotent. */
  close(): Promise<void>;
}

/** Longest token accepted, in characters; longer headers are refused as `invalid_request` before any parsing. */
export const MAX_TOKEN_LENGTH = 16_384;

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token, b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

const isVerifier = (value: unknown): value is Verifier =>
  typeof (value as Verifier | undefined)?.verify === "function";

/**
 * Creates the checker the framework adapters share: parse the header (RFC 6750 §2.1), verify the token locally,
 * optionally introspect it, then apply the route's requirements. Each refusal is an RFC 6750 answer.
 */
export function createBearerAuth(options: BearerAuthOptions): BearerAuth {
  if (!options || typeof options !== "object") {
    throw new ConfigurationError("ZeroID auth needs options with `verifier` or `zeroid`", {
      option: "verifier",
    });
  }
  let verifier: Verifier;
  let owned = false;
  if (isVerifier(options.verifier)) verifier = options.verifier;
  else if (options.verifier !== undefined) {
    verifier = createVerifier(options.verifier);
    owned = true;
  } else if (options.zeroid?.verifier) verifier = options.zeroid.verifier;
  else {
    throw new ConfigurationError(
      "ZeroID auth needs `verifier` (a Verifier or createVerifier options such as { issuer }) or `zeroid`",
      { option: "verifier" },
    );
  }
  const resolve = (route?: RouteRequirements): ResolvedRequirements => {
    const rules = resolveRequirements(options, route);
    if (rules.introspect && !options.zeroid) {
      throw new ConfigurationError("introspect: true needs the zeroid option (a ZeroIDClient)", {
        option: "zeroid",
      });
    }
    return rules;
  };
  const defaults = resolve();
  const cache =
    options.sessionCache === false ? undefined : new SessionCache(options.sessionCache ?? undefined);
  const invalidRequestStatus = options.invalidRequestStatus ?? 400;
  const challenge = (extra: Parameters<typeof bearerChallenge>[0] = {}) =>
    bearerChallenge({ realm: options.realm, resourceMetadata: options.resourceMetadata, ...extra });
  const refuse = (failure: AuthFailure): AuthResult => {
    try {
      options.onReject?.(failure);
    } catch {
      // a failing observer must not change the answer
    }
    return { ok: false, failure };
  };
  const invalidRequest = (detail: string) =>
    refuse(
      authFailure(invalidRequestStatus, "malformed_token", detail, {
        error: "invalid_request",
        challenge: challenge({ error: "invalid_request", errorDescription: detail }),
      }),
    );
  const invalidToken = (code: string, detail: string) =>
    refuse(
      authFailure(401, code, detail, {
        error: "invalid_token",
        challenge: challenge({ error: "invalid_token", errorDescription: detail }),
      }),
    );
  const unavailable = (detail: string) =>
    refuse(authFailure(503, "verification_unavailable", detail, { challenge: undefined }));

  const session = async (token: string): Promise<ZeroIDIdentity> => {
    const source = options.zeroid;
    if (!source) throw new ConfigurationError("introspect needs the zeroid option", { option: "zeroid" });
    const load = (t: string) => source.tokens.session(t);
    return cache ? cache.get(token, load, isInactive) : load(token);
  };

  const authorize = (identity: ZeroIDIdentity, rules: ResolvedRequirements = defaults): AuthResult => {
    const unmet = checkRequirements(identity, rules);
    if (!unmet) return { ok: true, identity };
    return refuse(
      authFailure(403, unmet.code, unmet.detail, {
        error: "insufficient_scope",
        scope: unmet.scope,
        challenge: challenge({
          error: "insufficient_scope",
          errorDescription: unmet.detail,
          scope: unmet.scope,
        }),
      }),
    );
  };

  let closed = false;
  const auth: BearerAuth = {
    verifier,
    sessionCache: cache,
    resolve,
    async authenticate(authorization, rules = defaults) {
      if (typeof authorization !== "string" && authorization != null) {
        if (authorization.length > 1) return invalidRequest("More than one Authorization header");
        authorization = authorization[0];
      }
      if (authorization == null || authorization.trim() === "") {
        if (rules.optional) return { ok: true, identity: undefined };
        return refuse(
          authFailure(401, "missing_token", "This resource needs a bearer token", { challenge: challenge() }),
        );
      }
      if (authorization.length > MAX_TOKEN_LENGTH + 7) return invalidRequest("The bearer token is too long");
      const match = BEARER.exec(authorization.trim());
      if (!match) {
        return invalidRequest("The Authorization header must be `Bearer <token>` with a single token");
      }
      const token = match[1] as string;
      let identity: ZeroIDIdentity;
      try {
        identity = await verifier.verify(token, options.verifyOptions);
        if (rules.introspect) identity = await session(token);
      } catch (error) {
        if (error instanceof ZeroIDError && error.code === "jwks_unavailable") {
          return unavailable("The token issuer's keys could not be fetched; try again later");
        }
        if (error instanceof ZeroIDError && error.kind === "verification") {
          return invalidToken(error.code, scrubToken(error.message, token));
        }
        if (rules.introspect && !(error instanceof ConfigurationError)) {
          return unavailable("The token could not be checked with the issuer; try again later");
        }
        throw error;
      }
      return authorize(identity, rules);
    },
    authorize,
    async close() {
      if (closed) return;
      closed = true;
      cache?.clear();
      if (owned) await verifier.close();
    },
    async [Symbol.asyncDispose]() {
      await auth.close();
    },
  };
  return auth;
}

function isInactive(error: unknown): boolean {
  return error instanceof ZeroIDError && error.code === "token_inactive";
}
