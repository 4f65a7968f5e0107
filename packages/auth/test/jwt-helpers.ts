import { randomBytes } from "node:crypto";

/** An unsigned JWT-shaped string with the given claims (the SDK never verifies them). */
export function makeJwt(claims: Record<string, unknown>): string {
  const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${enc({ alg: "RS256", typ: "JWT" })}.${enc(claims)}.${randomBytes(16).toString("base64url")}`;
}

/** A token response body as ZeroID returns it. */
export function tokenBody(extra: Record<string, unknown> = {}, claims: Record<string, unknown> = {}) {
  return {
    access_token: makeJwt({ sub: "svc", exp: Math.floor(Date.now() / 1000) + 3600, ...claims }),
    token_type: "Bearer",
    expires_in: 3600,
    ...extra,
  };
}
