import { APIConnectionError, ConfigurationError } from "@highflame/core";
import { BlockedError, rollout, ShieldClient, SuspendedError } from "@highflame/shield";
import { closedPort } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import { IntegrationGuard, resolveGuard } from "../src/index.js";
import { harness, makeJwt } from "./helpers.js";

describe("IntegrationGuard", () => {
  it("sends the wire fields for each check kind", async () => {
    await using h = await harness();
    const guard = new IntegrationGuard(h.client, { sessionId: "s1" });
    await guard.check({ kind: "prompt", content: "hello", sessionId: "s1" });
    await guard.check({ kind: "response", content: "answer" });
    await guard.check({ kind: "tool_call", toolName: "search", toolArgs: { q: "x", n: 2 }, sessionId: "s1" });
    await guard.check({ kind: "tool_result", toolName: "search", content: "result", sessionId: "s1" });
    const [prompt, response, call, result] = h.bodies();
    expect(prompt).toMatchObject({
      content: "hello",
      content_type: "prompt",
      action: "process_prompt",
      mode: "enforce",
      session_id: "s1",
    });
    expect(response).toMatchObject({ content_type: "response", action: "process_prompt" });
    expect(response).not.toHaveProperty("session_id");
    expect(call).toMatchObject({
      content: JSON.stringify({ q: "x", n: 2 }),
      content_type: "tool_call",
      action: "call_tool",
      tool: { name: "search", arguments: { q: "x", n: 2 } },
    });
    expect(result).toMatchObject({
      content: "result",
      content_type: "response",
      action: "call_tool",
      tool: { name: "search" },
    });
    expect(result!.tool).not.toHaveProperty("arguments");
  });

  it("enforce: deny throws BlockedError, step_up/defer throw SuspendedError", async () => {
    await using h = await harness();
    const guard = new IntegrationGuard(h.client);
    const deny = await guard.check({ kind: "prompt", content: "DENY me" }).catch((e: unknown) => e);
    expect(deny).toBeInstanceOf(BlockedError);
    expect(deny).not.toBeInstanceOf(SuspendedError);
    expect((deny as BlockedError).reason).toBe("policy deny");
    await expect(guard.check({ kind: "prompt", content: "STEPUP" })).rejects.toBeInstanceOf(SuspendedError);
    await expect(guard.check({ kind: "prompt", content: "DEFER" })).rejects.toBeInstanceOf(SuspendedError);
  });

  it("monitor and alert never throw; what they let through is logged", async () => {
    await using h = await harness();
    for (const mode of ["monitor", "alert"] as const) {
      const guard = new IntegrationGuard(h.client, { mode });
      const outcome = await guard.check({ kind: "prompt", content: "DENY me" });
      expect(outcome.response?.actual_decision).toBe("deny");
      expect(outcome.content).toBe("DENY me");
    }
    expect(h.bodies().map((b) => b.mode)).toEqual(["monitor", "alert"]);
    expect(h.logger.at("warn").map((e) => e.message)).toEqual([
      '[highflame] Highflame custom: monitor mode: would have blocked (actual decision "deny") on prompt ' +
        '(policies: (none reported); reason: "policy deny"; request_id: req_1; prompt/process_prompt)',
      '[highflame] Highflame custom: alert mode: policy fired (decision "allow", actual decision "deny") on ' +
        'prompt (policies: (none reported); reason: "policy deny"; request_id: req_2; prompt/process_prompt)',
    ]);
  });

  it("modify substitutes redacted_content (text and tool arguments)", async () => {
    await using h = await harness();
    const guard = new IntegrationGuard(h.client);
    const text = await guard.check({ kind: "prompt", content: "my PII here" });
    expect(text).toMatchObject({ modified: true, content: "my [REDACTED] here" });
    const call = await guard.check({ kind: "tool_call", toolName: "send", toolArgs: { to: "PII" } });
    expect(call.args).toEqual({ to: "[REDACTED]" });
  });

  it("mode may be chosen per session (rollout)", async () => {
    await using h = await harness();
    const guard = new IntegrationGuard(h.client, {
      mode: (sessionId) => (sessionId ? rollout({ enforcePercent: 0, sessionId }) : "enforce"),
    });
    await guard.check({ kind: "prompt", content: "DENY", sessionId: "conv-1" });
    expect(h.bodies()[0]).toMatchObject({ mode: "monitor", session_id: "conv-1" });
  });

  it("skips empty content without a request", async () => {
    await using h = await harness();
    const guard = new IntegrationGuard(h.client);
    const outcome = await guard.check({ kind: "response", content: "  " });
    expect(outcome.response).toBeUndefined();
    expect(h.calls()).toHaveLength(0);
  });

  it("failMode open degrades to allow on an outage; closed throws", async () => {
    const port = await closedPort();
    const client = new ShieldClient({
      apiKey: makeJwt(),
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
      logLevel: "off",
    });
    try {
      const open = new IntegrationGuard(client, { failMode: "open" });
      const outcome = await open.check({ kind: "prompt", content: "hello" });
      expect(outcome.response).toMatchObject({ decision: "allow", degraded: true });
      const closed = new IntegrationGuard(client, { failMode: "closed" });
      await expect(closed.check({ kind: "prompt", content: "hello" })).rejects.toBeInstanceOf(
        APIConnectionError,
      );
    } finally {
      await client.close();
    }
  });

  it("onDecision sees every response before enforcement", async () => {
    await using h = await harness();
    const seen: string[] = [];
    const guard = new IntegrationGuard(h.client, {
      onDecision: (r, info) => seen.push(`${info.kind}:${r.decision}`),
    });
    await expect(guard.check({ kind: "prompt", content: "DENY" })).rejects.toBeInstanceOf(BlockedError);
    expect(seen).toEqual(["prompt:deny"]);
  });

  it("accepts the client or its guard resource; rejects anything else", async () => {
    await using h = await harness();
    expect(resolveGuard(h.client)).toBe(h.client.guard);
    expect(resolveGuard(h.client.guard)).toBe(h.client.guard);
    expect(() => new IntegrationGuard({} as never)).toThrow(ConfigurationError);
  });
});
