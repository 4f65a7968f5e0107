import type { RequestContext } from "../http/context.js";
import { sendJson, sendOAuthError } from "../http/respond.js";
import type { ZeroIDCore } from "./core.js";
import { InvalidTokenError, OAuthError, ProblemError } from "./errors.js";
import { apiKeyGrant } from "./grants/api-key.js";
import { authenticateClient, presentedClient } from "./grants/client-auth.js";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import { jwtBearerGrant } from "./grants/jwt-bearer.js";
import { tokenRequestSchema } from "./grants/request.js";
import { tokenExchangeGrant } from "./grants/token-exchange.js";
import { introspectionBody, type TokenResponse, verifyAccessToken } from "./tokens.js";
import { bodyOf, validate } from "./validation.js";

/** jwt-bearer grant URN. */
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** token-exchange grant URN. */
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
/** CIBA grant URN. */
export const CIBA_GRANT = "urn:openid:params:grant-type:ciba";

async function token(core: ZeroIDCore, ctx: RequestContext): Promise<void> {
  const body = validate(tokenRequestSchema, bodyOf(ctx, true), { blankValues: true });
  let response: TokenResponse;
  switch (body.grant_type) {
    case "api_key":
      response = await apiKeyGrant(core, body);
      break;
    case "client_credentials":
      response = await clientCredentialsGrant(core, ctx, body);
      break;
    case JWT_BEARER_GRANT:
      response = await jwtBearerGrant(core, body);
      break;
    case TOKEN_EXCHANGE_GRANT:
      response = await tokenExchangeGrant(core, body);
      break;
    default:
      throw new OAuthError(400, "unsupported_grant_type", `grant_type ${body.grant_type} is not supported`);
  }
  sendJson(ctx.res, 200, response);
}

/** Optional client authentication on introspect/revoke: nothing presented ⇒ anonymous (allowed in dev). */
function optionalClientAuth(core: ZeroIDCore, ctx: RequestContext, body: Record<string, unknown>): void {
  const presented = presentedClient(ctx, body);
  if (presented.clientId === undefined && presented.clientSecret === undefined) return;
  authenticateClient(core, presented);
}

function tokenField(body: Record<string, unknown>): string {
  const errors = [];
  if (body.token === undefined)
    errors.push({
      message: "expected required property token to be present",
      location: "body.token",
      value: "",
    });
  else if (typeof body.token !== "string")
    errors.push({ message: "expected string", location: "body.token", value: "" });
  if (errors.length > 0) throw new ProblemError(422, "validation failed", errors);
  return body.token as string;
}

async function introspect(core: ZeroIDCore, ctx: RequestContext): Promise<void> {
  const body = bodyOf(ctx, true);
  const jwt = tokenField(body);
  optionalClientAuth(core, ctx, body);
  try {
    const claims = await verifyAccessToken(core, jwt);
    sendJson(ctx.res, 200, introspectionBody(claims));
  } catch (err) {
    if (!(err instanceof InvalidTokenError)) throw err;
    sendJson(ctx.res, 200, { active: false });
  }
}

async function revoke(core: ZeroIDCore, ctx: RequestContext): Promise<void> {
  const body = bodyOf(ctx, true);
  const jwt = tokenField(body);
  try {
    optionalClientAuth(core, ctx, body);
  } catch (err) {
    if (err instanceof OAuthError && err.status === 401) {
      sendJson(
        ctx.res,
        401,
        { revoked: false, error: err.error, error_description: err.description },
        err.headers,
      );
      return;
    }
    throw err;
  }
  try {
    const claims = await verifyAccessToken(core, jwt);
    if (core.store.revokeCascade(claims.jti, "revoked via /oauth2/token/revoke") > 0) core.changed();
  } catch (err) {
    if (!(err instanceof InvalidTokenError)) throw err;
  }
  sendJson(ctx.res, 200, { revoked: true });
}

async function verifyForwardAuth(core: ZeroIDCore, ctx: RequestContext): Promise<void> {
  const resourceMetadata = `${core.issuer()}/.well-known/oauth-protected-resource`;
  const reject = (error: string, description: string) =>
    sendOAuthError(ctx.res, 401, error, description, {
      "www-authenticate": `Bearer error="${error}", resource_metadata="${resourceMetadata}"`,
    });
  const auth = ctx.header("authorization");
  if (!auth) return reject("missing_token", "Authorization header is required");
  const match = /^bearer\s+(\S+)$/i.exec(auth.trim());
  if (!match) return reject("invalid_authorization_header", "expected Authorization: Bearer <token>");
  let claims: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    claims = await verifyAccessToken(core, match[1]!);
  } catch (err) {
    if (!(err instanceof InvalidTokenError)) throw err;
    return reject("invalid_token", "token is not active");
  }
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const act = claims.act as { sub?: unknown } | undefined;
  sendJson(
    ctx.res,
    200,
    { active: true },
    {
      "x-forwarded-user": claims.sub,
      "x-zeroid-identity-type": str(claims.identity_type),
      "x-zeroid-trust-level": str(claims.trust_level),
      "x-zeroid-account-id": claims.account_id,
      "x-zeroid-project-id": claims.project_id,
      "x-zeroid-external-id": str(claims.external_id),
      "x-zeroid-act-sub": str(act?.sub),
    },
  );
}

/** Routes of the public `/oauth2/*` group this server implements, keyed by `METHOD path`. */
export const OAUTH_ROUTES: Record<string, (core: ZeroIDCore, ctx: RequestContext) => Promise<void>> = {
  "POST /oauth2/token": token,
  "POST /oauth2/token/introspect": introspect,
  "POST /oauth2/token/revoke": revoke,
  "GET /oauth2/token/verify": verifyForwardAuth,
};
