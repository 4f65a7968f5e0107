import { nowSeconds, type ZeroIDCore } from "./core.js";
import { invalidGrant, policyViolation } from "./errors.js";
import { type ApiKeyRecord, type CredentialPolicy, type Identity, TRUST_LEVELS } from "./types.js";

/** Server default access-token lifetime in seconds. */
export const DEFAULT_TTL_SECONDS = 3600;
/** Server maximum access-token lifetime: 90 days. */
export const MAX_TTL_SECONDS = 90 * 24 * 3600;

/** Rejects identities that may not obtain tokens (not active, or lapsed). */
export function assertIdentityUsable(core: ZeroIDCore, identity: Identity): void {
  if (identity.status !== "active") throw invalidGrant("identity is suspended or deactivated");
  if (identity.expires_at && Date.parse(identity.expires_at) <= core.now())
    throw invalidGrant("identity_expired");
}

/** Inputs of {@link resolveTtl}. */
export interface TtlInput {
  requested?: number;
  identity?: Identity;
  apiKey?: ApiKeyRecord;
  /** Parent token `exp` (Unix s) for delegation. */
  parentExp?: number;
}

/** TTL = requested/default, capped at the server max, clamped to identity/key expiry and the parent's exp. */
export function resolveTtl(core: ZeroIDCore, input: TtlInput): number {
  const now = nowSeconds(core);
  let ttl = Math.min(input.requested ?? DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS);
  const clamp = (untilSec: number, error: string) => {
    const remaining = untilSec - now;
    if (remaining <= 0) throw invalidGrant(error);
    ttl = Math.min(ttl, remaining);
  };
  if (input.identity?.expires_at)
    clamp(Math.floor(Date.parse(input.identity.expires_at) / 1000), "identity_expired");
  if (input.apiKey?.expires_at)
    clamp(Math.floor(Date.parse(input.apiKey.expires_at) / 1000), "credential_expired");
  if (input.parentExp !== undefined) clamp(input.parentExp, "credential_expired");
  return ttl;
}

/** One issuance to check against a credential policy. */
export interface PolicyCheck {
  grantType: string;
  ttlSeconds: number;
  scopes: string[];
  trustLevel?: string;
  delegationDepth?: number;
}

/** Applies a credential policy; any breach is a 400 `policy_violation` (spec §9.5). */
export function enforcePolicy(core: ZeroIDCore, policy: CredentialPolicy, check: PolicyCheck): void {
  if (!policy.is_active) throw policyViolation(`credential policy ${policy.name} is inactive`);
  if (policy.expires_at && Date.parse(policy.expires_at) <= core.now()) {
    throw policyViolation(`credential policy ${policy.name} has expired`);
  }
  if (!policy.allowed_grant_types.includes(check.grantType)) {
    throw policyViolation(`grant type ${check.grantType} is not allowed by credential policy ${policy.name}`);
  }
  if (check.ttlSeconds > policy.max_ttl_seconds) {
    throw policyViolation(
      `requested TTL ${check.ttlSeconds}s exceeds policy maximum ${policy.max_ttl_seconds}s`,
    );
  }
  const allowed = policy.allowed_scopes ?? [];
  if (allowed.length > 0) {
    const outside = check.scopes.filter((s) => !allowed.includes(s));
    if (outside.length > 0) throw policyViolation(`scopes not allowed by policy: ${outside.join(" ")}`);
  }
  if (policy.required_trust_level) {
    const need = TRUST_LEVELS.indexOf(policy.required_trust_level as (typeof TRUST_LEVELS)[number]);
    const have = TRUST_LEVELS.indexOf((check.trustLevel ?? "unverified") as (typeof TRUST_LEVELS)[number]);
    if (have < need)
      throw policyViolation(`trust level ${check.trustLevel} below required ${policy.required_trust_level}`);
  }
  if (check.delegationDepth !== undefined && check.delegationDepth > policy.max_delegation_depth) {
    throw policyViolation(
      `delegation depth ${check.delegationDepth} exceeds policy maximum ${policy.max_delegation_depth}`,
    );
  }
}
