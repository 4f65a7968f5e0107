// The enums are the SDK's own (`@highflame/zeroid`), so the server and the client cannot drift apart.
import {
  AGENT_SUB_TYPES,
  APPLICATION_SUB_TYPES,
  GRANT_TYPE_NAMES,
  type GrantTypeName,
  IDENTITY_STATUSES,
  IDENTITY_TYPES,
  type IdentityStatus,
  type IdentityType,
  SERVICE_SUB_TYPES,
  SIGNAL_SEVERITIES,
  SIGNAL_TYPES,
  TRUST_LEVELS,
  type TrustLevel,
} from "@highflame/zeroid";

/** Tenant coordinates carried by every ZeroID resource and token. */
export interface Tenant {
  account_id: string;
  project_id: string;
}

export {
  GRANT_TYPE_NAMES as GRANT_SHORT_NAMES,
  IDENTITY_STATUSES,
  IDENTITY_TYPES,
  type IdentityStatus,
  type IdentityType,
  SIGNAL_SEVERITIES,
  SIGNAL_TYPES,
  TRUST_LEVELS,
  type TrustLevel,
};
/** A short grant name. */
export type GrantShortName = GrantTypeName;

/** Allowed `sub_type` values per identity type; an empty list means any value is accepted. */
export const SUB_TYPES: Record<IdentityType, readonly string[]> = {
  agent: AGENT_SUB_TYPES,
  application: APPLICATION_SUB_TYPES,
  service: SERVICE_SUB_TYPES,
  mcp_server: [],
};

/** A registered workload identity (agent, application, MCP server or service). */
export interface Identity extends Tenant {
  id: string;
  name: string;
  external_id: string;
  identity_type: IdentityType;
  sub_type: string;
  trust_level: TrustLevel;
  status: IdentityStatus;
  origin: string;
  owner_user_id?: string;
  credential_policy_id?: string;
  api_key_credential_policy_id?: string;
  framework: string;
  version: string;
  publisher: string;
  description: string;
  capabilities: unknown[];
  labels: Record<string, string>;
  metadata: Record<string, unknown>;
  allowed_scopes: string[];
  public_key_pem?: string;
  capability_tier?: string;
  risk_tier?: string;
  ial?: string;
  expires_at?: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  modified_by?: string;
  delegation_depth: number;
}

/** A stored API key (only the SHA-256 hash of the secret is kept). */
export interface ApiKeyRecord extends Tenant {
  id: string;
  name: string;
  description: string;
  key_hash: string;
  key_prefix: string;
  environment: "live" | "test";
  scopes: string[];
  identity_id?: string;
  credential_policy_id?: string;
  product?: string;
  metadata: Record<string, unknown>;
  created_by: string;
  usage_count: number;
  last_used_at?: string;
  revoked_at?: string;
  revoke_reason?: string;
  expires_at?: string;
  created_at: string;
}

/** A registered OAuth client (global; tenant resolved at token time). */
export interface OAuthClientRecord {
  id: string;
  client_id: string;
  name: string;
  client_type: "confidential" | "public";
  secret_hash?: string;
  grant_types: string[];
  redirect_uris: string[];
  scopes: string[];
  is_active: boolean;
  extra: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** A credential policy governing token issuance. */
export interface CredentialPolicy extends Tenant {
  id: string;
  name: string;
  description?: string;
  max_ttl_seconds: number;
  allowed_grant_types: string[];
  allowed_scopes?: string[];
  required_trust_level?: string;
  required_attestation?: string;
  max_delegation_depth: number;
  source?: string;
  source_key?: string;
  is_active: boolean;
  is_default?: boolean;
  expires_at?: string;
  created_at: string;
  updated_at: string;
}

/** The server-side record of one issued access token. */
export interface IssuedCredential extends Tenant {
  id: string;
  identity_id?: string;
  jti: string;
  subject: string;
  issued_at: string;
  expires_at: string;
  ttl_seconds: number;
  scopes: string[];
  is_revoked: boolean;
  revoked_at?: string;
  revoke_reason?: string;
  grant_type: string;
  delegation_depth: number;
  parent_jti?: string;
  delegated_by_wimse_uri?: string;
  mission_id?: string;
  api_key_id?: string;
}

/** A recorded CAE signal. */
export interface CAESignal extends Tenant {
  id: string;
  identity_id?: string;
  signal_type: string;
  severity: string;
  source: string;
  payload?: Record<string, unknown>;
  processed_at?: string;
  created_at: string;
  mission_id?: string;
}

/** Claims of an access token minted by this server. */
export interface AccessTokenClaims {
  sub: string;
  account_id: string;
  project_id: string;
  scopes?: string[];
  jti: string;
  exp: number;
  [k: string]: unknown;
}
