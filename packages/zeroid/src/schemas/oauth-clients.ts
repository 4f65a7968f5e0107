import { z } from "zod";
import { list, opt, present } from "./common.js";

/** An OAuth client record (never carries the secret). */
export const OAuthClientSchema = z.looseObject({
  id: z.string(),
  client_id: z.string(),
  name: opt(z.string()),
  client_type: opt(z.string()),
  grant_types: opt(z.array(z.string())),
  redirect_uris: opt(z.array(z.string())),
  scopes: opt(z.array(z.string())),
  is_active: opt(z.boolean()),
});
/** An OAuth client. */
export type OAuthClient = z.infer<typeof OAuthClientSchema>;

/** `POST /oauth/clients` (and rotate-secret) response: the secret is shown once. */
export const OAuthClientCreatedSchema = z.looseObject({
  client: OAuthClientSchema,
  client_secret: present(),
  note: opt(z.string()),
});
/** A created OAuth client with its one-time secret. */
export type OAuthClientCreated = z.infer<typeof OAuthClientCreatedSchema>;

/** `GET /oauth/clients` response. */
export const OAuthClientListResponseSchema = z.looseObject({
  clients: list(OAuthClientSchema),
  total: opt(z.number()),
});
/** All OAuth clients. */
export type OAuthClientListResponse = z.infer<typeof OAuthClientListResponseSchema>;

/** `DELETE /oauth/clients/{id}` response. */
export const OAuthClientDeletedSchema = z.looseObject({ deleted: z.boolean(), id: opt(z.string()) });
/** Deletion acknowledgement (`id` is the UUID, not `client_id`). */
export type OAuthClientDeleted = z.infer<typeof OAuthClientDeletedSchema>;

/** Body of `oauthClients.create`. */
export interface CreateOAuthClientParams {
  /** Required. */
  client_id: string;
  /** Required. */
  name: string;
  description?: string;
  /** When true the server generates a secret. */
  confidential?: boolean;
  token_endpoint_auth_method?: string;
  grant_types?: string[];
  scopes?: string[];
  redirect_uris?: string[];
  access_token_ttl?: number;
  refresh_token_ttl?: number;
  jwks_uri?: string;
  jwks?: unknown;
  identity_id?: string;
  metadata?: Record<string, unknown>;
  backchannel_token_delivery_mode?: "poll" | "ping" | "push";
  [field: string]: unknown;
}
