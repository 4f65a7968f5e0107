/**
 * `@highflame/sdk/integrations/express`: re-exports `@highflame/integrations/express` (ZeroID middleware for
 * Express 5; `req.identity` is typed by declaration merging).
 *
 * @packageDocumentation
 */

export {
  type AuthFailure,
  type AuthProblem,
  type RouteRequirements,
  sendExpressFailure,
  type ZeroIDExpressAuth,
  type ZeroIDExpressOptions,
  zeroidAuth,
} from "@highflame/integrations/express";
