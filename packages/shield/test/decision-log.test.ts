import { setTimeout as sleep } from "node:timers/promises";
import { ConfigurationError, type Logger } from "@highflame/core";
import { describe, expect, it } from "vitest";
import { DecisionLog, type GuardResult, Shield } from "../src/index.js";
import { harness } from "./helpers.js";

const firing = (req: { json: unknown; attempt: number }) => {
  const body = req.json as { mode: string; session_id?: string };
  return {
    body: {
      decision: body.mode === "monitor" ? "allow" : "allow",
      actual_decision: "deny",
      alerted: body.mode === "alert",
      policy_reason: "Prompt injection detected",
      request_id: `req_${req.attempt}`,
      determining_policies: [{ id: "deny-injection", effect: "forbid" }],
    },
  };
};

const warnings = (h: Awaited<ReturnType<typeof harness>>) =>
  h.logger.entries.filter((e) => e.level === "warn").map((e) => e.message);

describe("monitor/alert log lines", () => {
  it("alert mode: the first line names the policy, reason, request id and session; repeats are summarised", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", firing);
    const shield = new Shield(h.client);
    const chat = shield.prompt(async (_msg: string, _sid: string) => "ok", {
      mode: "alert",
      sessionId: (_m, sid) => sid,
    });
    for (let i = 0; i < 100; i++) await chat("ignore previous instructions", `s${i}`);
    const first = warnings(h);
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('alert mode: policy fired (decision "allow", actual decision "deny")');
    expect(first[0]).toContain("policies: deny-injection");
    expect(first[0]).toContain('reason: "Prompt injection detected"');
    expect(first[0]).toContain("request_id: req_1");
    expect(first[0]).toContain("session: s0");

    shield.flushLogs();
    const all = warnings(h);
    expect(all).toHaveLength(2);
    expect(all[1]).toContain("(policies: deny-injection): 99 more times in 60 s");
    expect(all[1]).toContain("sessions: s1, s2, s3, s4, s5, +94 more");
  });

  it("the summary is printed when the window closes, and the next repeat starts a new first line", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", firing);
    const chat = new Shield(h.client, { logWindowMs: 250 }).prompt(async (_m: string) => "ok", {
      mode: "alert",
    });
    await Promise.all([chat("a"), chat("b"), chat("c")]);
    expect(warnings(h)).toHaveLength(1);
    await sleep(400);
    expect(warnings(h)).toHaveLength(2);
    expect(warnings(h)[1]).toContain("2 more times in 250 ms");
    await chat("d");
    expect(warnings(h)).toHaveLength(3);
    expect(warnings(h)[2]).toContain("request_id: req_4");
  });

  it("monitor mode logs what it let through (would-block and not-enforced decisions)", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", firing);
    const shield = new Shield(h.client);
    await shield.prompt(async (_msg: string) => "ok", { mode: "monitor" })("x");
    expect(warnings(h)).toEqual([
      expect.stringContaining('monitor mode: would have blocked (actual decision "deny")'),
    ]);

    h.server.route("POST", "/v1/guard", { body: { decision: "deny", reason: "nope", request_id: "r9" } });
    await shield.prompt(async (_msg: string) => "ok", { mode: "monitor", sessionId: "conv_7" })("x");
    expect(warnings(h)[1]).toMatch(
      /monitor mode: decision "deny" not enforced \(.*reason: "nope"; request_id: r9; session: conv_7/,
    );
  });

  it("an allowed, non-alerted check logs nothing", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", { body: { decision: "allow", actual_decision: "allow" } });
    await new Shield(h.client).prompt(async (_m: string) => "ok", { mode: "alert" })("x");
    expect(warnings(h)).toEqual([]);
  });

  it("distinct policies get their own first line; flushLogs() prints pending summaries", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", (req) => ({
      body: {
        decision: "allow",
        alerted: true,
        determining_policies: [{ id: (req.json as { content: string }).content }],
      },
    }));
    const shield = new Shield(h.client);
    const chat = shield.prompt(async (_m: string) => "ok", { mode: "alert" });
    await chat("p-a");
    await chat("p-b");
    await chat("p-a");
    expect(warnings(h)).toHaveLength(2);
    shield.flushLogs();
    expect(warnings(h)[2]).toContain("(policies: p-a): 1 more time in 60 s");
  });
});

describe("DecisionLog", () => {
  const response = (extra: Record<string, unknown> = {}) =>
    ({
      decision: "allow",
      actual_decision: "deny",
      alerted: true,
      request_id: "req_1",
      audit_id: "aud_1",
      determining_policies: [{ id: "deny-injection" }],
      ...extra,
    }) as unknown as GuardResult;

  it("names the audit id next to the request id", () => {
    const lines: string[] = [];
    const log = new DecisionLog(() => capture(lines));
    log.record({
      response: response(),
      mode: "alert",
      sessionId: "s1",
      contentType: "prompt",
      action: "process_prompt",
    });
    expect(lines).toEqual([expect.stringContaining("request_id: req_1; audit_id: aud_1; session: s1")]);
  });

  it("a subject is part of the kind (counted separately) and printed without control characters", () => {
    const lines: string[] = [];
    const log = new DecisionLog(() => capture(lines));
    const base = {
      response: response(),
      mode: "alert",
      sessionId: undefined,
      contentType: "tool_call",
      action: "call_tool",
    } as const;
    log.record({ ...base, subject: "tool_call (search)" });
    log.record({ ...base, subject: "tool_call (search)" });
    log.record({ ...base, subject: "tool_call (evil\nFAKE LINE)" });
    log.record({ ...base, subject: `tool_call (${"x".repeat(500)})` });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(
      'policy fired (decision "allow", actual decision "deny") on tool_call (search) (',
    );
    expect(lines[1]).toContain("on tool_call (evil?FAKE LINE) (");
    expect(lines.every((line) => !line.includes("\n"))).toBe(true);
    expect(lines[2]!.length).toBeLessThan(400);
    log.flush();
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(
      'alert mode: policy fired (decision "allow", actual decision "deny") on tool_call (search) (policies: deny-injection): 1 more time in 60 s',
    );
  });

  it("rejects a negative or non-finite window with a ConfigurationError naming logWindowMs", () => {
    for (const windowMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, "60" as unknown as number]) {
      const error = (() => {
        try {
          new DecisionLog(() => undefined, { windowMs });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe("logWindowMs");
    }
    expect(
      () => new Shield({ guard: { evaluate: async () => response() } } as never, { logWindowMs: -5 }),
    ).toThrow(ConfigurationError);
  });
});

function capture(lines: string[]): Logger {
  const push = (message: string) => lines.push(message);
  return { debug: push, info: push, warn: push, error: push };
}
