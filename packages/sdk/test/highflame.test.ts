import { randomBytes } from "node:crypto";
import { createCapturingLogger, generateTestKey, startTestServer } from "@highflame/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  BlockedError,
  ConfigurationError,
  Highflame,
  HighflameError,
  Shield,
  TOKEN_REFRESH_BUFFER_MS,
  ZeroIDClient,
} from "../src/index.js";

afterEach(() => vi.unstubAllEnvs());

function jwt(claims: Record<string, unknown>): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${enc({ alg: "RS256" })}.${enc(claims)}.${randomBytes(8).toString("base64url")}`;
}

async function server() {
  const s = await startTestServer();
  s.route("POST", "/oauth2/token", {
    body: { access_token: jwt({ account_id: "acc_jwt" }), token_type: "Bearer", expires_in: 3600 },
  });
  s.route("POST", "/v1/guard", (req) => ({
    body: { decision: (req.json as { content: string }).content.includes("DENY") ? "deny" : "allow" },
  }));
  return s;
}

describe("Highflame", () => {
  it("reads every HIGHFLAME_* variable as a fallback", async () => {
    await using s = await server();
    const apiKey = generateTestKey("zid_sk_");
    vi.stubEnv("HIGHFLAME_API_KEY", apiKey);
    vi.stubEnv("HIGHFLAME_BASE_URL", s.url);
    vi.stubEnv("HIGHFLAME_TOKEN_URL", `${s.url}/oauth2/token`);
    vi.stubEnv("HIGHFLAME_ACCOUNT_ID", "acc_env");
    vi.stubEnv("HIGHFLAME_PROJECT_ID", "proj_env");
    await using client = new Highflame({ logger: createCapturingLogger() });
    expect(client.baseUrl).toBe(s.url);
    await client.guard.evaluatePrompt("hello");
    expect((s.requestsTo("POST", "/oauth2/token")[0]!.json as { api_key: string }).api_key).toBe(apiKey);
    expect(s.requestsTo("POST", "/v1/guard")[0]!.headers).toMatchObject({
      "x-account-id": "acc_env",
      "x-project-id": "proj_env",
    });
  });

  it("explicit options win over the environment", async () => {
    await using s = await server();
    vi.stubEnv("HIGHFLAME_BASE_URL", "https://elsewhere.example");
    vi.stubEnv("HIGHFLAME_ACCOUNT_ID", "acc_env");
    await using client = new Highflame({
      apiKey: generateTestKey(),
      baseUrl: s.url,
      tokenUrl: `${s.url}/oauth2/token`,
      accountId: "acc_explicit",
      headers: { "x-team": "payments" },
    });
    await client.guard.evaluatePrompt("hello");
    expect(s.requestsTo("POST", "/v1/guard")[0]!.headers).toMatchObject({
      "x-account-id": "acc_explicit",
      "x-team": "payments",
    });
  });

  it("fails at construction without an API key", () => {
    vi.stubEnv("HIGHFLAME_API_KEY", "");
    expect(() => new Highflame()).toThrow(ConfigurationError);
    expect(() => new Highflame()).toThrow(/HIGHFLAME_API_KEY/);
  });

  it("routes requests through a custom fetch and honours maxRetries/timeout", async () => {
    await using s = await server();
    s.route(
      "POST",
      "/v1/guard",
      { status: 503, headers: { "retry-after": "0" } },
      { body: { decision: "allow" } },
    );
    const calls: string[] = [];
    await using client = new Highflame({
      apiKey: jwt({}),
      baseUrl: s.url,
      maxRetries: 1,
      timeout: 5_000,
      fetch: (url, init) => {
        calls.push(url);
        return globalThis.fetch(url, init);
      },
    });
    await expect(client.guard.evaluatePrompt("hi")).resolves.toMatchObject({ decision: "allow" });
    expect(calls).toEqual([`${s.url}/v1/guard`, `${s.url}/v1/guard`]);
  });

  it("works with Shield and `await using`, and refuses calls after close()", async () => {
    await using s = await server();
    let closedClient: Highflame | undefined;
    {
      await using client = new Highflame({
        apiKey: generateTestKey(),
        baseUrl: s.url,
        tokenUrl: `${s.url}/oauth2/token`,
      });
      closedClient = client;
      const guarded = new Shield(client).prompt((m: string) => m);
      await expect(guarded("DENY")).rejects.toBeInstanceOf(BlockedError);
      await expect(guarded("ok")).resolves.toBe("ok");
    }
    const error = await closedClient.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HighflameError);
    expect((error as HighflameError).code).toBe("client_closed");
  });

  it("maps a rejected key to AuthenticationError at first use", async () => {
    await using s = await server();
    s.route("POST", "/oauth2/token", {
      status: 400,
      body: { error: "invalid_grant", error_description: "invalid api key" },
    });
    const apiKey = generateTestKey();
    await using client = new Highflame({ apiKey, baseUrl: s.url, tokenUrl: `${s.url}/oauth2/token` });
    const error = await client.guard.evaluatePrompt("hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain("invalid api key");
    expect((error as Error).message).not.toContain(apiKey);
    expect(s.requestsTo("POST", "/v1/guard")).toHaveLength(0);
  });

  it("exposes ZeroID sharing the token cache and pool", async () => {
    await using s = await server();
    await using client = new Highflame({
      apiKey: generateTestKey("zid_sk_"),
      baseUrl: s.url,
      tokenUrl: `${s.url}/oauth2/token`,
    });
    expect(client.zeroid).toBeInstanceOf(ZeroIDClient);
    expect(client.zeroid).toBe(client.zeroid);
    expect(client.zeroid.baseUrl).toBe(s.url);
    expect(client.zeroid.tokenProvider).toBe(client.tokenProvider);
    const jwtClient = new Highflame({ apiKey: jwt({}), baseUrl: s.url });
    expect(() => jwtClient.zeroid).toThrow(/zeroid: \{ baseUrl \}/);
    expect(TOKEN_REFRESH_BUFFER_MS).toBe(60_000);
  });

  it("client.zeroid takes the tenant from HIGHFLAME_ACCOUNT_ID/HIGHFLAME_PROJECT_ID (regression)", async () => {
    await using s = await server();
    s.route("GET", "/api/v1/agents/registry", { body: { agents: [], total: 0, limit: 20, offset: 0 } });
    vi.stubEnv("HIGHFLAME_ACCOUNT_ID", "acct_env");
    vi.stubEnv("HIGHFLAME_PROJECT_ID", "proj_env");
    await using client = new Highflame({
      apiKey: generateTestKey("zid_sk_"),
      baseUrl: s.url,
      tokenUrl: `${s.url}/oauth2/token`,
    });
    await client.zeroid.agents.list();
    const [req] = s.requestsTo("GET", "/api/v1/agents/registry");
    expect(req?.headers["x-account-id"]).toBe("acct_env");
    expect(req?.headers["x-project-id"]).toBe("proj_env");
  });
});
