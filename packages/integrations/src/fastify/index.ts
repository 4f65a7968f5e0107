/**
 * `@highflame/integrations/fastify`: ZeroID bearer-token plugin for Fastify 5, with `request.identity` and the
 * route `config.zeroid` typed by declaration merging. Fastify is an optional peer; this subpath imports only its
 * types.
 *
 * @packageDocumentation
 */

export type { AuthFailure, AuthProblem } from "../http/problem.js";
export type { RouteRequirements } from "../http/requirements.js";
export { sendFastifyFailure, type ZeroIDFastifyOptions, zeroidAuth } from "./plugin.js";
