/**
 * `@highflame/integrations/node`: ZeroID bearer-token checking for plain `node:http` servers.
 *
 * @packageDocumentation
 */

export type { AuthFailure, AuthProblem } from "../http/problem.js";
export type { RouteRequirements } from "../http/requirements.js";
export {
  type IdentityHandler,
  sendNodeFailure,
  type ZeroIDNodeAuth,
  type ZeroIDNodeOptions,
  zeroidAuth,
} from "./handler.js";
