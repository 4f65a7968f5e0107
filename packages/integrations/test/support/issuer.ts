import { generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { startTestServer, type TestServer } from "@highflame/testing";

/** A local token issuer for tests: a fresh P-256 key per run, its JWKS served by a real server on port 0. */
export interface TestIssuer {
  /** Issuer URL (`iss`, default `aud`); the JWKS is at `${url}/.well-known/jwks.json`. */
  url: string;
  /** The JWKS server (to inject faults or count fetches). */
  server: TestServer;
  /** Signs an ES256 token with sensible ZeroID claims, overridden by `claims`. */
  token(claims?: Record<string, unknown>, header?: Record<string, unknown>): string;
  close(): Promise<void>;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

function signWith(key: KeyObject, header: object, payload: object): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  return `${input}.${signature.toString("base64url")}`;
}

/** Starts a {@link TestIssuer}. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = `test-${randomBytes(4).toString("hex")}`;
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "ES256", use: "sig" };
  const server = await startTestServer({
    routes: { "GET /.well-known/jwks.json": { body: { keys: [jwk] } } },
  });
  const url = server.url;
  return {
    url,
    server,
    token(claims = {}, header = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: url,
        aud: [url],
        sub: `spiffe://test.local/acct/proj/agent/${randomBytes(3).toString("hex")}`,
        jti: randomBytes(8).toString("hex"),
        iat: now,
        exp: now + 300,
        account_id: "acct-1",
        project_id: "proj-1",
        identity_type: "agent",
        trust_level: "first_party",
        grant_type: "api_key",
        scopes: [],
        ...claims,
      };
      return signWith(privateKey, { alg: "ES256", typ: "JWT", kid, ...header }, payload);
    },
    close: () => server.close(),
  };
}

/** A token whose signature no longer matches (last signature character flipped). */
export function tamper(token: string): string {
  const last = token.at(-2) === "A" ? "B" : "A";
  return `${token.slice(0, -2)}${last}${token.slice(-1)}`;
}
