import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startZeroID } from "./zeroid-harness.js";

describe("zeroid discovery, JWKS and health", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startZeroID();
  });
  afterAll(() => h.close());

  it("serves one EC and one RSA signing key with alg, use and kid", async () => {
    const r = await h.call("GET", "/.well-known/jwks.json");
    expect(r.status).toBe(200);
    expect(r.body.keys).toHaveLength(2);
    const ec = r.body.keys.find((k: { kty: string }) => k.kty === "EC");
    const rsa = r.body.keys.find((k: { kty: string }) => k.kty === "RSA");
    expect(ec).toMatchObject({ crv: "P-256", kid: "zeroid-key-1", alg: "ES256", use: "sig" });
    expect(rsa).toMatchObject({ kid: "v1", alg: "RS256", use: "sig", e: "AQAB" });
    expect(ec.d).toBeUndefined();
    expect(rsa.d).toBeUndefined();
    expect(typeof ec.x).toBe("string");
  });

  it("serves RFC 8414 metadata rooted at the issuer", async () => {
    const r = await h.call("GET", "/.well-known/oauth-authorization-server");
    expect(r.status).toBe(200);
    expect(r.body.issuer).toBe(h.url);
    expect(r.body.token_endpoint).toBe(`${h.url}/oauth2/token`);
    expect(r.body.jwks_uri).toBe(`${h.url}/.well-known/jwks.json`);
    expect(r.body.introspection_endpoint).toBe(`${h.url}/oauth2/token/introspect`);
    expect(r.body.revocation_endpoint).toBe(`${h.url}/oauth2/token/revoke`);
    expect(r.body.grant_types_supported).toEqual(
      expect.arrayContaining([
        "client_credentials",
        "api_key",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "urn:ietf:params:oauth:grant-type:token-exchange",
      ]),
    );
    expect(r.body.code_challenge_methods_supported).toEqual(["S256"]);
    expect(r.body.token_endpoint_auth_methods_supported).toEqual([
      "client_secret_post",
      "client_secret_basic",
      "none",
    ]);
    expect(r.body.dpop_signing_alg_values_supported).toEqual(["ES256", "RS256"]);
  });

  it("serves RFC 9728 protected resource metadata", async () => {
    const r = await h.call("GET", "/.well-known/oauth-protected-resource");
    expect(r.body).toEqual({
      resource: h.url,
      resource_name: "ZeroID",
      authorization_servers: [h.url],
      jwks_uri: `${h.url}/.well-known/jwks.json`,
      bearer_methods_supported: ["header"],
      dpop_bound_access_tokens_required: false,
    });
  });

  it("does not serve openid-configuration and leaves unknown paths to others", async () => {
    expect((await h.call("GET", "/.well-known/openid-configuration")).body).toBe("not mine");
    expect((await h.call("GET", "/v1/guard")).body).toBe("not mine");
  });

  it("answers /health with exactly the four fields and /ready", async () => {
    const r = await h.call("GET", "/health");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["service", "status", "timestamp", "uptime_ms"]);
    expect(r.body.status).toBe("healthy");
    expect(r.body.service).toBe("zeroid");
    expect(new Date(r.body.timestamp).toISOString()).toBe(r.body.timestamp);
    expect(Number.isInteger(r.body.uptime_ms)).toBe(true);
    const ready = await h.call("GET", "/ready");
    expect(ready).toMatchObject({ status: 200, body: { ready: true } });
  });

  it("serves the SPIFFE bundle with JWT-SVID use", async () => {
    const r = await h.call("GET", "/.well-known/spiffe-trust-bundle.json");
    expect(r.body.spiffe_sequence).toBe(1);
    expect(r.body.keys.every((k: { use: string }) => k.use === "JWT-SVID")).toBe(true);
  });
});
