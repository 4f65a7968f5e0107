import {
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  RequestValidationError,
  UnprocessableEntityError,
} from "@highflame/core";
import { generateTestKey, problemJson, startTestServer, type TestServer } from "@highflame/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZeroIDClient, ZeroIDError } from "../src/index.js";
import * as fx from "./helpers/fixtures.js";
import { startIssuer, type TestIssuer } from "./helpers/issuer.js";

let server: TestServer;
let issuer: TestIssuer;
let client: ZeroIDClient;

beforeEach(async () => {
  server = await startTestServer();
  issuer = await startIssuer(server);
  client = new ZeroIDClient({
    baseUrl: server.url,
    accountId: "acme",
    projectId: "prod",
    maxRetries: 0,
    logLevel: "off",
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

interface Case {
  name: string;
  method: string;
  path: string;
  status: number;
  response: unknown;
  call: (c: ZeroIDClient) => Promise<unknown>;
  /** Expected JSON body; `undefined` means no body. */
  body?: unknown;
  query?: Record<string, string | string[]>;
  check?: (result: unknown) => void;
}

const P = "/api/v1";
const cases: Case[] = [
  {
    name: "agents.register",
    method: "POST",
    path: `${P}/agents/register`,
    status: 201,
    response: { identity: fx.agent(), api_key: "zid_sk_shown_once" },
    call: (c) =>
      c.agents.register({
        name: "Planner",
        external_id: "planner-1",
        created_by: "u1",
        sub_type: "orchestrator",
      }),
    body: { name: "Planner", external_id: "planner-1", created_by: "u1", sub_type: "orchestrator" },
    check: (r) => expect((r as { identity: { id: string } }).identity.id).toBe("agt_1"),
  },
  {
    name: "agents.get",
    method: "GET",
    path: `${P}/agents/registry/agt_1`,
    status: 200,
    response: fx.agent(),
    call: (c) => c.agents.get("agt_1"),
  },
  {
    name: "agents.list",
    method: "GET",
    path: `${P}/agents/registry`,
    status: 200,
    response: { agents: [fx.agent()], total: 1, limit: 20, offset: 0 },
    call: (c) => c.agents.list({ status: ["active", "suspended"], limit: 20, offset: 0 }),
    query: { status: ["active", "suspended"], limit: "20", offset: "0" },
  },
  {
    name: "agents.update",
    method: "PATCH",
    path: `${P}/agents/registry/agt_1`,
    status: 200,
    response: fx.agent(),
    call: (c) => c.agents.update("agt_1", { trust_level: "first_party" }),
    body: { trust_level: "first_party" },
  },
  {
    name: "agents.delete",
    method: "DELETE",
    path: `${P}/agents/registry/agt_1`,
    status: 200,
    response: fx.agent(),
    call: (c) => c.agents.delete("agt_1"),
  },
  {
    name: "agents.activate",
    method: "POST",
    path: `${P}/agents/registry/agt_1/activate`,
    status: 200,
    response: fx.agent(),
    call: (c) => c.agents.activate("agt_1"),
    body: {},
  },
  {
    name: "agents.deactivate",
    method: "POST",
    path: `${P}/agents/registry/agt_1/deactivate`,
    status: 200,
    response: fx.agent(),
    call: (c) => c.agents.deactivate("agt_1"),
    body: {},
  },
  {
    name: "agents.rotateKey",
    method: "POST",
    path: `${P}/agents/registry/agt_1/rotate-key`,
    status: 200,
    response: { identity: fx.agent(), api_key: "zid_sk_new" },
    call: (c) => c.agents.rotateKey("agt_1"),
    body: {},
  },
  {
    name: "identities.create",
    method: "POST",
    path: `${P}/identities`,
    status: 201,
    response: fx.identity(),
    call: (c) =>
      c.identities.create({
        external_id: "svc-1",
        owner_user_id: "u1",
        identity_type: "service",
        sub_type: "llm_provider",
      }),
    body: { external_id: "svc-1", owner_user_id: "u1", identity_type: "service", sub_type: "llm_provider" },
  },
  {
    name: "identities.get",
    method: "GET",
    path: `${P}/identities/idn_1`,
    status: 200,
    response: fx.identity(),
    call: (c) => c.identities.get("idn_1"),
  },
  {
    name: "identities.getByWimse",
    method: "GET",
    path: `${P}/identities/by-wimse`,
    status: 200,
    response: fx.identity(),
    call: (c) => c.identities.getByWimse("spiffe://zeroid.test/acme/prod/agent/planner-1"),
    query: { uri: "spiffe://zeroid.test/acme/prod/agent/planner-1" },
  },
  {
    name: "identities.list",
    method: "GET",
    path: `${P}/identities`,
    status: 200,
    response: { identities: [fx.identity()], total: 1, limit: 20, offset: 0 },
    call: (c) => c.identities.list({ identity_type: "agent" }),
    query: { identity_type: "agent" },
  },
  {
    name: "identities.update",
    method: "PATCH",
    path: `${P}/identities/idn_1`,
    status: 200,
    response: fx.identity(),
    call: (c) => c.identities.update("idn_1", { expires_at: "" }),
    body: { expires_at: "" },
  },
  {
    name: "identities.delete",
    method: "DELETE",
    path: `${P}/identities/idn_1`,
    status: 200,
    response: fx.identity(),
    call: (c) => c.identities.delete("idn_1"),
  },
  {
    name: "apiKeys.create",
    method: "POST",
    path: `${P}/api-keys`,
    status: 201,
    response: {
      id: "key_1",
      name: "ci",
      key: "zid_sk_once",
      key_prefix: "zid_sk_once",
      environment: "test",
      scopes: [],
      created_at: "x",
    },
    call: (c) => c.apiKeys.create({ name: "ci", environment: "test", expires_in_days: 30 }),
    body: { name: "ci", environment: "test", expires_in_days: 30 },
  },
  {
    name: "apiKeys.get",
    method: "GET",
    path: `${P}/api-keys/key_1`,
    status: 200,
    response: { id: "key_1", state: "active" },
    call: (c) => c.apiKeys.get("key_1"),
  },
  {
    name: "apiKeys.list",
    method: "GET",
    path: `${P}/api-keys`,
    status: 200,
    response: { keys: [{ id: "key_1" }], total: 1, page: 2, limit: 5 },
    call: (c) => c.apiKeys.list({ state: "active", page: 2, limit: 5 }),
    query: { state: "active", page: "2", limit: "5" },
  },
  {
    name: "apiKeys.revoke",
    method: "POST",
    path: `${P}/api-keys/key_1/revoke`,
    status: 200,
    response: { message: "revoked" },
    call: (c) => c.apiKeys.revoke("key_1", { reason: "leaked" }),
    body: { reason: "leaked" },
  },
  {
    name: "oauthClients.create",
    method: "POST",
    path: `${P}/oauth/clients`,
    status: 201,
    response: { client: fx.oauthClient(), client_secret: "secret-once", note: "store it" },
    call: (c) =>
      c.oauthClients.create({
        client_id: "svc-a",
        name: "Service A",
        confidential: true,
        grant_types: ["client_credentials"],
      }),
    body: { client_id: "svc-a", name: "Service A", confidential: true, grant_types: ["client_credentials"] },
  },
  {
    name: "oauthClients.get",
    method: "GET",
    path: `${P}/oauth/clients/cli_uuid`,
    status: 200,
    response: fx.oauthClient(),
    call: (c) => c.oauthClients.get("cli_uuid"),
  },
  {
    name: "oauthClients.list",
    method: "GET",
    path: `${P}/oauth/clients`,
    status: 200,
    response: { clients: [fx.oauthClient()], total: 1 },
    call: (c) => c.oauthClients.list(),
  },
  {
    name: "oauthClients.delete",
    method: "DELETE",
    path: `${P}/oauth/clients/cli_uuid`,
    status: 200,
    response: { deleted: true, id: "cli_uuid" },
    call: (c) => c.oauthClients.delete("cli_uuid"),
  },
  {
    name: "oauthClients.rotateSecret",
    method: "POST",
    path: `${P}/oauth/clients/cli_uuid/rotate-secret`,
    status: 200,
    response: { client: fx.oauthClient(), client_secret: "new-secret" },
    call: (c) => c.oauthClients.rotateSecret("cli_uuid"),
    body: {},
  },
  {
    name: "credentialPolicies.create",
    method: "POST",
    path: `${P}/credential-policies`,
    status: 201,
    response: fx.policy(),
    call: (c) =>
      c.credentialPolicies.create({ name: "short", max_ttl_seconds: 600, allowed_grant_types: ["api_key"] }),
    body: { name: "short", max_ttl_seconds: 600, allowed_grant_types: ["api_key"] },
  },
  {
    name: "credentialPolicies.get",
    method: "GET",
    path: `${P}/credential-policies/pol_1`,
    status: 200,
    response: fx.policy(),
    call: (c) => c.credentialPolicies.get("pol_1"),
  },
  {
    name: "credentialPolicies.list",
    method: "GET",
    path: `${P}/credential-policies`,
    status: 200,
    response: { credential_policies: [fx.policy()], total: 1 },
    call: (c) => c.credentialPolicies.list(),
  },
  {
    name: "credentialPolicies.update",
    method: "PATCH",
    path: `${P}/credential-policies/pol_1`,
    status: 200,
    response: fx.policy(),
    call: (c) => c.credentialPolicies.update("pol_1", { is_active: false }),
    body: { is_active: false },
  },
  {
    name: "credentialPolicies.delete",
    method: "DELETE",
    path: `${P}/credential-policies/pol_1`,
    status: 204,
    response: undefined,
    call: (c) => c.credentialPolicies.delete("pol_1"),
    check: (r) => expect(r).toBeUndefined(),
  },
  {
    name: "credentials.issue",
    method: "POST",
    path: `${P}/credentials/issue`,
    status: 201,
    response: { token: fx.tokenBody(), credential: fx.credential() },
    call: (c) => c.credentials.issue({ identity_id: "idn_1", scopes: ["tools:run"], ttl_seconds: 600 }),
    body: { identity_id: "idn_1", scopes: ["tools:run"], ttl_seconds: 600 },
  },
  {
    name: "credentials.get",
    method: "GET",
    path: `${P}/credentials/crd_1`,
    status: 200,
    response: fx.credential(),
    call: (c) => c.credentials.get("crd_1"),
  },
  {
    name: "credentials.list",
    method: "GET",
    path: `${P}/credentials`,
    status: 200,
    response: { credentials: [fx.credential()], total: 1 },
    call: (c) => c.credentials.list({ identity_id: "idn_1" }),
    query: { identity_id: "idn_1" },
  },
  {
    name: "credentials.revoke",
    method: "POST",
    path: `${P}/credentials/crd_1/revoke`,
    status: 200,
    response: { revoked: true, id: "crd_1" },
    call: (c) => c.credentials.revoke("crd_1", { reason: "rotation" }),
    body: { reason: "rotation" },
  },
  {
    name: "credentials.rotate",
    method: "POST",
    path: `${P}/credentials/crd_1/rotate`,
    status: 201,
    response: { token: fx.tokenBody(), credential: fx.credential("crd_2") },
    call: (c) => c.credentials.rotate("crd_1"),
    body: {},
  },
  {
    name: "signals.ingest",
    method: "POST",
    path: `${P}/signals/ingest`,
    status: 201,
    response: fx.signal(),
    call: (c) =>
      c.signals.ingest({
        signal_type: "identity_expired",
        severity: "critical",
        source: "guard",
        identity_id: "idn_1",
        payload: { a: 1 },
      }),
    body: {
      signal_type: "identity_expired",
      severity: "critical",
      source: "guard",
      identity_id: "idn_1",
      payload: { a: 1 },
    },
  },
  {
    name: "signals.list",
    method: "GET",
    path: `${P}/signals`,
    status: 200,
    response: { signals: [fx.signal("s1"), fx.signal("s2", "tool_abuse_detected")], total: 2 },
    call: (c) => c.signals.list({ limit: 100, mission_id: "m-1" }),
    query: { limit: "100", mission_id: "m-1" },
    check: (r) =>
      expect((r as { signals: Array<{ signal_type: string }> }).signals[1]!.signal_type).toBe(
        "tool_abuse_detected",
      ),
  },
  {
    name: "proofs.generate",
    method: "POST",
    path: `${P}/proof/generate`,
    status: 200,
    response: { proof_token: "p.r.f", token_type: "wimse-proof", expires_in: 300 },
    call: (c) => c.proofs.generate({ identity_id: "idn_1", audience: "https://svc", nonce: "n1" }),
    body: { identity_id: "idn_1", audience: "https://svc", nonce: "n1" },
  },
  {
    name: "proofs.verify",
    method: "POST",
    path: `${P}/proof/verify`,
    status: 200,
    response: { valid: true, subject: "spiffe://zeroid.test/acme/prod/agent/planner-1" },
    call: (c) => c.proofs.verify({ proof_token: "p.r.f", audience: "https://svc" }),
    body: { proof_token: "p.r.f", audience: "https://svc" },
  },
];

describe("admin resources send the exact method, path, headers and body", () => {
  for (const tc of cases) {
    it(tc.name, async () => {
      server.route(tc.method, tc.path, {
        status: tc.status,
        ...(tc.response === undefined ? {} : { body: tc.response }),
      });
      const result = await tc.call(client);
      const received = server.requestsTo(tc.method, tc.path);
      expect(received).toHaveLength(1);
      const req = received[0]!;
      expect(req.headers["x-account-id"]).toBe("acme");
      expect(req.headers["x-project-id"]).toBe("prod");
      expect(req.headers.authorization).toBeUndefined();
      if (tc.body === undefined) {
        expect(req.body).toBe("");
      } else {
        expect(req.headers["content-type"]).toBe("application/json");
        expect(req.json).toEqual(tc.body);
      }
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(req.query.keys())) {
        const all = req.query.getAll(key);
        query[key] = all.length > 1 ? all : all[0]!;
      }
      expect(query).toEqual(tc.query ?? {});
      if (tc.check) tc.check(result);
      else if (tc.response !== undefined) expect(result).toMatchObject(tc.response as object);
    });
  }
});

describe("agents.reactivate", () => {
  it("activates, then rotates the key, and returns the new key", async () => {
    server.route("POST", `${P}/agents/registry/agt_1/activate`, { body: fx.agent() });
    server.route("POST", `${P}/agents/registry/agt_1/rotate-key`, {
      body: { identity: fx.agent(), api_key: "zid_sk_fresh" },
    });
    const result = await client.agents.reactivate("agt_1");
    expect(result.api_key).toBe("zid_sk_fresh");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${P}/agents/registry/agt_1/activate`,
      `POST ${P}/agents/registry/agt_1/rotate-key`,
    ]);
  });
});

describe("tenancy and routing", () => {
  it("an admin call without a tenant throws ConfigurationError and never reaches the server", async () => {
    await using bare = new ZeroIDClient({ baseUrl: server.url });
    const error = await bare.agents.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe("accountId");
    await using half = new ZeroIDClient({ baseUrl: server.url, accountId: "acme" });
    const error2 = await half.identities.get("idn_1").catch((e: unknown) => e);
    expect((error2 as ConfigurationError).option).toBe("projectId");
    expect(server.requests).toHaveLength(0);
  });

  it('supports a root-mounted admin API (adminPathPrefix: "") and a custom prefix', async () => {
    server.route("GET", "/agents/registry/agt_1", { body: fx.agent() });
    server.route("GET", "/zeroid/admin/agents/registry/agt_1", { body: fx.agent() });
    await using root = new ZeroIDClient({
      baseUrl: server.url,
      accountId: "a",
      projectId: "p",
      adminPathPrefix: "",
    });
    await using custom = new ZeroIDClient({
      baseUrl: server.url,
      accountId: "a",
      projectId: "p",
      adminPathPrefix: "zeroid/admin/",
    });
    await root.agents.get("agt_1");
    await custom.agents.get("agt_1");
    expect(server.requests.map((r) => r.path)).toEqual([
      "/agents/registry/agt_1",
      "/zeroid/admin/agents/registry/agt_1",
    ]);
  });

  it("encodes ids as one path segment", async () => {
    server.fallback({ status: 404, body: { title: "Not Found", status: 404, detail: "no" } });
    await client.agents.get("a?b#c d").catch(() => undefined);
    expect(server.requests[0]!.url).toBe("/api/v1/agents/registry/a%3Fb%23c%20d");
    // Ids that would add or climb segments never leave the process.
    await expect(client.agents.get("a/b")).rejects.toBeInstanceOf(RequestValidationError);
    await expect(client.agents.get("..")).rejects.toBeInstanceOf(RequestValidationError);
    await expect(client.agents.get("")).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it("sends X-User-ID when userId is set", async () => {
    server.route("POST", `${P}/agents/register`, {
      status: 201,
      body: { identity: fx.agent(), api_key: "k" },
    });
    await using c = new ZeroIDClient({
      baseUrl: server.url,
      accountId: "a",
      projectId: "p",
      userId: "user-7",
    });
    await c.agents.register({ name: "n", external_id: "e" });
    expect(server.requests[0]!.headers["x-user-id"]).toBe("user-7");
  });

  it("rejects signal types and severities the server does not accept, before any request", async () => {
    await expect(
      client.signals.ingest({ signal_type: "identity_compromised" as never, source: "s" }),
    ).rejects.toMatchObject({ field: "signal_type" });
    await expect(
      client.signals.ingest({ signal_type: "ip_change", severity: "urgent" as never, source: "s" }),
    ).rejects.toMatchObject({ field: "severity" });
    expect(server.requests).toHaveLength(0);
  });

  it("proofs.generate can authenticate with the agent's own token", async () => {
    server.route("POST", `${P}/proof/generate`, {
      body: { proof_token: "p", token_type: "t", expires_in: 300 },
    });
    await client.proofs.generate({ identity_id: "i", audience: "a" }, { accessToken: "agent.jwt.token" });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer agent.jwt.token");
  });
});

describe("admin auth with apiKey: the key itself as Bearer (as the published 0.3 client)", () => {
  it("one request per admin call, no token endpoint", async () => {
    const apiKey = generateTestKey("zid_sk_");
    server.route("GET", `${P}/agents/registry`, { body: { agents: [], total: 0 } });
    await using c = new ZeroIDClient({ baseUrl: server.url, apiKey, accountId: "acme", projectId: "prod" });
    expect(c.adminAuth).toBe("api-key");
    await c.agents.list();
    await c.agents.list();
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${P}/agents/registry`,
      `GET ${P}/agents/registry`,
    ]);
    for (const req of server.requests) expect(req.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("a rejected key is not repeated, and the error never shows the key", async () => {
    const apiKey = generateTestKey("zid_sk_");
    server.route("GET", `${P}/agents/registry/x`, problemJson(401, "Unauthorized", "invalid api key"));
    await using c = new ZeroIDClient({ baseUrl: server.url, apiKey, accountId: "a", projectId: "p" });
    const error = (await c.agents.get("x").catch((e: unknown) => e)) as ZeroIDError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).not.toContain(apiKey);
    expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
    expect(server.requests).toHaveLength(1);
  });

  it("delegate() still exchanges the key for the client's own token", async () => {
    const apiKey = generateTestKey("zid_sk_");
    const own = await issuer.token({ jti: "own" });
    server.route("POST", "/oauth2/token", { body: fx.tokenBody(own) }, { body: fx.tokenBody("child.jwt.x") });
    await using c = new ZeroIDClient({ baseUrl: server.url, apiKey, accountId: "a", projectId: "p" });
    await c.tokens.delegate({ actor_token: "actor.jwt.x", scope: "data:read" });
    const [exchange, delegation] = server.requestsTo("POST", "/oauth2/token");
    expect(exchange!.json).toMatchObject({ grant_type: "api_key", api_key: apiKey });
    expect(delegation!.json).toMatchObject({ subject_token: own, actor_token: "actor.jwt.x" });
  });

  it('adminAuth "api-key" without apiKey is a configuration error', () => {
    expect(() => new ZeroIDClient({ baseUrl: server.url, adminAuth: "api-key" })).toThrow(ConfigurationError);
  });
});

describe('admin auth "token": an exchanged token as Bearer', () => {
  it("exchanges the key once via the api_key grant and sends the token on admin calls", async () => {
    const apiKey = generateTestKey("zid_sk_");
    const jwt = await issuer.token();
    server.route("POST", "/oauth2/token", {
      body: { ...fx.tokenBody(jwt), account_id: "acme", project_id: "prod" },
    });
    server.route("GET", `${P}/agents/registry`, { body: { agents: [], total: 0, limit: 20, offset: 0 } });
    await using c = new ZeroIDClient({
      baseUrl: server.url,
      apiKey,
      adminAuth: "token",
      accountId: "acme",
      projectId: "prod",
    });
    await c.agents.list();
    await c.agents.list();
    const tokenReqs = server.requestsTo("POST", "/oauth2/token");
    expect(tokenReqs).toHaveLength(1);
    expect(tokenReqs[0]!.json).toMatchObject({ grant_type: "api_key", api_key: apiKey });
    for (const req of server.requestsTo("GET", `${P}/agents/registry`)) {
      expect(req.headers.authorization).toBe(`Bearer ${jwt}`);
    }
  });

  it("a rejected key surfaces as an authentication ZeroIDError without leaking the key", async () => {
    const apiKey = generateTestKey("zid_sk_");
    server.route("POST", "/oauth2/token", {
      status: 400,
      body: { error: "invalid_grant", error_description: "unknown api key" },
    });
    await using c = new ZeroIDClient({
      baseUrl: server.url,
      apiKey,
      adminAuth: "token",
      accountId: "acme",
      projectId: "prod",
      maxRetries: 0,
    });
    const error = (await c.agents.list().catch((e: unknown) => e)) as ZeroIDError;
    expect(error).toBeInstanceOf(ZeroIDError);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.kind).toBe("authentication");
    expect(error.code).toBe("invalid_grant");
    expect(error.status).toBe(400);
    expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
    expect(error.message).not.toContain(apiKey);
    expect(server.requestsTo("GET", `${P}/agents/registry`)).toHaveLength(0);
  });

  it("refreshes the token once after a 401 and repeats the call", async () => {
    const first = await issuer.token({ jti: "first" });
    const second = await issuer.token({ jti: "second" });
    server.route("POST", "/oauth2/token", { body: fx.tokenBody(first) }, { body: fx.tokenBody(second) });
    server.route("GET", `${P}/agents/registry/x`, problemJson(401, "Unauthorized", "token expired"), {
      body: fx.agent("x"),
    });
    await using c = new ZeroIDClient({
      baseUrl: server.url,
      apiKey: generateTestKey("zid_sk_"),
      adminAuth: "token",
      accountId: "a",
      projectId: "p",
    });
    expect((await c.agents.get("x")).id).toBe("x");
    const calls = server.requestsTo("GET", `${P}/agents/registry/x`);
    expect(calls.map((r) => r.headers.authorization)).toEqual([`Bearer ${first}`, `Bearer ${second}`]);
    expect(server.requestsTo("POST", "/oauth2/token")).toHaveLength(2);
  });

  it("shares a token provider and a transport between clients", async () => {
    const jwt = await issuer.token();
    server.route("POST", "/oauth2/token", { body: fx.tokenBody(jwt) });
    server.route("GET", `${P}/agents/registry/x`, { body: fx.agent("x") });
    await using first = new ZeroIDClient({
      baseUrl: server.url,
      apiKey: generateTestKey("zid_sk_"),
      adminAuth: "token",
      accountId: "a",
      projectId: "p",
    });
    await using second = new ZeroIDClient({
      baseUrl: server.url,
      tokenProvider: first.tokenProvider,
      transport: first.transport,
      accountId: "a",
      projectId: "p",
    });
    await first.agents.get("x");
    await second.agents.get("x");
    expect(server.requestsTo("POST", "/oauth2/token")).toHaveLength(1);
    await second.close();
    await first.agents.get("x"); // the shared pool is still open
  });
});

describe("error classification", () => {
  it("422 schema failures are validation errors with field errors kept", async () => {
    server.route(
      "POST",
      `${P}/agents/register`,
      problemJson(422, "Unprocessable Entity", "validation failed", {
        errors: [{ message: "expected string", location: "body.external_id", value: 3 }],
      }),
    );
    const error = (await client.agents
      .register({ name: "n", external_id: 3 as never })
      .catch((e: unknown) => e)) as ZeroIDError;
    expect(error).toBeInstanceOf(ZeroIDError);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.kind).toBe("validation");
    expect(error.code).toBe("validation_error");
    expect(error.status).toBe(422);
    expect(error.errors?.[0]?.location).toBe("body.external_id");
    expect(error.message).toContain("body.external_id");
  });

  it("409 conflicts and 401 missing tenant context are classified", async () => {
    server.route("POST", `${P}/identities`, problemJson(409, "Conflict", "external_id exists"));
    server.route("GET", `${P}/identities/x`, problemJson(401, "Unauthorized", "missing tenant context"));
    const conflict = (await client.identities
      .create({ external_id: "e", owner_user_id: "u" })
      .catch((e: unknown) => e)) as ZeroIDError;
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.kind).toBe("conflict");
    expect(conflict.code).toBe("http_409");
    const unauth = (await client.identities.get("x").catch((e: unknown) => e)) as ZeroIDError;
    expect(unauth.kind).toBe("authentication");
    expect(unauth.detail).toBe("missing tenant context");
  });

  it("maps the nested validation shape", async () => {
    server.route("GET", `${P}/agents/registry`, {
      status: 400,
      body: { error: { code: 400, internalCode: "E1", message: "bad filter", status: "BAD_REQUEST" } },
    });
    const error = (await client.agents.list().catch((e: unknown) => e)) as ZeroIDError;
    expect(error.kind).toBe("bad_request");
    expect(error.code).toBe("http_400");
    expect(error.detail).toBe("bad filter");
  });
});
