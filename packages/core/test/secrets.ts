import { randomBytes } from "node:crypto";

/** A random, unsigned JWT-shaped string (header.payload.signature) generated per call. */
export function fakeJwt(): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: randomBytes(6).toString("hex") })}.${randomBytes(16).toString("base64url")}`;
}
