import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimsOf,
  type Harness,
  headerOf,
  newAgentKey,
  registerAgent,
  signAssertion,
  startZeroID,
} from "./zeroid-harness.js";

const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

describe("zeroid token-exchange delegation (spec §4.1)", () => {
  let h: Harness;
  let orchestrator: Awaited<ReturnType<typeof registerAgent>>;
  let worker: Awaited<ReturnType<typeof registerAgent>>;
  let rootToken: string;

  async function exchange(subjectToken: string, actor: typeof worker, scope: string) {
    return h.token({
      grant_type: EXCHANGE,
      subject_token: subjectToken,
      actor_token: await signAssertion(actor.privateKey, actor.wimse, h.url),
      scope,
    });
  }

  beforeAll(async () => {
    h = await startZeroID();
    orchestrator = await registerAgent(h, "orchestrator-1", {
      sub_type: "orchestrator",
      allowed_scopes: ["docs:read", "docs:write", "mail:send"],
    });
    worker = await registerAgent(h, "worker-1", { allowed_scopes: ["docs:read", "docs:write"] });
    const root = await h.token({ grant_type: "api_key", api_key: orchestrator.apiKey });
    expect(root.status).toBe(200);
    rootToken = root.body.access_token;
  });
  afterAll(() => h.close());

  it("issues a delegated ES256 token with act.sub, depth 1, mission_id = root jti and scope intersection", async () => {
    const root = claimsOf(rootToken);
    const r = await exchange(rootToken, worker, "docs:read mail:send unknown:x");
    expect(r.status).toBe(200);
    expect(r.body.scope).toBe("docs:read");
    expect(headerOf(r.body.access_token).alg).toBe("ES256");
    const child = claimsOf(r.body.access_token);
    expect(child).toMatchObject({
      sub: worker.wimse,
      grant_type: "token_exchange",
      delegation_depth: 1,
      act: { sub: orchestrator.wimse },
      mission_id: root.jti,
      scopes: ["docs:read"],
    });
    expect(child.exp).toBeLessThanOrEqual(root.exp);
    const creds = await h.admin("GET", `/credentials?mission_id=${root.jti}`);
    const childCred = creds.body.credentials.find((c: { jti: string }) => c.jti === child.jti);
    expect(childCred).toMatchObject({
      parent_jti: root.jti,
      delegation_depth: 1,
      delegated_by_wimse_uri: orchestrator.wimse,
    });
  });

  it("inherits mission_id and increments depth through a second hop; act is single-level", async () => {
    const first = await exchange(rootToken, worker, "docs:read docs:write");
    const helper = await registerAgent(h, "helper-1");
    const second = await exchange(first.body.access_token, helper, "docs:write");
    expect(second.status).toBe(200);
    const claims = claimsOf(second.body.access_token);
    expect(claims.delegation_depth).toBe(2);
    expect(claims.act).toEqual({ sub: worker.wimse });
    expect(claims.mission_id).toBe(claimsOf(rootToken).jti);
  });

  it("clamps the child exp to the parent's exp", async () => {
    const policy = await h.admin("POST", "/credential-policies", {
      name: "short-root",
      max_ttl_seconds: 3600,
    });
    const shortAgent = await registerAgent(h, "short-root-agent", { credential_policy_id: policy.body.id });
    const issued = await h.admin("POST", "/credentials/issue", {
      identity_id: shortAgent.id,
      scopes: ["docs:read"],
      ttl_seconds: 120,
    });
    expect(issued.status).toBe(201);
    const parent = claimsOf(issued.body.token.access_token);
    const r = await exchange(issued.body.token.access_token, worker, "docs:read");
    expect(r.status).toBe(200);
    expect(claimsOf(r.body.access_token).exp).toBeLessThanOrEqual(parent.exp);
    expect(r.body.expires_in).toBeLessThanOrEqual(120);
  });

  it("rejects an empty scope intersection with 400 invalid_scope", async () => {
    const r = await exchange(rootToken, worker, "mail:send");
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_scope");
    const none = await exchange(rootToken, worker, "");
    expect(none.body.error).toBe("invalid_scope");
  });

  it("narrows by the actor policy's allowed_scopes", async () => {
    const policy = await h.admin("POST", "/credential-policies", {
      name: "read-only",
      allowed_scopes: ["docs:read"],
    });
    const reader = await registerAgent(h, "reader-1", { credential_policy_id: policy.body.id });
    const r = await exchange(rootToken, reader, "docs:read docs:write");
    expect(r.status).toBe(200);
    expect(r.body.scope).toBe("docs:read");
  });

  it("enforces the actor policy's max_delegation_depth with policy_violation", async () => {
    const noDelegation = await h.admin("POST", "/credential-policies", {
      name: "depth-0",
      max_delegation_depth: 0,
    });
    const blocked = await registerAgent(h, "blocked-1", { credential_policy_id: noDelegation.body.id });
    const r = await exchange(rootToken, blocked, "docs:read");
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("policy_violation");

    const depth1 = await h.admin("POST", "/credential-policies", {
      name: "depth-1",
      max_delegation_depth: 1,
    });
    const shallow = await registerAgent(h, "shallow-1", { credential_policy_id: depth1.body.id });
    const first = await exchange(rootToken, worker, "docs:read");
    const second = await exchange(first.body.access_token, shallow, "docs:read");
    expect(second.body.error).toBe("policy_violation");
    expect((await exchange(rootToken, shallow, "docs:read")).status).toBe(200);
  });

  it("rejects an actor assertion signed by a key other than the registered one", async () => {
    const stranger = await generateKeyPair("ES256");
    const forged = await signAssertion(stranger.privateKey, worker.wimse, h.url);
    const r = await h.token({
      grant_type: EXCHANGE,
      subject_token: rootToken,
      actor_token: forged,
      scope: "docs:read",
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_grant");
  });

  it("rejects non-ES256 actor assertions before any crypto", async () => {
    const rsa = await generateKeyPair("RS256");
    const rs = await new SignJWT({ iss: worker.wimse, sub: worker.wimse, aud: h.url })
      .setProtectedHeader({ alg: "RS256" })
      .setExpirationTime("5m")
      .sign(rsa.privateKey);
    const r = await h.token({
      grant_type: EXCHANGE,
      subject_token: rootToken,
      actor_token: rs,
      scope: "docs:read",
    });
    expect(r.body).toEqual({
      error: "invalid_grant",
      error_description: "actor_token must be signed with ES256",
    });
  });

  it("rejects an inactive actor and a revoked subject token", async () => {
    const inactive = await registerAgent(h, "inactive-1");
    await h.admin("POST", `/agents/registry/${inactive.id}/deactivate`, {});
    const r1 = await exchange(rootToken, inactive, "docs:read");
    expect(r1.body).toEqual({
      error: "invalid_grant",
      error_description: "identity is suspended or deactivated",
    });

    const parent = await h.token({ grant_type: "api_key", api_key: orchestrator.apiKey });
    await h.call("POST", "/oauth2/token/revoke", { token: parent.body.access_token });
    const r2 = await exchange(parent.body.access_token, worker, "docs:read");
    expect(r2.status).toBe(400);
    expect(r2.body.error).toBe("invalid_grant");
  });

  it("rejects a cross-tenant actor", async () => {
    const key = await newAgentKey();
    const reg = await h.call(
      "POST",
      "/api/v1/agents/register",
      { name: "x", external_id: "cross-1", created_by: "o", public_key_pem: key.publicKeyPem },
      { "x-account-id": "acct_x", "x-project-id": "proj_x" },
    );
    const actor = {
      id: reg.body.identity.id,
      wimse: reg.body.identity.wimse_uri,
      apiKey: "",
      privateKey: key.privateKey,
    };
    const r = await exchange(rootToken, actor, "docs:read");
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: "invalid_grant",
      error_description: "subject and actor must belong to the same tenant",
    });
  });

  it("rejects token exchange without actor_token (no trusted principal hook)", async () => {
    const r = await h.token({ grant_type: EXCHANGE, subject_token: rootToken, scope: "docs:read" });
    expect(r.body.error).toBe("invalid_grant");
  });
});
