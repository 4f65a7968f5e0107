import { randomBytes } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { claimsOf, headerOf, registerAgent, signAssertion, startZeroID } from "./zeroid-harness.js";

const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

describe("zeroid signing key rotation", () => {
  it("rotate publishes new kids beside the old ones and signs new tokens with them; retire drops the old", async () => {
    const h = await startZeroID();
    try {
      const oldRs = (await h.token({ grant_type: "api_key", api_key: h.service.serviceKey })).body
        .access_token;
      expect(headerOf(oldRs).kid).toBe("v1");

      const rot = await h.admin("POST", "/dev/keys/rotate", {});
      expect(rot.status).toBe(200);
      expect(rot.body.kids.sort()).toEqual(["v1", "v2", "zeroid-key-1", "zeroid-key-2"]);
      const jwks = (await h.call("GET", "/.well-known/jwks.json")).body;
      expect(jwks.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([
        "v1",
        "v2",
        "zeroid-key-1",
        "zeroid-key-2",
      ]);

      const newRs = (await h.token({ grant_type: "api_key", api_key: h.service.serviceKey })).body
        .access_token;
      expect(headerOf(newRs).kid).toBe("v2");
      // both verify while both keys are published
      const set = createLocalJWKSet(jwks);
      await jwtVerify(oldRs, set, { issuer: h.url });
      await jwtVerify(newRs, set, { issuer: h.url });
      expect((await h.call("POST", "/oauth2/token/introspect", { token: oldRs })).body.active).toBe(true);

      // new ES256 tokens use zeroid-key-2
      const orch = await registerAgent(h, "rot-orch", { allowed_scopes: ["s"] });
      const w = await registerAgent(h, "rot-w");
      const root = (await h.token({ grant_type: "api_key", api_key: orch.apiKey })).body.access_token;
      const child = await h.token({
        grant_type: EXCHANGE,
        subject_token: root,
        actor_token: await signAssertion(w.privateKey, w.wimse, h.url),
        scope: "s",
      });
      expect(headerOf(child.body.access_token).kid).toBe("zeroid-key-2");

      const retire = await h.admin("POST", "/dev/keys/retire", {});
      expect(retire.body.kids.sort()).toEqual(["v2", "zeroid-key-2"]);
      const after = (await h.call("GET", "/.well-known/jwks.json")).body;
      expect(after.keys.map((k: { kid: string }) => k.kid).sort()).toEqual(["v2", "zeroid-key-2"]);
      expect((await h.call("POST", "/oauth2/token/introspect", { token: oldRs })).body).toEqual({
        active: false,
      });
      await expect(h.service.verifyAccessToken(oldRs)).rejects.toMatchObject({ reason: "unknown_kid" });
      await expect(h.service.verifyAccessToken(newRs)).resolves.toMatchObject({ sub: claimsOf(newRs).sub });

      const programmatic = await h.service.rotateSigningKeys();
      expect(programmatic.kids.sort()).toEqual(["v2", "v3", "zeroid-key-2", "zeroid-key-3"]);
    } finally {
      await h.close();
    }
  });

  it("dev key routes honour the admin key and need no tenant headers", async () => {
    const adminKey = randomBytes(16).toString("hex");
    const h = await startZeroID({ adminKey });
    try {
      expect((await h.call("POST", "/api/v1/dev/keys/rotate", {})).status).toBe(401);
      const ok = await h.call("POST", "/api/v1/dev/keys/rotate", {}, { authorization: `Bearer ${adminKey}` });
      expect(ok.status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe("zeroid state export and restore", () => {
  it("a service restored from exportState keeps keys, identities, api keys, credentials and revocations", async () => {
    const a = await startZeroID();
    const agent = await registerAgent(a, "persisted-1", { allowed_scopes: ["p:1"] });
    const token = (await a.token({ grant_type: "api_key", api_key: agent.apiKey })).body.access_token;
    const revoked = (await a.token({ grant_type: "api_key", api_key: agent.apiKey })).body.access_token;
    await a.call("POST", "/oauth2/token/revoke", { token: revoked });
    await a.admin("POST", "/credential-policies", { name: "kept" });
    await a.admin("POST", "/signals/ingest", { signal_type: "ip_change", source: "t" });
    const state = JSON.parse(JSON.stringify(a.service.exportState()));
    const issuer = a.url;
    const serviceKey = a.service.serviceKey;
    await a.close();

    const b = await startZeroID({ state }, issuer);
    try {
      expect(b.service.serviceKey).toBe(serviceKey);
      await expect(b.service.verifyAccessToken(token)).resolves.toMatchObject({ sub: agent.wimse });
      await expect(b.service.verifyAccessToken(revoked)).rejects.toMatchObject({ reason: "token_revoked" });
      expect((await b.token({ grant_type: "api_key", api_key: agent.apiKey })).status).toBe(200);
      expect((await b.token({ grant_type: "api_key", api_key: serviceKey })).status).toBe(200);
      expect((await b.admin("GET", `/agents/registry/${agent.id}`)).body.external_id).toBe("persisted-1");
      const policies = (await b.admin("GET", "/credential-policies")).body.credential_policies;
      expect(policies.map((p: { name: string }) => p.name).sort()).toEqual(["default", "kept"]);
      expect((await b.admin("GET", "/signals")).body.total).toBe(1);
      const jwks = (await b.call("GET", "/.well-known/jwks.json")).body;
      expect(jwks.keys.map((k: { kid: string }) => k.kid).sort()).toEqual(["v1", "zeroid-key-1"]);
    } finally {
      await b.close();
    }
  });

  it("refuses unrecognised state instead of silently starting fresh", async () => {
    await expect(startZeroID({ state: { version: 99 } })).rejects.toThrow(/not recognised/);
  });

  it("fresh services get different keys (tokens from one do not verify on another)", async () => {
    const a = await startZeroID();
    const b = await startZeroID({}, a.url);
    try {
      const token = (await a.token({ grant_type: "api_key", api_key: a.service.serviceKey })).body
        .access_token;
      await expect(b.service.verifyAccessToken(token)).rejects.toMatchObject({ reason: "invalid_signature" });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
