import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, newAgentKey, startZeroID } from "./zeroid-harness.js";

describe("zeroid admin API", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startZeroID();
  });
  afterAll(() => h.close());

  it("requires tenant headers (401 problem+json 'missing tenant context')", async () => {
    const r = await h.call("GET", "/api/v1/identities");
    expect(r.status).toBe(401);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(r.body).toMatchObject({ status: 401, detail: "missing tenant context" });
  });

  it("answers unknown admin paths under the prefix with 404 problem+json", async () => {
    const r = await h.admin("GET", "/nope");
    expect(r.status).toBe(404);
    expect(r.body.status).toBe(404);
  });

  describe("agents", () => {
    it("registers (201 {identity, api_key}), lists, gets, patches, deactivates, activates, rotates and deletes", async () => {
      const key = await newAgentKey();
      const reg = await h.admin(
        "POST",
        "/agents/register",
        {
          name: "Agent A",
          external_id: "agent-a",
          public_key_pem: key.publicKeyPem,
          labels: { team: "x" },
        },
        { "x-user-id": "user-1" },
      );
      expect(reg.status).toBe(201);
      expect(reg.body.api_key).toMatch(/^zid_sk_[A-Za-z0-9_-]{32}$/);
      const agent = reg.body.identity;
      expect(agent).toMatchObject({
        account_id: "acct_local",
        project_id: "proj_local",
        name: "Agent A",
        external_id: "agent-a",
        wimse_uri: "spiffe://highflame.local/acct_local/proj_local/agent/agent-a",
        api_key_prefix: reg.body.api_key.slice(0, 16),
        identity_type: "agent",
        sub_type: "tool_agent",
        trust_level: "unverified",
        status: "active",
        origin: "native",
        owner_user_id: "user-1",
        created_by: "user-1",
        delegation_depth: 0,
      });
      const list = await h.admin("GET", "/agents/registry?label=team:x");
      expect(list.body).toMatchObject({ total: 1, limit: 20, offset: 0 });
      expect(list.body.agents[0].id).toBe(agent.id);
      expect((await h.admin("GET", `/agents/registry/${agent.id}`)).body.external_id).toBe("agent-a");
      const facets = await h.admin("GET", "/agents/registry/facets");
      expect(facets.body.identity_type.agent).toBeGreaterThanOrEqual(1);
      expect(facets.body.status.active).toBeGreaterThanOrEqual(1);
      const patched = await h.admin("PATCH", `/agents/registry/${agent.id}`, { trust_level: "first_party" });
      expect(patched).toMatchObject({ status: 200, body: { trust_level: "first_party" } });

      const deact = await h.admin("POST", `/agents/registry/${agent.id}/deactivate`, {});
      expect(deact).toMatchObject({ status: 200, body: { status: "deactivated" } });
      expect((await h.token({ grant_type: "api_key", api_key: reg.body.api_key })).body.error).toBe(
        "invalid_grant",
      );
      const signals = await h.admin("GET", "/signals");
      expect(
        signals.body.signals.some(
          (s: { signal_type: string; identity_id: string }) =>
            s.signal_type === "retirement" && s.identity_id === agent.id,
        ),
      ).toBe(true);
      expect((await h.admin("POST", `/agents/registry/${agent.id}/rotate-key`, {})).status).toBe(400);
      expect((await h.admin("POST", `/agents/registry/${agent.id}/activate`, {})).body.status).toBe("active");
      // activation does not restore the old key
      expect((await h.token({ grant_type: "api_key", api_key: reg.body.api_key })).status).toBe(400);
      const rotated = await h.admin("POST", `/agents/registry/${agent.id}/rotate-key`, {});
      expect(rotated.status).toBe(200);
      expect(rotated.body.api_key).not.toBe(reg.body.api_key);
      expect((await h.token({ grant_type: "api_key", api_key: rotated.body.api_key })).status).toBe(200);

      const del = await h.admin("DELETE", `/agents/registry/${agent.id}`);
      expect(del).toMatchObject({ status: 200, body: { id: agent.id, status: "deactivated" } });
      expect((await h.token({ grant_type: "api_key", api_key: rotated.body.api_key })).status).toBe(400);
    });

    it("returns 500 when neither created_by nor X-User-ID is given", async () => {
      const r = await h.admin("POST", "/agents/register", { name: "n", external_id: "ownerless" });
      expect(r.status).toBe(500);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
    });

    it("answers schema failures with 422 naming the field, unknown ids with 404", async () => {
      const r = await h.admin("POST", "/agents/register", { external_id: "bad id!", created_by: "u" });
      expect(r.status).toBe(422);
      expect(r.body.title).toBe("Unprocessable Entity");
      const locations = r.body.errors.map((e: { location: string }) => e.location).sort();
      expect(locations).toEqual(["body.external_id", "body.name"]);
      expect(r.body.errors.find((e: { location: string }) => e.location === "body.external_id").value).toBe(
        "bad id!",
      );
      const missing = await h.admin("GET", "/agents/registry/00000000-0000-4000-8000-000000000000");
      expect(missing.status).toBe(404);
      expect(missing.body.status).toBe(404);
    });
  });

  describe("identities", () => {
    it("creates (201), lists, finds by WIMSE URI, patches, rejects duplicates (409) and deletes (200 deactivated)", async () => {
      const c = await h.admin("POST", "/identities", {
        external_id: "app-1",
        owner_user_id: "u1",
        identity_type: "application",
        sub_type: "chatbot",
        allowed_scopes: ["x:y"],
      });
      expect(c.status).toBe(201);
      expect(c.body).toMatchObject({
        identity_type: "application",
        sub_type: "chatbot",
        allowed_scopes: ["x:y"],
        status: "active",
      });
      const dup = await h.admin("POST", "/identities", { external_id: "app-1", owner_user_id: "u1" });
      expect(dup.status).toBe(409);
      expect(dup.headers.get("content-type")).toBe("application/problem+json");
      const list = await h.admin("GET", "/identities?identity_type=application,service");
      expect(list.body.identities.map((i: { external_id: string }) => i.external_id)).toContain("app-1");
      expect(list.body).toHaveProperty("limit", 20);
      const byUri = await h.admin("GET", `/identities/by-wimse?uri=${encodeURIComponent(c.body.wimse_uri)}`);
      expect(byUri.body.id).toBe(c.body.id);
      expect((await h.admin("GET", "/identities/by-wimse?uri=nonsense")).status).toBe(400);
      const patched = await h.admin("PATCH", `/identities/${c.body.id}`, {
        status: "suspended",
        description: "d",
      });
      expect(patched.body).toMatchObject({ status: "suspended", description: "d" });
      const del = await h.admin("DELETE", `/identities/${c.body.id}`);
      expect(del).toMatchObject({ status: 200, body: { id: c.body.id, status: "deactivated" } });
      const dupDeactivated = await h.admin("POST", "/identities", {
        external_id: "app-1",
        owner_user_id: "u1",
      });
      expect(dupDeactivated.status).toBe(409);
      expect(dupDeactivated.body.detail).toContain(c.body.id);
    });

    it("rejects missing owner_user_id (422), bad enum combos, unknown policy and non-P-256 keys (400)", async () => {
      const noOwner = await h.admin("POST", "/identities", { external_id: "e1" });
      expect(noOwner.status).toBe(422);
      expect(noOwner.body.errors[0].location).toBe("body.owner_user_id");
      const combo = await h.admin("POST", "/identities", {
        external_id: "e2",
        owner_user_id: "u",
        identity_type: "agent",
        sub_type: "chatbot",
      });
      expect(combo.status).toBe(400);
      const policy = await h.admin("POST", "/identities", {
        external_id: "e3",
        owner_user_id: "u",
        credential_policy_id: "nope",
      });
      expect(policy.status).toBe(400);
      const pem = await h.admin("POST", "/identities", {
        external_id: "e4",
        owner_user_id: "u",
        public_key_pem: "garbage",
      });
      expect(pem.status).toBe(400);
      const badEnum = await h.admin("POST", "/identities", {
        external_id: "e5",
        owner_user_id: "u",
        identity_type: "robot",
      });
      expect(badEnum.status).toBe(422);
      expect(badEnum.body.errors[0].location).toBe("body.identity_type");
    });

    it("isolates tenants", async () => {
      const c = await h.admin("POST", "/identities", { external_id: "tenant-a", owner_user_id: "u" });
      const other = await h.call("GET", `/api/v1/identities/${c.body.id}`, undefined, {
        "x-account-id": "acct_other",
        "x-project-id": "proj_local",
      });
      expect(other.status).toBe(404);
    });
  });

  describe("api keys", () => {
    it("creates (201, key shown once), lists and gets without the key, revokes", async () => {
      const c = await h.admin(
        "POST",
        "/api-keys",
        { name: "ci", scopes: ["a:b"], expires_in_days: 30 },
        { "x-user-id": "creator-1" },
      );
      expect(c.status).toBe(201);
      expect(Object.keys(c.body).sort()).toEqual(
        [
          "created_at",
          "description",
          "environment",
          "expires_at",
          "id",
          "key",
          "key_prefix",
          "name",
          "scopes",
        ].sort(),
      );
      expect(c.body.key_prefix).toBe(c.body.key.slice(0, 16));
      expect(c.body.environment).toBe("live");
      const got = await h.admin("GET", `/api-keys/${c.body.id}`);
      expect(got.body).toMatchObject({
        id: c.body.id,
        state: "active",
        usage_count: 0,
        created_by: "creator-1",
      });
      expect(JSON.stringify(got.body)).not.toContain(c.body.key);
      expect(got.body).not.toHaveProperty("key_hash");
      const t = await h.token({ grant_type: "api_key", api_key: c.body.key });
      expect(t.status).toBe(200);
      expect(t.body.external_id).toBe("");
      const list = await h.admin("GET", "/api-keys?state=active");
      expect(list.body).toMatchObject({ page: 1, limit: 20 });
      expect(JSON.stringify(list.body)).not.toContain(c.body.key);
      expect(list.body.keys.find((k: { id: string }) => k.id === c.body.id).usage_count).toBe(1);
      const rev = await h.admin("POST", `/api-keys/${c.body.id}/revoke`, { reason: "done" });
      expect(rev.status).toBe(200);
      expect(rev.body).toHaveProperty("message");
      expect((await h.admin("GET", `/api-keys/${c.body.id}`)).body.state).toBe("revoked");
      expect((await h.admin("GET", "/api-keys/missing")).status).toBe(404);
      expect((await h.admin("POST", "/api-keys", { scopes: [] })).status).toBe(422);
      expect((await h.admin("POST", "/api-keys", { name: "x", identity_id: "missing" })).status).toBe(400);
    });
  });

  describe("oauth clients", () => {
    it("creates (201 {client, client_secret, note}), lists, gets, rotates and deletes (200 {deleted,id})", async () => {
      const clientId = `client-${randomBytes(4).toString("hex")}`;
      const c = await h.admin("POST", "/oauth/clients", { client_id: clientId, name: "C", scopes: ["s"] });
      expect(c.status).toBe(201);
      expect(c.body.client).toMatchObject({
        client_id: clientId,
        client_type: "confidential",
        is_active: true,
        scopes: ["s"],
      });
      expect(typeof c.body.client_secret).toBe("string");
      expect(typeof c.body.note).toBe("string");
      expect(JSON.stringify(c.body.client)).not.toContain(c.body.client_secret);
      expect((await h.admin("POST", "/oauth/clients", { client_id: clientId, name: "C" })).status).toBe(409);
      const list = await h.admin("GET", "/oauth/clients");
      expect(list.body.total).toBe(list.body.clients.length);
      expect((await h.admin("GET", `/oauth/clients/${c.body.client.id}`)).body.client_id).toBe(clientId);
      const rot = await h.admin("POST", `/oauth/clients/${c.body.client.id}/rotate-secret`, {});
      expect(rot.status).toBe(200);
      expect(rot.body.client_secret).not.toBe(c.body.client_secret);
      const del = await h.admin("DELETE", `/oauth/clients/${c.body.client.id}`);
      expect(del).toMatchObject({ status: 200, body: { deleted: true, id: c.body.client.id } });
      expect((await h.admin("GET", `/oauth/clients/${c.body.client.id}`)).status).toBe(404);
      expect((await h.admin("POST", "/oauth/clients", { name: "no id" })).body.errors[0].location).toBe(
        "body.client_id",
      );
    });
  });

  describe("credential policies", () => {
    it("lists the tenant default policy and supports create (201), get, patch, delete (204)", async () => {
      const list = await h.admin("GET", "/credential-policies");
      expect(list.status).toBe(200);
      const def = list.body.credential_policies.find((p: { name: string }) => p.name === "default");
      expect(def).toMatchObject({
        max_ttl_seconds: 3600,
        allowed_grant_types: ["client_credentials", "api_key", "jwt_bearer", "token_exchange"],
        max_delegation_depth: 5,
        is_active: true,
      });
      const c = await h.admin("POST", "/credential-policies", {
        name: "p1",
        max_ttl_seconds: 600,
        allowed_scopes: ["a"],
      });
      expect(c.status).toBe(201);
      expect(c.body).toMatchObject({
        name: "p1",
        max_ttl_seconds: 600,
        max_delegation_depth: 5,
        account_id: "acct_local",
      });
      expect((await h.admin("POST", "/credential-policies", { name: "p1" })).status).toBe(409);
      expect((await h.admin("GET", `/credential-policies/${c.body.id}`)).body.id).toBe(c.body.id);
      const p = await h.admin("PATCH", `/credential-policies/${c.body.id}`, {
        is_active: false,
        max_delegation_depth: 2,
      });
      expect(p.body).toMatchObject({ is_active: false, max_delegation_depth: 2 });
      const bad = await h.admin("POST", "/credential-policies", {
        name: "p2",
        allowed_grant_types: ["password"],
      });
      expect(bad.status).toBe(422);
      const del = await h.admin("DELETE", `/credential-policies/${c.body.id}`);
      expect(del.status).toBe(204);
      expect(del.body).toBeUndefined();
      expect((await h.admin("GET", `/credential-policies/${c.body.id}`)).status).toBe(404);
    });
  });

  describe("credentials", () => {
    it("issues (201), lists, gets, rotates (201, then 409) and revokes ({revoked,id}, then 404)", async () => {
      const ident = await h.admin("POST", "/identities", { external_id: "cred-owner", owner_user_id: "u" });
      const issued = await h.admin("POST", "/credentials/issue", {
        identity_id: ident.body.id,
        scopes: ["r"],
        ttl_seconds: 300,
      });
      expect(issued.status).toBe(201);
      expect(issued.body.token).toMatchObject({ token_type: "Bearer", expires_in: 300, scope: "r" });
      expect(issued.body.credential).toMatchObject({
        identity_id: ident.body.id,
        ttl_seconds: 300,
        scopes: ["r"],
        is_revoked: false,
        grant_type: "client_credentials",
        delegation_depth: 0,
        jti: issued.body.token.jti,
      });
      const id = issued.body.credential.id;
      const list = await h.admin("GET", `/credentials?identity_id=${ident.body.id}`);
      expect(list.body).toMatchObject({ total: 1 });
      expect((await h.admin("GET", `/credentials/${id}`)).body.jti).toBe(issued.body.token.jti);
      const rotated = await h.admin("POST", `/credentials/${id}/rotate`, {});
      expect(rotated.status).toBe(201);
      expect(rotated.body.credential.id).not.toBe(id);
      expect((await h.admin("GET", `/credentials/${id}`)).body.is_revoked).toBe(true);
      expect((await h.admin("POST", `/credentials/${id}/rotate`, {})).status).toBe(409);
      expect((await h.admin("POST", `/credentials/${id}/revoke`, {})).status).toBe(404);
      const rev = await h.admin("POST", `/credentials/${rotated.body.credential.id}/revoke`, { reason: "x" });
      expect(rev).toMatchObject({ status: 200, body: { revoked: true, id: rotated.body.credential.id } });
      const intro = await h.call("POST", "/oauth2/token/introspect", {
        token: rotated.body.token.access_token,
      });
      expect(intro.body).toEqual({ active: false });
      const tooLong = await h.admin("POST", "/credentials/issue", {
        identity_id: ident.body.id,
        ttl_seconds: 7200,
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.title).toBe("policy_violation");
      expect((await h.admin("POST", "/credentials/issue", {})).status).toBe(422);
    });
  });
});

describe("zeroid admin options", () => {
  it("protects admin routes with an admin key when configured", async () => {
    const adminKey = randomBytes(16).toString("hex");
    const h = await startZeroID({ adminKey });
    try {
      const anon = await h.admin("GET", "/identities");
      expect(anon.status).toBe(401);
      expect(anon.headers.get("content-type")).toBe("application/problem+json");
      const wrong = await h.admin("GET", "/identities", undefined, { authorization: "Bearer nope" });
      expect(wrong.status).toBe(401);
      const ok = await h.admin("GET", "/identities", undefined, { authorization: `Bearer ${adminKey}` });
      expect(ok.status).toBe(200);
      expect((await h.call("GET", "/health")).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it("mounts admin at the root with prefix '' and leaves other paths alone", async () => {
    const h = await startZeroID({ adminPathPrefix: "" });
    try {
      expect((await h.admin("GET", "/identities")).status).toBe(200);
      expect((await h.call("GET", "/api/v1/identities")).body).toBe("not mine");
      expect((await h.call("GET", "/v1/detectors")).body).toBe("not mine");
    } finally {
      await h.close();
    }
  });
});
