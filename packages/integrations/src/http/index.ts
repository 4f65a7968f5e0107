/**
 * `@highflame/integrations/http`: the framework-independent ZeroID bearer-token check behind the Express,
 * Fastify, Hono and `node:http` adapters, for wiring into any other server.
 *
 * @packageDocumentation
 */

export {
  type AuthResult,
  type BearerAuth,
  type BearerAuthOptions,
  createBearerAuth,
  MAX_TOKEN_LENGTH,
  type ZeroIDSessionSource,
} from "./bearer-auth.js";
export { type BearerChallenge, bearerChallenge, challengeText, quotedString } from "./challenge.js";
export { type AuthFailure, type AuthProblem, PROBLEM_CONTENT_TYPE } from "./problem.js";
export {
  checkRequirements,
  type RequirementFailure,
  type ResolvedRequirements,
  type RouteRequirements,
  resolveRequirements,
} from "./requirements.js";
export {
  DEFAULT_SESSION_CACHE_ENTRIES,
  DEFAULT_SESSION_CACHE_TTL_MS,
  SessionCache,
  type SessionCacheOptions,
} from "./session-cache.js";
