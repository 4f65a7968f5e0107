import { z } from "zod";

const str = z.string().optional();

/** Schema of a `/oauth2/token` request (JSON or form); unknown parameters are ignored. */
export const tokenRequestSchema = z.looseObject({
  grant_type: z.string().min(1),
  client_id: str,
  client_secret: str,
  scope: str,
  account_id: str,
  project_id: str,
  subject: str,
  api_key: str,
  subject_token: str,
  subject_token_type: str,
  actor_token: str,
  user_id: str,
  user_email: str,
  user_name: str,
  application_id: str,
  additional_claims: z.record(z.string(), z.unknown()).optional(),
  role: str,
  privilege_scope: z.array(z.string()).optional(),
  audience: str,
  issue_refresh_token: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
  code: str,
  code_verifier: str,
  redirect_uri: str,
  refresh_token: str,
  auth_req_id: str,
});

/** A validated token request. */
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** Client credentials presented on a request, from the body or a Basic header. */
export interface PresentedClient {
  clientId?: string;
  clientSecret?: string;
  basic: boolean;
}
