import { verificationError } from "../errors/zeroid-error.js";

/** Header containers accepted by `sessionFromRequest` and `authorizationHeader`. */
export type HeadersLike =
  | Headers
  | { headers: Headers | Record<string, string | string[] | undefined> }
  | Record<string, string | string[] | undefined>;

/**
 * Reads the `Authorization` header from a fetch `Request`/`Headers`, a Node `IncomingMessage` (or anything
 * with `headers`), or a plain header record (names matched case-insensitively).
 */
export function authorizationHeader(input: HeadersLike | null | undefined): string | undefined {
  if (!input || typeof input !== "object") return undefined;
  if (input instanceof Headers) return input.get("authorization") ?? undefined;
  if ("headers" in input && input.headers && typeof input.headers === "object") {
    return authorizationHeader(input.headers as HeadersLike);
  }
  if (typeof (input as { get?: unknown }).get === "function") {
    const value = (input as unknown as { get(name: string): string | null }).get("authorization");
    return value ?? undefined;
  }
  for (const [name, value] of Object.entries(input as Record<string, string | string[] | undefined>)) {
    if (name.toLowerCase() !== "authorization") continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * Extracts the token from `Authorization: Bearer <token>`. Throws `ZeroIDError` `missing_token` when the
 * header is absent or empty and `malformed_token` for another scheme or a malformed value.
 */
export function bearerToken(header: string | null | undefined): string {
  if (header === undefined || header === null || header.trim() === "") {
    throw verificationError("missing_token", "No Authorization header with a Bearer token");
  }
  const match = /^\s*Bearer\s+([^\s]+)\s*$/i.exec(header);
  if (!match) {
    throw verificationError("malformed_token", "Authorization header must be `Bearer <token>`");
  }
  return match[1]!;
}
