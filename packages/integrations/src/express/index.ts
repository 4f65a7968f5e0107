/**
 * `@highflame/integrations/express`: ZeroID bearer-token middleware for Express 5, with `req.identity` typed by
 * declaration merging. Express is an optional peer; this subpath imports only its types.
 *
 * @packageDocumentation
 */

export type { AuthFailure, AuthProblem } from "../http/problem.js";
export type { RouteRequirements } from "../http/requirements.js";
export {
  sendExpressFailure,
  type ZeroIDExpressAuth,
  type ZeroIDExpressOptions,
  zeroidAuth,
} from "./middleware.js";
