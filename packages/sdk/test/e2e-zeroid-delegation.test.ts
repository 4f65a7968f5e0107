import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZeroIDClient } from "../src/index.js";
import { type AgentKeyPair, generateAgentKeyPair, ZeroIDError } from "../src/zeroid.js";
import { type E2EServer, headerOf, startE2EServer, uniqueId, zeroidFor } from "./e2e-helpers.js";

let server: E2EServer;
let admin: ZeroIDClient;
beforeAll(async () => {
  server = await startE2EServer();
  admin = zeroidFor(server);
});
afterAll(async () => {
  await admin?.close();
  await server?.close();
});

const PARENT_SCOPES = ["tools:run", "data:read", "data:write"];

/** `@highflame/sdk/zeroid` does not re-export the admin schema types, so derive the agent record's type. */
type AgentResponse = Awaited<ReturnType<ZeroIDClient["agents"]["register"]>>["identity"];

interface Agent {
  identity: AgentResponse;
  apiKey: string;
  keys: AgentKeyPair;
}

async function registerAgent(
  prefix: string,
  extra: { sub_type?: "orchestrator" | "tool_agent"; credential_policy_id?: string } = {},
): Promise<Agent> {
  const keys = await generateAgentKeyPair();
  const { identity, api_key } = await admin.agents.register({
    name: prefix,
    external_id: uniqueId(prefix),
    created_by: uniqueId("user"),
    public_key_pem: keys.publicKeyPem,
    allowed_scopes: PARENT_SCOPES,
    ...extra,
  });
  return { identity, apiKey: api_key, keys };
}

/** The sub-agent's self-signed ES256 actor assertion (audience = the dev server's issuer). */
function assertionFor(agent: Agent): Promise<string> {
  return admin.tokens.createActorAssertion({
    privateKey: agent.keys.privateKey,
    wimseUri: agent.identity.wimse_uri as string,
    ttlSeconds: 120,
  });
}

async function rejection(promise: Promise<unknown>): Promise<ZeroIDError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZeroIDError);
  return error as ZeroIDError;
}

