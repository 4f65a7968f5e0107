/**
 * `@highflame/sdk/integrations/hono`: re-exports `@highflame/integrations/hono` (ZeroID middleware for Hono 4,
 * `c.get("identity")`).
 *
 * @packageDocumentation
 */

export {
  type AuthFailure,
  type AuthProblem,
  failureResponse,
  type RouteRequirements,
  type ZeroIDEnv,
  type ZeroIDHonoAuth,
  type ZeroIDHonoOptions,
  type ZeroIDOptionalEnv,
  type ZeroIDVariables,
  zeroidAuth,
} from "@highflame/integrations/hono";
