import type { ZeroIDIdentity } from "@highflame/zeroid";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { type BearerAuth, type BearerAuthOptions, createBearerAuth } from "../http/bearer-auth.js";
import type { AuthFailure } from "../http/problem.js";
import type { ResolvedRequirements, RouteRequirements } from "../http/requirements.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The verified ZeroID caller, set by the `zeroidAuth` plugin; `null` on routes it does not guard. */
    identity: ZeroIDIdentity | null;
  }
  interface FastifyContextConfig {
    /** Per-route ZeroID requirements over the plugin's defaults, or `false` for a public route. */
    zeroid?: RouteRequirements | false | undefined;
  }
}

/** Options of the {@link zeroidAuth} Fastify plugin. */
export interface ZeroIDFastifyOptions extends BearerAuthOptions {
  /**
   * Guard every route (routes opt out with `config: { zeroid: false }`), or only routes that set
   * `config.zeroid`. Default `true`.
   */
  protectAllRoutes?: boolean | undefined;
}

/** Sends an RFC 6750 refusal as `application/problem+json`. */
export function sendFastifyFailure(reply: FastifyReply, failure: AuthFailure): FastifyReply {
  return reply.code(failure.status).headers(failure.headers).send(JSON.stringify(failure.body));
}

const plugin: FastifyPluginAsync<ZeroIDFastifyOptions> = async (fastify, options) => {
  const bearer: BearerAuth = createBearerAuth(options);
  const protectAll = options.protectAllRoutes ?? true;
  const defaults = bearer.resolve();
  const perRoute = new Map<RouteRequirements, ResolvedRequirements>();
  fastify.decorateRequest("identity", null);
  fastify.addHook("onRoute", (route) => {
    const config = route.config?.zeroid;
    if (config) perRoute.set(config, bearer.resolve(config)); // bad requirements fail at startup
  });
  fastify.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config?.zeroid;
    if (config === false || (config === undefined && !protectAll)) return;
    const rules = config ? (perRoute.get(config) ?? bearer.resolve(config)) : defaults;
    const result = await bearer.authenticate(request.headers.authorization, rules);
    if (!result.ok) return sendFastifyFailure(reply, result.failure);
    request.identity = result.identity ?? null;
  });
  fastify.addHook("onClose", async () => {
    await bearer.close();
  });
};

/**
 * ZeroID bearer-token plugin for Fastify 5. Register it once; it is not encapsulated (like a `fastify-plugin`
 * plugin), so it guards every route of the instance it is registered on. `request.identity` holds the caller;
 * `config: { zeroid: { scopes: [...] } }` adds per-route requirements and `config: { zeroid: false }` makes a
 * route public. Refusals follow RFC 6750 with a JSON problem body that never contains the token.
 *
 * @example
 * ```ts
 * await app.register(zeroidAuth, { verifier: { issuer: "https://auth.example.com" } });
 * app.get("/reports", { config: { zeroid: { scopes: ["reports:read"] } } }, async (request) => ({
 *   caller: request.identity?.sub,
 * }));
 * ```
 */
export const zeroidAuth: FastifyPluginAsync<ZeroIDFastifyOptions> = Object.assign(plugin, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "@highflame/zeroid-auth",
  [Symbol.for("plugin-meta")]: { fastify: "5.x", name: "@highflame/zeroid-auth" },
});
