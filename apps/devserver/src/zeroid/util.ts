import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/** Hex SHA-256 of a UTF-8 string. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Constant-time comparison of two secrets (compares their SHA-256 digests). */
export function secretEquals(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

/** A new random UUID v4. */
export function newId(): string {
  return randomUUID();
}

/** A new API key: `zid_sk_` + base64url of 24 random bytes. */
export function newApiKey(): string {
  return `zid_sk_${randomBytes(24).toString("base64url")}`;
}

/** A new client secret (base64url of 32 random bytes). */
export function newClientSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** RFC 3339 timestamp of a ms clock value. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** Splits a space-delimited scope string (or accepts an array) into unique scopes. */
export function splitScopes(scope: string | string[] | undefined): string[] {
  const list = Array.isArray(scope) ? scope : (scope ?? "").split(/\s+/);
  return [...new Set(list.filter((s) => s.length > 0))];
}

/** `a ∩ b`, where an empty `b` means "no restriction". */
export function narrowScopes(a: string[], b: string[] | undefined): string[] {
  if (!b || b.length === 0) return a;
  const allowed = new Set(b);
  return a.filter((s) => allowed.has(s));
}

/** Drops `undefined` values so JSON output omits them. */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}
