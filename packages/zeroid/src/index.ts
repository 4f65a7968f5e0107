/**
 * ZeroID agent identity client and local JWT verification.
 *
 * @packageDocumentation
 */

export {
  type ActorAssertionOptions,
  type AgentKeyPair,
  createActorAssertion,
  DEFAULT_ASSERTION_TTL_SECONDS,
  generateAgentKeyPair,
  MAX_ASSERTION_TTL_SECONDS,
} from "./assertion.js";
export { ZeroIDClient } from "./client.js";
export { DEFAULT_ADMIN_PATH_PREFIX, type ZeroIDClientOptions } from "./client-options.js";
export {
  ACCESS_TOKEN_TYPE,
  AGENT_SUB_TYPES,
  APPLICATION_SUB_TYPES,
  ASYMMETRIC_ALGORITHMS,
  CIBA_GRANT,
  DEFAULT_ALGORITHMS,
  GRANT_TYPE_NAMES,
  GRANT_TYPES,
  type GrantType,
  type GrantTypeName,
  IDENTITY_STATUSES,
  IDENTITY_TYPES,
  type IdentityStatus,
  type IdentityType,
  JWT_BEARER_GRANT,
  SERVICE_SUB_TYPES,
  SIGNAL_SEVERITIES,
  SIGNAL_TYPES,
  type SignalSeverity,
  type SignalType,
  SUB_TYPES,
  type SubType,
  TOKEN_EXCHANGE_GRANT,
  TRUST_LEVELS,
  type TrustLevel,
  trustRank,
  type VerifyAlgorithm,
} from "./enums.js";
export { type ErrorContext, toZeroIDError, ZeroIDAPIError } from "./errors/api-errors.js";
export {
  type FieldError,
  VERIFICATION_ERROR_CODES,
  type VerificationErrorCode,
  ZeroIDError,
  type ZeroIDErrorInit,
  type ZeroIDErrorKind,
} from "./errors/zeroid-error.js";
export type { ActorClaim, Open, ZeroIDClaims } from "./identity/claims.js";
export { type AgentSession, identityFromClaims, type ZeroIDIdentity } from "./identity/identity.js";
export { Agents } from "./resources/agents.js";
export { ApiKeys } from "./resources/api-keys.js";
export { CredentialPolicies } from "./resources/credential-policies.js";
export { Credentials } from "./resources/credentials.js";
export { Identities } from "./resources/identities.js";
export { OAuthClients } from "./resources/oauth-clients.js";
export { type GenerateProofOptions, Proofs } from "./resources/proofs.js";
export { Signals } from "./resources/signals.js";
export * from "./schemas/agents.js";
export * from "./schemas/api-keys.js";
export type { PageQuery } from "./schemas/common.js";
export * from "./schemas/credential-policies.js";
export * from "./schemas/credentials.js";
export * from "./schemas/oauth-clients.js";
export * from "./schemas/proofs.js";
export * from "./schemas/signals.js";
export * from "./schemas/tokens.js";
export type {
  ClientAuthOptions,
  ClientCredentials,
  ScopeInput,
  TokenCallOptions,
  TokenRequest,
} from "./tokens/token-params.js";
export { Tokens } from "./tokens/tokens.js";
export { authorizationHeader, bearerToken, type HeadersLike } from "./verify/bearer.js";
export {
  DEFAULT_JWKS_COOLDOWN_MS,
  DEFAULT_JWKS_MAX_AGE_MS,
  JwksCache,
  type JwksCacheOptions,
} from "./verify/jwks-cache.js";
export { DEFAULT_JWKS_MAX_BYTES } from "./verify/jwks-request.js";
export { DEFAULT_CLOCK_TOLERANCE_SEC, type VerifyOptions } from "./verify/policy.js";
export {
  createVerifier,
  JWKS_PATH,
  type JwksSettings,
  type Verifier,
  type VerifierOptions,
} from "./verify/verifier.js";
export { verifyJWT } from "./verify/verify-jwt.js";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@highflame/zeroid";
