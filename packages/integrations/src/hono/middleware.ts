import type { ZeroIDIdentity } from "@highflame/zeroid";
import type { MiddlewareHandler } from "hono";
import { type BearerAuth, type BearerAuthOptions, createBearerAuth } from "../http/bearer-auth.js";
import type { AuthFailure } from "../http/problem.js";
import type { RouteRequirements } from "../http/requirements.js";

/**
 * Hono `Variables` set by {@link zeroidAuth}: `c.get("identity")`. Declare your app as
 * `new Hono<{ Variables: ZeroIDVariables }>()` (or let the middleware's type flow into the route).
 */
export type ZeroIDVariables = {
  /** The verified caller. */
  identity: ZeroIDIdentity;
};

/** The Hono `Env` of the middleware. */
export type ZeroIDEnv = { Variables: ZeroIDVariables };

/** The Hono `Env` of an `optional: true` route: the identity may be absent. */
export type ZeroIDOptionalEnv = { Variables: { identity: ZeroIDIdentity | undefined } };

/** Options of {@link zeroidAuth} (Hono): see {@link BearerAuthOptions}. */
export type ZeroIDHonoOptions = BearerAuthOptions;

/** The middleware factory returned by {@link zeroidAuth}. */
export interface ZeroIDHonoAuth {
  /** On an `optional` route `c.get("identity")` is `undefined` when no token was sent. */
  (requirements: RouteRequirements & { optional: true }): MiddlewareHandler<ZeroIDOptionalEnv>;
  /** A middleware enforcing the defaults merged with `requirements`; invalid requirements throw here, at startup. */
  (requirements?: RouteRequirements): MiddlewareHandler<ZeroIDEnv>;
  /** The shared checker (for use outside Hono). */
  readonly bearer: BearerAuth;
  /** Closes the verifier when the middleware created it. */
  close(): Promise<void>;
}

/** An RFC 6750 refusal as a fetch `Response` with an `application/problem+json` body. */
export function failureResponse(failure: AuthFailure): Response {
  return new Response(JSON.stringify(failure.body), { status: failure.status, headers: failure.headers });
}

/**
 * ZeroID bearer-token middleware for Hono 4. Verifies the token, sets `c.get("identity")`, and answers per
 * RFC 6750 with a JSON problem body that never contains the token.
 *
 * @example
 * ```ts
 * const auth = zeroidAuth({ verifier: { issuer: "https://auth.example.com" } });
 * const app = new Hono<ZeroIDEnv>();
 * app.get("/reports", auth({ scopes: ["reports:read"] }), (c) => c.json({ caller: c.get("identity").sub }));
 * ```
 */
export function zeroidAuth(options: ZeroIDHonoOptions): ZeroIDHonoAuth {
  const bearer = createBearerAuth(options);
  // Requests this instance already verified (`app.use(auth())` plus a route's `auth({...})`): checked once.
  const verified = new WeakMap<Request, ZeroIDIdentity>();
  const factory = (requirements?: RouteRequirements): MiddlewareHandler<ZeroIDOptionalEnv> => {
    const rules = bearer.resolve(requirements);
    return async (c, next) => {
      const earlier = verified.get(c.req.raw);
      const result =
        earlier && !rules.introspect
          ? bearer.authorize(earlier, rules)
          : await bearer.authenticate(c.req.header("authorization"), rules);
      if (!result.ok) return failureResponse(result.failure);
      c.set("identity", result.identity);
      if (result.identity) verified.set(c.req.raw, result.identity);
      await next();
    };
  };
  return Object.assign(factory, { bearer, close: () => bearer.close() }) as ZeroIDHonoAuth;
}
