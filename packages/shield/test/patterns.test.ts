import {
  APIConnectionError,
  ConfigurationError,
  InternalServerError,
  RequestValidationError,
} from "@highflame/core";
import { closedPort, createCapturingLogger, startTestServer } from "@highflame/testing";
import { describe, expect, it, vi } from "vitest";
import { BlockedError, isDegraded, rollout, Shield, ShieldClient, SuspendedError } from "../src/index.js";
import { harness, makeJwt } from "./helpers.js";

describe("rollout", () => {
  it("is sticky per session id", () => {
    for (let i = 0; i < 500; i++) {
      const sessionId = `sess_${i}`;
      const first = rollout({ enforcePercent: 30, sessionId });
      for (let j = 0; j < 3; j++) expect(rollout({ enforcePercent: 30, sessionId })).toBe(first);
    }
  });

  it.each([0, 5, 25, 50, 100])("enforces ~%i%% of 10 000 sessions", (percent) => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}:conv-${i * 7}`);
    const enforced = ids.filter(
      (sessionId) => rollout({ enforcePercent: percent, sessionId }) === "enforce",
    ).length;
    expect(Math.abs(enforced / 100 - percent)).toBeLessThanOrEqual(1.5);
    if (percent === 0) expect(enforced).toBe(0);
    if (percent === 100) expect(enforced).toBe(10_000);
  });

  it("only adds sessions when the percentage grows, and monitors (or `otherwise`) the rest", () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `s${i}`);
    const at10 = new Set(ids.filter((sessionId) => rollout({ enforcePercent: 10, sessionId }) === "enforce"));
    const at20 = new Set(ids.filter((sessionId) => rollout({ enforcePercent: 20, sessionId }) === "enforce"));
    for (const id of at10) expect(at20.has(id)).toBe(true);
    const rest = ids.find((id) => !at20.has(id))!;
    expect(rollout({ enforcePercent: 20, sessionId: rest })).toBe("monitor");
    expect(rollout({ enforcePercent: 20, sessionId: rest, otherwise: "alert" })).toBe("alert");
  });

  it("validates its input", () => {
    expect(() => rollout({ enforcePercent: 101, sessionId: "a" })).toThrow(ConfigurationError);
    expect(() => rollout({ enforcePercent: 10, sessionId: "" })).toThrow(RequestValidationError);
  });

  it("drives wrapper modes per session", async () => {
    await using h = await harness();
    const shield = new Shield(h.client);
    const chat = shield.prompt((_sid: string, msg: string) => msg, {
      contentArg: 1,
      sessionId: (sid) => sid,
      mode: (sid) => rollout({ enforcePercent: 50, sessionId: sid }),
    });
    const ids = Array.from({ length: 40 }, (_, i) => `conv_${i}`);
    const results = await Promise.all(
      ids.map((id) =>
        chat(id, "DENY").then(
          () => "ok",
          () => "blocked",
        ),
      ),
    );
    ids.forEach((id, i) => {
      expect(results[i]).toBe(
        rollout({ enforcePercent: 50, sessionId: id }) === "enforce" ? "blocked" : "ok",
      );
    });
  });
});

async function downClient(options: { failMode?: "open" | "closed" } = {}) {
  const port = await closedPort();
  const logger = createCapturingLogger();
  const client = new ShieldClient({
    apiKey: makeJwt({ account_id: "a" }),
    baseUrl: `http://127.0.0.1:${port}`,
    maxRetries: 0,
    logger,
    ...options,
  });
  return { client, logger };
}

