import { z } from "zod";
import { opt } from "./common.js";

/** `POST /oauth2/token` success body. */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string(),
  token_type: z.string(),
  /** Authoritative lifetime in seconds; never assume the requested TTL. */
  expires_in: z.number(),
  scope: opt(z.string()),
  jti: opt(z.string()),
  iat: opt(z.number()),
  account_id: opt(z.string()),
  project_id: opt(z.string()),
  external_id: opt(z.string()),
  user_id: opt(z.string()),
  refresh_token: opt(z.string()),
  authorization_details: opt(z.array(z.unknown())),
});
/** A token endpoint response (`access_token`, `token_type`, `expires_in`, …). */
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
/**
 * Name of {@link TokenResponse} in the published `@highflame/sdk` 0.3 API: the wire shape of a token response
 * (`access_token`, `token_type`, `expires_in`, `jti`, `iat`, `account_id`, `project_id`, …).
 */
export type AccessToken = TokenResponse;

/** `POST /oauth2/token/introspect` body: `{active: false}` or the active subset (spec §5.1). */
export const IntrospectionResponseSchema = z.looseObject({
  active: z.boolean(),
  sub: opt(z.string()),
  iss: opt(z.string()),
  jti: opt(z.string()),
  iat: opt(z.number()),
  exp: opt(z.number()),
  scope: opt(z.string()),
  account_id: opt(z.string()),
  project_id: opt(z.string()),
  agent_id: opt(z.string()),
  trust_level: opt(z.string()),
  identity_type: opt(z.string()),
  external_id: opt(z.string()),
  delegation_depth: opt(z.number()),
  act: opt(z.looseObject({ sub: z.string() })),
});
/** An RFC 7662 introspection result. */
export type IntrospectionResponse = z.infer<typeof IntrospectionResponseSchema>;

/** `POST /oauth2/token/revoke` body. */
export const RevocationResponseSchema = z.looseObject({ revoked: z.boolean() });
/** `{revoked: true}` (always, even for unknown tokens). */
export type RevocationResponse = z.infer<typeof RevocationResponseSchema>;

/** `GET /health` body. */
export const HealthResponseSchema = z.looseObject({
  status: z.string(),
  service: opt(z.string()),
  timestamp: opt(z.string()),
  uptime_ms: opt(z.number()),
});
/** Health status. */
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/** `GET /.well-known/jwks.json` body. */
export const JwksResponseSchema = z.looseObject({ keys: z.array(z.looseObject({ kty: z.string() })) });
/** The issuer's public keys. */
export type JwksResponse = z.infer<typeof JwksResponseSchema>;
