/**
 * `@highflame/sdk/integrations/fastify`: re-exports `@highflame/integrations/fastify` (ZeroID plugin for
 * Fastify 5; `request.identity` and route `config.zeroid` are typed by declaration merging).
 *
 * @packageDocumentation
 */

export {
  type AuthFailure,
  type AuthProblem,
  type RouteRequirements,
  sendFastifyFailure,
  type ZeroIDFastifyOptions,
  zeroidAuth,
} from "@highflame/integrations/fastify";
