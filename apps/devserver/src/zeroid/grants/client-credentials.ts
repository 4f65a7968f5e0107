import type { RequestContext } from "../../http/context.js";
import type { ZeroIDCore } from "../core.js";
import { OAuthError } from "../errors.js";
import { assertIdentityUsable, enforcePolicy, resolveTtl } from "../policy.js";
import { mintToken, type TokenResponse } from "../tokens.js";
import { narrowScopes, splitScopes } from "../util.js";
import { wimseUri } from "../wimse.js";
import { authenticateClient, presentedClient } from "./client-auth.js";
import type { TokenRequest } from "./request.js";

/** `client_credentials` grant (spec §3.2): ES256, identity whose `external_id` is the client id, tenant in body. */
export async function clientCredentialsGrant(
  core: ZeroIDCore,
  ctx: RequestContext,
  body: TokenRequest,
): Promise<TokenResponse> {
  const client = authenticateClient(core, presentedClient(ctx, body));
  if (!client.grant_types.includes("client_credentials")) {
    throw new OAuthError(400, "unauthorized_client", "client is not allowed to use client_credentials");
  }
  if (!body.account_id || !body.project_id) {
    throw new OAuthError(400, "invalid_request", "account_id and project_id are required");
  }
  if (client.scopes.length === 0) throw new OAuthError(400, "invalid_scope", "client has no scopes");
  const tenant = { account_id: body.account_id, project_id: body.project_id };
  const identity = core.store.identityByExternalId(tenant, client.client_id);
  if (!identity)
    throw new OAuthError(401, "invalid_client", "no identity registered for this client in the tenant");
  assertIdentityUsable(core, identity);
  const requested = splitScopes(body.scope);
  const scopes = requested.length > 0 ? narrowScopes(requested, client.scopes) : [...client.scopes];
  if (scopes.length === 0)
    throw new OAuthError(400, "invalid_scope", "none of the requested scopes is allowed");
  const clientTtl = client.extra.access_token_ttl;
  const ttl = resolveTtl(core, {
    requested: typeof clientTtl === "number" && clientTtl > 0 ? clientTtl : undefined,
    identity,
  });
  enforcePolicy(core, core.store.policyForIdentity(identity, tenant), {
    grantType: "client_credentials",
    ttlSeconds: ttl,
    scopes,
    trustLevel: identity.trust_level,
  });
  const minted = await mintToken(core, {
    tenant,
    identity,
    subject: wimseUri(tenant, identity.identity_type, identity.external_id),
    grantType: "client_credentials",
    alg: "ES256",
    scopes,
    ttlSeconds: ttl,
    extraClaims: { client_id: client.client_id },
  });
  return minted.response;
}
