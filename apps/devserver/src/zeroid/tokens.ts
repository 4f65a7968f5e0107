import { createVerifier, type Verifier } from "@highflame/zeroid";
import { SignJWT } from "jose";
import { nowSeconds, type ZeroIDCore } from "./core.js";
import { InvalidTokenError } from "./errors.js";
import type { SigningAlg } from "./keys.js";
import type { AccessTokenClaims, Identity, IssuedCredential, Tenant } from "./types.js";
import { compact, isoAt, newId } from "./util.js";

/** Everything needed to mint one access token. */
export interface MintRequest {
  tenant: Tenant;
  identity?: Identity;
  subject: string;
  /** Claim `grant_type` (short name). */
  grantType: string;
  alg: SigningAlg;
  scopes: string[];
  ttlSeconds: number;
  act?: { sub: string };
  delegationDepth?: number;
  parentJti?: string;
  missionId?: string;
  delegatedBy?: string;
  apiKeyId?: string;
  extraClaims?: Record<string, unknown>;
}

/** Token endpoint success body (spec §3.4). */
export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope?: string;
  jti: string;
  iat: number;
  account_id?: string;
  project_id?: string;
  external_id?: string;
  user_id?: string;
}

/** Result of {@link mintToken}. */
export interface MintResult {
  response: TokenResponse;
  credential: IssuedCredential;
  claims: AccessTokenClaims;
}

function identityClaims(identity: Identity | undefined): Record<string, unknown> {
  if (!identity) return { external_id: "", identity_type: "", sub_type: "", trust_level: "", status: "" };
  const claims: Record<string, unknown> = {
    external_id: identity.external_id,
    identity_type: identity.identity_type,
    sub_type: identity.sub_type,
    trust_level: identity.trust_level,
    status: identity.status,
  };
  if (identity.owner_user_id) claims.owner_user_id = identity.owner_user_id;
  if (identity.name) claims.name = identity.name;
  if (identity.framework) claims.framework = identity.framework;
  if (identity.version) claims.version = identity.version;
  if (identity.publisher) claims.publisher = identity.publisher;
  if (identity.capabilities.length > 0) claims.capabilities = identity.capabilities;
  return claims;
}

/** Signs an access token with the current key for `alg`, records it as an IssuedCredential and returns both. */
export async function mintToken(core: ZeroIDCore, req: MintRequest): Promise<MintResult> {
  const issuer = core.issuer();
  const iat = nowSeconds(core);
  const exp = iat + req.ttlSeconds;
  const jti = newId();
  const depth = req.delegationDepth ?? 0;
  const claims: AccessTokenClaims = compact({
    ...req.extraClaims,
    ...identityClaims(req.identity),
    iss: issuer,
    sub: req.subject,
    aud: [issuer],
    iat,
    exp,
    jti,
    account_id: req.tenant.account_id,
    project_id: req.tenant.project_id,
    grant_type: req.grantType,
    scopes: req.scopes.length > 0 ? req.scopes : undefined,
    delegation_depth: depth > 0 ? depth : undefined,
    act: req.act,
    mission_id: req.missionId,
  });
  const key = core.keys.signingKey(req.alg);
  const accessToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: req.alg, kid: key.kid, typ: "JWT" })
    .sign(key.privateKey);
  const credential: IssuedCredential = compact({
    id: newId(),
    identity_id: req.identity?.id,
    account_id: req.tenant.account_id,
    project_id: req.tenant.project_id,
    jti,
    subject: req.subject,
    issued_at: isoAt(iat * 1000),
    expires_at: isoAt(exp * 1000),
    ttl_seconds: req.ttlSeconds,
    scopes: req.scopes,
    is_revoked: false,
    grant_type: req.grantType,
    delegation_depth: depth,
    parent_jti: req.parentJti,
    delegated_by_wimse_uri: req.delegatedBy,
    mission_id: req.missionId ?? jti,
    api_key_id: req.apiKeyId,
  });
  core.store.addCredential(credential);
  core.changed();
  const response: TokenResponse = compact({
    access_token: accessToken,
    token_type: "Bearer" as const,
    expires_in: req.ttlSeconds,
    scope: req.scopes.length > 0 ? req.scopes.join(" ") : undefined,
    jti,
    iat,
  });
  return { response, credential, claims };
}

