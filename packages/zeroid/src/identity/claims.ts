import type { IdentityType, SubType, TrustLevel } from "../enums.js";

/** A string enum value as read from a token: a known value, or any other string the server may add later. */
export type Open<T extends string> = T | (string & {});

/** The `act` (actor) claim of a delegated token: the delegating agent's WIMSE URI, one level only. */
export interface ActorClaim {
  /** WIMSE URI of the delegating agent (or, for `api_key` tokens, the key creator). */
  sub: string;
  [claim: string]: unknown;
}

/** Claims a ZeroID access token may carry (spec §10). Unknown claims are kept. */
export interface ZeroIDClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  account_id?: string;
  project_id?: string;
  grant_type?: string;
  mission_id?: string;
  external_id?: string;
  identity_type?: Open<IdentityType>;
  sub_type?: Open<SubType>;
  trust_level?: Open<TrustLevel>;
  status?: string;
  owner_user_id?: string;
  name?: string;
  framework?: string;
  version?: string;
  publisher?: string;
  capabilities?: unknown;
  scopes?: string[];
  scope?: string;
  delegation_depth?: number;
  act?: ActorClaim;
  user_id?: string;
  application_id?: string;
  agent_id?: string;
  session_id?: string;
  task_id?: string;
  task_type?: string;
  allowed_tools?: string[];
  workspace?: string;
  environment?: string;
  cnf?: { jkt?: string; [k: string]: unknown };
  [claim: string]: unknown;
}
