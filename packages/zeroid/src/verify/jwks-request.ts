import { ConfigurationError, type RequestSpec } from "@highflame/core";

/** Default cap on a JWKS document: 256 KiB (a JWKS with a few dozen RSA keys is well under 64 KiB). */
export const DEFAULT_JWKS_MAX_BYTES = 256 * 1024;

/**
 * The request of a JWKS fetch: unauthenticated, every redirect refused (a verifier must never trust keys
 * from wherever a server points), and the body capped at `maxBytes` (`ResponseTooLargeError` past it).
 * @internal
 */
export function jwksRequest(
  where: { url: string } | { path: string },
  maxBytes: number | undefined,
): RequestSpec {
  return {
    method: "GET",
    ...where,
    auth: false,
    followRedirects: false,
    maxResponseBytes: maxBytes ?? DEFAULT_JWKS_MAX_BYTES,
    bodyLimitKind: "jwks",
  };
}

/** Rejects a JWKS size cap that is not a positive integer (at construction). @internal */
export function checkJwksMaxBytes(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`${option} must be a positive integer number of bytes`, { option });
  }
  return value;
}
