import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { BlockedError, type GuardResult, type Mode, Shield, SuspendedError } from "../src/index.js";
import { harness } from "./helpers.js";

type Case = {
  name: string;
  phase: "before" | "after";
  make(shield: Shield, mode: Mode, spy: (...a: unknown[]) => void): (kw: string) => Promise<unknown>;
  contentType: string;
  action: string;
};

const cases: Case[] = [
  {
    name: "prompt",
    phase: "before",
    contentType: "prompt",
    action: "process_prompt",
    make: (shield, mode, spy) => {
      const fn = shield.prompt(
        (msg: string, n: number) => {
          spy(msg, n);
          return `echo:${msg}`;
        },
        { mode },
      );
      return (kw) => fn(`text ${kw}`, 1);
    },
  },
  {
    name: "tool",
    phase: "before",
    contentType: "tool_call",
    action: "call_tool",
    make: (shield, mode, spy) => {
      const fn = shield.tool(
        async function lookup(query: string, limit: number) {
          spy(query, limit);
          return { query, limit };
        },
        { mode },
      );
      return (kw) => fn(`text ${kw}`, 1);
    },
  },
  {
    name: "toolResponse",
    phase: "after",
    contentType: "response",
    action: "call_tool",
    make: (shield, mode, spy) => {
      const fn = shield.toolResponse(
        function fetchDoc(id: string) {
          spy(id);
          return `doc ${id}`;
        },
        { mode },
      );
      return (kw) => fn(kw);
    },
  },
  {
    name: "modelResponse",
    phase: "after",
    contentType: "response",
    action: "process_prompt",
    make: (shield, mode, spy) => {
      const fn = shield.modelResponse(
        async (p: string) => {
          spy(p);
          return `answer ${p}`;
        },
        { mode },
      );
      return (kw) => fn(kw);
    },
  },
  {
    name: "wrap(file/write_file)",
    phase: "before",
    contentType: "file",
    action: "write_file",
    make: (shield, mode, spy) => {
      const fn = shield.wrap<(path: string, data: string) => number>({
        contentType: "file",
        action: "write_file",
        contentArg: "data",
        mode,
      })(function write(path: string, data: string) {
        spy(path, data);
        return data.length;
      });
      return (kw) => fn("/tmp/x", `text ${kw}`);
    },
  },
];

const decisions = [
  ["allow", "OK"],
  ["modify", "PII"],
  ["deny", "DENY"],
  ["step_up", "STEPUP"],
  ["defer", "DEFER"],
  ["unknown", "WEIRD"],
] as const;
const modes: Mode[] = ["enforce", "modify", "monitor", "alert"];

describe.each(cases)("shield.$name", (c) => {
  it.each(modes.flatMap((mode) => decisions.map(([d, kw]) => [mode, d, kw] as const)))(
    "mode %s, decision %s",
    async (mode, decision, kw) => {
      await using h = await harness();
      const spy = vi.fn();
      const call = c.make(new Shield(h.client), mode, spy);
      const enforcing = mode === "enforce" || mode === "modify";
      const outcome = await call(kw).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const [req] = h.guardCalls();
      expect(req!.json).toMatchObject({ content_type: c.contentType, action: c.action, mode });
      expect((req!.json as { content: string }).content).toContain(kw);
      if (c.name === "tool") {
        expect(req!.json).toMatchObject({
          tool: { name: "lookup", arguments: { query: `text ${kw}`, limit: 1 } },
        });
      }
      if (enforcing && decision !== "allow" && decision !== "modify") {
        const error = (outcome as { error: unknown }).error;
        expect(error).toBeInstanceOf(BlockedError);
        expect(error instanceof SuspendedError).toBe(decision === "step_up" || decision === "defer");
        expect((error as BlockedError).response.decision).toBe(
          decision === "unknown" ? "quarantine" : decision,
        );
        expect(spy).toHaveBeenCalledTimes(c.phase === "before" ? 0 : 1);
        return;
      }
      expect(outcome).toHaveProperty("value");
      expect(spy).toHaveBeenCalledTimes(1);
      const value = JSON.stringify((outcome as { value: unknown }).value);
      const received = JSON.stringify(spy.mock.calls[0]);
      const redacts = enforcing && decision === "modify";
      if (c.phase === "before") {
        expect(received.includes("[REDACTED]")).toBe(redacts);
        expect(received.includes(kw)).toBe(!redacts);
      } else {
        expect(value.includes("[REDACTED]")).toBe(redacts);
      }
    },
  );
});

