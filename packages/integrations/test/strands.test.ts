import { BlockedError } from "@highflame/shield";
import { describe, expect, it } from "vitest";
import {
  HighflameStrandsHooks,
  type StrandsEventClasses,
  type StrandsMessage,
} from "../src/strands/index.js";
import { harness, ofKind } from "./helpers.js";

// Fake Strands event classes and a registry dispatching by `instanceof`, like the SDK's HookRegistry.
class BeforeInvocationEvent {
  cancel: string | boolean = false;
  constructor(readonly agent: FakeAgent) {}
}
class BeforeModelCallEvent {
  cancel: string | boolean = false;
  constructor(readonly agent: FakeAgent) {}
}
class TextBlock {
  readonly type = "textBlock";
  constructor(readonly text: string) {}
}
class AfterModelCallEvent {
  constructor(
    readonly agent: FakeAgent,
    readonly stopData: { message: StrandsMessage; stopReason: string },
  ) {}
}
class BeforeToolCallEvent {
  cancel: string | boolean = false;
  constructor(
    readonly agent: FakeAgent,
    public toolUse: { name: string; toolUseId: string; input: unknown },
  ) {}
}
class AfterToolCallEvent {
  constructor(
    readonly agent: FakeAgent,
    readonly toolUse: { name: string; toolUseId: string; input: unknown },
    public result: { toolUseId: string; status: string; content: unknown[] },
  ) {}
}
const EVENTS: StrandsEventClasses = {
  BeforeInvocationEvent,
  BeforeModelCallEvent,
  AfterModelCallEvent,
  BeforeToolCallEvent,
  AfterToolCallEvent,
};

interface FakeAgent {
  messages: StrandsMessage[];
  appState: Map<string, unknown>;
  sessionId?: string;
  tools?: unknown;
}

function fakeRegistry() {
  const callbacks: Array<[Function, (e: unknown) => unknown]> = [];
  return {
    addCallback: (type: Function, cb: (e: unknown) => unknown) => callbacks.push([type, cb]),
    async emit(event: object) {
      for (const [type, cb] of callbacks) if (event instanceof type) await cb(event);
    },
    callbacks,
  };
}

const text = (t: string) => new TextBlock(t);

/**
 * One agent turn in the TS SDK's order: BeforeInvocationEvent (prompt not yet appended), the prompt appended,
 * BeforeModelCallEvent, a model call asking for a tool, the tool, a final model call.
 */
async function runTurn(
  registry: ReturnType<typeof fakeRegistry>,
  agent: FakeAgent,
  prompt: string,
  opts: { toolInput?: unknown; toolOutput?: string; reply?: string } = {},
) {
  await registry.emit(new BeforeInvocationEvent(agent));
  agent.messages.push({ role: "user", content: [text(prompt)] });
  await registry.emit(new BeforeModelCallEvent(agent));
  const toolUse = { name: "lookup", toolUseId: "t1", input: opts.toolInput ?? { id: 7 } };
  await registry.emit(
    new AfterModelCallEvent(agent, {
      message: { role: "assistant", content: [{ type: "toolUseBlock", ...toolUse }] },
      stopReason: "toolUse",
    }),
  );
  const before = new BeforeToolCallEvent(agent, toolUse);
  let ran = false;
  try {
    await registry.emit(before);
  } finally {
    if (!before.cancel) ran = true;
  }
  const after = new AfterToolCallEvent(agent, before.toolUse, {
    toolUseId: "t1",
    status: "success",
    content: [text(opts.toolOutput ?? "record 7")],
  });
  await registry.emit(after);
  agent.messages.push({
    role: "user",
    content: [{ type: "toolResultBlock", toolUseId: "t1", content: after.result.content }],
  });
  const reply: StrandsMessage = { role: "assistant", content: [text(opts.reply ?? "done")] };
  await registry.emit(new BeforeModelCallEvent(agent));
  await registry.emit(new AfterModelCallEvent(agent, { message: reply, stopReason: "endTurn" }));
  agent.messages.push(reply);
  return { before, after, reply, ran };
}

