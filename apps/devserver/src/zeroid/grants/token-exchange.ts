import type { ZeroIDCore } from "../core.js";
import { InvalidTokenError, invalidGrant, OAuthError } from "../errors.js";
import { assertIdentityUsable, enforcePolicy, resolveTtl } from "../policy.js";
import { mintToken, type TokenResponse, verifyAccessToken } from "../tokens.js";
import type { AccessTokenClaims } from "../types.js";
import { narrowScopes, splitScopes } from "../util.js";
import { wimseUri } from "../wimse.js";
import { verifyIdentityAssertion } from "./assertion.js";
import type { TokenRequest } from "./request.js";

const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

/**
 * RFC 8693 agent delegation (spec §4.1): subject = an active token of this server, actor = the sub-agent's ES256
 * assertion. Same tenant; scopes = requested ∩ subject scopes ∩ actor allowed scopes (empty ⇒ `invalid_scope`);
 * depth + 1 checked against the actor policy; `act.sub` = subject `sub`; `mission_id` inherited (or subject
 * `jti`); child `exp` ≤ parent `exp`; ES256.
 */
export async function tokenExchangeGrant(core: ZeroIDCore, body: TokenRequest): Promise<TokenResponse> {
  if (body.subject_token_type === ID_TOKEN_TYPE) {
    throw invalidGrant("no external identity token issuers are configured");
  }
  if (!body.subject_token) throw new OAuthError(400, "invalid_request", "subject_token is required");
  if (!body.actor_token)
    throw invalidGrant("token exchange without actor_token needs a trusted principal hook");
  let parent: AccessTokenClaims;
  try {
    parent = await verifyAccessToken(core, body.subject_token);
  } catch (err) {
    const reason = err instanceof InvalidTokenError ? err.message : "invalid";
    throw invalidGrant(`subject_token is not active: ${reason}`);
  }
  const actor = await verifyIdentityAssertion(core, body.actor_token, "actor_token");
  if (actor.account_id !== parent.account_id || actor.project_id !== parent.project_id) {
    throw invalidGrant("subject and actor must belong to the same tenant");
  }
  assertIdentityUsable(core, actor);
  const tenant = { account_id: actor.account_id, project_id: actor.project_id };
  const policy = core.store.policyForIdentity(actor, tenant);
  const actorAllowed = policy.allowed_scopes?.length ? policy.allowed_scopes : actor.allowed_scopes;
  const parentScopes = Array.isArray(parent.scopes) ? parent.scopes : [];
  const requested = splitScopes(body.scope);
  const scopes = narrowScopes(
    requested.filter((s) => parentScopes.includes(s)),
    actorAllowed,
  );
  if (scopes.length === 0) {
    throw new OAuthError(
      400,
      "invalid_scope",
      "no requested scope is granted to both the subject and the actor",
    );
  }
  const parentDepth = typeof parent.delegation_depth === "number" ? parent.delegation_depth : 0;
  const depth = parentDepth + 1;
  const ttl = resolveTtl(core, { identity: actor, parentExp: parent.exp });
  enforcePolicy(core, policy, {
    grantType: "token_exchange",
    ttlSeconds: ttl,
    scopes,
    trustLevel: actor.trust_level,
    delegationDepth: depth,
  });
  const missionId =
    typeof parent.mission_id === "string" && parent.mission_id ? parent.mission_id : parent.jti;
  const minted = await mintToken(core, {
    tenant,
    identity: actor,
    subject: wimseUri(tenant, actor.identity_type, actor.external_id),
    grantType: "token_exchange",
    alg: "ES256",
    scopes,
    ttlSeconds: ttl,
    act: { sub: parent.sub },
    delegationDepth: depth,
    parentJti: parent.jti,
    missionId,
    delegatedBy: parent.sub,
  });
  return minted.response;
}
