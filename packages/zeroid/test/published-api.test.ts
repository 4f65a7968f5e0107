import { RequestValidationError } from "@highflame/core";
import { startTestServer, type TestServer } from "@highflame/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyJWT, ZeroIDClient, ZeroIDError } from "../src/index.js";
import * as fx from "./helpers/fixtures.js";
import { startIssuer, type TestIssuer } from "./helpers/issuer.js";

// Behaviour that code written against the published @highflame/sdk 0.3 client relies on.

let server: TestServer;
let issuer: TestIssuer;
let client: ZeroIDClient;
const P = "/api/v1";

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

describe("credentials.list", () => {
  it("takes an identity id string and sends it as identity_id (not ?0=a&1=g…)", async () => {
    server.route("GET", `${P}/credentials`, { body: { credentials: [fx.credential()], total: 1 } });
    const result = await client.credentials.list("agt_abc");
    const [req] = server.requestsTo("GET", `${P}/credentials`);
    expect([...req!.query]).toEqual([["identity_id", "agt_abc"]]);
    expect(result.credentials.map((c) => c.id)).toEqual(["crd_1"]);
  });

  it("still takes a query object", async () => {
    server.route("GET", `${P}/credentials`, { body: { credentials: [], total: 0 } });
    await client.credentials.list({ mission_id: "m-1" });
    expect([...server.requestsTo("GET", `${P}/credentials`)[0]!.query]).toEqual([["mission_id", "m-1"]]);
  });

  it("rejects an empty id before sending anything", async () => {
    await expect(client.credentials.list("")).rejects.toBeInstanceOf(RequestValidationError);
    await expect(client.credentials.list(["agt_1"] as never)).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("list endpoints read a null array (the Go server's empty slice) as empty", () => {
  const cases: [string, string, string, (c: ZeroIDClient) => Promise<Record<string, unknown>>][] = [
    ["agents.list", `${P}/agents/registry`, "agents", (c) => c.agents.list()],
    ["identities.list", `${P}/identities`, "identities", (c) => c.identities.list()],
    ["credentials.list", `${P}/credentials`, "credentials", (c) => c.credentials.list("agt_1")],
    ["apiKeys.list", `${P}/api-keys`, "keys", (c) => c.apiKeys.list()],
    ["oauthClients.list", `${P}/oauth/clients`, "clients", (c) => c.oauthClients.list()],
    [
      "credentialPolicies.list",
      `${P}/credential-policies`,
      "credential_policies",
      (c) => c.credentialPolicies.list(),
    ],
    ["signals.list", `${P}/signals`, "signals", (c) => c.signals.list()],
  ];
  for (const [name, path, field, call] of cases) {
    it(`${name}: {"${field}": null} and a missing field give []`, async () => {
      server.route("GET", path, { body: { [field]: null, total: 0 } });
      expect((await call(client))[field]).toEqual([]);
      server.route("GET", path, { body: { total: 0 } });
      expect((await call(client))[field]).toEqual([]);
      expect(server.requestsTo("GET", path)).toHaveLength(2);
    });
  }

  it("still rejects an array field of the wrong type", async () => {
    server.route("GET", `${P}/agents/registry`, { body: { agents: "nope" } });
    await expect(client.agents.list()).rejects.toThrow(/agents/);
  });
});

describe("fields typed as always present", () => {
  it("an older server that omits them (or sends null) still parses, as empty strings", async () => {
    const { name: _n, wimse_uri: _w, created_at: _c, ...partial } = fx.agent();
    server.route("GET", `${P}/agents/registry/agt_1`, { body: { ...partial, status: null } });
    const agent = await client.agents.get("agt_1");
    expect(agent).toMatchObject({ id: "agt_1", name: "", wimse_uri: "", created_at: "", status: "" });
    expect(agent.trust_level).toBe("unverified");
  });

  it("credential scopes default to [] and a created client's secret to an empty string", async () => {
    server.route("GET", `${P}/credentials/crd_1`, {
      body: { ...fx.credential(), scopes: null, issued_at: undefined },
    });
    const cred = await client.credentials.get("crd_1");
    expect(cred.scopes).toEqual([]);
    expect(cred.issued_at).toBe("");
    server.route("POST", `${P}/oauth/clients`, {
      status: 201,
      body: { client: { id: "c1", client_id: "pub" } },
    });
    const created = await client.oauthClients.create({ client_id: "pub", name: "Public" });
    expect(created.client_secret).toBe("");
  });
});

describe("agents.register metadata", () => {
  it("sends a JSON-string metadata as given", async () => {
    server.route("POST", `${P}/agents/register`, {
      status: 201,
      body: { identity: fx.agent(), api_key: "zid_sk_x" },
    });
    const metadata = JSON.stringify({ team: "platform" });
    await client.agents.register({ name: "P", external_id: "p-1", created_by: "u1", metadata });
    expect(server.requestsTo("POST", `${P}/agents/register`)[0]!.json).toMatchObject({ metadata });
  });
});

describe("tokens", () => {
  it("session() is active: true with the identity helpers; verify() has a numeric exp and the name", async () => {
    const token = await issuer.token({ name: "Planner" });
    server.route("POST", "/oauth2/token/introspect", {
      body: { active: true, sub: "spiffe://zeroid.test/acme/prod/agent/planner-1", account_id: "acme" },
    });
    const session = await client.tokens.session(token);
    expect(session.active).toBe(true);
    expect(session.hasScope("tools:run")).toBe(true);
    expect(JSON.parse(JSON.stringify(session))).toMatchObject({ active: true, account_id: "acme" });

    const verified = await client.tokens.verify(token);
    expect(typeof verified.exp).toBe("number");
    expect(verified.exp).toBeGreaterThan(Date.now() / 1000);
    expect(verified.name).toBe("Planner");
    expect("active" in verified).toBe(false);
  });

  it("verifyJWT(token, jwksUrl) verifies against that JWKS", async () => {
    const token = await issuer.token();
    const identity = await verifyJWT(token, `${server.url}/.well-known/jwks.json`, { issuer: server.url });
    expect(identity.sub).toBe("spiffe://zeroid.test/acme/prod/agent/planner-1");
    const bad = await issuer.token({ iss: "http://127.0.0.1:1" });
    await expect(
      verifyJWT(bad, `${server.url}/.well-known/jwks.json`, { issuer: server.url }),
    ).rejects.toThrow(ZeroIDError);
  });

  it("issuer_mismatch names the expected and the actual issuer", async () => {
    const actual = server.url.replace("127.0.0.1", "localhost");
    const token = await issuer.token({ iss: actual, aud: [server.url] });
    const error = (await client.tokens.verify(token).catch((e: unknown) => e)) as ZeroIDError;
    expect(error).toBeInstanceOf(ZeroIDError);
    expect(error.code).toBe("issuer_mismatch");
    expect(error.message).toContain(`"${actual}"`);
    expect(error.message).toContain(`expected issuer "${server.url}"`);
  });
});
