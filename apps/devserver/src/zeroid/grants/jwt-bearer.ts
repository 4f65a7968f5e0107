import type { ZeroIDCore } from "../core.js";
import { OAuthError } from "../errors.js";
import { assertIdentityUsable, enforcePolicy, resolveTtl } from "../policy.js";
import { mintToken, type TokenResponse } from "../tokens.js";
import { splitScopes } from "../util.js";
import { wimseUri } from "../wimse.js";
import { verifyIdentityAssertion } from "./assertion.js";
import type { TokenRequest } from "./request.js";

/** jwt-bearer grant with the self-signed assertion in `subject` (spec §3.2, §4.2); ES256. */
export async function jwtBearerGrant(core: ZeroIDCore, body: TokenRequest): Promise<TokenResponse> {
  if (!body.subject)
    throw new OAuthError(400, "invalid_request", "subject (the signed assertion) is required");
  const identity = await verifyIdentityAssertion(core, body.subject, "assertion");
  assertIdentityUsable(core, identity);
  const tenant = { account_id: identity.account_id, project_id: identity.project_id };
  const policy = core.store.policyForIdentity(identity, tenant);
  const requested = splitScopes(body.scope);
  const scopes = requested.length > 0 ? requested : [...(policy.allowed_scopes ?? identity.allowed_scopes)];
  if (!policy.allowed_scopes?.length && identity.allowed_scopes.length > 0) {
    const outside = scopes.filter((s) => !identity.allowed_scopes.includes(s));
    if (outside.length > 0)
      throw new OAuthError(400, "insufficient_scope", `scopes not allowed: ${outside.join(" ")}`);
  }
  const ttl = resolveTtl(core, { identity });
  enforcePolicy(core, policy, {
    grantType: "jwt_bearer",
    ttlSeconds: ttl,
    scopes,
    trustLevel: identity.trust_level,
  });
  const minted = await mintToken(core, {
    tenant,
    identity,
    subject: wimseUri(tenant, identity.identity_type, identity.external_id),
    grantType: "jwt_bearer",
    alg: "ES256",
    scopes,
    ttlSeconds: ttl,
  });
  return minted.response;
}
