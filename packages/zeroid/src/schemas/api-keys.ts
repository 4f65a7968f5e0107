import { z } from "zod";
import { list, opt } from "./common.js";

/** An API key record (list/get never carry the key itself). */
export const ApiKeySchema = z.looseObject({
  id: z.string(),
  name: opt(z.string()),
  description: opt(z.string()),
  key_prefix: opt(z.string()),
  identity_id: opt(z.string()),
  environment: opt(z.string()),
  scopes: opt(z.array(z.string())),
  state: opt(z.string()),
  usage_count: opt(z.number()),
  last_used_at: opt(z.string()),
  revoked_at: opt(z.string()),
  expires_at: opt(z.string()),
  created_by: opt(z.string()),
  created_at: opt(z.string()),
});
/** An API key's metadata. */
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** `POST /api-keys` response: the record plus `key`, shown once. */
export const ApiKeyCreatedSchema = ApiKeySchema.extend({ key: z.string() });
/** A freshly created API key, including the secret `key` (shown once). */
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

/** `GET /api-keys` response. */
export const ApiKeyListResponseSchema = z.looseObject({
  keys: list(ApiKeySchema),
  total: opt(z.number()),
  page: opt(z.number()),
  limit: opt(z.number()),
});
/** A page of API keys. */
export type ApiKeyListResponse = z.infer<typeof ApiKeyListResponseSchema>;

/** `POST /api-keys/{id}/revoke` response. */
export const MessageResponseSchema = z.looseObject({ message: opt(z.string()) });
/** A `{message}` acknowledgement. */
export type MessageResponse = z.infer<typeof MessageResponseSchema>;

/** Body of `apiKeys.create`. */
export interface CreateApiKeyParams {
  /** Required. */
  name: string;
  description?: string;
  identity_id?: string;
  /** Must be within the identity's policy. */
  credential_policy_id?: string;
  product?: string;
  scopes?: string[];
  /** Default `live`. */
  environment?: "live" | "test";
  /** Absent: never expires. */
  expires_in_days?: number;
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Query of `apiKeys.list`. */
export interface ApiKeyListQuery {
  product?: string;
  application_id?: string;
  state?: "active" | "revoked" | "expired";
  label?: string;
  /** 1-based page. Default 1. */
  page?: number;
  /** Default 20. */
  limit?: number;
  [param: string]: string | number | boolean | readonly string[] | undefined;
}
