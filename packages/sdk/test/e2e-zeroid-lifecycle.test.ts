import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError, ConflictError, NotFoundError, type ZeroIDClient } from "../src/index.js";
import { generateAgentKeyPair, ZeroIDError } from "../src/zeroid.js";
import { type E2EServer, headerOf, startE2EServer, uniqueId, zeroidFor } from "./e2e-helpers.js";

let server: E2EServer;
let zeroid: ZeroIDClient;
beforeAll(async () => {
  server = await startE2EServer();
  zeroid = zeroidFor(server);
});
afterAll(async () => {
  await zeroid?.close();
  await server?.close();
});

/** Runs `fn` and returns the ZeroIDError it rejects with (fails the test when it resolves or throws another class). */
async function zeroidErrorOf(fn: () => Promise<unknown>): Promise<ZeroIDError> {
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZeroIDError);
  return error as ZeroIDError;
}

describe("ZeroID lifecycle end to end against the dev server", () => {
  it("registers an orchestrator and a keyed sub-agent, then gets, lists, updates, deactivates, activates and re-keys", async () => {
    const owner = uniqueId("user");
    const orchestratorId = uniqueId("orchestrator");
    const { identity: orchestrator, api_key: orchestratorKey } = await zeroid.agents.register({
      name: "Orchestrator",
      external_id: orchestratorId,
      sub_type: "orchestrator",
      created_by: owner,
      allowed_scopes: ["tools:run", "data:read"],
    });
    expect(orchestrator.status).toBe("active");
    expect(orchestrator.sub_type).toBe("orchestrator");
    expect(orchestrator.owner_user_id).toBe(owner);
    expect(orchestrator.wimse_uri).toMatch(/^spiffe:\/\//);
    expect(
      orchestrator.wimse_uri?.endsWith(`/${server.accountId}/${server.projectId}/agent/${orchestratorId}`),
    ).toBe(true);
    expect(orchestratorKey).toMatch(/^zid_sk_/);

    const keys = await generateAgentKeyPair();
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const { identity: worker } = await zeroid.agents.register({
      name: "Worker",
      external_id: uniqueId("worker"),
      sub_type: "tool_agent",
      created_by: owner,
      public_key_pem: keys.publicKeyPem,
    });
    // The registered SPKI key is stored on the identity (the identities view carries public_key_pem).
    expect((await zeroid.identities.get(worker.id)).public_key_pem?.trim()).toBe(keys.publicKeyPem.trim());

    expect((await zeroid.agents.get(orchestrator.id)).external_id).toBe(orchestratorId);
    const listed = await zeroid.agents.list({ limit: 100 });
    const ids = listed.agents.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining([orchestrator.id, worker.id]));

    const updated = await zeroid.agents.update(orchestrator.id, {
      description: "plans the work",
      name: "Planner",
    });
    expect(updated).toMatchObject({ id: orchestrator.id, name: "Planner", description: "plans the work" });
    expect((await zeroid.agents.get(orchestrator.id)).name).toBe("Planner");

    // The bootstrap key works while the agent is active.
    const token = await zeroid.tokens.issueApiKey(orchestratorKey);
    const who = await zeroid.tokens.verify(token.access_token);
    expect(who.sub).toBe(orchestrator.wimse_uri);
    expect([...who.scopes].sort()).toEqual(["data:read", "tools:run"]);

    const deactivated = await zeroid.agents.deactivate(orchestrator.id);
    expect(deactivated.status).toBe("deactivated");
    // Deactivation revoked the token (introspection) and the key (grant refused as an authentication error).
    expect((await zeroid.tokens.introspect(token.access_token)).active).toBe(false);
    const refused = await zeroidErrorOf(() => zeroid.tokens.issueApiKey(orchestratorKey));
    expect(refused.kind).toBe("authentication");
    expect(refused).toBeInstanceOf(AuthenticationError);

    expect((await zeroid.agents.activate(orchestrator.id)).status).toBe("active");
    // Activation does not restore the revoked key ...
    expect((await zeroidErrorOf(() => zeroid.tokens.issueApiKey(orchestratorKey))).code).toBe(
      "invalid_grant",
    );
    // ... rotateKey issues a working one.
    const rotated = await zeroid.agents.rotateKey(orchestrator.id);
    expect(rotated.api_key).toMatch(/^zid_sk_/);
    expect(rotated.api_key).not.toBe(orchestratorKey);
    const fresh = await zeroid.tokens.issueApiKey(rotated.api_key);
    expect((await zeroid.tokens.session(fresh.access_token)).sub).toBe(orchestrator.wimse_uri);
  });

  it("creates, reads, lists, updates and deletes identities; a duplicate external_id is a 409 ConflictError", async () => {
    const externalId = uniqueId("app");
    const owner = uniqueId("user");
    const created = await zeroid.identities.create({
      external_id: externalId,
      owner_user_id: owner,
      identity_type: "application",
      sub_type: "chatbot",
      name: "Support bot",
    });
    expect(created).toMatchObject({
      external_id: externalId,
      identity_type: "application",
      status: "active",
    });
    expect(created.wimse_uri).toMatch(/^spiffe:\/\//);
    expect((await zeroid.identities.get(created.id)).id).toBe(created.id);
    expect((await zeroid.identities.getByWimse(created.wimse_uri as string)).id).toBe(created.id);
    const list = await zeroid.identities.list({ owner_user_id: owner });
    expect(list.identities.map((i) => i.id)).toEqual([created.id]);
    expect((await zeroid.identities.update(created.id, { trust_level: "first_party" })).trust_level).toBe(
      "first_party",
    );

    const duplicate = await zeroidErrorOf(() =>
      zeroid.identities.create({ external_id: externalId, owner_user_id: owner }),
    );
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(duplicate).toMatchObject({ status: 409, kind: "conflict", code: "http_409" });
    expect(duplicate.detail).toContain(externalId);

    const missing = await zeroidErrorOf(() => zeroid.identities.get("00000000-0000-4000-8000-000000000000"));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, kind: "not_found" });

    const deleted = await zeroid.identities.delete(created.id);
    expect(deleted.status).toBe("deactivated");
  });

  it("lists the tenant default credential policy and runs a policy through create/get/update/delete", async () => {
    const all = await zeroid.credentialPolicies.list();
    const fallback = all.credential_policies.find((p) => p.name === "default");
    expect(fallback).toMatchObject({ max_delegation_depth: 5, max_ttl_seconds: 3600, is_active: true });
    expect(fallback?.allowed_grant_types).toEqual(
      expect.arrayContaining(["api_key", "client_credentials", "jwt_bearer", "token_exchange"]),
    );

    const name = uniqueId("short-lived");
    const policy = await zeroid.credentialPolicies.create({
      name,
      max_ttl_seconds: 600,
      allowed_grant_types: ["api_key"],
      max_delegation_depth: 0,
    });
    expect(policy).toMatchObject({ name, max_ttl_seconds: 600, max_delegation_depth: 0, is_active: true });
    expect((await zeroid.credentialPolicies.get(policy.id)).name).toBe(name);
    const patched = await zeroid.credentialPolicies.update(policy.id, { max_ttl_seconds: 300 });
    expect(patched.max_ttl_seconds).toBe(300);
    const clash = await zeroidErrorOf(() => zeroid.credentialPolicies.create({ name }));
    expect(clash.kind).toBe("conflict");

    await expect(zeroid.credentialPolicies.delete(policy.id)).resolves.toBeUndefined();
    expect((await zeroidErrorOf(() => zeroid.credentialPolicies.get(policy.id))).status).toBe(404);
  });

  it("creates, lists (without the secret) and revokes an API key; the revoked key fails the api_key grant", async () => {
    const { identity } = await zeroid.agents.register({
      name: "Reporter",
      external_id: uniqueId("reporter"),
      created_by: uniqueId("user"),
      allowed_scopes: ["reports:read", "reports:write"],
    });
    const created = await zeroid.apiKeys.create({
      name: uniqueId("ci-key"),
      identity_id: identity.id,
      scopes: ["reports:read"],
    });
    expect(created.key).toMatch(/^zid_sk_/);
    expect(created.key.startsWith(created.key_prefix ?? "\u0000")).toBe(true);

    const listed = await zeroid.apiKeys.list({ limit: 100 });
    const record = listed.keys.find((k) => k.id === created.id);
    expect(record).toBeDefined();
    expect(record).not.toHaveProperty("key");
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(await zeroid.apiKeys.get(created.id))).not.toContain(created.key);

    const token = await zeroid.tokens.issueApiKey(created.key);
    expect((await zeroid.tokens.verify(token.access_token)).scopes).toEqual(["reports:read"]);

    await zeroid.apiKeys.revoke(created.id, { reason: "rotated out" });
    expect((await zeroid.apiKeys.get(created.id)).state).toBe("revoked");
    const refused = await zeroidErrorOf(() => zeroid.tokens.issueApiKey(created.key));
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused).toMatchObject({ kind: "authentication", code: "invalid_grant", status: 400 });
    expect(refused.message).not.toContain(created.key);
  });

  it("creates an OAuth client whose client_credentials grant yields an ES256 token that verifies locally", async () => {
    const clientId = uniqueId("svc");
    const identity = await zeroid.identities.create({
      external_id: clientId,
      owner_user_id: uniqueId("user"),
      identity_type: "service",
    });
    const { client, client_secret } = await zeroid.oauthClients.create({
      client_id: clientId,
      name: "Billing service",
      confidential: true,
      grant_types: ["client_credentials"],
      scopes: ["billing:read", "billing:write"],
    });
    expect(client.client_id).toBe(clientId);
    expect(client_secret).toBeTruthy();
    expect(JSON.stringify(await zeroid.oauthClients.get(client.id))).not.toContain(client_secret as string);

    const token = await zeroid.tokens.issueClientCredentials(clientId, client_secret as string, {
      scope: "billing:read",
    });
    expect(headerOf(token.access_token).alg).toBe("ES256");
    const verified = await zeroid.tokens.verify(token.access_token);
    expect(verified.sub).toBe(identity.wimse_uri);
    expect(verified.scopes).toEqual(["billing:read"]);
    expect(verified).toMatchObject({ account_id: server.accountId, project_id: server.projectId });
    expect(verified.claims.client_id).toBe(clientId);

    const wrongSecret = await zeroidErrorOf(() =>
      zeroid.tokens.issueClientCredentials(clientId, "not-the-secret"),
    );
    expect(wrongSecret).toMatchObject({ kind: "authentication", code: "invalid_client" });
  });
});
