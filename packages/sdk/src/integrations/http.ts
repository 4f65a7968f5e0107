/**
 * `@highflame/sdk/integrations/http`: re-exports `@highflame/integrations/http` (the framework-independent
 * ZeroID bearer-token check).
 *
 * @packageDocumentation
 */

export {
  type AuthFailure,
  type AuthProblem,
  type AuthResult,
  type BearerAuth,
  type BearerAuthOptions,
  type BearerChallenge,
  bearerChallenge,
  challengeText,
  checkRequirements,
  createBearerAuth,
  DEFAULT_SESSION_CACHE_ENTRIES,
  DEFAULT_SESSION_CACHE_TTL_MS,
  MAX_TOKEN_LENGTH,
  PROBLEM_CONTENT_TYPE,
  quotedString,
  type RequirementFailure,
  type ResolvedRequirements,
  type RouteRequirements,
  resolveRequirements,
  SessionCache,
  type SessionCacheOptions,
  type ZeroIDSessionSource,
} from "@highflame/integrations/http";
