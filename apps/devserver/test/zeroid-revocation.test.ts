import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidTokenError } from "../src/zeroid/index.js";
import { claimsOf, type Harness, registerAgent, signAssertion, startZeroID } from "./zeroid-harness.js";

const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

describe("zeroid introspection, revocation, forward-auth and signals", () => {
  let h: Harness;
  let now = Date.now();
  beforeAll(async () => {
    h = await startZeroID({ now: () => now });
  });
  afterAll(() => h.close());

  const introspect = async (token: string) =>
    (await h.call("POST", "/oauth2/token/introspect", { token })).body;

  it("returns the thin claim subset for an active token", async () => {
    const agent = await registerAgent(h, "intro-1", { allowed_scopes: ["a:b", "c:d"] });
    const t = await h.token({ grant_type: "api_key", api_key: agent.apiKey });
    const body = await introspect(t.body.access_token);
    expect(body).toMatchObject({
      active: true,
      sub: agent.wimse,
      iss: h.url,
      jti: t.body.jti,
      iat: t.body.iat,
      scope: "a:b c:d",
      account_id: "acct_local",
      project_id: "proj_local",
      trust_level: "unverified",
      identity_type: "agent",
      external_id: "intro-1",
      act: { sub: "owner-test" },
    });
    for (const hidden of [
      "owner_user_id",
      "sub_type",
      "scopes",
      "aud",
      "grant_type",
      "mission_id",
      "token_type",
      "client_id",
    ]) {
      expect(body).not.toHaveProperty(hidden);
    }
  });

  it("answers {active:false} for malformed, unknown and expired tokens", async () => {
    expect(await introspect("not-a-jwt")).toEqual({ active: false });
    const forged = `${"eyJhbGciOiJub25lIn0"}.${Buffer.from(JSON.stringify({ sub: "x" })).toString("base64url")}.`;
    expect(await introspect(forged)).toEqual({ active: false });
    const t = await h.token({ grant_type: "api_key", api_key: h.service.serviceKey });
    now += 3600 * 1000;
    try {
      expect(await introspect(t.body.access_token)).toEqual({ active: false });
      await expect(h.service.verifyAccessToken(t.body.access_token)).rejects.toMatchObject({
        reason: "token_expired",
      });
    } finally {
      now -= 3600 * 1000;
    }
  });

  it("answers a missing token with 422 and wrong client credentials with 401 invalid_client", async () => {
    const missing = await h.call("POST", "/oauth2/token/introspect", {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].location).toBe("body.token");
    const bad = await h.call("POST", "/oauth2/token/introspect", {
      token: "x",
      client_id: "nobody",
      client_secret: "s",
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe("invalid_client");
    const basic = await h.call(
      "POST",
      "/oauth2/token/introspect",
      { token: "x" },
      { authorization: "Basic bm86bm8=" },
    );
    expect(basic.status).toBe(401);
    expect(basic.headers.get("www-authenticate")).toBe('Basic realm="zeroid"');
    const revokeBad = await h.call("POST", "/oauth2/token/revoke", {
      token: "x",
      client_id: "nobody",
      client_secret: "s",
    });
    expect(revokeBad.status).toBe(401);
    expect(revokeBad.body).toMatchObject({ revoked: false, error: "invalid_client" });
  });

  it("revoke always answers 200 {revoked:true} and cascades to every descendant", async () => {
    expect((await h.call("POST", "/oauth2/token/revoke", { token: "garbage" })).body).toEqual({
      revoked: true,
    });
    const orch = await registerAgent(h, "casc-orch", { allowed_scopes: ["s:1"] });
    const w1 = await registerAgent(h, "casc-w1");
    const w2 = await registerAgent(h, "casc-w2");
    const root = (await h.token({ grant_type: "api_key", api_key: orch.apiKey })).body.access_token;
    const ex = async (subject: string, actor: typeof w1) =>
      (
        await h.token({
          grant_type: EXCHANGE,
          subject_token: subject,
          actor_token: await signAssertion(actor.privateKey, actor.wimse, h.url),
          scope: "s:1",
        })
      ).body.access_token as string;
    const child = await ex(root, w1);
    const grandchild = await ex(child, w2);
    const sibling = (await h.token({ grant_type: "api_key", api_key: orch.apiKey })).body.access_token;
    expect((await introspect(grandchild)).active).toBe(true);

    const before = h.changes();
    const r = await h.call("POST", "/oauth2/token/revoke", { token: child });
    expect(r).toMatchObject({ status: 200, body: { revoked: true } });
    expect(h.changes()).toBeGreaterThan(before);
    expect(await introspect(child)).toEqual({ active: false });
    expect(await introspect(grandchild)).toEqual({ active: false });
    expect((await introspect(root)).active).toBe(true);
    expect((await introspect(sibling)).active).toBe(true);
    await expect(h.service.verifyAccessToken(grandchild)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(h.service.verifyAccessToken(grandchild)).rejects.toMatchObject({ reason: "token_revoked" });
    // revoking again is still 200
    expect((await h.call("POST", "/oauth2/token/revoke", { token: child })).body).toEqual({ revoked: true });
  });

  it("accepts form-encoded introspection", async () => {
    const t = await h.token({ grant_type: "api_key", api_key: h.service.serviceKey });
    const r = await h.call("POST", "/oauth2/token/introspect", `token=${t.body.access_token}`, {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(r.body.active).toBe(true);
  });

  it("GET /oauth2/token/verify forwards identity headers or answers 401 with resource_metadata", async () => {
    const t = await h.token({ grant_type: "api_key", api_key: h.service.serviceKey });
    const ok = await h.call("GET", "/oauth2/token/verify", undefined, {
      authorization: `Bearer ${t.body.access_token}`,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ active: true });
    expect(ok.headers.get("x-forwarded-user")).toBe(claimsOf(t.body.access_token).sub);
    expect(ok.headers.get("x-zeroid-account-id")).toBe("acct_local");
    expect(ok.headers.get("x-zeroid-identity-type")).toBe("service");
    expect(ok.headers.get("x-zeroid-act-sub")).toBe("local-dev-user");
    const missing = await h.call("GET", "/oauth2/token/verify");
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe("missing_token");
    expect(missing.headers.get("www-authenticate")).toContain(
      `resource_metadata="${h.url}/.well-known/oauth-protected-resource"`,
    );
    const badHeader = await h.call("GET", "/oauth2/token/verify", undefined, { authorization: "Token abc" });
    expect(badHeader.body.error).toBe("invalid_authorization_header");
    const bad = await h.call("GET", "/oauth2/token/verify", undefined, { authorization: "Bearer abc" });
    expect(bad.body.error).toBe("invalid_token");
  });

  describe("signals", () => {
    it("a high-severity signal revokes all active credentials of the identity", async () => {
      const agent = await registerAgent(h, "sig-1");
      const other = await registerAgent(h, "sig-2");
      const t1 = (await h.token({ grant_type: "api_key", api_key: agent.apiKey })).body.access_token;
      const t2 = (await h.token({ grant_type: "api_key", api_key: agent.apiKey })).body.access_token;
      const t3 = (await h.token({ grant_type: "api_key", api_key: other.apiKey })).body.access_token;
      const low = await h.admin("POST", "/signals/ingest", {
        signal_type: "ip_change",
        source: "test",
        severity: "medium",
        identity_id: agent.id,
      });
      expect(low.status).toBe(201);
      expect((await introspect(t1)).active).toBe(true);
      const high = await h.admin("POST", "/signals/ingest", {
        signal_type: "anomalous_behavior",
        source: "test",
        severity: "high",
        identity_id: agent.id,
        payload: { reason: "x" },
      });
      expect(high.status).toBe(201);
      expect(high.body).toMatchObject({
        account_id: "acct_local",
        project_id: "proj_local",
        identity_id: agent.id,
        signal_type: "anomalous_behavior",
        severity: "high",
        source: "test",
        payload: { reason: "x" },
      });
      expect(await introspect(t1)).toEqual({ active: false });
      expect(await introspect(t2)).toEqual({ active: false });
      expect((await introspect(t3)).active).toBe(true);
      const creds = await h.admin("GET", `/credentials?identity_id=${agent.id}`);
      expect(creds.body.total).toBe(2);
      expect(creds.body.credentials.every((c: { is_revoked: boolean }) => c.is_revoked)).toBe(true);
      const list = await h.admin("GET", "/signals?limit=1");
      expect(list.body.signals).toHaveLength(1);
      expect(list.body.signals[0].id).toBe(high.body.id);
      expect(list.body.total).toBeGreaterThanOrEqual(2);
    });

    it("accepts all 8 types and 4 severities and rejects others with 400", async () => {
      const types = [
        "credential_change",
        "session_revoked",
        "ip_change",
        "anomalous_behavior",
        "policy_violation",
        "retirement",
        "owner_change",
        "identity_expired",
      ];
      for (const signal_type of types) {
        expect((await h.admin("POST", "/signals/ingest", { signal_type, source: "t" })).status).toBe(201);
      }
      for (const severity of ["low", "medium", "high", "critical"]) {
        expect(
          (await h.admin("POST", "/signals/ingest", { signal_type: "ip_change", source: "t", severity }))
            .status,
        ).toBe(201);
      }
      const bad = await h.admin("POST", "/signals/ingest", {
        signal_type: "tool_abuse_detected",
        source: "t",
      });
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toBe("invalid signal_type");
      const badSev = await h.admin("POST", "/signals/ingest", {
        signal_type: "ip_change",
        source: "t",
        severity: "urgent",
      });
      expect(badSev.status).toBe(400);
      const badId = await h.admin("POST", "/signals/ingest", {
        signal_type: "ip_change",
        source: "t",
        identity_id: "nope",
      });
      expect(badId.status).toBe(422);
      expect(badId.body.errors[0].location).toBe("body.identity_id");
      const limit = await h.admin("GET", "/signals?limit=501");
      expect(limit.status).toBe(422);
    });
  });
});
