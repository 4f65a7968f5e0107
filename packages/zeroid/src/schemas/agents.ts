import { z } from "zod";
import {
  IDENTITY_STATUSES,
  IDENTITY_TYPES,
  type IdentityStatus,
  type IdentityType,
  SUB_TYPES,
  type SubType,
  TRUST_LEVELS,
  type TrustLevel,
} from "../enums.js";
import type { Open } from "../identity/claims.js";
import { list, openEnum, opt, type PageQuery, paging, present, presentEnum } from "./common.js";

/** Fields shared by agents and identities as returned by the server. */
const identityFields = {
  id: z.string(),
  account_id: present(),
  project_id: present(),
  name: present(),
  external_id: present(),
  wimse_uri: present(),
  identity_type: presentEnum(IDENTITY_TYPES),
  sub_type: opt(openEnum(SUB_TYPES)),
  trust_level: presentEnum(TRUST_LEVELS),
  status: presentEnum(IDENTITY_STATUSES),
  origin: opt(z.string()),
  owner_user_id: opt(z.string()),
  credential_policy_id: opt(z.string()),
  framework: opt(z.string()),
  version: opt(z.string()),
  publisher: opt(z.string()),
  description: opt(z.string()),
  capabilities: opt(z.unknown()),
  labels: opt(z.record(z.string(), z.unknown())),
  /** An object; a server that stores raw JSON may echo back a string given at registration. */
  metadata: opt(z.union([z.record(z.string(), z.unknown()), z.string()])),
  created_at: present(),
  created_by: opt(z.string()),
  updated_at: opt(z.string()),
  delegation_depth: opt(z.number()),
};

/** Agent record (`AgentResponse`). Unknown fields pass through. */
export const AgentResponseSchema = z.looseObject({ ...identityFields, api_key_prefix: opt(z.string()) });
/** An agent as returned by the admin API. */
export type AgentResponse = z.infer<typeof AgentResponseSchema>;

/** `POST /agents/register` and `POST /agents/registry/{id}/rotate-key` response. */
export const AgentRegisteredSchema = z.looseObject({ identity: AgentResponseSchema, api_key: z.string() });
/** A registered (or re-keyed) agent plus its API key, shown once. */
export type AgentRegistered = z.infer<typeof AgentRegisteredSchema>;

/** `GET /agents/registry` response. */
export const AgentListResponseSchema = z.looseObject({
  agents: list(AgentResponseSchema),
  ...paging,
  parents: opt(z.unknown()),
});
/** A page of agents. */
export type AgentListResponse = z.infer<typeof AgentListResponseSchema>;

/** Identity record (AgentResponse fields plus identity-only ones). */
export const IdentitySchema = z.looseObject({
  ...identityFields,
  allowed_scopes: opt(z.array(z.string())),
  public_key_pem: opt(z.string()),
  source_id: opt(z.string()),
  capability_tier: opt(z.string()),
  risk_tier: opt(z.string()),
  ial: opt(z.string()),
  expires_at: opt(z.string()),
  modified_by: opt(z.string()),
});
/** An identity as returned by the admin API. */
export type Identity = z.infer<typeof IdentitySchema>;

/** `GET /identities` response. */
export const IdentityListResponseSchema = z.looseObject({ identities: list(IdentitySchema), ...paging });
/** A page of identities. */
export type IdentityListResponse = z.infer<typeof IdentityListResponseSchema>;

/** Descriptive fields accepted on agent and identity writes. */
interface DescriptiveFields {
  name?: string;
  framework?: string;
  version?: string;
  publisher?: string;
  description?: string;
  capabilities?: unknown[];
  labels?: Record<string, string>;
  public_key_pem?: string;
  credential_policy_id?: string;
  /** @deprecated Feeds delegation only when no policy scopes are set. */
  allowed_scopes?: string[];
  /** RFC 3339. */
  expires_at?: string;
}

/** Body of `agents.register`. */
export interface RegisterAgentParams extends DescriptiveFields {
  /** Display name. Required. */
  name: string;
  /** Stable external id (`[A-Za-z0-9._-]`). Required. */
  external_id: string;
  /** Default `agent`. */
  identity_type?: IdentityType;
  /** Default `tool_agent`. */
  sub_type?: SubType;
  /** Default `unverified`. */
  trust_level?: TrustLevel;
  /**
   * Free-form metadata: an object, or a string holding JSON (sent as is; ZeroID stores `metadata` as raw JSON).
   */
  metadata?: Record<string, unknown> | string;
  /** Owning user (→ `owner_user_id`). Required unless the client sends `X-User-ID` (`userId` option). */
  created_by?: string;
  /** Narrower credential policy for the bootstrap API key. */
  api_key_credential_policy_id?: string;
  [field: string]: unknown;
}

/** Name of {@link RegisterAgentParams} in the published `@highflame/sdk` 0.3 API. */
export type RegisterAgentRequest = RegisterAgentParams;

/** Body of `agents.update` (PATCH). */
export interface UpdateAgentParams extends DescriptiveFields {
  sub_type?: SubType;
  trust_level?: TrustLevel;
  status?: "active" | "suspended" | "deactivated";
  updated_by?: string;
  [field: string]: unknown;
}

/** Query of `agents.list` and `identities.list`. */
export interface IdentityListQuery extends PageQuery {
  /** One type or several (repeated parameter). Any string is sent as given, so a newer server's values work. */
  identity_type?: Open<IdentityType> | readonly Open<IdentityType>[] | undefined;
  /** One level or several. */
  trust_level?: Open<TrustLevel> | readonly Open<TrustLevel>[] | undefined;
  /** One status or several. */
  status?: Open<IdentityStatus> | readonly Open<IdentityStatus>[] | undefined;
  /** `key:value`. */
  label?: string;
  search?: string;
  owner_user_id?: string;
  [param: string]: string | number | boolean | readonly string[] | undefined;
}

/** Body of `identities.create`. */
export interface CreateIdentityParams extends DescriptiveFields {
  /** Required. */
  external_id: string;
  /** Required. */
  owner_user_id: string;
  identity_type?: IdentityType;
  sub_type?: SubType;
  trust_level?: TrustLevel;
  capability_tier?: "low" | "high";
  risk_tier?: "low" | "high";
  ial?: "ial1" | "ial2" | "ial3";
  [field: string]: unknown;
}

/** Body of `identities.update` (PATCH). `expires_at: ""` clears the expiry. */
export interface UpdateIdentityParams extends DescriptiveFields {
  sub_type?: SubType;
  trust_level?: TrustLevel;
  status?: IdentityStatus;
  [field: string]: unknown;
}
