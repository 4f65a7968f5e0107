import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsOf, type Harness, registerAgent, signAssertion, startZeroID } from "./zeroid-harness.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

describe("zeroid proofs, signal stream and offboarding", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startZeroID();
  });
  afterAll(() => h.close());

  it("generates a WIMSE proof for the caller's identity and verifies it once", async () => {
    const agent = await registerAgent(h, "prover-1");
    const tok = await h.token({
      grant_type: JWT_BEARER,
      subject: await signAssertion(agent.privateKey, agent.wimse, h.url),
    });
    const auth = { authorization: `Bearer ${tok.body.access_token}` };
    const gen = await h.admin(
      "POST",
      "/proof/generate",
      { identity_id: agent.id, audience: "https://tool.example", nonce: "n-1" },
      auth,
    );
    expect(gen.status).toBe(200);
    expect(gen.body).toMatchObject({ expires_in: 300 });
    const proof = claimsOf(gen.body.proof_token);
    expect(proof).toMatchObject({
      iss: h.url,
      sub: agent.wimse,
      aud: ["https://tool.example"],
      nonce: "n-1",
      account_id: "acct_local",
    });
    expect(proof.exp - proof.iat).toBe(300);
    const again = await h.admin(
      "POST",
      "/proof/generate",
      { identity_id: agent.id, audience: "x", nonce: "n-1" },
      auth,
    );
    expect(again.status).toBe(409);
    const wrongAud = await h.admin("POST", "/proof/verify", {
      proof_token: gen.body.proof_token,
      audience: "https://other",
    });
    expect(wrongAud.body.valid).toBe(false);
    const ok = await h.admin("POST", "/proof/verify", {
      proof_token: gen.body.proof_token,
      audience: "https://tool.example",
    });
    expect(ok.body).toEqual({ valid: true, subject: agent.wimse });
    const replay = await h.admin("POST", "/proof/verify", {
      proof_token: gen.body.proof_token,
      audience: "https://tool.example",
    });
    expect(replay.body.valid).toBe(false);
    // an RS256 (api_key) token is not an agent ES256 token
    const rs = await h.token({ grant_type: "api_key", api_key: agent.apiKey });
    const rsGen = await h.admin(
      "POST",
      "/proof/generate",
      { identity_id: agent.id, audience: "x" },
      {
        authorization: `Bearer ${rs.body.access_token}`,
      },
    );
    expect(rsGen.status).toBe(401);
    expect((await h.admin("POST", "/proof/generate", { identity_id: agent.id, audience: "x" })).status).toBe(
      401,
    );
  });

  it("streams tenant signals over SSE after a connected event", async () => {
    const missing = await h.call("GET", "/api/v1/signals/stream");
    expect(missing.status).toBe(400);
    const controller = new AbortController();
    const res = await fetch(`${h.url}/api/v1/signals/stream`, {
      headers: { "x-account-id": "acct_local", "x-project-id": "proj_local" },
      signal: controller.signal,
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil("event: connected");
    await h.call(
      "POST",
      "/api/v1/signals/ingest",
      { signal_type: "owner_change", source: "other-tenant" },
      { "x-account-id": "acct_other", "x-project-id": "proj_local" },
    );
    const sent = await h.admin("POST", "/signals/ingest", {
      signal_type: "ip_change",
      source: "stream-test",
    });
    await readUntil(sent.body.id);
    controller.abort();
    expect(text).toContain("event: signal");
    expect(text).not.toContain("other-tenant");
  });

  it("expires an identity and offboards by owner, revoking credentials", async () => {
    const a = await registerAgent(h, "off-1", { created_by: "leaver" });
    const b = await registerAgent(h, "off-2", { created_by: "leaver" });
    const ta = await h.token({ grant_type: "api_key", api_key: a.apiKey });
    await h.token({ grant_type: "api_key", api_key: b.apiKey });
    const off = await h.admin("POST", "/identities/offboard-by-owner", {
      owner_user_id: "leaver",
      reason: "left",
    });
    expect(off.body).toEqual({ identities_deactivated: 2, credentials_revoked: 2 });
    expect(
      (await h.call("POST", "/oauth2/token/introspect", { token: ta.body.access_token })).body.active,
    ).toBe(false);

    const c = await registerAgent(h, "exp-1");
    const tc = await h.token({ grant_type: "api_key", api_key: c.apiKey });
    const exp = await h.admin("POST", `/identities/${c.id}/expire`, {});
    expect(exp.body.status).toBe("expired");
    expect(
      (await h.call("POST", "/oauth2/token/introspect", { token: tc.body.access_token })).body.active,
    ).toBe(false);
    expect((await h.token({ grant_type: "api_key", api_key: c.apiKey })).body.error).toBe("invalid_grant");
  });
});
