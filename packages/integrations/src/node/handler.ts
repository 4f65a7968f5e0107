import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { ZeroIDIdentity } from "@highflame/zeroid";
import { type BearerAuth, type BearerAuthOptions, createBearerAuth } from "../http/bearer-auth.js";
import type { AuthFailure } from "../http/problem.js";
import type { RouteRequirements } from "../http/requirements.js";

/** A `node:http` handler that receives the verified caller. */
export type IdentityHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  identity: ZeroIDIdentity | undefined,
) => unknown;

/** Options of {@link zeroidAuth} (`node:http`): {@link BearerAuthOptions} plus `onError`. */
export interface ZeroIDNodeOptions extends BearerAuthOptions {
  /** Called when a protected handler throws or rejects (the client gets a 500). Default: `console.error`. */
  onError?: ((error: unknown, req: IncomingMessage) => void) | undefined;
}

/** What {@link zeroidAuth} returns for `node:http`. */
export interface ZeroIDNodeAuth extends AsyncDisposable {
  /**
   * Wraps `handler` in a request listener that verifies the token first (defaults merged with `requirements`)
   * and answers refusals itself. A handler that throws or rejects gets a 500 (when nothing was sent yet).
   */
  protect(requirements: RouteRequirements | undefined, handler: IdentityHandler): RequestListener;
  /**
   * Checks `req` and, when refused, sends the answer on `res` and resolves to `null`; otherwise resolves to the
   * identity (`undefined` on an `optional` route without a token). For hand-written routing.
   */
  authenticate(
    req: IncomingMessage,
    res: ServerResponse,
    requirements?: RouteRequirements,
  ): Promise<ZeroIDIdentity | undefined | null>;
  /** The shared checker. */
  readonly bearer: BearerAuth;
  /** Closes the verifier when this helper created it. */
  close(): Promise<void>;
}

/** Sends an RFC 6750 refusal as `application/problem+json`. */
export function sendNodeFailure(res: ServerResponse, failure: AuthFailure): void {
  res.writeHead(failure.status, failure.headers).end(JSON.stringify(failure.body));
}

/**
 * ZeroID bearer-token checking for plain `node:http` servers, answering per RFC 6750 with a JSON problem body
 * that never contains the token.
 *
 * @example
 * ```ts
 * const auth = zeroidAuth({ verifier: { issuer: "https://auth.example.com" } });
 * createServer(
 *   auth.protect({ scopes: ["reports:read"] }, (req, res, identity) => {
 *     res.end(JSON.stringify({ caller: identity?.sub }));
 *   }),
 * ).listen(8080);
 * ```
 */
export function zeroidAuth(options: ZeroIDNodeOptions): ZeroIDNodeAuth {
  const bearer = createBearerAuth(options);
  const check = async (req: IncomingMessage, res: ServerResponse, rules = bearer.resolve()) => {
    const result = await bearer.authenticate(req.headers.authorization, rules);
    if (result.ok) return result.identity;
    sendNodeFailure(res, result.failure);
    return null;
  };
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const fail = (error: unknown, req: IncomingMessage, res: ServerResponse) => {
    try {
      onError(error, req);
    } catch {
      // a failing error hook must not leave the request hanging
    }
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/problem+json" });
    res.end(JSON.stringify({ type: "about:blank", title: "Internal Server Error", status: 500 }));
  };
  return {
    bearer,
    protect(requirements, handler) {
      const rules = bearer.resolve(requirements);
      return (req, res) => {
        check(req, res, rules)
          .then((identity) => (identity === null ? undefined : handler(req, res, identity)))
          .catch((error: unknown) => fail(error, req, res));
      };
    },
    authenticate: (req, res, requirements) => check(req, res, bearer.resolve(requirements)),
    close: () => bearer.close(),
    [Symbol.asyncDispose]: () => bearer.close(),
  };
}
