/**
 * `@highflame/sdk/integrations/node`: re-exports `@highflame/integrations/node` (ZeroID bearer-token checking
 * for plain `node:http` servers).
 *
 * @packageDocumentation
 */

export {
  type AuthFailure,
  type AuthProblem,
  type IdentityHandler,
  type RouteRequirements,
  sendNodeFailure,
  type ZeroIDNodeAuth,
  type ZeroIDNodeOptions,
  zeroidAuth,
} from "@highflame/integrations/node";
