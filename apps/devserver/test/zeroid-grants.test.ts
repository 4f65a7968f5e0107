import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimsOf,
  type Harness,
  headerOf,
  registerAgent,
  signAssertion,
  startZeroID,
} from "./zeroid-harness.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

describe("zeroid token endpoint grants", () => {
  let h: Harness;
  const serviceKey = `zid_sk_test_${randomBytes(18).toString("base64url")}`;
  beforeAll(async () => {
    h = await startZeroID({ serviceKey });
  });
  afterAll(() => h.close());

  describe("api_key", () => {
    it("issues an RS256 token for the seeded service key with tenant, act.sub and scope intersection", async () => {
      expect(h.service.serviceKey).toBe(serviceKey);
      const r = await h.token({ grant_type: "api_key", api_key: serviceKey, scope: "guard:evaluate nope:x" });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        token_type: "Bearer",
        expires_in: 3600,
        scope: "guard:evaluate",
        account_id: "acct_local",
        project_id: "proj_local",
        external_id: "local-dev-service",
      });
      expect(headerOf(r.body.access_token)).toMatchObject({ alg: "RS256", kid: "v1", typ: "JWT" });
      const claims = claimsOf(r.body.access_token);
      expect(claims).toMatchObject({
        iss: h.url,
        aud: [h.url],
        sub: "spiffe://highflame.local/acct_local/proj_local/service/local-dev-service",
        account_id: "acct_local",
        project_id: "proj_local",
        grant_type: "api_key",
        identity_type: "service",
        trust_level: "first_party",
        scopes: ["guard:evaluate"],
        act: { sub: "local-dev-user" },
        jti: r.body.jti,
        iat: r.body.iat,
      });
      expect(claims.exp - claims.iat).toBe(3600);
      expect(claims.delegation_depth).toBeUndefined();
      // verifies with a stock JOSE verifier against the published JWKS
      const jwks = createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`));
      await expect(
        jwtVerify(r.body.access_token, jwks, { issuer: h.url, audience: h.url }),
      ).resolves.toBeDefined();
      await expect(h.service.verifyAccessToken(r.body.access_token)).resolves.toMatchObject({
        jti: r.body.jti,
      });
    });

    it("grants all key scopes when none are requested and accepts form bodies", async () => {
      const r = await h.call(
        "POST",
        "/oauth2/token",
        new URLSearchParams({ grant_type: "api_key", api_key: serviceKey }).toString(),
        {
          "content-type": "application/x-www-form-urlencoded",
        },
      );
      expect(r.status).toBe(200);
      expect(r.body.scope.split(" ").sort()).toEqual([
        "admin:read",
        "detect:run",
        "guard:evaluate",
        "guard:read",
      ]);
    });

    it("rejects an unknown key with 400 invalid_grant", async () => {
      const r = await h.token({
        grant_type: "api_key",
        api_key: `zid_sk_${randomBytes(24).toString("base64url")}`,
      });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: "invalid_grant", error_description: "invalid api key" });
    });

    it("rejects a revoked key and a key of a deactivated agent", async () => {
      const agent = await registerAgent(h, "key-agent-1");
      expect((await h.token({ grant_type: "api_key", api_key: agent.apiKey })).status).toBe(200);
      const keys = await h.admin("GET", "/api-keys");
      const rec = keys.body.keys.find((k: { identity_id?: string }) => k.identity_id === agent.id);
      expect((await h.admin("POST", `/api-keys/${rec.id}/revoke`, {})).status).toBe(200);
      const revoked = await h.token({ grant_type: "api_key", api_key: agent.apiKey });
      expect(revoked.body.error).toBe("invalid_grant");

      const agent2 = await registerAgent(h, "key-agent-2");
      await h.admin("PATCH", `/agents/registry/${agent2.id}`, { status: "suspended" });
      const suspended = await h.token({ grant_type: "api_key", api_key: agent2.apiKey });
      expect(suspended.status).toBe(400);
      expect(suspended.body).toEqual({
        error: "invalid_grant",
        error_description: "identity is suspended or deactivated",
      });
    });

    it("rejects with policy_violation when the default TTL exceeds the identity policy max", async () => {
      const policy = await h.admin("POST", "/credential-policies", {
        name: "short-ttl",
        max_ttl_seconds: 60,
      });
      expect(policy.status).toBe(201);
      const agent = await registerAgent(h, "short-ttl-agent", { credential_policy_id: policy.body.id });
      const r = await h.token({ grant_type: "api_key", api_key: agent.apiKey });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("policy_violation");
    });

    it("rejects with policy_violation when the grant is not allowed", async () => {
      const policy = await h.admin("POST", "/credential-policies", {
        name: "cc-only",
        allowed_grant_types: ["client_credentials"],
      });
      const agent = await registerAgent(h, "cc-only-agent", { credential_policy_id: policy.body.id });
      const r = await h.token({ grant_type: "api_key", api_key: agent.apiKey });
      expect(r.body.error).toBe("policy_violation");
    });
  });

  describe("client_credentials", () => {
    let secret: string;
    beforeAll(async () => {
      await registerAgent(h, "svc-client", { allowed_scopes: ["a:read"] });
      const c = await h.admin("POST", "/oauth/clients", {
        client_id: "svc-client",
        name: "svc",
        grant_types: ["client_credentials"],
        scopes: ["a:read", "a:write"],
      });
      expect(c.status).toBe(201);
      secret = c.body.client_secret;
    });

    it("issues an ES256 token whose subject is the identity with external_id == client_id", async () => {
      const r = await h.token({
        grant_type: "client_credentials",
        client_id: "svc-client",
        client_secret: secret,
        account_id: "acct_local",
        project_id: "proj_local",
        scope: "a:write other",
      });
      expect(r.status).toBe(200);
      expect(r.body.scope).toBe("a:write");
      expect(headerOf(r.body.access_token)).toMatchObject({ alg: "ES256", kid: "zeroid-key-1" });
      expect(claimsOf(r.body.access_token)).toMatchObject({
        sub: "spiffe://highflame.local/acct_local/proj_local/agent/svc-client",
        grant_type: "client_credentials",
        scopes: ["a:write"],
        owner_user_id: "owner-test",
      });
    });

    it("accepts Basic client authentication and grants all client scopes by default", async () => {
      const basic = Buffer.from(`svc-client:${secret}`).toString("base64");
      const r = await h.call(
        "POST",
        "/oauth2/token",
        { grant_type: "client_credentials", account_id: "acct_local", project_id: "proj_local" },
        { authorization: `Basic ${basic}` },
      );
      expect(r.status).toBe(200);
      expect(r.body.scope).toBe("a:read a:write");
    });

    it("rejects a wrong secret with 401 invalid_client", async () => {
      const r = await h.token({
        grant_type: "client_credentials",
        client_id: "svc-client",
        client_secret: "wrong",
        account_id: "acct_local",
        project_id: "proj_local",
      });
      expect(r.status).toBe(401);
      expect(r.body.error).toBe("invalid_client");
    });

    it("requires the tenant and an identity in it", async () => {
      const base = { grant_type: "client_credentials", client_id: "svc-client", client_secret: secret };
      const noTenant = await h.token(base);
      expect(noTenant.status).toBe(400);
      expect(noTenant.body.error).toBe("invalid_request");
      const otherTenant = await h.token({ ...base, account_id: "other", project_id: "proj_local" });
      expect(otherTenant.status).toBe(401);
      expect(otherTenant.body.error).toBe("invalid_client");
    });

    it("rejects a client without scopes and a disjoint request with invalid_scope", async () => {
      await registerAgent(h, "noscope-client");
      const c = await h.admin("POST", "/oauth/clients", { client_id: "noscope-client", name: "n" });
      const r = await h.token({
        grant_type: "client_credentials",
        client_id: "noscope-client",
        client_secret: c.body.client_secret,
        account_id: "acct_local",
        project_id: "proj_local",
      });
      expect(r.body.error).toBe("invalid_scope");
      const disjoint = await h.token({
        grant_type: "client_credentials",
        client_id: "svc-client",
        client_secret: secret,
        account_id: "acct_local",
        project_id: "proj_local",
        scope: "zzz",
      });
      expect(disjoint.body.error).toBe("invalid_scope");
    });
  });

  describe("jwt-bearer", () => {
    it("exchanges a self-signed ES256 assertion in `subject` for an ES256 token", async () => {
      const agent = await registerAgent(h, "jb-agent");
      const subject = await signAssertion(agent.privateKey, agent.wimse, h.url);
      const r = await h.token({ grant_type: JWT_BEARER, subject, scope: "x:y" });
      expect(r.status).toBe(200);
      expect(claimsOf(r.body.access_token)).toMatchObject({
        sub: agent.wimse,
        grant_type: "jwt_bearer",
        scopes: ["x:y"],
      });
    });

    it("rejects wrong audience, missing exp, sub != iss, foreign key and missing subject", async () => {
      const agent = await registerAgent(h, "jb-agent-2");
      const other = await registerAgent(h, "jb-agent-3");
      const cases = [
        await signAssertion(agent.privateKey, agent.wimse, "https://elsewhere.example"),
        await signAssertion(agent.privateKey, agent.wimse, h.url, { noExp: true }),
        await signAssertion(agent.privateKey, agent.wimse, h.url, { claims: { sub: other.wimse } }),
        await signAssertion(other.privateKey, agent.wimse, h.url),
        await signAssertion(agent.privateKey, agent.wimse, h.url, { expSeconds: -10 }),
      ];
      for (const subject of cases) {
        const r = await h.token({ grant_type: JWT_BEARER, subject });
        expect(r.status).toBe(400);
        expect(r.body.error).toBe("invalid_grant");
      }
      const missing = await h.token({ grant_type: JWT_BEARER });
      expect(missing.body.error).toBe("invalid_request");
    });
  });

  describe("endpoint errors", () => {
    it("answers a missing grant_type with 422 problem+json and blanked values", async () => {
      const r = await h.token({ api_key: "secret-value-not-echoed" });
      expect(r.status).toBe(422);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.body.status).toBe(422);
      expect(r.body.errors[0].location).toBe("body.grant_type");
      expect(JSON.stringify(r.body)).not.toContain("secret-value-not-echoed");
    });

    it("answers unsupported grants with 400 unsupported_grant_type", async () => {
      const r = await h.token({ grant_type: "password" });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("unsupported_grant_type");
    });

    it("rejects a body without a usable content type with 400", async () => {
      const r = await h.call("POST", "/oauth2/token", "grant_type=api_key", { "content-type": "text/plain" });
      expect(r.status).toBe(400);
    });
  });
});
