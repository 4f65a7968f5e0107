import { randomBytes } from "node:crypto";
import { generateTestKey, startTestServer, type TestServer } from "@highflame/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError, Highflame } from "../src/index.js";

afterEach(() => vi.unstubAllEnvs());

function jwt(claims: Record<string, unknown>): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${enc({ alg: "RS256" })}.${enc(claims)}.${randomBytes(8).toString("base64url")}`;
}

async function server(): Promise<{ s: TestServer; exchanged: string }> {
  const s = await startTestServer();
  const exchanged = jwt({ account_id: "acc", project_id: "proj", jti: "own" });
  s.route("POST", "/oauth2/token", (req) => {
    const body = req.json as { grant_type: string };
    const token = body.grant_type === "api_key" ? exchanged : jwt({ jti: "child" });
    return { body: { access_token: token, token_type: "Bearer", expires_in: 3600 } };
  });
  s.route("POST", "/v1/guard", { body: { decision: "allow" } });
  s.route("GET", "/api/v1/agents/registry", { body: { agents: null, total: 0 } });
  return { s, exchanged };
}

describe("Highflame.zeroid admin auth", () => {
  it("a zid_sk_ key is the admin Bearer (one request, no exchange); Shield and delegate() use exchanged tokens", async () => {
    const { s, exchanged } = await server();
    await using _s = s;
    const apiKey = generateTestKey("zid_sk_");
    await using client = new Highflame({
      apiKey,
      baseUrl: s.url,
      tokenUrl: `${s.url}/oauth2/token`,
      accountId: "acc",
      projectId: "proj",
    });
    const list = await client.zeroid.agents.list();
    expect(list.agents).toEqual([]);
    expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v1/agents/registry"]);
    expect(s.requests[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);

    await client.guard.evaluatePrompt("hello");
    expect(s.requestsTo("POST", "/v1/guard")[0]!.headers.authorization).toBe(`Bearer ${exchanged}`);
    await client.zeroid.tokens.delegate({ actor_token: "actor.jwt.x", scope: "data:read" });
    const grants = s.requestsTo("POST", "/oauth2/token").map((r) => r.json as Record<string, unknown>);
    expect(grants.map((g) => g.grant_type)).toEqual([
      "api_key",
      "urn:ietf:params:oauth:grant-type:token-exchange",
    ]);
    expect(grants[1]!.subject_token).toBe(exchanged);
  });

  it('zeroid: { adminAuth: "token" } sends the exchanged token on admin calls', async () => {
    const { s, exchanged } = await server();
    await using _s = s;
    await using client = new Highflame({
      apiKey: generateTestKey("zid_sk_"),
      baseUrl: s.url,
      tokenUrl: `${s.url}/oauth2/token`,
      accountId: "acc",
      projectId: "proj",
      zeroid: { adminAuth: "token" },
    });
    await client.zeroid.agents.list();
    expect(s.requestsTo("GET", "/api/v1/agents/registry")[0]!.headers.authorization).toBe(
      `Bearer ${exchanged}`,
    );
  });

  it("a missing tenant names the Highflame options and HIGHFLAME_ACCOUNT_ID/HIGHFLAME_PROJECT_ID", async () => {
    const { s } = await server();
    await using _s = s;
    vi.stubEnv("HIGHFLAME_ACCOUNT_ID", "");
    vi.stubEnv("HIGHFLAME_PROJECT_ID", "");
    await using client = new Highflame({
      apiKey: generateTestKey("zid_sk_"),
      baseUrl: s.url,
      tokenUrl: `${s.url}/oauth2/token`,
    });
    const error = (await client.zeroid.agents.list().catch((e: unknown) => e)) as ConfigurationError;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("new Highflame({ … })");
    expect(error.message).toContain("zeroid: { accountId, projectId }");
    expect(error.message).toContain("HIGHFLAME_ACCOUNT_ID and HIGHFLAME_PROJECT_ID");
    expect(error.message).not.toContain("ZeroIDClient");
    expect(s.requests).toHaveLength(0);
  });
});
