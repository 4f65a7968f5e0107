import { z } from "zod";
import { list, opt, present } from "./common.js";
import { TokenResponseSchema } from "./tokens.js";

/** An issued-token record. */
export const IssuedCredentialSchema = z.looseObject({
  id: z.string(),
  identity_id: opt(z.string()),
  account_id: opt(z.string()),
  project_id: opt(z.string()),
  jti: opt(z.string()),
  subject: opt(z.string()),
  issued_at: present(),
  expires_at: present(),
  ttl_seconds: opt(z.number()),
  scopes: list(z.string()),
  is_revoked: opt(z.boolean()),
  revoked_at: opt(z.string()),
  revoke_reason: opt(z.string()),
  grant_type: opt(z.string()),
  delegation_depth: opt(z.number()),
  parent_jti: opt(z.string()),
  delegated_by_wimse_uri: opt(z.string()),
  mission_id: opt(z.string()),
  dpop_key_thumbprint: opt(z.string()),
  audit_retention_until: opt(z.string()),
});
/** The record of one issued token. */
export type IssuedCredential = z.infer<typeof IssuedCredentialSchema>;

/** `POST /credentials/issue` and `/credentials/{id}/rotate` response. */
export const CredentialIssuedSchema = z.looseObject({
  token: TokenResponseSchema,
  credential: IssuedCredentialSchema,
});
/** A token and its credential record. */
export type CredentialIssued = z.infer<typeof CredentialIssuedSchema>;

/** `GET /credentials` response. */
export const CredentialListResponseSchema = z.looseObject({
  credentials: list(IssuedCredentialSchema),
  total: opt(z.number()),
});
/** Credentials of an identity or mission. */
export type CredentialListResponse = z.infer<typeof CredentialListResponseSchema>;

/** `POST /credentials/{id}/revoke` response. */
export const CredentialRevokedSchema = z.looseObject({ revoked: z.boolean(), id: opt(z.string()) });
/** Revocation acknowledgement. */
export type CredentialRevoked = z.infer<typeof CredentialRevokedSchema>;

/** Body of `credentials.issue`. */
export interface IssueCredentialParams {
  /** Required. */
  identity_id: string;
  scopes?: string[];
  ttl_seconds?: number;
  /** Short grant name. Default `client_credentials`. */
  grant_type?: string;
  audience?: string;
  [field: string]: unknown;
}

/** Query of `credentials.list`: one of `identity_id` or `mission_id`. */
export interface CredentialListQuery {
  identity_id?: string;
  mission_id?: string;
  [param: string]: string | number | boolean | readonly string[] | undefined;
}
