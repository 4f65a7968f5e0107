/** Service-key prefixes the token exchange accepts: Shield (`hf_sk_`) and ZeroID (`zid_sk_`). */
export const SERVICE_KEY_PREFIXES = ["hf_sk_", "zid_sk_"] as const;

const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** True for a Highflame/ZeroID service key (`hf_sk_…` or `zid_sk_…`). */
export function isServiceKey(value: string): boolean {
  return (
    typeof value === "string" &&
    SERVICE_KEY_PREFIXES.some((p) => value.startsWith(p) && value.length > p.length)
  );
}

/**
 * True when `value` has the shape of a compact JWS (three base64url segments whose first decodes to a JSON
 * object). Such a value is used as the bearer token directly instead of being exchanged.
 */
export function looksLikeJwt(value: string): boolean {
  if (typeof value !== "string" || !JWT_PATTERN.test(value)) return false;
  const header = decodeSegment(value.split(".")[0]!);
  return header !== undefined;
}

/**
 * Decodes the payload of a JWT **without verifying it** (the SDK only reads `exp`, `account_id`,
 * `project_id` to schedule refreshes and pick tenant headers). Returns `undefined` when the value is not a JWT.
 */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  if (typeof token !== "string" || !JWT_PATTERN.test(token)) return undefined;
  return decodeSegment(token.split(".")[1]!);
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return json !== null && typeof json === "object" && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a string claim, or undefined. */
export function stringClaim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Reads the JWT `exp` claim as epoch milliseconds, or undefined. */
export function expiryFromClaims(claims: Record<string, unknown> | undefined): number | undefined {
  const exp = claims?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
}
