import type { ZeroIDIdentity } from "@highflame/zeroid";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { type BearerAuth, type BearerAuthOptions, createBearerAuth } from "../http/bearer-auth.js";
import type { AuthFailure } from "../http/problem.js";
import type { RouteRequirements } from "../http/requirements.js";

declare global {
  namespace Express {
    interface Request {
      /** The verified ZeroID caller, set by `zeroidAuth()`; `undefined` on routes it does not guard. */
      identity?: ZeroIDIdentity | undefined;
    }
  }
}

/** Options of {@link zeroidAuth} (Express): see {@link BearerAuthOptions}. */
export type ZeroIDExpressOptions = BearerAuthOptions;

/**
 * The Express middleware factory returned by {@link zeroidAuth}: call it (optionally with per-route requirements)
 * to get a `RequestHandler`.
 */
export interface ZeroIDExpressAuth {
  /** A middleware enforcing the defaults merged with `requirements`; invalid requirements throw here, at startup. */
  (requirements?: RouteRequirements): RequestHandler;
  /** The shared checker (for use outside Express). */
  readonly bearer: BearerAuth;
  /** Closes the verifier when the middleware created it. */
  close(): Promise<void>;
}

/** Sends an RFC 6750 refusal as `application/problem+json`. */
export function sendExpressFailure(res: Response, failure: AuthFailure): void {
  res.status(failure.status).set(failure.headers).send(JSON.stringify(failure.body));
}

/**
 * ZeroID bearer-token middleware for Express 5. Verifies the token on each request, sets `req.identity`, and
 * answers per RFC 6750 (401 `Bearer` without a token, 401 `invalid_token`, 403 `insufficient_scope`, 400
 * `invalid_request`) with a JSON problem body that never contains the token.
 *
 * @example
 * ```ts
 * const auth = zeroidAuth({ verifier: { issuer: "https://auth.example.com" } });
 * app.get("/reports", auth({ scopes: ["reports:read"] }), (req, res) => {
 *   res.json({ caller: req.identity?.sub });
 * });
 * ```
 */
export function zeroidAuth(options: ZeroIDExpressOptions): ZeroIDExpressAuth {
  const bearer = createBearerAuth(options);
  // Requests this instance already verified (app-wide `auth()` plus a route's `auth({...})`): checked once.
  const verified = new WeakMap<Request, ZeroIDIdentity>();
  const factory = (requirements?: RouteRequirements): RequestHandler => {
    const rules = bearer.resolve(requirements);
    return (req: Request, res: Response, next: NextFunction): void => {
      const earlier = verified.get(req);
      if (earlier && !rules.introspect) {
        const result = bearer.authorize(earlier, rules);
        if (result.ok) next();
        else sendExpressFailure(res, result.failure);
        return;
      }
      bearer.authenticate(req.headers.authorization, rules).then((result) => {
        if (!result.ok) return sendExpressFailure(res, result.failure);
        req.identity = result.identity;
        if (result.identity) verified.set(req, result.identity);
        next();
      }, next);
    };
  };
  return Object.assign(factory, { bearer, close: () => bearer.close() });
}