describe("ZeroID delegation end to end against the dev server", () => {
  it("delegates with tokens.delegate: act.sub, depth 1, narrowed scopes, mission id", async () => {
    const orchestrator = await registerAgent("orchestrator", { sub_type: "orchestrator" });
    const worker = await registerAgent("worker");
    // A client acting as the orchestrator: its own token (api_key grant) is the subject of delegate().
    await using orchestratorClient = zeroidFor(server, { apiKey: orchestrator.apiKey });
    const parentToken = (await orchestratorClient.tokenProvider?.getToken())?.accessToken as string;
    const parent = await orchestratorClient.tokens.verify(parentToken);
    expect(parent.sub).toBe(orchestrator.identity.wimse_uri);
    expect([...parent.scopes].sort()).toEqual([...PARENT_SCOPES].sort());

    const actorToken = await assertionFor(worker);
    expect(headerOf(actorToken).alg).toBe("ES256");
    const child = await orchestratorClient.tokens.delegate({ actor_token: actorToken, scope: ["data:read"] });
    expect(headerOf(child.access_token).alg).toBe("ES256");

    const delegated = await orchestratorClient.tokens.verify(child.access_token);
    expect(delegated.sub).toBe(worker.identity.wimse_uri);
    expect(delegated.act?.sub).toBe(parent.sub);
    expect(delegated.delegation_depth).toBe(1);
    expect(delegated.scopes).toEqual(["data:read"]);
    expect(delegated.scopes.every((s) => parent.scopes.includes(s))).toBe(true);
    // The first hop starts the mission: its id is the parent's jti.
    expect(delegated.mission_id).toBe(parent.jti);
    expect(delegated.isDelegated()).toBe(true);
    expect(delegated.delegatedBy()).toBe(orchestrator.identity.wimse_uri);
    // Child lifetime never outlives the parent.
    expect(delegated.exp).toBeLessThanOrEqual(parent.exp as number);
    // Introspection agrees and fills the claims it omits from the token.
    const session = await admin.tokens.session(child.access_token);
    expect(session).toMatchObject({ sub: worker.identity.wimse_uri, delegation_depth: 1 });
    expect(session.delegatedBy()).toBe(parent.sub);
  });

  it("issueTokenExchange narrows to the requested subset and rejects a scope outside the parent's with invalid_scope", async () => {
    const orchestrator = await registerAgent("orchestrator", { sub_type: "orchestrator" });
    const worker = await registerAgent("worker");
    const parent = await admin.tokens.issueApiKey(orchestrator.apiKey, { scope: ["tools:run", "data:read"] });

    const child = await admin.tokens.issueTokenExchange(parent.access_token, await assertionFor(worker), {
      scope: "data:read tools:run",
    });
    expect([...(await admin.tokens.verify(child.access_token)).scopes].sort()).toEqual([
      "data:read",
      "tools:run",
    ]);

    // data:write is in the orchestrator's allowed scopes but not in this parent token.
    const outside = await rejection(
      admin.tokens.issueTokenExchange(parent.access_token, await assertionFor(worker), {
        scope: "data:write",
      }),
    );
    expect(outside).toMatchObject({ code: "invalid_scope", status: 400, kind: "oauth" });
    const unknown = await rejection(
      admin.tokens.issueTokenExchange(parent.access_token, await assertionFor(worker), {
        scope: "admin:all",
      }),
    );
    expect(unknown.code).toBe("invalid_scope");
  });

  it("an actor assertion signed by a key other than the registered one is refused", async () => {
    const orchestrator = await registerAgent("orchestrator", { sub_type: "orchestrator" });
    const worker = await registerAgent("worker");
    const impostorKeys = await generateAgentKeyPair();
    const parent = await admin.tokens.issueApiKey(orchestrator.apiKey);
    const forged = await admin.tokens.createActorAssertion({
      privateKey: impostorKeys.privateKey,
      wimseUri: worker.identity.wimse_uri as string,
    });
    const error = await rejection(
      admin.tokens.issueTokenExchange(parent.access_token, forged, { scope: "data:read" }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_grant");
  });

  it("a credential policy with max_delegation_depth 1 allows the first hop and refuses the second (policy_violation)", async () => {
    const policy = await admin.credentialPolicies.create({
      name: uniqueId("one-hop"),
      max_delegation_depth: 1,
    });
    const orchestrator = await registerAgent("orchestrator", { sub_type: "orchestrator" });
    const worker = await registerAgent("worker", { credential_policy_id: policy.id });
    const leaf = await registerAgent("leaf", { credential_policy_id: policy.id });
    const parent = await admin.tokens.issueApiKey(orchestrator.apiKey);

    const hop1 = await admin.tokens.issueTokenExchange(parent.access_token, await assertionFor(worker), {
      scope: "data:read",
    });
    expect((await admin.tokens.verify(hop1.access_token)).delegation_depth).toBe(1);

    const hop2 = await rejection(
      admin.tokens.issueTokenExchange(hop1.access_token, await assertionFor(leaf), { scope: "data:read" }),
    );
    expect(hop2).toMatchObject({ code: "policy_violation", status: 400, kind: "oauth" });
    expect(hop2.detail).toMatch(/depth 2/);

    // Raising the limit lets the same second hop through, with depth 2 and the mission carried over.
    await admin.credentialPolicies.update(policy.id, { max_delegation_depth: 2 });
    const allowed = await admin.tokens.issueTokenExchange(hop1.access_token, await assertionFor(leaf), {
      scope: "data:read",
    });
    const leafIdentity = await admin.tokens.verify(allowed.access_token);
    expect(leafIdentity.delegation_depth).toBe(2);
    expect(leafIdentity.act?.sub).toBe(worker.identity.wimse_uri);
    expect(leafIdentity.mission_id).toBe((await admin.tokens.verify(hop1.access_token)).mission_id);
  });

  it("revoking the parent cascades to the child: session() says inactive while verify() still passes", async () => {
    const orchestrator = await registerAgent("orchestrator", { sub_type: "orchestrator" });
    const worker = await registerAgent("worker");
    const parent = await admin.tokens.issueApiKey(orchestrator.apiKey);
    const child = await admin.tokens.issueTokenExchange(parent.access_token, await assertionFor(worker), {
      scope: "data:read",
    });
    expect((await admin.tokens.session(child.access_token)).sub).toBe(worker.identity.wimse_uri);

    expect((await admin.tokens.revoke(parent.access_token)).revoked).toBe(true);

    const inactive = await rejection(admin.tokens.session(child.access_token));
    expect(inactive).toMatchObject({ code: "token_inactive", kind: "verification", status: 401 });
    expect((await admin.tokens.introspect(child.access_token)).active).toBe(false);
    // Local verification cannot see revocation: the signature is still valid.
    expect((await admin.tokens.verify(child.access_token)).sub).toBe(worker.identity.wimse_uri);
    // A revoked subject cannot be delegated any further.
    const again = await rejection(
      admin.tokens.issueTokenExchange(parent.access_token, await assertionFor(worker), {
        scope: "data:read",
      }),
    );
    expect(again.code).toBe("invalid_grant");
  });

  it("a high-severity signal for the sub-agent revokes its credentials but not the orchestrator's", async () => {
    const orchestrator = await registerAgent("orchestrator", { sub_type: "orchestrator" });
    const worker = await registerAgent("worker");
    const parent = await admin.tokens.issueApiKey(orchestrator.apiKey);
    const child = await admin.tokens.issueTokenExchange(parent.access_token, await assertionFor(worker), {
      scope: "data:read",
    });

    const low = await admin.signals.ingest({
      signal_type: "anomalous_behavior",
      severity: "low",
      source: "e2e",
      identity_id: worker.identity.id,
    });
    expect(low.signal_type).toBe("anomalous_behavior");
    expect((await admin.tokens.session(child.access_token)).sub).toBe(worker.identity.wimse_uri);

    const high = await admin.signals.ingest({
      signal_type: "anomalous_behavior",
      severity: "high",
      source: "e2e",
      identity_id: worker.identity.id,
      payload: { reason: "exfiltration pattern" },
    });
    expect(high).toMatchObject({ severity: "high", identity_id: worker.identity.id });
    expect((await rejection(admin.tokens.session(child.access_token))).code).toBe("token_inactive");
    expect((await admin.tokens.session(parent.access_token)).sub).toBe(orchestrator.identity.wimse_uri);
    expect((await admin.tokens.verify(child.access_token)).sub).toBe(worker.identity.wimse_uri);
    const listed = await admin.signals.list({ limit: 10 });
    expect(listed.signals.map((s) => s.id)).toEqual(expect.arrayContaining([low.id, high.id]));
  });
});
