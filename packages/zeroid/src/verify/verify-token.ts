import {
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  jwtVerify,
} from "jose";
import { verificationError, ZeroIDError } from "../errors/zeroid-error.js";
import type { ZeroIDClaims } from "../identity/claims.js";
import { identityFromOwnClaims, type ZeroIDIdentity } from "../identity/identity.js";
import type { JwksCache } from "./jwks-cache.js";
import type { VerifyPolicy } from "./policy.js";

const REQUIRED_CLAIMS: string[] = ["exp", "sub", "jti"];

/**
 * Verifies a compact JWS against a {@link JwksCache} under `policy` and returns the identity. Order: shape,
 * algorithm allow-list (before any key lookup), key by `kid`, signature, then `exp`/`nbf`/`iat`, `iss`,
 * `aud`, required claims and tenancy. Every failure is a `ZeroIDError` with a verification code.
 * @internal
 */
export async function verifyToken(
  token: unknown,
  keys: JwksCache,
  policy: VerifyPolicy,
): Promise<ZeroIDIdentity> {
  if (typeof token !== "string" || token.trim() === "") {
    throw verificationError(
      typeof token === "string" ? "missing_token" : "malformed_token",
      "No token given",
    );
  }
  const nowMs = policy.now();
  const base = joseOptions(policy);
  // On the real clock jose reads the time itself, so the options built once per policy serve every call; a
  // policy with its own clock (`now`) passes that time to jose.
  const options: JWTVerifyOptions =
    policy.now === Date.now ? base : { ...base, currentDate: new Date(nowMs) };
  let result: JWTVerifyResult<JWTPayload>;
  try {
    // jose checks the shape, the header and the algorithm allow-list before it asks for a key, so a token
    // that fails the checks below never reaches the key set; they run only on failure, to name the problem.
    result = await jwtVerify(token, keys.resolver, options);
  } catch (error) {
    checkHeader(token, policy);
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      result = await tryEach(token, error, options);
    } else {
      throw mapJoseError(error, policy.issuer);
    }
  }
  const claims = result.payload as ZeroIDClaims;
  checkClaims(claims, policy, nowMs);
  return identityFromOwnClaims(claims);
}

type JoseBase = JWTVerifyOptions & {
  algorithms: string[];
  clockTolerance: number;
  requiredClaims: string[];
  issuer: string | undefined;
  audience: string[] | undefined;
};

/** jose options of a policy, built once per policy object (the verifier's default policy lives as long as it). */
const joseBases = new WeakMap<VerifyPolicy, JoseBase>();

function joseOptions(policy: VerifyPolicy): JoseBase {
  let base = joseBases.get(policy);
  if (base === undefined) {
    base = {
      algorithms: [...policy.algorithms],
      clockTolerance: policy.clockToleranceSec,
      requiredClaims: REQUIRED_CLAIMS,
      issuer: policy.issuer,
      audience: policy.audience === undefined ? undefined : [...policy.audience],
    };
    joseBases.set(policy, base);
  }
  return base;
}

/** Shape, header and algorithm allow-list, in that order: each failure is a `ZeroIDError`. */
function checkHeader(token: string, policy: VerifyPolicy): void {
  if (token.split(".").length !== 3) {
    throw verificationError("malformed_token", "Token is not a compact JWS (header.payload.signature)");
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    throw verificationError("malformed_token", "Token header is not valid base64url JSON", cause);
  }
  if (typeof header.alg !== "string" || !(policy.algorithms as readonly string[]).includes(header.alg)) {
    throw verificationError(
      "algorithm_not_allowed",
      `Token algorithm ${JSON.stringify(String(header.alg).slice(0, 32))} is not allowed (allowed: ${policy.algorithms.join(", ")})`,
    );
  }
}

async function tryEach(
  token: string,
  multiple: errors.JWKSMultipleMatchingKeys,
  options: Parameters<typeof jwtVerify>[2],
): Promise<JWTVerifyResult<JWTPayload>> {
  let last: unknown = multiple;
  try {
    // Iterating imports each candidate key: a malformed JWK throws here, not in jwtVerify.
    for await (const key of multiple as unknown as AsyncIterable<CryptoKey>) {
      try {
        return await jwtVerify(token, key, options);
      } catch (error) {
        last = error;
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) break;
      }
    }
  } catch (error) {
    throw keyError(error);
  }
  throw mapJoseError(last, (options as { issuer?: string } | undefined)?.issuer);
}

