/**
 * Every ZeroID enum as a string-literal type and as a frozen runtime list, so downstream code never
 * re-declares (and drifts from) the server's values.
 *
 * @module
 */

/** Kinds of non-human identity. */
export const IDENTITY_TYPES = Object.freeze(["agent", "application", "mcp_server", "service"] as const);
/** One of {@link IDENTITY_TYPES}. */
export type IdentityType = (typeof IDENTITY_TYPES)[number];

/** Sub types of agents. */
export const AGENT_SUB_TYPES = Object.freeze([
  "orchestrator",
  "autonomous",
  "tool_agent",
  "human_proxy",
  "evaluator",
  "code_agent",
] as const);
/** Sub types of applications. */
export const APPLICATION_SUB_TYPES = Object.freeze([
  "chatbot",
  "assistant",
  "api_service",
  "custom",
] as const);
/** Sub types of services. */
export const SERVICE_SUB_TYPES = Object.freeze(["llm_provider"] as const);
/** Every identity sub type (agent, application and service values). */
export const SUB_TYPES = Object.freeze([
  ...AGENT_SUB_TYPES,
  ...APPLICATION_SUB_TYPES,
  ...SERVICE_SUB_TYPES,
] as const);
/** One of {@link SUB_TYPES}. */
export type SubType = (typeof SUB_TYPES)[number];

/** Trust levels, lowest first: `unverified` (0) < `verified_third_party` (1) < `first_party` (2). */
export const TRUST_LEVELS = Object.freeze(["unverified", "verified_third_party", "first_party"] as const);
/** One of {@link TRUST_LEVELS}. */
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** Rank of a trust level (index in {@link TRUST_LEVELS}), or -1 for an unknown or empty value. */
export function trustRank(level: string | undefined): number {
  return level === undefined ? -1 : (TRUST_LEVELS as readonly string[]).indexOf(level);
}

/** Lifecycle states of an identity. Only `active` can obtain tokens. */
export const IDENTITY_STATUSES = Object.freeze([
  "discovered",
  "pending",
  "active",
  "suspended",
  "deactivated",
  "expired",
] as const);
/** One of {@link IDENTITY_STATUSES}. */
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

/** The 8 signal types the server accepts on `POST /signals/ingest`. */
export const SIGNAL_TYPES = Object.freeze([
  "credential_change",
  "session_revoked",
  "ip_change",
  "anomalous_behavior",
  "policy_violation",
  "retirement",
  "owner_change",
  "identity_expired",
] as const);
/** One of {@link SIGNAL_TYPES}. */
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** Signal severities; `high` and `critical` with an `identity_id` revoke that identity's credentials. */
export const SIGNAL_SEVERITIES = Object.freeze(["low", "medium", "high", "critical"] as const);
/** One of {@link SIGNAL_SEVERITIES}. */
export type SignalSeverity = (typeof SIGNAL_SEVERITIES)[number];

/** URN of the jwt-bearer grant (assertion sent in `subject`). */
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** URN of the RFC 8693 token-exchange grant. */
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
/** URN of the CIBA grant. */
export const CIBA_GRANT = "urn:openid:params:grant-type:ciba";
/** RFC 8693 token type of an access token (sent as `subject_token_type`). */
export const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

/** `grant_type` values accepted by `POST /oauth2/token` (as sent on the wire). */
export const GRANT_TYPES = Object.freeze([
  "api_key",
  "client_credentials",
  JWT_BEARER_GRANT,
  TOKEN_EXCHANGE_GRANT,
  "authorization_code",
  "refresh_token",
  CIBA_GRANT,
] as const);
/** One of {@link GRANT_TYPES}. */
export type GrantType = (typeof GRANT_TYPES)[number];

/**
 * Short grant names used in the token's `grant_type` claim and in credential policies'
 * `allowed_grant_types` (CIBA tokens carry the full URN instead).
 */
export const GRANT_TYPE_NAMES = Object.freeze([
  "api_key",
  "client_credentials",
  "jwt_bearer",
  "token_exchange",
  "authorization_code",
  "refresh_token",
] as const);
/** One of {@link GRANT_TYPE_NAMES}. */
export type GrantTypeName = (typeof GRANT_TYPE_NAMES)[number];

/** JWS algorithms ZeroID signs with; the verifier's default allow-list. */
export const DEFAULT_ALGORITHMS = Object.freeze(["ES256", "RS256"] as const);
/** Asymmetric JWS algorithms a verifier may be configured to accept. */
export const ASYMMETRIC_ALGORITHMS = Object.freeze([
  "ES256",
  "ES384",
  "ES512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "EdDSA",
] as const);
/** One of {@link ASYMMETRIC_ALGORITHMS}. */
export type VerifyAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