describe("HighflameStrandsHooks", () => {
  it("registerHooks subscribes to the events; session id from agent.appState", async () => {
    await using h = await harness();
    const registry = fakeRegistry();
    await new HighflameStrandsHooks(h.client, { events: EVENTS }).registerHooks(registry);
    expect(registry.callbacks.map(([type]) => type)).toEqual([
      BeforeInvocationEvent,
      BeforeModelCallEvent,
      AfterModelCallEvent,
      BeforeToolCallEvent,
      AfterToolCallEvent,
    ]);
    const agent: FakeAgent = {
      messages: [],
      appState: new Map([["session_id", "strands-1"]]),
      sessionId: "agent-random",
      tools: [
        { name: "lookup", description: "Look up a record", toolSpec: { inputSchema: { type: "object" } } },
      ],
    };
    await runTurn(registry, agent, "find record 7");
    const bodies = h.bodies();
    expect(ofKind(bodies, "prompt")).toEqual([
      expect.objectContaining({ content: "find record 7", session_id: "strands-1" }),
    ]);
    expect(ofKind(bodies, "tool_definition")).toEqual([
      expect.objectContaining({
        content: 'Look up a record\n\n{"type":"object"}',
        tool: { name: "lookup", description: "Look up a record" },
      }),
    ]);
    expect(ofKind(bodies, "tool_call")).toEqual([
      expect.objectContaining({ tool: { name: "lookup", arguments: { id: 7 } }, session_id: "strands-1" }),
    ]);
    expect(ofKind(bodies, "tool_result")).toEqual([
      expect.objectContaining({ content: "record 7", tool: { name: "lookup" } }),
    ]);
    expect(ofKind(bodies, "response").map((b) => b.content)).toEqual(["done"]); // the tool-use-only message has no text

    // Second turn: only the new user message is sent as a prompt (tool results are not prompts).
    await runTurn(registry, agent, "thanks");
    expect(ofKind(h.bodies(), "prompt").map((b) => b.content)).toEqual(["find record 7", "thanks"]);
    expect(ofKind(h.bodies(), "tool_definition")).toHaveLength(1);
  });

  it("enforce: a denied tool call cancels the tool, then throws BlockedError", async () => {
    await using h = await harness();
    const registry = fakeRegistry();
    new HighflameStrandsHooks(h.client, { events: EVENTS }).registerCallbacks(registry);
    const agent: FakeAgent = { messages: [], appState: new Map() };
    const before = new BeforeToolCallEvent(agent, { name: "shell", toolUseId: "t", input: { cmd: "DENY" } });
    await expect(registry.emit(before)).rejects.toBeInstanceOf(BlockedError);
    expect(before.cancel).toMatch(/Blocked by Highflame Shield/);
    expect(h.bodies()[0]).not.toHaveProperty("session_id");
  });

  it("monitor: nothing throws, tool not cancelled", async () => {
    await using h = await harness();
    const registry = fakeRegistry();
    await new HighflameStrandsHooks(h.client, {
      events: EVENTS,
      mode: "monitor",
      sessionId: "fixed",
    }).registerHooks(registry);
    const { before } = await runTurn(registry, { messages: [], appState: new Map() }, "DENY", {
      toolInput: { cmd: "DENY" },
      reply: "DENY",
    });
    expect(before.cancel).toBe(false);
    expect(h.bodies().every((b) => b.mode === "monitor" && b.session_id === "fixed")).toBe(true);
  });

  it("modify: rewrites the prompt, tool input, tool result and reply", async () => {
    await using h = await harness();
    const registry = fakeRegistry();
    await new HighflameStrandsHooks(h.client, { events: EVENTS }).registerHooks(registry);
    const agent: FakeAgent = { messages: [], appState: new Map() };
    const { before, after, reply } = await runTurn(registry, agent, "my PII", {
      toolInput: { q: "PII" },
      toolOutput: "PII found",
      reply: "PII again",
    });
    expect(agent.messages[0]!.content).toEqual([text("my [REDACTED]")]);
    expect(before.toolUse.input).toEqual({ q: "[REDACTED]" });
    expect(after.result.content).toEqual([text("[REDACTED] found")]);
    expect(after.result.content[0]).toBeInstanceOf(TextBlock);
    expect(agent.messages[0]!.content).toEqual([expect.any(TextBlock)]);
    expect(reply.content).toEqual([text("[REDACTED] again")]);
  });

  it("enforce: a denied prompt cancels the model call and throws; agent.sessionId is the fallback session", async () => {
    await using h = await harness();
    const registry = fakeRegistry();
    await new HighflameStrandsHooks(h.client, { events: EVENTS }).registerHooks(registry);
    const agent: FakeAgent = { messages: [], appState: new Map(), sessionId: "a1b2c3d4" };
    const invocation = new BeforeInvocationEvent(agent);
    await registry.emit(invocation);
    agent.messages.push({ role: "user", content: [text("DENY please")] });
    const modelCall = new BeforeModelCallEvent(agent);
    await expect(registry.emit(modelCall)).rejects.toBeInstanceOf(BlockedError);
    expect(invocation.cancel).toBe(false);
    expect(modelCall.cancel).toMatch(/Blocked by Highflame Shield/);
    expect(ofKind(h.bodies(), "prompt")).toEqual([
      expect.objectContaining({ content: "DENY please", session_id: "a1b2c3d4" }),
    ]);
  });

  it("works as a Strands plugin through agent.addHook", async () => {
    await using h = await harness();
    const registry = fakeRegistry();
    const hooks = new HighflameStrandsHooks(h.client, { events: EVENTS });
    await hooks.initAgent({ addHook: (type, cb) => registry.addCallback(type, cb) });
    expect(hooks.name).toBe("highflame:shield");
    expect(registry.callbacks).toHaveLength(5);
  });
});
