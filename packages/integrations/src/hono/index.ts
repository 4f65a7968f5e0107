/**
 * `@highflame/integrations/hono`: ZeroID bearer-token middleware for Hono 4 (`c.get("identity")`, typed through
 * `Variables`). Hono is an optional peer; this subpath imports only its types.
 *
 * @packageDocumentation
 */

export type { AuthFailure, AuthProblem } from "../http/problem.js";
export type { RouteRequirements } from "../http/requirements.js";
export {
  failureResponse,
  type ZeroIDEnv,
  type ZeroIDHonoAuth,
  type ZeroIDHonoOptions,
  type ZeroIDOptionalEnv,
  type ZeroIDVariables,
  zeroidAuth,
} from "./middleware.js";