function checkClaims(claims: ZeroIDClaims, policy: VerifyPolicy, nowMs: number): void {
  const nowSec = Math.floor(nowMs / 1000);
  if (typeof claims.iat === "number" && claims.iat > nowSec + policy.clockToleranceSec) {
    throw verificationError("token_not_yet_valid", "Token was issued in the future (iat)");
  }
  for (const name of ["sub", "jti"] as const) {
    if (typeof claims[name] !== "string" || claims[name] === "") {
      throw verificationError("claim_missing", `Token claim "${name}" is missing or not a non-empty string`);
    }
  }
  if (policy.requireTenant) {
    for (const name of ["account_id", "project_id"] as const) {
      const value = claims[name];
      if (typeof value !== "string" || value === "") {
        throw verificationError(
          "claim_missing",
          `Token claim "${name}" is missing or empty; tenancy claims are required (requireTenant: false to opt out)`,
        );
      }
    }
  }
}

/** True for the errors of importing a JWK: jose's `JWKInvalid`/`JOSENotSupported`, WebCrypto's `DOMException`. */
function isKeyImportError(error: unknown): boolean {
  return (
    error instanceof errors.JWKInvalid ||
    error instanceof errors.JOSENotSupported ||
    (typeof DOMException !== "undefined" && error instanceof DOMException)
  );
}

/** The `invalid_key` error of a JWKS entry that cannot be used (malformed JWK, unsupported key type). @internal */
export function keyError(cause: unknown): ZeroIDError {
  if (cause instanceof ZeroIDError) return cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : "";
  return verificationError(
    "invalid_key",
    `The issuer's JWKS key for this token cannot be used${detail}`,
    cause,
  );
}

/** Maps a jose (or WebCrypto) error to a verification `ZeroIDError`; nothing else escapes. @internal */
export function mapJoseError(error: unknown, expectedIssuer?: string): ZeroIDError {
  if (error instanceof ZeroIDError) return error;
  if (isKeyImportError(error)) return keyError(error);
  if (error instanceof errors.JWTExpired) {
    return verificationError("token_expired", "Token has expired", error);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") {
      return verificationError("claim_missing", `Token claim "${error.claim}" is missing`, error);
    }
    if (error.claim === "iss") return issuerMismatch(error.payload.iss, expectedIssuer, error);
    if (error.claim === "aud") {
      return verificationError("audience_mismatch", "Token audience does not match", error);
    }
    if (error.claim === "nbf" || error.claim === "iat") {
      return verificationError("token_not_yet_valid", `Token is not valid yet (${error.claim})`, error);
    }
    return verificationError("claim_invalid", `Token claim "${error.claim}" is invalid`, error);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return verificationError("invalid_signature", "Token signature is invalid", error);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return verificationError("algorithm_not_allowed", "Token algorithm is not allowed", error);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return verificationError("unknown_key", "No key in the issuer's JWKS matches the token", error);
  }
  if (error instanceof errors.JOSEError || error instanceof TypeError || error instanceof SyntaxError) {
    return verificationError("malformed_token", `Token is malformed: ${(error as Error).message}`, error);
  }
  const detail = error instanceof Error ? `: ${error.message}` : "";
  return verificationError("malformed_token", `Token could not be verified${detail}`, error);
}

/** `issuer_mismatch` naming both issuers, so `localhost` vs `127.0.0.1` is visible at a glance. */
function issuerMismatch(actual: unknown, expected: string | undefined, cause: unknown): ZeroIDError {
  const show = (value: unknown) =>
    JSON.stringify(typeof value === "string" ? value.slice(0, 200) : (value ?? null));
  return verificationError(
    "issuer_mismatch",
    `Token issuer ${show(actual)} does not match the expected issuer ${show(expected)} ` +
      "(set the client's issuer option, or use the URL the server puts in its tokens as baseUrl)",
    cause,
  );
}
