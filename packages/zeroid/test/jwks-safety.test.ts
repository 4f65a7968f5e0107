import { inspect } from "node:util";
import { RedirectError, ResponseTooLargeError } from "@highflame/core";
import { generateTestKey, startTestServer, type TestServer } from "@highflame/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createVerifier,
  DEFAULT_JWKS_MAX_BYTES,
  VERIFICATION_ERROR_CODES,
  type Verifier,
  ZeroIDClient,
  ZeroIDError,
} from "../src/index.js";
import { startIssuer, type TestIssuer } from "./helpers/issuer.js";

const JWKS = "/.well-known/jwks.json";
let server: TestServer;
let attacker: TestServer;
let issuer: TestIssuer;
let evil: TestIssuer;
let verifier: Verifier;

beforeEach(async () => {
  server = await startTestServer();
  attacker = await startTestServer();
  issuer = await startIssuer(server);
  // The attacker publishes its own keys and claims to be the real issuer.
  evil = await startIssuer(attacker);
  verifier = createVerifier({ issuer: server.url, maxRetries: 0 });
});

afterEach(async () => {
  await verifier.close();
  await Promise.all([server.close(), attacker.close()]);
});

async function verificationFailure(promise: Promise<unknown>): Promise<ZeroIDError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZeroIDError);
  expect(VERIFICATION_ERROR_CODES).toContain((error as ZeroIDError).code);
  return error as ZeroIDError;
}

describe("JWKS fetches refuse redirects", () => {
  it.each([301, 302, 303, 307, 308])(
    "a cross-origin %i: a token signed by the other origin's key does not verify, and it is never asked",
    async (status) => {
      server.route("GET", JWKS, { status, headers: { location: `${attacker.url}${JWKS}` } });
      const forged = await evil.sign(issuer.claims(), { kid: "zeroid-key-1" });
      const error = await verificationFailure(verifier.verify(forged));
      expect(error.code).toBe("jwks_unavailable");
      expect(error.cause).toBeInstanceOf(RedirectError);
      expect(error.message).toContain(`${attacker.url}${JWKS}`);
      expect(attacker.requests).toHaveLength(0);
    },
  );

  it.each([301, 302, 303, 307, 308])("a same-origin %i is refused too", async (status) => {
    server.route("GET", JWKS, { status, headers: { location: "/keys-elsewhere" } });
    server.route("GET", "/keys-elsewhere", () => ({ body: issuer.jwks() }));
    const error = await verificationFailure(verifier.verify(await issuer.token()));
    expect(error.code).toBe("jwks_unavailable");
    expect(server.requestsTo("GET", "/keys-elsewhere")).toHaveLength(0);
  });

  it("the ZeroID client's own verifier refuses them as well", async () => {
    server.route("GET", JWKS, { status: 307, headers: { location: `${attacker.url}${JWKS}` } });
    await using client = new ZeroIDClient({ baseUrl: server.url, logLevel: "off", maxRetries: 0 });
    const forged = await evil.sign(issuer.claims(), { kid: "zeroid-key-1" });
    const error = await verificationFailure(client.tokens.verify(forged));
    expect(error.code).toBe("jwks_unavailable");
    expect(attacker.requests).toHaveLength(0);
  });
});

