import { importSPKI } from "jose";
import { z } from "zod";
import type { ZeroIDCore } from "../core.js";
import { ProblemError } from "../errors.js";
import {
  IDENTITY_STATUSES,
  IDENTITY_TYPES,
  type Identity,
  type IdentityType,
  SUB_TYPES,
  type Tenant,
  TRUST_LEVELS,
} from "../types.js";
import { compact, isoAt, newId } from "../util.js";
import { WIMSE_SEGMENT, wimseUri } from "../wimse.js";
import { badRequest, isoDate } from "./common.js";

/**
 * `metadata`: an object, or (as ZeroID's Go server takes it as raw JSON, and the published SDK sends it) a string
 * holding a JSON object, which is stored as that object. Anything else is a 422.
 */
const metadataSchema = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  },
  z.record(z.string(), z.unknown()),
);

/** Fields shared by agent registration and identity creation. */
export const identityFieldsSchema = {
  name: z.string().max(255).optional(),
  external_id: z.string().min(1).max(255).regex(WIMSE_SEGMENT, "external_id may only contain [A-Za-z0-9._-]"),
  identity_type: z.enum(IDENTITY_TYPES).optional(),
  sub_type: z.string().optional(),
  trust_level: z.enum(TRUST_LEVELS).optional(),
  framework: z.string().optional(),
  version: z.string().optional(),
  publisher: z.string().optional(),
  description: z.string().optional(),
  capabilities: z.array(z.unknown()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  metadata: metadataSchema.optional(),
  allowed_scopes: z.array(z.string()).optional(),
  public_key_pem: z.string().optional(),
  credential_policy_id: z.string().optional(),
  expires_at: isoDate.optional(),
};

/** Patchable identity fields (all optional). */
export const identityPatchSchema = z.object({
  name: z.string().max(255).optional(),
  sub_type: z.string().optional(),
  trust_level: z.enum(TRUST_LEVELS).optional(),
  framework: z.string().optional(),
  version: z.string().optional(),
  publisher: z.string().optional(),
  description: z.string().optional(),
  capabilities: z.array(z.unknown()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  metadata: metadataSchema.optional(),
  allowed_scopes: z.array(z.string()).optional(),
  public_key_pem: z.string().optional(),
  credential_policy_id: z.string().optional(),
  status: z.enum(IDENTITY_STATUSES).optional(),
  updated_by: z.string().optional(),
  capability_tier: z.enum(["low", "high"]).optional(),
  risk_tier: z.enum(["low", "high"]).optional(),
  ial: z.enum(["ial1", "ial2", "ial3"]).optional(),
  expires_at: z.union([isoDate, z.literal("")]).optional(),
});

const DEFAULT_SUB_TYPE: Record<IdentityType, string> = {
  agent: "tool_agent",
  application: "api_service",
  service: "llm_provider",
  mcp_server: "",
};

/** Input for {@link createIdentity}. */
export type IdentityInput = {
  [K in keyof typeof identityFieldsSchema]?: z.infer<(typeof identityFieldsSchema)[K]>;
} & {
  external_id: string;
  owner_user_id?: string;
  api_key_credential_policy_id?: string;
  capability_tier?: string;
  risk_tier?: string;
  ial?: string;
};

/** Rejects a sub_type that does not belong to the identity type (400). */
export function checkSubType(identityType: IdentityType, subType: string): void {
  const allowed = SUB_TYPES[identityType];
  if (subType !== "" && allowed.length > 0 && !allowed.includes(subType)) {
    throw badRequest(`sub_type ${subType} is not valid for identity_type ${identityType}`);
  }
}

/** Rejects a public key that is not a P-256 SPKI PEM (400). */
export async function checkPublicKey(pem: string | undefined): Promise<void> {
  if (pem === undefined || pem === "") return;
  try {
    await importSPKI(pem, "ES256");
  } catch {
    throw badRequest("public_key_pem must be an EC P-256 public key in SPKI PEM form");
  }
}

/** Rejects a credential policy id unknown in the tenant (400). */
export function checkPolicyRef(
  core: ZeroIDCore,
  tenant: Tenant,
  id: string | undefined,
  field: string,
): void {
  if (id && !core.store.getInTenant(core.store.policies, id, tenant)) {
    throw badRequest(`${field} ${id} does not reference a credential policy of this tenant`);
  }
}

/** Validates and stores a new active identity; 409 on a duplicate `external_id` in the tenant. */
export async function createIdentity(
  core: ZeroIDCore,
  tenant: Tenant,
  input: IdentityInput,
  createdBy: string,
): Promise<Identity> {
  const existing = core.store.identityByExternalId(tenant, input.external_id);
  if (existing) {
    const extra = existing.status === "deactivated" ? ` (deactivated identity ${existing.id})` : "";
    throw new ProblemError(409, `identity with external_id ${input.external_id} already exists${extra}`);
  }
  const identityType = input.identity_type ?? "agent";
  const subType = input.sub_type ?? DEFAULT_SUB_TYPE[identityType];
  checkSubType(identityType, subType);
  await checkPublicKey(input.public_key_pem);
  checkPolicyRef(core, tenant, input.credential_policy_id, "credential_policy_id");
  checkPolicyRef(core, tenant, input.api_key_credential_policy_id, "api_key_credential_policy_id");
  const at = isoAt(core.now());
  const identity: Identity = compact({
    id: newId(),
    account_id: tenant.account_id,
    project_id: tenant.project_id,
    name: input.name ?? input.external_id,
    external_id: input.external_id,
    identity_type: identityType,
    sub_type: subType,
    trust_level: input.trust_level ?? "unverified",
    status: "active" as const,
    origin: "native",
    owner_user_id: input.owner_user_id,
    credential_policy_id: input.credential_policy_id,
    api_key_credential_policy_id: input.api_key_credential_policy_id,
    framework: input.framework ?? "",
    version: input.version ?? "",
    publisher: input.publisher ?? "",
    description: input.description ?? "",
    capabilities: input.capabilities ?? [],
    labels: input.labels ?? {},
    metadata: input.metadata ?? {},
    allowed_scopes: input.allowed_scopes ?? [],
    public_key_pem: input.public_key_pem || undefined,
    capability_tier: input.capability_tier,
    risk_tier: input.risk_tier,
    ial: input.ial,
    expires_at: input.expires_at,
    created_at: at,
    created_by: createdBy,
    updated_at: at,
    delegation_depth: 0,
  });
  core.store.identities.set(identity.id, identity);
  core.changed();
  return identity;
}

/** Identity JSON (spec §9.2): the stored fields plus `wimse_uri`. */
export function identityJson(identity: Identity): Record<string, unknown> {
  const { api_key_credential_policy_id: _omit, ...rest } = identity;
  return { ...rest, wimse_uri: wimseUri(identity, identity.identity_type, identity.external_id) };
}

/** AgentResponse (spec §9.1): identity JSON minus identity-only fields, plus `api_key_prefix`. */
export function agentJson(core: ZeroIDCore, identity: Identity): Record<string, unknown> {
  const { allowed_scopes: _a, public_key_pem: _p, api_key_credential_policy_id: _k, ...rest } = identity;
  const key = [...core.store.apiKeys.values()]
    .filter((k) => k.identity_id === identity.id && !k.revoked_at)
    .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  return {
    ...rest,
    wimse_uri: wimseUri(identity, identity.identity_type, identity.external_id),
    api_key_prefix: key?.key_prefix ?? "",
  };
}

/** Applies list filters (identity_type, trust_level, status, search, owner_user_id, label `k:v`). */
export function filterIdentities(list: Identity[], query: Record<string, string>): Identity[] {
  const multi = (v: string | undefined) => (v ?? "").split(",").filter((s) => s !== "");
  const types = multi(query.identity_type);
  const trust = multi(query.trust_level);
  const status = multi(query.status);
  const search = query.search?.toLowerCase();
  const label = query.label;
  return list.filter((i) => {
    if (types.length > 0 && !types.includes(i.identity_type)) return false;
    if (trust.length > 0 && !trust.includes(i.trust_level)) return false;
    if (status.length > 0 && !status.includes(i.status)) return false;
    if (query.owner_user_id && i.owner_user_id !== query.owner_user_id) return false;
    if (search && !`${i.name} ${i.external_id} ${i.description}`.toLowerCase().includes(search)) return false;
    if (label) {
      const [k, v] = label.split(":");
      if (k === undefined || i.labels[k] !== v) return false;
    }
    return true;
  });
}
