import type { ZeroIDCore } from "../core.js";
import type { ApiKeyRecord, Tenant } from "../types.js";
import { compact, isoAt, newApiKey, newId, sha256Hex } from "../util.js";

/** Input of {@link createApiKey}. */
export interface ApiKeyInput {
  name: string;
  description?: string;
  identity_id?: string;
  credential_policy_id?: string;
  product?: string;
  scopes?: string[];
  environment?: "live" | "test";
  expires_in_days?: number;
  metadata?: Record<string, unknown>;
  created_by: string;
  /** Use this secret instead of generating one (seeded service key). */
  secret?: string;
}

/** Creates an API key; only its SHA-256 hash is stored. Returns the record and the secret (shown once). */
export function createApiKey(
  core: ZeroIDCore,
  tenant: Tenant,
  input: ApiKeyInput,
): { record: ApiKeyRecord; key: string } {
  const key = input.secret ?? newApiKey();
  const now = core.now();
  const record: ApiKeyRecord = compact({
    id: newId(),
    account_id: tenant.account_id,
    project_id: tenant.project_id,
    name: input.name,
    description: input.description ?? "",
    key_hash: sha256Hex(key),
    key_prefix: key.slice(0, 16),
    environment: input.environment ?? "live",
    scopes: input.scopes ?? [],
    identity_id: input.identity_id,
    credential_policy_id: input.credential_policy_id,
    product: input.product,
    metadata: input.metadata ?? {},
    created_by: input.created_by,
    usage_count: 0,
    expires_at:
      input.expires_in_days !== undefined ? isoAt(now + input.expires_in_days * 86_400_000) : undefined,
    created_at: isoAt(now),
  });
  core.store.apiKeys.set(record.id, record);
  core.changed();
  return { record, key };
}

/** `active`, `revoked` or `expired`. */
export function apiKeyState(core: ZeroIDCore, key: ApiKeyRecord): "active" | "revoked" | "expired" {
  if (key.revoked_at) return "revoked";
  if (key.expires_at && Date.parse(key.expires_at) <= core.now()) return "expired";
  return "active";
}

/** API key metadata as listed (never the key or its hash). */
export function apiKeyJson(core: ZeroIDCore, key: ApiKeyRecord): Record<string, unknown> {
  const { key_hash: _hash, ...rest } = key;
  return { ...rest, state: apiKeyState(core, key) };
}
