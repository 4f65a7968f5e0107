import type { RequestContext } from "../http/context.js";
import { sendJson } from "../http/respond.js";
import type { ZeroIDCore } from "./core.js";
import { CIBA_GRANT, JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT } from "./oauth-routes.js";

const AUTH_METHODS = ["client_secret_post", "client_secret_basic", "none"];
const ALGS = ["ES256", "RS256"];

/** RFC 8414 authorization server metadata (spec §6). */
export function authorizationServerMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    introspection_endpoint: `${issuer}/oauth2/token/introspect`,
    revocation_endpoint: `${issuer}/oauth2/token/revoke`,
    registration_endpoint: `${issuer}/oauth2/register`,
    backchannel_authentication_endpoint: `${issuer}/oauth2/bc-authorize`,
    grant_types_supported: [
      "refresh_token",
      "client_credentials",
      JWT_BEARER_GRANT,
      TOKEN_EXCHANGE_GRANT,
      "api_key",
      CIBA_GRANT,
    ],
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ALGS,
    introspection_endpoint_auth_signing_alg_values_supported: ALGS,
    revocation_endpoint_auth_signing_alg_values_supported: ALGS,
    dpop_signing_alg_values_supported: ALGS,
    authorization_grant_profiles_supported: ["urn:ietf:params:oauth:grant-profile:id-jag"],
    backchannel_token_delivery_modes_supported: ["poll", "ping", "push"],
    backchannel_user_code_parameter_supported: false,
  };
}

/** RFC 9728 protected resource metadata (spec §6). */
export function protectedResourceMetadata(issuer: string): Record<string, unknown> {
  return {
    resource: issuer,
    resource_name: "ZeroID",
    authorization_servers: [issuer],
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    bearer_methods_supported: ["header"],
    dpop_bound_access_tokens_required: false,
  };
}

/** Builds the public discovery/health routes, keyed by `METHOD path`. */
export function publicRoutes(
  startedAt: number,
): Record<string, (core: ZeroIDCore, ctx: RequestContext) => Promise<void>> {
  return {
    "GET /.well-known/jwks.json": async (core, ctx) => sendJson(ctx.res, 200, core.keys.jwks()),
    "GET /.well-known/spiffe-trust-bundle.json": async (core, ctx) =>
      sendJson(ctx.res, 200, {
        keys: core.keys.jwks().keys.map((k) => ({ ...k, use: "JWT-SVID" })),
        spiffe_sequence: 1,
        spiffe_refresh_hint: 300,
      }),
    "GET /.well-known/oauth-authorization-server": async (core, ctx) =>
      sendJson(ctx.res, 200, authorizationServerMetadata(core.issuer())),
    "GET /.well-known/oauth-protected-resource": async (core, ctx) =>
      sendJson(ctx.res, 200, protectedResourceMetadata(core.issuer())),
    "GET /health": async (core, ctx) =>
      sendJson(ctx.res, 200, {
        status: "healthy",
        service: "zeroid",
        timestamp: new Date(core.now()).toISOString(),
        uptime_ms: Math.max(0, Math.round(core.now() - startedAt)),
      }),
    "GET /ready": async (_core, ctx) => sendJson(ctx.res, 200, { ready: true }),
  };
}