describe("graceful degradation (failMode)", () => {
  it("closed (default) throws APIConnectionError when Shield is down", async () => {
    const { client } = await downClient();
    await expect(client.guard.evaluatePrompt("hi")).rejects.toBeInstanceOf(APIConnectionError);
    await expect(new Shield(client).prompt((m: string) => m)("hi")).rejects.toBeInstanceOf(
      APIConnectionError,
    );
  });

  it("open returns a degraded allow and logs a warning when Shield is down", async () => {
    const { client, logger } = await downClient({ failMode: "open" });
    const res = await client.guard.evaluatePrompt("hi");
    expect(res).toMatchObject({ decision: "allow", degraded: true });
    expect(isDegraded(res)).toBe(true);
    expect(
      logger
        .at("warn")
        .map((e) => e.message)
        .join("\n"),
    ).toMatch(/failing open/);
    const fn = vi.fn((m: string) => m.toUpperCase());
    await expect(new Shield(client).prompt(fn)("hi")).resolves.toBe("HI");
    expect(fn).toHaveBeenCalledOnce();
    await expect(client.guard.evaluatePrompt("hi", { failMode: "closed" })).rejects.toBeInstanceOf(
      APIConnectionError,
    );
  });

  it("applies to 503s after retries and to timeouts, per call and per wrapper", async () => {
    await using h = await harness({ maxRetries: 1 });
    h.server.route("POST", "/v1/guard", { status: 503, headers: { "retry-after": "0" } });
    await expect(h.client.guard.evaluatePrompt("hi")).rejects.toBeInstanceOf(InternalServerError);
    expect(h.guardCalls()).toHaveLength(2);
    await expect(h.client.guard.evaluatePrompt("hi", { failMode: "open" })).resolves.toMatchObject({
      degraded: true,
    });
    const shield = new Shield(h.client, { failMode: "open" });
    await expect(
      shield.toolResponse(function t() {
        return "DENY";
      })(),
    ).resolves.toBe("DENY");
    h.server.route("POST", "/v1/guard", { delayMs: 500, body: { decision: "deny" } });
    await expect(
      h.client.guard.evaluatePrompt("hi", { failMode: "open", timeout: 50, maxRetries: 0 }),
    ).resolves.toMatchObject({ degraded: true });
  });

  it("never fails open on non-outage errors (400, 401, 429)", async () => {
    await using h = await harness({ failMode: "open" });
    h.server.route("POST", "/v1/guard", { status: 400, body: { title: "bad", detail: "bad" } });
    await expect(h.client.guard.evaluatePrompt("hi")).rejects.toMatchObject({ status: 400 });
    h.server.route("POST", "/v1/guard", { status: 429, headers: { "retry-after": "0" } });
    await expect(h.client.guard.evaluatePrompt("hi")).rejects.toMatchObject({ status: 429 });
  });
});

describe("non-blocking guard.start", () => {
  it("aborts the guarded work on deny and check() throws", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", { delayMs: 30, body: { decision: "deny", policy_reason: "no" } });
    const handle = h.client.guard.start({
      content: "DENY",
      content_type: "prompt",
      action: "process_prompt",
    });
    const work = new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve("finished"), 5_000);
      handle.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(handle.signal.reason);
      });
    });
    await expect(work).rejects.toBeInstanceOf(BlockedError);
    await expect(handle.result).resolves.toMatchObject({ decision: "deny" });
    await expect(handle.check()).rejects.toBeInstanceOf(BlockedError);
  });

  it("cancels work started beside it through a real request with the signal", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", { delayMs: 20, body: { decision: "step_up" } });
    h.server.route("GET", "/slow-context", { delayMs: 5_000, body: {} });
    const handle = h.client.guard.start({ content: "x", content_type: "prompt", action: "process_prompt" });
    const context = fetch(`${h.server.url}/slow-context`, { signal: handle.signal });
    await expect(context).rejects.toBeInstanceOf(SuspendedError);
    await expect(handle.check()).rejects.toBeInstanceOf(SuspendedError);
  });

  it("leaves the signal alone on allow; aborts it when evaluation fails closed", async () => {
    await using h = await harness();
    const ok = h.client.guard.start({ content: "fine", content_type: "prompt", action: "process_prompt" });
    await expect(ok.check()).resolves.toMatchObject({ decision: "allow" });
    expect(ok.signal.aborted).toBe(false);
    h.server.route("POST", "/v1/guard", { status: 500 });
    const failed = h.client.guard.start({ content: "x", content_type: "prompt", action: "process_prompt" });
    await expect(failed.result).rejects.toBeInstanceOf(InternalServerError);
    expect(failed.signal.aborted).toBe(true);
  });

  it("cancel() stops the evaluation", async () => {
    await using server = await startTestServer();
    server.route("POST", "/v1/guard", { delayMs: 5_000, body: { decision: "allow" } });
    await using client = new ShieldClient({ apiKey: makeJwt({}), baseUrl: server.url, maxRetries: 0 });
    const handle = client.guard.start({ content: "x", content_type: "prompt", action: "process_prompt" });
    setTimeout(() => handle.cancel(), 20);
    await expect(handle.result).rejects.toMatchObject({ code: "aborted" });
    expect(handle.signal.aborted).toBe(true);
  });
});