/** Maps the SDK verifier's error codes to this server's `InvalidTokenError` reasons. */
const REASON_BY_CODE: Record<string, string> = {
  malformed_token: "malformed",
  algorithm_not_allowed: "unsupported_alg",
  unknown_key: "unknown_kid",
  invalid_signature: "invalid_signature",
  token_expired: "token_expired",
  token_not_yet_valid: "token_not_yet_valid",
  claim_missing: "invalid_claims",
  claim_invalid: "invalid_claims",
  issuer_mismatch: "invalid_token",
  audience_mismatch: "invalid_token",
};

const verifiers = new WeakMap<ZeroIDCore, Verifier>();

/**
 * The SDK's own verifier (`@highflame/zeroid`), fed this server's current JWKS from memory: no cache age and no
 * refetch cooldown, so rotation and retirement take effect on the next request.
 */
function verifierFor(core: ZeroIDCore): Verifier {
  let verifier = verifiers.get(core);
  if (!verifier) {
    verifier = createVerifier({
      jwksUrl: "http://zeroid.local/.well-known/jwks.json",
      fetch: async () =>
        new Response(JSON.stringify(core.keys.jwks()), { headers: { "content-type": "application/json" } }),
      maxAgeMs: 0,
      cooldownMs: 0,
      maxRetries: 0,
      now: () => core.now(),
      logLevel: "off",
    });
    verifiers.set(core, verifier);
  }
  return verifier;
}

/**
 * Verifies a token minted by this server with the SDK verifier (allow-listed alg, kid in the current JWKS,
 * signature, `iss`, `aud` containing the issuer, `exp` with zero skew, tenancy claims), then requires a stored,
 * unrevoked credential for its `jti`.
 */
export async function verifyAccessToken(core: ZeroIDCore, token: string): Promise<AccessTokenClaims> {
  let claims: Record<string, unknown>;
  try {
    const identity = await verifierFor(core).verify(token, {
      issuer: core.issuer(),
      audience: core.issuer(),
      clockToleranceSec: 0,
      requireTenant: true,
    });
    claims = identity.claims as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    const message = err instanceof Error ? err.message : "invalid token";
    throw new InvalidTokenError(REASON_BY_CODE[code] ?? "invalid_token", message);
  }
  const credential = core.store.credentialsByJti.get(claims.jti as string);
  if (!credential) throw new InvalidTokenError("unknown_token", "token was not issued by this server");
  if (credential.is_revoked) throw new InvalidTokenError("token_revoked", "token has been revoked");
  return claims as AccessTokenClaims;
}

/** Fields that introspection returns when present in the JWT (spec §5.1). */
const INTROSPECTION_OPTIONAL = [
  "agent_id",
  "trust_level",
  "identity_type",
  "external_id",
  "delegation_depth",
  "act",
  "cnf",
  "authorization_details",
] as const;

/** The thin RFC 7662 introspection body for active claims. */
export function introspectionBody(claims: AccessTokenClaims): Record<string, unknown> {
  const body: Record<string, unknown> = {
    active: true,
    sub: claims.sub,
    iss: claims.iss,
    jti: claims.jti,
    iat: claims.iat,
    exp: claims.exp,
    scope: (claims.scopes ?? []).join(" "),
    account_id: claims.account_id,
    project_id: claims.project_id,
  };
  for (const field of INTROSPECTION_OPTIONAL) {
    const v = claims[field];
    if (v !== undefined && v !== "") body[field] = v;
  }
  return body;
}