describe("wrapper behaviour", () => {
  it("monitor and alert never throw even when the server returns deny", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard", { body: { decision: "deny", alerted: true } });
    const shield = new Shield(h.client);
    for (const mode of ["monitor", "alert"] as const) {
      await expect(shield.prompt((m: string) => m.length, { mode })("DENY")).resolves.toBe(4);
    }
  });

  it("keeps `this`, works with sync functions and preserves types", async () => {
    await using h = await harness();
    const shield = new Shield(h.client);
    class Bot {
      prefix = "bot:";
      reply(message: string): string {
        return this.prefix + message;
      }
    }
    const bot = new Bot();
    const guarded = shield.prompt(Bot.prototype.reply);
    expectTypeOf(guarded).parameters.toEqualTypeOf<[message: string]>();
    expectTypeOf(guarded).returns.toEqualTypeOf<Promise<string>>();
    expect(await guarded.call(bot, "hi")).toBe("bot:hi");
    const asyncTool = shield.tool(async function sum(a: number, b: number) {
      return a + b;
    });
    expectTypeOf(asyncTool).returns.toEqualTypeOf<Promise<number>>();
    expect(await asyncTool(2, 3)).toBe(5);
    expect(h.guardCalls()[1]!.json).toMatchObject({ tool: { name: "sum", arguments: { a: 2, b: 3 } } });
  });

  it("resolves sessionId and mode per call and reports each decision", async () => {
    await using h = await harness();
    const seen: GuardResult[] = [];
    const shield = new Shield(h.client, { defaultMode: "monitor" });
    const chat = shield.prompt((_user: string, message: string) => message, {
      contentArg: 1,
      sessionId: (user) => `sess_${user}`,
      mode: (user) => (user === "vip" ? "enforce" : "monitor"),
      onDecision: (r) => seen.push(r),
    });
    await expect(chat("bob", "DENY")).resolves.toBe("DENY");
    await expect(chat("vip", "DENY")).rejects.toBeInstanceOf(BlockedError);
    expect(h.guardCalls().map((r) => r.json)).toMatchObject([
      { session_id: "sess_bob", mode: "monitor", content: "DENY" },
      { session_id: "sess_vip", mode: "enforce" },
    ]);
    expect(seen.map((r) => r.decision)).toEqual(["allow", "deny"]);
    const defaulted = shield.modelResponse(() => "DENY");
    await expect(defaulted()).resolves.toBe("DENY");
    expect((h.guardCalls()[2]!.json as { mode: string }).mode).toBe("monitor");
  });

  it("uses the client's defaultMode, else enforce", async () => {
    await using h = await harness({ defaultMode: "alert" });
    await new Shield(h.client).prompt((m: string) => m)("DENY");
    expect((h.guardCalls()[0]!.json as { mode: string }).mode).toBe("alert");
    await using h2 = await harness();
    await expect(new Shield(h2.client).prompt((m: string) => m)("DENY")).rejects.toBeInstanceOf(BlockedError);
    expect((h2.guardCalls()[0]!.json as { mode: string }).mode).toBe("enforce");
  });

  it("BlockedError carries the full response and reason", async () => {
    await using h = await harness();
    const error = await new Shield(h.client)
      .prompt((m: string) => m)("DENY")
      .then(
        () => expect.unreachable(),
        (e: BlockedError) => e,
      );
    expect(error.response).toMatchObject({
      decision: "deny",
      request_id: "req_1",
      future_field: { kept: true },
    });
    expect(error.reason).toBe("policy deny");
    expect(error.message).toContain("policy deny");
    expect(error.code).toBe("blocked");
  });
});
