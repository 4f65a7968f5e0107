import type { ZeroIDCore } from "../core.js";
import { invalidGrant, OAuthError } from "../errors.js";
import { assertIdentityUsable, enforcePolicy, resolveTtl } from "../policy.js";
import { mintToken, type TokenResponse } from "../tokens.js";
import type { Identity } from "../types.js";
import { isoAt, narrowScopes, sha256Hex, splitScopes } from "../util.js";
import { wimseUri } from "../wimse.js";
import type { TokenRequest } from "./request.js";

/**
 * `api_key` grant (spec §3.2): RS256; key looked up by SHA-256; tenant from the key; scopes = requested ∩ key
 * scopes ∩ key policy ∩ identity policy (∩ identity `allowed_scopes` fallback); `act.sub` = key creator.
 */
export async function apiKeyGrant(core: ZeroIDCore, body: TokenRequest): Promise<TokenResponse> {
  if (!body.api_key) throw new OAuthError(400, "invalid_request", "api_key is required");
  const key = core.store.apiKeyByHash(sha256Hex(body.api_key));
  if (!key || key.revoked_at) throw invalidGrant("invalid api key");
  if (key.expires_at && Date.parse(key.expires_at) <= core.now()) throw invalidGrant("credential_expired");
  const tenant = { account_id: key.account_id, project_id: key.project_id };
  let identity: Identity | undefined;
  if (key.identity_id) {
    identity = core.store.getInTenant(core.store.identities, key.identity_id, tenant);
    if (!identity) throw invalidGrant("invalid api key");
    assertIdentityUsable(core, identity);
  }
  const identityPolicy = core.store.policyForIdentity(identity, tenant);
  const keyPolicy = key.credential_policy_id
    ? core.store.getInTenant(core.store.policies, key.credential_policy_id, tenant)
    : undefined;
  const requested = splitScopes(body.scope);
  let scopes = requested.length > 0 ? narrowScopes(requested, key.scopes) : [...key.scopes];
  scopes = narrowScopes(scopes, keyPolicy?.allowed_scopes);
  scopes = narrowScopes(scopes, identityPolicy.allowed_scopes);
  if (!identityPolicy.allowed_scopes?.length && identity)
    scopes = narrowScopes(scopes, identity.allowed_scopes);
  const ttl = resolveTtl(core, { identity, apiKey: key });
  const check = { grantType: "api_key", ttlSeconds: ttl, scopes, trustLevel: identity?.trust_level };
  enforcePolicy(core, identityPolicy, check);
  if (keyPolicy) enforcePolicy(core, keyPolicy, check);
  const subject = identity
    ? wimseUri(tenant, identity.identity_type, identity.external_id)
    : wimseUri(tenant, "api_key", key.id);
  const minted = await mintToken(core, {
    tenant,
    identity,
    subject,
    grantType: "api_key",
    alg: "RS256",
    scopes,
    ttlSeconds: ttl,
    act: key.created_by ? { sub: key.created_by } : undefined,
    apiKeyId: key.id,
  });
  key.usage_count++;
  key.last_used_at = isoAt(core.now());
  core.changed();
  return {
    ...minted.response,
    account_id: tenant.account_id,
    project_id: tenant.project_id,
    external_id: identity?.external_id ?? "",
  };
}
