import { createApiKey } from "./admin/api-key-model.js";
import { createIdentity } from "./admin/identity-model.js";
import type { ZeroIDCore } from "./core.js";
import type { Tenant } from "./types.js";
import { newApiKey, sha256Hex } from "./util.js";

/** The seeded default tenant. */
export const DEFAULT_TENANT: Tenant = { account_id: "acct_local", project_id: "proj_local" };

/** Scopes of the seeded service key. */
export const SERVICE_KEY_SCOPES = ["guard:evaluate", "guard:read", "detect:run", "admin:read"];

/** External id of the seeded service identity. */
export const SERVICE_EXTERNAL_ID = "local-dev-service";

/** Owner recorded on seeded resources (becomes `act.sub` of service-key tokens). */
export const SEED_OWNER = "local-dev-user";

/**
 * Ensures the default tenant, its default policy, an active service identity and an API key with the given secret
 * (or a random one) exist. Returns the service key secret.
 */
export async function seedDefaultTenant(core: ZeroIDCore, serviceKey: string | undefined): Promise<string> {
  const { store } = core;
  store.defaultPolicy(DEFAULT_TENANT);
  let identity = store.identityByExternalId(DEFAULT_TENANT, SERVICE_EXTERNAL_ID);
  if (!identity) {
    identity = await createIdentity(
      core,
      DEFAULT_TENANT,
      {
        external_id: SERVICE_EXTERNAL_ID,
        name: "Local dev service",
        identity_type: "service",
        sub_type: "llm_provider",
        trust_level: "first_party",
        owner_user_id: SEED_OWNER,
        allowed_scopes: SERVICE_KEY_SCOPES,
      },
      SEED_OWNER,
    );
  }
  identity.status = "active";
  const secret = serviceKey ?? newApiKey();
  const existing = store.apiKeyByHash(sha256Hex(secret));
  if (!existing) {
    createApiKey(core, DEFAULT_TENANT, {
      name: "local dev service key",
      identity_id: identity.id,
      scopes: SERVICE_KEY_SCOPES,
      created_by: SEED_OWNER,
      secret,
    });
  } else if (existing.revoked_at) {
    delete existing.revoked_at;
    delete existing.revoke_reason;
  }
  core.changed();
  return secret;
}
