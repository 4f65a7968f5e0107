import { z } from "zod";
import { type GrantTypeName, TRUST_LEVELS, type TrustLevel } from "../enums.js";
import { list, openEnum, opt } from "./common.js";

/** A credential policy record. */
export const CredentialPolicySchema = z.looseObject({
  id: z.string(),
  account_id: opt(z.string()),
  project_id: opt(z.string()),
  name: opt(z.string()),
  description: opt(z.string()),
  max_ttl_seconds: opt(z.number()),
  allowed_grant_types: opt(z.array(z.string())),
  allowed_scopes: opt(z.array(z.string())),
  required_trust_level: opt(openEnum(TRUST_LEVELS)),
  required_attestation: opt(z.string()),
  max_delegation_depth: opt(z.number()),
  source: opt(z.string()),
  source_key: opt(z.string()),
  is_active: opt(z.boolean()),
  expires_at: opt(z.string()),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
});
/** A credential policy. */
export type CredentialPolicy = z.infer<typeof CredentialPolicySchema>;

/** `GET /credential-policies` response. */
export const CredentialPolicyListResponseSchema = z.looseObject({
  credential_policies: list(CredentialPolicySchema),
  total: opt(z.number()),
});
/** All credential policies of the tenant. */
export type CredentialPolicyListResponse = z.infer<typeof CredentialPolicyListResponseSchema>;

/** Body of `credentialPolicies.create`. */
export interface CreateCredentialPolicyParams {
  /** Required; unique per tenant. */
  name: string;
  description?: string;
  /** Default 3600. Issuance with a longer TTL is rejected (`policy_violation`). */
  max_ttl_seconds?: number;
  /** Short grant names. */
  allowed_grant_types?: GrantTypeName[];
  allowed_scopes?: string[];
  required_trust_level?: TrustLevel;
  required_attestation?: "software" | "platform" | "hardware";
  /** `0` forbids delegation. */
  max_delegation_depth?: number;
  source?: string;
  source_key?: string;
  /** RFC 3339. */
  expires_at?: string;
  [field: string]: unknown;
}

/** Body of `credentialPolicies.update` (PATCH). */
export interface UpdateCredentialPolicyParams extends Partial<CreateCredentialPolicyParams> {
  is_active?: boolean;
}
