import { AuthenticationError, ConfigurationError, RequestValidationError } from "@highflame/core";
import { createCapturingLogger, generateTestKey, problemJson, startTestServer } from "@highflame/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { alerted, allowed, denied, policyReason, ShieldClient, suspended, wouldBlock } from "../src/index.js";
import { harness, makeJwt, TOKEN_PATH, tokenResponse } from "./helpers.js";

afterEach(() => vi.unstubAllEnvs());

describe("ShieldClient requests", () => {
  it("evaluates with Bearer and tenant headers from the exchange, omitting undefined fields", async () => {
    await using h = await harness({}, tokenResponse({ account_id: "acc_resp", project_id: "proj_resp" }));
    const res = await h.client.guard.evaluate({
      content: "hello",
      content_type: "prompt",
      action: "process_prompt",
      session_id: undefined,
      metadata: { team: "a" },
    });
    expect(res.decision).toBe("allow");
    expect(res.future_field).toEqual({ kept: true });
    const [call] = h.guardCalls();
    expect(call!.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(call!.headers["x-account-id"]).toBe("acc_resp");
    expect(call!.headers["x-project-id"]).toBe("proj_resp");
    expect(call!.json).toEqual({
      content: "hello",
      content_type: "prompt",
      action: "process_prompt",
      metadata: { team: "a" },
    });
    expect(Object.keys(call!.json as object)).not.toContain("session_id");
  });

  it("tenant precedence: explicit option > exchange response > JWT claims", async () => {
    const token = tokenResponse(
      { project_id: "proj_resp" },
      { account_id: "acc_jwt", project_id: "proj_jwt" },
    );
    await using h = await harness({ projectId: undefined }, token);
    await h.client.guard.evaluatePrompt("hi");
    expect(h.guardCalls()[0]!.headers).toMatchObject({
      "x-account-id": "acc_jwt",
      "x-project-id": "proj_resp",
    });

    vi.stubEnv("HIGHFLAME_ACCOUNT_ID", "acc_env");
    await using h2 = await harness({ projectId: "proj_explicit" }, token);
    await h2.client.guard.evaluatePrompt("hi");
    expect(h2.guardCalls()[0]!.headers).toMatchObject({
      "x-account-id": "acc_env",
      "x-project-id": "proj_explicit",
    });
  });

  it("applies defaultMode only when the request sets none and reads reason as policy_reason", async () => {
    await using h = await harness({ defaultMode: "monitor" });
    const monitored = await h.client.guard.evaluatePrompt("DENY me");
    expect(monitored.decision).toBe("allow");
    expect(wouldBlock(monitored)).toBe(true);
    const enforced = await h.client.guard.evaluatePrompt("DENY me", { mode: "enforce", sessionId: "s1" });
    expect(denied(enforced)).toBe(true);
    expect(policyReason(enforced)).toBe("policy deny");
    expect(enforced.policy_reason).toBe("policy deny");
    expect(h.guardCalls().map((c) => (c.json as { mode: string }).mode)).toEqual(["monitor", "enforce"]);
    expect((h.guardCalls()[1]!.json as { session_id: string }).session_id).toBe("s1");
  });

  it("evaluateToolCall sends the JSON of the arguments as content plus tool context", async () => {
    await using h = await harness();
    await h.client.guard.evaluateToolCall(
      "search",
      { query: "x", limit: 2 },
      { request: { tool: { name: "ignored", server_id: "mcp1" } } },
    );
    expect(h.guardCalls()[0]!.json).toEqual({
      content: JSON.stringify({ query: "x", limit: 2 }),
      content_type: "tool_call",
      action: "call_tool",
      tool: { name: "search", server_id: "mcp1", arguments: { query: "x", limit: 2 } },
    });
  });

  it.each([
    [{ content: "", content_type: "prompt", action: "process_prompt" }, "content"],
    [{ content: "x", content_type: "image", action: "process_prompt" }, "content_type"],
    [{ content: "x", content_type: "prompt", action: "launch" }, "action"],
    [{ content: "x", content_type: "prompt", action: "process_prompt", mode: "yolo" }, "mode"],
    [{ content: "x", content_type: "tool_call", action: "call_tool", tool: { name: "" } }, "tool.name"],
  ])("rejects invalid requests before any network call (%#)", async (request, field) => {
    await using h = await harness();
    const error = await h.client.guard.evaluate(request as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).field).toBe(field);
    expect((error as Error).message).toContain(field);
    expect(() => h.client.guard.start(request as never)).toThrow(RequestValidationError);
    await expect(h.client.guard.stream(request as never)).rejects.toBeInstanceOf(RequestValidationError);
    expect(h.server.requests).toHaveLength(0);
  });

  it("decision helpers classify all five decisions and unknown values", () => {
    const d = (decision: string) => ({ decision });
    expect(["allow", "modify", "deny", "step_up", "defer", "other"].map((x) => allowed(d(x)))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(denied(d("deny"))).toBe(true);
    expect(suspended(d("step_up")) && suspended(d("defer")) && !suspended(d("deny"))).toBe(true);
    expect(alerted({ alerted: true })).toBe(true);
    expect(alerted({})).toBe(false);
  });

  it("refreshes the token once on a 401 and repeats the call outside maxRetries", async () => {
    await using h = await harness({ maxRetries: 0 });
    h.server.route("POST", "/v1/guard", problemJson(401, "unauthorized", "token expired"), {
      body: { decision: "allow" },
    });
    await expect(h.client.guard.evaluatePrompt("hi")).resolves.toMatchObject({ decision: "allow" });
    expect(h.guardCalls()).toHaveLength(2);
    expect(h.server.requestsTo("POST", TOKEN_PATH)).toHaveLength(2);
    h.server.route("POST", "/v1/guard", problemJson(401, "unauthorized", "nope"));
    await expect(h.client.guard.evaluatePrompt("hi")).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("shares one token exchange among concurrent first calls", async () => {
    await using h = await harness();
    await Promise.all(Array.from({ length: 25 }, () => h.client.guard.evaluatePrompt("hi")));
    expect(h.server.requestsTo("POST", TOKEN_PATH)).toHaveLength(1);
    expect(h.guardCalls()).toHaveLength(25);
  });

  it("never logs the key or the JWT", async () => {
    await using h = await harness();
    await h.client.guard.evaluatePrompt("hi");
    const text = h.logger.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(h.apiKey);
    const jwt = (h.guardCalls()[0]!.headers.authorization as string).slice(7);
    expect(text).not.toContain(jwt);
  });
});

describe("paths and other endpoints", () => {
  it("uses /v1/shield/... with pathPrefix '/shield' for every endpoint", async () => {
    await using h = await harness({ pathPrefix: "/shield" });
    h.server.route("POST", "/v1/shield/guard", { body: { decision: "allow" } });
    h.server.route("POST", "/v1/shield/detect", { body: { signals: [{ name: "pii" }] } });
    h.server.route("GET", "/v1/shield/detectors", { body: [{ name: "pii", tier: "fast" }] });
    h.server.route("GET", "/v1/shield/debug/policies", { body: { policies: [{ id: "p1" }] } });
    h.server.route("GET", "/v1/shield/health", { body: { status: "ok" } });
    await h.client.guard.evaluatePrompt("hi");
    expect((await h.client.detect.run({ content: "x", content_type: "prompt" })).signals).toHaveLength(1);
    expect((await h.client.detectors.list()).detectors[0]!.name).toBe("pii");
    expect((await h.client.debug.policies("guardrails")).policies).toHaveLength(1);
    expect((await h.client.health()).status).toBe("ok");
    expect(h.server.requestsTo("GET", "/v1/shield/debug/policies")[0]!.query.get("product")).toBe(
      "guardrails",
    );
    expect(
      h.server.requests.filter((r) => r.path.startsWith("/v1/") && !r.path.startsWith("/v1/shield/")),
    ).toEqual([]);
  });

  it("defaults the prefix by host: api.* → /v1/shield, others → /v1", async () => {
    await using server = await startTestServer();
    server.route("POST", "/oauth2/token", tokenResponse());
    server.route("POST", "/v1/shield/guard", { body: { decision: "allow" } });
    const fetch = (url: string, init: RequestInit) =>
      globalThis.fetch(url.replace(/^https:\/\/(api|auth)\.highflame\.ai/, server.url), init);
    await using client = new ShieldClient({ apiKey: generateTestKey("zid_sk_"), fetch, maxRetries: 0 });
    expect(client.baseUrl).toBe("https://api.highflame.ai");
    expect(client.pathPrefix).toBe("/shield");
    await client.guard.evaluatePrompt("hi");
    expect(server.requestsTo("POST", "/v1/shield/guard")).toHaveLength(1);
    expect(server.requestsTo("POST", "/oauth2/token")).toHaveLength(1);
    const direct = new ShieldClient({ apiKey: makeJwt({}), baseUrl: "https://shield.api.highflame.ai" });
    expect(direct.pathPrefix).toBe("");
  });

  it("verifyPolicies throws a clear error when none are loaded", async () => {
    await using h = await harness();
    h.server.route(
      "GET",
      "/v1/debug/policies",
      { body: { policies: [] } },
      { body: { policies: [{ id: "p1" }] } },
    );
    await expect(h.client.verifyPolicies()).rejects.toThrow(
      /No Cedar policies are loaded for product "guardrails"/,
    );
    await expect(h.client.verifyPolicies({ require: ["p1", "p2"] })).rejects.toMatchObject({
      missing: ["p2"],
    });
    await expect(h.client.verifyPolicies({ product: "agents" })).resolves.toMatchObject({
      policies: [{ id: "p1" }],
    });
    expect(h.server.requestsTo("GET", "/v1/debug/policies").map((r) => r.query.get("product"))).toEqual([
      "guardrails",
      "guardrails",
      "agents",
    ]);
  });
});

describe("construction", () => {
  it("requires an API key, naming the env variable", () => {
    vi.stubEnv("HIGHFLAME_API_KEY", "");
    expect(() => new ShieldClient({})).toThrow(/HIGHFLAME_API_KEY/);
    expect(() => new ShieldClient({})).toThrow(ConfigurationError);
  });

  it("fails on a self-hosted base URL with no token URL", () => {
    vi.stubEnv("HIGHFLAME_TOKEN_URL", "");
    const apiKey = generateTestKey();
    const error = (() => {
      try {
        new ShieldClient({ apiKey, baseUrl: "https://shield.internal.example.com" });
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.option).toBe("tokenUrl");
    expect(error!.message).not.toContain(apiKey);
  });

  it("rejects bad defaultMode, failMode and pathPrefix", () => {
    const base = { apiKey: makeJwt({}), baseUrl: "http://127.0.0.1:1", logger: createCapturingLogger() };
    expect(() => new ShieldClient({ ...base, defaultMode: "strict" as never })).toThrow(/defaultMode/);
    expect(() => new ShieldClient({ ...base, failMode: "maybe" as never })).toThrow(/failMode/);
    expect(() => new ShieldClient({ ...base, pathPrefix: "/../x" })).toThrow(/pathPrefix/);
    expect(new ShieldClient({ ...base, pathPrefix: "shield/" }).pathPrefix).toBe("/shield");
  });
});
