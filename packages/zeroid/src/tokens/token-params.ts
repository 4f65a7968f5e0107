import type { RequestOptions } from "@highflame/core";
import type { GrantType, GrantTypeName } from "../enums.js";

/** Scopes: a space-delimited string or a list (joined with spaces on the wire). */
export type ScopeInput = string | readonly string[];

/** Body of `POST /oauth2/token` (wire snake_case; spec §3.1). */
export interface TokenRequest {
  /**
   * Grant to use. The short names `jwt_bearer` and `token_exchange` are accepted and sent as their URNs.
   */
  grant_type: GrantType | GrantTypeName | (string & {});
  client_id?: string;
  client_secret?: string;
  /** Space-delimited or a list. */
  scope?: ScopeInput;
  account_id?: string;
  project_id?: string;
  /** jwt-bearer: the self-signed assertion (ZeroID reads `subject`, not RFC 7523's `assertion`). */
  subject?: string;
  /** api_key grant: the `zid_sk_…` key. */
  api_key?: string;
  subject_token?: string;
  subject_token_type?: string;
  /** Token exchange: the actor's self-signed assertion. */
  actor_token?: string;
  user_id?: string;
  user_email?: string;
  user_name?: string;
  application_id?: string;
  additional_claims?: Record<string, unknown>;
  role?: string;
  privilege_scope?: string[];
  /** Profile name (external principal exchange). */
  audience?: string;
  issue_refresh_token?: boolean;
  code?: string;
  code_verifier?: string;
  redirect_uri?: string;
  refresh_token?: string;
  auth_req_id?: string;
  [param: string]: unknown;
}

/** OAuth client credentials for introspection, revocation and the token endpoint. */
export interface ClientCredentials {
  /** Registered `client_id`. */
  clientId: string;
  /** Its secret (omit for a public client). Never logged. */
  clientSecret?: string | undefined;
  /**
   * How to send them: `post` (in the body, default; works with every server release) or `basic`
   * (`Authorization: Basic`, newer servers only).
   */
  method?: "post" | "basic" | undefined;
}

/** Per-call options of token endpoint calls. */
export interface TokenCallOptions extends RequestOptions {
  /** A DPoP proof JWT, sent as the `DPoP` header to bind the token. */
  dpop?: string | undefined;
}

/** Options of `tokens.introspect`, `tokens.revoke` and `tokens.session`. */
export interface ClientAuthOptions extends RequestOptions, Partial<ClientCredentials> {}