describe("JWKS size cap", () => {
  it("a 20 MiB JWKS is refused by default; the verifier does not buffer it", async () => {
    expect(DEFAULT_JWKS_MAX_BYTES).toBe(256 * 1024);
    const padding = "x".repeat(20 * 1024 * 1024);
    server.route("GET", JWKS, () => ({ body: { keys: issuer.jwks().keys, padding } }));
    const error = await verificationFailure(verifier.verify(await issuer.token()));
    expect(error.code).toBe("jwks_unavailable");
    expect(error.cause).toBeInstanceOf(ResponseTooLargeError);
    expect((error.cause as ResponseTooLargeError).limitKind).toBe("jwks");
    expect(error.message).toMatch(/262144-byte cap \(JWKS\)/);
  });

  it("maxJwksBytes raises or lowers the cap", async () => {
    await using small = createVerifier({ issuer: server.url, maxJwksBytes: 100 });
    const error = await verificationFailure(small.verify(await issuer.token()));
    expect(error.cause).toBeInstanceOf(ResponseTooLargeError);
    await using roomy = createVerifier({ issuer: server.url, maxJwksBytes: 64 * 1024 });
    await expect(roomy.verify(await issuer.token())).resolves.toMatchObject({ account_id: "acme" });
  });

  it("a cap that is not a positive integer is a configuration error", () => {
    expect(() => createVerifier({ issuer: server.url, maxJwksBytes: 0 })).toThrow(/maxJwksBytes/);
    expect(() => new ZeroIDClient({ baseUrl: server.url, jwksMaxBytes: 1.5 })).toThrow(/jwksMaxBytes/);
  });
});

describe("every verification failure is a ZeroIDError with a documented code", () => {
  it.each([
    [
      "an RSA key with a broken modulus",
      "v1",
      { kty: "RSA", n: "!!", e: "AQAB", alg: "RS256" },
      "invalid_key",
    ],
    [
      "an EC key with truncated coordinates",
      "zeroid-key-1",
      { kty: "EC", crv: "P-256", x: "AA", y: "AA" },
      "invalid_key",
    ],
    [
      "an EC key on an unknown curve",
      "zeroid-key-1",
      { kty: "EC", crv: "P-999", x: "AA", y: "AA" },
      "unknown_key",
    ],
    ["a key of an unknown type", "zeroid-key-1", { kty: "XYZ" }, "unknown_key"],
  ])(
    "a malformed JWK under the token's kid (%s) is a ZeroIDError, never a raw DOMException",
    async (_, kid, jwk, code) => {
      const token = await issuer.token({}, { kid });
      server.route("GET", JWKS, { body: { keys: [{ alg: "ES256", use: "sig", ...jwk, kid }] } });
      const error = await verificationFailure(verifier.verify(token));
      expect(error.code).toBe(code);
      expect(error.status).toBe(401);
    },
  );

  it("two keys under one kid, the first malformed: the good one still verifies the token", async () => {
    const token = await issuer.token({}, { kid: "zeroid-key-1" });
    const good = issuer.jwks().keys.find((k) => k.kid === "zeroid-key-1")!;
    const broken = { kty: "EC", crv: "P-256", x: "AA", y: "AA", kid: "zeroid-key-1", alg: "ES256" };
    server.route("GET", JWKS, { body: { keys: [broken, good] } });
    await expect(verifier.verify(token)).resolves.toMatchObject({ account_id: "acme" });
  });
});

describe("ZeroIDError", () => {
  it("accepts a positional code: a verification code gives kind verification and 401", () => {
    const error = new ZeroIDError("nope", "token_expired");
    expect(error.code).toBe("token_expired");
    expect(error.kind).toBe("verification");
    expect(error.status).toBe(401);
    expect(error.headers.get("x-request-id")).toBeNull();
    const other = new ZeroIDError("odd", "custom_code");
    expect(other).toMatchObject({ code: "custom_code", kind: "api", status: undefined });
    expect(other).toBeInstanceOf(ZeroIDError);
  });

  it("toJSON and inspect never include errors[].value (a credential a server echoed)", () => {
    const key = generateTestKey("zid_sk_");
    const opaque = `secret${"q".repeat(20)}`;
    const error = new ZeroIDError("422 validation_error", {
      code: "validation_error",
      kind: "validation",
      status: 422,
      errors: [{ message: "bad key", location: "body.api_key", value: opaque }, { value: key }],
    });
    const json = JSON.stringify(error);
    expect(json).not.toContain(opaque);
    expect(json).not.toContain(key);
    expect(json).toContain("body.api_key");
    expect(inspect(error, { depth: 10 })).not.toContain(key);
  });
});
